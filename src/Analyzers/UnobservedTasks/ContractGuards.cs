namespace AsyncGuide.Analyzers;

/// <summary>
/// A throw that only checks how the object is used, the project's own form of the framework's <c>ThrowIf…</c> helpers:
/// <c>if (!_isInitialized) throw new InvalidOperationException(…);</c> (aspire's telemetry), <c>if (_disposed) throw new
/// ObjectDisposedException(…);</c>, <c>_logger = logger ?? throw new ArgumentNullException(nameof(logger));</c> (a coalescing
/// throw of an <c>ArgumentException</c> only). Housekeeping
/// around handled work takes the framework's helpers as not throwing (AG0001's page); the same checks written out count the
/// same. The thrown type is the framework's <c>InvalidOperationException</c>, <c>ObjectDisposedException</c> or an
/// <c>ArgumentException</c> (null, out of range); the condition only tests a flag, a null, a constant state or an empty string,
/// of the object's own state for the first two and of the parameters for the argument exceptions (<c>if (_count &gt;= _capacity)</c>,
/// <c>if (!_queue.TryAdd(item))</c> or <c>if (entry.Length == 0) throw new InvalidOperationException(…)</c> is a failure of the
/// run or of the data, not of the use).
/// </summary>
internal static class ContractGuards
{
    public static bool IsGuard(SyntaxNode thrown, SemanticModel model) => thrown switch
    {
        ThrowStatementSyntax { Expression: { } made } statement =>
            IsContractException(made, model, argumentsOnly: false) && GuardingIf(statement) is { Else: null } guard &&
            IsUseTest(guard.Condition, model, ArgumentsOrState(made, model), 0),
        ThrowExpressionSyntax { Expression: { } made } expression =>
            expression.Parent is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression } coalesce &&
            coalesce.Right == expression && IsContractException(made, model, argumentsOnly: true),
        _ => false,
    };

    /// <summary>
    /// What the test may read: an <c>ArgumentException</c> checks the arguments (parameters), an
    /// <c>InvalidOperationException</c> or <c>ObjectDisposedException</c> the object's own state (its fields and properties).
    /// <c>if (entry.Length == 0) throw new InvalidOperationException(…)</c> checks the data, and that can fail any run.
    /// </summary>
    private static Roots ArgumentsOrState(ExpressionSyntax made, SemanticModel model) =>
        model.GetTypeInfo(made).Type is { Name: "InvalidOperationException" or "ObjectDisposedException" } ? Roots.OwnState : Roots.Parameters;

    private enum Roots
    {
        Parameters,
        OwnState,
    }

    private static IfStatementSyntax? GuardingIf(ThrowStatementSyntax statement) => statement.Parent switch
    {
        IfStatementSyntax guard when guard.Statement == statement => guard,
        BlockSyntax { Statements.Count: 1, Parent: IfStatementSyntax guard } block when guard.Statement == block => guard,
        _ => null,
    };

    /// <summary>
    /// The framework's use exceptions; a coalescing throw (<c>handle ?? throw …</c>) checks an argument only when it throws an
    /// <c>ArgumentException</c> (<c>?? throw new InvalidOperationException()</c> reads a state of the run).
    /// </summary>
    private static bool IsContractException(ExpressionSyntax made, SemanticModel model, bool argumentsOnly) =>
        made is ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax &&
        model.GetTypeInfo(made).Type is INamedTypeSymbol
        {
            ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true },
        } type &&
        (type.Name is "ArgumentException" or "ArgumentNullException" or "ArgumentOutOfRangeException" ||
         (!argumentsOnly && type.Name is "InvalidOperationException" or "ObjectDisposedException"));

    /// <summary>
    /// <c>flag</c>, <c>!flag</c>, <c>x == null</c>, <c>x is null</c>, <c>_state != State.Running</c>, <c>string.IsNullOrEmpty(x)</c>,
    /// joined by <c>&amp;&amp;</c> and <c>||</c>: reads of members, locals and parameters, compared with constants only.
    /// </summary>
    private static bool IsUseTest(ExpressionSyntax condition, SemanticModel model, Roots roots, int depth)
    {
        if (depth > 8)
        {
            return false;
        }

        switch (condition)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return IsUseTest(parenthesized.Expression, model, roots, depth + 1);
            case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } not:
                return IsUseTest(not.Operand, model, roots, depth + 1);
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression or (int)SyntaxKind.LogicalOrExpression } joined:
                return IsUseTest(joined.Left, model, roots, depth + 1) && IsUseTest(joined.Right, model, roots, depth + 1);
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression or (int)SyntaxKind.NotEqualsExpression } compared:
                return (IsRead(compared.Left, model, roots) && IsConstant(compared.Right, model)) ||
                       (IsConstant(compared.Left, model) && IsRead(compared.Right, model, roots));
            case IsPatternExpressionSyntax { Pattern: var pattern } test:
                return IsRead(test.Expression, model, roots) &&
                       pattern is ConstantPatternSyntax or UnaryPatternSyntax { Pattern: ConstantPatternSyntax };
            case InvocationExpressionSyntax { ArgumentList.Arguments: { Count: 1 } arguments } call:
                return IsRead(arguments[0].Expression, model, roots) &&
                       model.GetSymbolInfo(call).Symbol is IMethodSymbol
                       {
                           Name: "IsNullOrEmpty" or "IsNullOrWhiteSpace", IsStatic: true, ContainingType.SpecialType: SpecialType.System_String,
                       };
            default:
                return IsRead(condition, model, roots) && model.GetTypeInfo(condition).Type?.SpecialType == SpecialType.System_Boolean;
        }
    }

    /// <summary>A chain of member reads whose root is a parameter, or <c>this</c> or a field or property of a type.</summary>
    private static bool IsRead(ExpressionSyntax expression, SemanticModel model, Roots roots) => expression switch
    {
        IdentifierNameSyntax name => model.GetSymbolInfo(name).Symbol switch
        {
            IParameterSymbol => roots == Roots.Parameters,
            IFieldSymbol or IPropertySymbol => roots == Roots.OwnState,
            _ => false,
        },
        ThisExpressionSyntax => roots == Roots.OwnState,
        MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } access =>
            IsRead(access.Expression, model, roots),
        ParenthesizedExpressionSyntax parenthesized => IsRead(parenthesized.Expression, model, roots),
        _ => false,
    };

    private static bool IsConstant(ExpressionSyntax expression, SemanticModel model) =>
        model.GetConstantValue(expression).HasValue;
}
