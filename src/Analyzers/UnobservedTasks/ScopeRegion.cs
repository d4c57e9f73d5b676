using Microsoft.CodeAnalysis.Text;

namespace AsyncGuide.Analyzers;

/// <summary>
/// The statements a <c>TaskScope</c> is live in, up to its disposal: the rest of the block after
/// <c>await using var scope = …</c>, the body of <c>await using (…)</c>, or, for a local disposed later,
/// the body of <c>await using (scope)</c>, the <c>try</c> block whose <c>finally</c> awaits
/// <c>scope.DisposeAsync()</c>, or the statements before a plain <c>await scope.DisposeAsync();</c>.
/// </summary>
internal sealed class ScopeRegion
{
    private ScopeRegion(ImmutableArray<IOperation> statements, TextSpan span, SyntaxNode? end, IOperation? disposal)
    {
        Statements = statements;
        Span = span;
        End = end;
        Disposal = disposal;
    }

    /// <summary>The statements between creation and disposal, in order.</summary>
    public ImmutableArray<IOperation> Statements { get; }

    /// <summary>Where every use of the scope must be (the disposal excepted).</summary>
    public TextSpan Span { get; }

    /// <summary>Where a join goes when the end of the region is reached: a block to append to, or the statement that disposes.</summary>
    public SyntaxNode? End { get; }

    /// <summary>The statement (or using) that disposes the scope, when it is not implicit in the region.</summary>
    public IOperation? Disposal { get; }

    /// <summary>Null when the scope is not created here with <c>new TaskScope(…)</c> or is never disposed in a way we follow.</summary>
    public static ScopeRegion? Find(IVariableDeclaratorOperation declarator, INamedTypeSymbol taskScope, ScopeBodyFacts facts)
    {
        if (!IsCreation(declarator.Initializer?.Value, taskScope) || declarator.Parent is not IVariableDeclarationOperation declaration)
        {
            return null;
        }

        switch (declaration.Parent)
        {
            case IVariableDeclarationGroupOperation
            {
                Parent: IUsingDeclarationOperation { IsAsynchronous: true, Parent: IBlockOperation block } usingDeclaration
            }:
                return RestOfBlock(block, usingDeclaration);
            case IVariableDeclarationGroupOperation { Parent: IUsingOperation { IsAsynchronous: true } usingStatement } group
                when usingStatement.Resources == group:
                return Body(usingStatement.Body, disposal: null);
            case IVariableDeclarationGroupOperation { Parent: IBlockOperation block } group:
                return DisposedLater(block, group, declarator.Symbol, facts);
            default:
                return null;
        }
    }

    private static bool IsCreation(IOperation? value, INamedTypeSymbol taskScope)
    {
        while (value is IConversionOperation { IsImplicit: true } conversion)
        {
            value = conversion.Operand;
        }

        return value is IObjectCreationOperation creation && SymbolEqualityComparer.Default.Equals(creation.Type, taskScope);
    }

    private static ScopeRegion? RestOfBlock(IBlockOperation block, IOperation declaration)
    {
        var index = block.Operations.IndexOf(declaration);
        if (index < 0 || index == block.Operations.Length - 1)
        {
            return null;
        }

        var statements = block.Operations.RemoveRange(0, index + 1);
        return new ScopeRegion(statements, Cover(statements), block.Syntax, disposal: null);
    }

    private static ScopeRegion Body(IOperation body, IOperation? disposal)
    {
        var statements = body is IBlockOperation block ? block.Operations : ImmutableArray.Create(body);
        return new ScopeRegion(statements, body.Syntax.Span, body is IBlockOperation ? body.Syntax : null, disposal);
    }

    /// <summary><c>var scope = new TaskScope(…);</c> then, later in the block, the statement that disposes it.</summary>
    private static ScopeRegion? DisposedLater(IBlockOperation block, IOperation declaration, ILocalSymbol local, ScopeBodyFacts facts)
    {
        var references = facts.For(local);
        ScopeReference? disposing = null;
        foreach (var reference in references)
        {
            if (reference.Use is ScopeUse.UsingResource or ScopeUse.Dispose)
            {
                disposing = reference;
                break;
            }
        }

        if (disposing is not { } disposal)
        {
            return null;
        }

        var start = block.Operations.IndexOf(declaration);
        for (var i = start + 1; i < block.Operations.Length; i++)
        {
            var statement = block.Operations[i];
            if (!statement.Syntax.Span.Contains(disposal.Position))
            {
                continue;
            }

            switch (statement)
            {
                case IUsingOperation { IsAsynchronous: true } usingStatement when disposal.Use == ScopeUse.UsingResource && i == start + 1:
                    return Body(usingStatement.Body, usingStatement);
                case ITryOperation { Finally: { } @finally } tryStatement when disposal.Use == ScopeUse.Dispose && i == start + 1 &&
                                                                                 @finally.Syntax.Span.Contains(disposal.Position):
                    return Body(tryStatement.Body, tryStatement);
                case IExpressionStatementOperation when disposal.Use == ScopeUse.Dispose && i > start + 1:
                    var statements = ImmutableArray.Create(block.Operations, start + 1, i - start - 1);
                    return new ScopeRegion(statements, Cover(statements), statement.Syntax, statement);
            }

            return null;
        }

        return null;
    }

    private static TextSpan Cover(ImmutableArray<IOperation> statements) =>
        TextSpan.FromBounds(statements[0].Syntax.SpanStart, statements[statements.Length - 1].Syntax.Span.End);
}
