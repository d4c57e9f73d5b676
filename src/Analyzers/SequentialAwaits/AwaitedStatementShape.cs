using System.Runtime.CompilerServices;

namespace AsyncGuide.Analyzers;

/// <summary>The cheap syntactic filter run on every statement before any semantic work.</summary>
internal static class AwaitedStatementShape
{
    public static bool Matches(SyntaxNode statement) => statement switch
    {
        ExpressionStatementSyntax { Expression: AwaitExpressionSyntax } => true,
        ExpressionStatementSyntax
        {
            Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment,
        } => IsAwaitedValue(assignment.Right),
        LocalDeclarationStatementSyntax { Declaration.Variables: { Count: 1 } variables } => IsAwaitedValue(variables[0].Initializer?.Value),
        _ => false,
    };

    /// <summary>
    /// <c>await F()</c>, <c>await F() ?? …</c> (the fallback is judged on operations), or <c>(await F()).Member</c>
    /// (a property or field, judged on operations).
    /// </summary>
    private static bool IsAwaitedValue(ExpressionSyntax? value) =>
        value is AwaitExpressionSyntax
            or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression, Left: AwaitExpressionSyntax }
            or MemberAccessExpressionSyntax
            {
                RawKind: (int)SyntaxKind.SimpleMemberAccessExpression,
                Expression: ParenthesizedExpressionSyntax { Expression: AwaitExpressionSyntax },
            };

    /// <summary><c>await A(x);</c>: the only shape whose AwaitedCall kind is Discarded.</summary>
    public static bool IsDiscarded(SyntaxNode statement) =>
        statement is ExpressionStatementSyntax { Expression: AwaitExpressionSyntax };
}
