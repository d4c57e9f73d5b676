namespace AsyncGuide.CodeFixes;

/// <summary>
/// The syntax twin of the analyzer's loop-exit scan (<c>AG0101WhenAnyLosersLeftRunningAnalyzer.ExitsAfter</c>): the
/// <c>return</c> statements, and the <c>break</c> statements out of the loop around a wait, that come after it
/// in the loop body, lambdas and local functions aside.
/// </summary>
internal static class LoopExits
{
    /// <summary>The exits after <paramref name="wait"/> in its innermost loop; null when it is in none (in the same function).</summary>
    public static List<StatementSyntax>? After(SyntaxNode wait)
    {
        if (EnclosingBreakable(wait, loopsOnly: true) is not { } loop)
        {
            return null;
        }

        var exits = new List<StatementSyntax>();
        foreach (var node in loop.DescendantNodes(
            descendIntoChildren: child => child is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
        {
            if (node.SpanStart < wait.Span.End)
            {
                continue;
            }

            if (node is ReturnStatementSyntax ||
                (node is BreakStatementSyntax breakOut && EnclosingBreakable(breakOut, loopsOnly: false) == loop))
            {
                exits.Add((StatementSyntax)node);
            }
        }

        return exits;
    }

    /// <summary>The innermost loop (or, unless <paramref name="loopsOnly"/>, switch statement) around a node in the same function.</summary>
    private static StatementSyntax? EnclosingBreakable(SyntaxNode node, bool loopsOnly)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax:
                    return (StatementSyntax)current;
                case SwitchStatementSyntax when !loopsOnly:
                    return (StatementSyntax)current;
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }
}
