namespace AsyncGuide.CodeFixes;

/// <summary>
/// The edit that ends a raced <c>Task.Delay</c>'s timer, shared by AG0104's fix and AG0102's cancel fix:
/// <code>
/// using var delayCts = new CancellationTokenSource();           // CreateLinkedTokenSource(ct) when the delay had a token
/// if (await Task.WhenAny(work, Task.Delay(timeout, delayCts.Token)) != work) { … }
/// delayCts.Cancel();
/// </code>
/// The same text for every target framework (no <c>WaitAsync</c>, which netstandard2.0 lacks), with or without the runtime.
/// </summary>
internal static class TimerCancellation
{
    /// <summary>Where the <c>Cancel()</c> goes.</summary>
    public enum Placement
    {
        /// <summary>Right after the statement holding the race.</summary>
        AfterStatement,

        /// <summary>First in the then-branch, and first in the else-branch or after the <c>if</c>: the race is its condition.</summary>
        BothBranches,

        /// <summary>First in the then-branch only: the branch where the work won (the timer lost).</summary>
        ThenBranch,

        /// <summary>First in the else-branch, or after the <c>if</c> when it has none: where the work won.</summary>
        ElseBranch,
    }

    /// <summary>The new source's name, before a suffix makes it fresh.</summary>
    public const string SourceName = "delayCts";

    private const string ThreadingNamespace = "System.Threading";

    /// <summary>
    /// Gives <paramref name="delay"/> the token of a new source named <paramref name="name"/>, declared before
    /// <paramref name="sourceBefore"/> (a statement of the block holding <paramref name="statement"/>), and cancels it
    /// at <paramref name="placement"/>. A token the delay had becomes the new source's parent.
    /// </summary>
    public static void Apply(
        SyntaxEditor editor,
        string name,
        StatementSyntax statement,
        StatementSyntax sourceBefore,
        InvocationExpressionSyntax delay,
        Placement placement)
    {
        var token = SyntaxFactory.MemberAccessExpression(
            SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(name), SyntaxFactory.IdentifierName("Token"));
        ExpressionSyntax? linkedFrom = null;
        var arguments = delay.ArgumentList.Arguments;
        if (arguments.Count == 2)
        {
            linkedFrom = arguments[1].Expression.WithoutTrivia();
            editor.ReplaceNode(arguments[1].Expression, token.WithTriviaFrom(arguments[1].Expression));
        }
        else
        {
            editor.ReplaceNode(delay.ArgumentList, delay.ArgumentList.AddArguments(SyntaxFactory.Argument(token)));
        }

        // Comments stay on the statement they describe; the declaration goes above them.
        editor.InsertBefore(sourceBefore, SourceDeclaration(name, linkedFrom));
        if (placement == Placement.AfterStatement || statement is not IfStatementSyntax ifStatement)
        {
            editor.InsertAfter(statement, Cancel(name));
            return;
        }

        var inThen = placement != Placement.ElseBranch;
        var inElse = placement != Placement.ThenBranch;
        editor.ReplaceNode(ifStatement, (node, _) => CancelInBranches((IfStatementSyntax)node, name, inThen, inElse));
        if (inElse && ifStatement.Else is null)
        {
            editor.InsertAfter(ifStatement, Cancel(name));
        }
    }

    private static StatementSyntax SourceDeclaration(string name, ExpressionSyntax? linkedFrom)
    {
        var sourceType = RuntimeSyntax.BclType(ThreadingNamespace, "CancellationTokenSource");
        ExpressionSyntax value = linkedFrom is null
            ? SyntaxFactory.ObjectCreationExpression(sourceType, SyntaxFactory.ArgumentList(), null)
            : SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    RuntimeSyntax.BclTypeExpression(ThreadingNamespace, "CancellationTokenSource"),
                    SyntaxFactory.IdentifierName("CreateLinkedTokenSource")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(linkedFrom))));
        return SyntaxFactory.LocalDeclarationStatement(
                SyntaxFactory.VariableDeclaration(
                    SyntaxFactory.IdentifierName("var"),
                    SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(name))
                        .WithInitializer(SyntaxFactory.EqualsValueClause(value)))))
            .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static StatementSyntax Cancel(string name) =>
        SyntaxFactory.ExpressionStatement(SyntaxFactory.InvocationExpression(SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(name), SyntaxFactory.IdentifierName("Cancel"))))
            .WithAdditionalAnnotations(Formatter.Annotation);

    private static IfStatementSyntax CancelInBranches(IfStatementSyntax ifStatement, string name, bool inThen, bool inElse)
    {
        var result = inThen ? ifStatement.WithStatement(PrependCancel(ifStatement.Statement, name)) : ifStatement;
        return inElse && ifStatement.Else is { } elseClause
            ? result.WithElse(elseClause.WithStatement(PrependCancel(elseClause.Statement, name)))
            : result;
    }

    /// <summary>The cancel as the branch's first statement; an <c>else if</c> gets it in front of its own <c>if</c>.</summary>
    private static StatementSyntax PrependCancel(StatementSyntax branch, string name)
    {
        var statements = new List<StatementSyntax> { Cancel(name) };
        if (branch is BlockSyntax block)
        {
            statements.AddRange(block.Statements);
            return block.WithStatements(SyntaxFactory.List(statements));
        }

        statements.Add(branch.WithoutLeadingTrivia());
        return SyntaxFactory.Block(statements).WithTrailingTrivia(branch.GetTrailingTrivia()).WithAdditionalAnnotations(Formatter.Annotation);
    }
}
