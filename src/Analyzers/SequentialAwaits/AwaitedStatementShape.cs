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
            Expression: AssignmentExpressionSyntax
            {
                RawKind: (int)SyntaxKind.SimpleAssignmentExpression,
                Right: AwaitExpressionSyntax,
            },
        } => true,
        LocalDeclarationStatementSyntax { Declaration.Variables: { Count: 1 } variables } => variables[0].Initializer?.Value is AwaitExpressionSyntax,
        _ => false,
    };

    /// <summary><c>await A(x);</c>: the only shape whose AwaitedCall kind is Discarded.</summary>
    public static bool IsDiscarded(SyntaxNode statement) =>
        statement is ExpressionStatementSyntax { Expression: AwaitExpressionSyntax };
}
