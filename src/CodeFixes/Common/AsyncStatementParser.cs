namespace AsyncGuide.CodeFixes;

/// <summary>
/// Statements a fix writes as text, parsed as the body of an async method: outside one, <c>await (x)</c> reads as a
/// call of a method named <c>await</c>, so <c>await ((IAsyncDisposable)t.Result).DisposeAsync()</c> would not be an await.
/// </summary>
internal static class AsyncStatementParser
{
    /// <summary>The first statement of <paramref name="text"/>, without the trailing trivia the wrapper gives it.</summary>
    public static StatementSyntax ParseStatement(string text)
    {
        var method = (MethodDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration("async void M()\n{\n" + text + "\n}")!;
        return method.Body!.Statements[0].WithTrailingTrivia(TrailingTriviaOf(text));
    }

    /// <summary>The text's own end of line, if it ends with one; the wrapper's newline is not the statement's.</summary>
    private static SyntaxTriviaList TrailingTriviaOf(string text) =>
        text.EndsWith("\r\n", System.StringComparison.Ordinal) ? SyntaxFactory.TriviaList(SyntaxFactory.CarriageReturnLineFeed)
        : text.EndsWith("\n", System.StringComparison.Ordinal) ? SyntaxFactory.TriviaList(SyntaxFactory.LineFeed)
        : default;
}
