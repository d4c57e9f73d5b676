namespace AsyncGuide.Analyzers;

/// <summary>
/// Where a local's value was read from: <c>var owner = context.Repository.Owner.Login;</c> comes from <c>context</c>,
/// <c>var fixture = github.Actions.Workflows;</c> from <c>github</c>, <c>var context = await github.CreateContext();</c>
/// from <c>github</c>. A call handed <c>owner</c> names the resource <c>context</c> too: after
/// <c>await CreateWorkflow(github, context)</c>, <c>await fixture.List(owner, name)</c> reads what the write made.
/// Only the local's own declaration is looked at (its initializer's leftmost name, through member accesses,
/// invocations, <c>await</c>, <c>!</c> and parentheses), followed over locals a few levels; a later assignment is not
/// seen, which can only add a dependence.
/// </summary>
internal static class LocalOrigins
{
    private const int MaxDepth = 3;

    /// <summary>Adds the origins of <paramref name="local"/> (nearest first) to <paramref name="origins"/>.</summary>
    public static void Collect(ILocalSymbol local, SemanticModel? model, List<ISymbol> origins)
    {
        var current = local;
        for (var depth = 0; depth < MaxDepth && model is not null; depth++)
        {
            if (current.DeclaringSyntaxReferences.Length != 1 ||
                current.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } value } declarator ||
                declarator.SyntaxTree != model.SyntaxTree ||
                Leftmost(value) is not IdentifierNameSyntax name ||
                model.GetSymbolInfo(name).Symbol is not { } symbol ||
                symbol is not (ILocalSymbol or IParameterSymbol or IFieldSymbol { IsStatic: false } or IPropertySymbol { IsStatic: false }) ||
                SymbolEqualityComparer.Default.Equals(symbol, current))
            {
                return;
            }

            origins.Add(symbol);
            if (symbol is not ILocalSymbol next)
            {
                return;
            }

            current = next;
        }
    }

    private static ExpressionSyntax Leftmost(ExpressionSyntax value)
    {
        while (true)
        {
            switch (value)
            {
                case MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } access:
                    value = access.Expression;
                    break;
                case InvocationExpressionSyntax invocation when invocation.Expression is MemberAccessExpressionSyntax:
                    value = invocation.Expression;
                    break;
                case ConditionalAccessExpressionSyntax conditional:
                    value = conditional.Expression;
                    break;
                case ElementAccessExpressionSyntax element:
                    value = element.Expression;
                    break;
                case AwaitExpressionSyntax awaited:
                    value = awaited.Expression;
                    break;
                case ParenthesizedExpressionSyntax parenthesized:
                    value = parenthesized.Expression;
                    break;
                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed:
                    value = suppressed.Operand;
                    break;
                default:
                    return value;
            }
        }
    }
}
