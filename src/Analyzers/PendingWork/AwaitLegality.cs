namespace AsyncGuide.Analyzers;

/// <summary>
/// Whether a fix may add an <c>await</c> next to a node: the innermost function is async (or the node
/// is in top-level statements) and no enclosing <c>lock</c> or unsafe context forbids it. Syntax, not
/// operations, because the code fix re-checks it on the document it is about to change.
/// </summary>
internal static class AwaitLegality
{
    public static bool IsAllowedAt(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case LockStatementSyntax or UnsafeStatementSyntax:
                    return false;
                case AnonymousFunctionExpressionSyntax lambda:
                    return lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword) && !IsInUnsafeContext(lambda);
                case LocalFunctionStatementSyntax local:
                    return IsAsyncAndSafe(local.Modifiers) && !IsInUnsafeContext(local);
                case MethodDeclarationSyntax method:
                    return IsAsyncAndSafe(method.Modifiers) && !IsInUnsafeContext(method);
                case GlobalStatementSyntax:
                    return true;
                case AccessorDeclarationSyntax or MemberDeclarationSyntax:
                    // Constructors, accessors, operators, field initializers: never async.
                    return false;
            }
        }

        return false;
    }

    /// <summary><c>await x</c>, <c>await (x)</c> or <c>await x.ConfigureAwait(…)</c>: the expression is awaited where it stands.</summary>
    public static bool IsAwaited(ExpressionSyntax expression)
    {
        SyntaxNode current = expression;
        while (current.Parent is ParenthesizedExpressionSyntax parenthesized)
        {
            current = parenthesized;
        }

        if (current.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } member && member.Expression == current &&
            member.Parent is InvocationExpressionSyntax configure)
        {
            current = configure;
        }

        return current.Parent is AwaitExpressionSyntax;
    }

    private static bool IsAsyncAndSafe(SyntaxTokenList modifiers) =>
        modifiers.Any(SyntaxKind.AsyncKeyword) && !modifiers.Any(SyntaxKind.UnsafeKeyword);

    /// <summary>An enclosing unsafe block, or an unsafe local function, member or type: <c>await</c> is an error there (CS4004).</summary>
    private static bool IsInUnsafeContext(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            if (current is UnsafeStatementSyntax ||
                (current is LocalFunctionStatementSyntax local && local.Modifiers.Any(SyntaxKind.UnsafeKeyword)) ||
                (current is MemberDeclarationSyntax member && member.Modifiers.Any(SyntaxKind.UnsafeKeyword)))
            {
                return true;
            }
        }

        return false;
    }
}
