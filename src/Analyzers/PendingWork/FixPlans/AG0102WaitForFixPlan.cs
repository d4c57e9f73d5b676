namespace AsyncGuide.Analyzers;

/// <summary>
/// The one shape AG0102's runtime fix rewrites into <c>Async.WaitFor</c>, because it means the same
/// apart from the cancellation it adds:
/// <code>
/// var work = Op(x, token);
/// if (await Task.WhenAny(work, Task.Delay(timeout)) != work) throw new TimeoutException();
/// return await work;   // or var r = await work; r = await work; await work;
/// </code>
/// becomes <c>return await Async.WaitFor(t =&gt; Op(x, t), timeout, token);</c>.
/// </summary>
internal static class AG0102WaitForFixPlan
{
    /// <summary>Present when the rewrite is exact; the value is the index of the token argument of the call.</summary>
    public const string TokenArgumentKey = "AG0102.WaitForTokenArgument";

    /// <summary>Present when the delay is <c>Task.Delay(int milliseconds)</c>: the fix passes <c>TimeSpan.FromMilliseconds(…)</c>.</summary>
    public const string MillisecondsKey = "AG0102.WaitForMilliseconds";

    // Task.Delay(TimeSpan) or Task.Delay(int milliseconds).
    private static bool IsDuration(IOperation value) =>
        value.Type is { Name: "TimeSpan", ContainingNamespace.Name: "System" } or { SpecialType: SpecialType.System_Int32 };

    public static ImmutableDictionary<string, string?> AddTo(
        ImmutableDictionary<string, string?> properties,
        IInvocationOperation race,
        IOperation work,
        IInvocationOperation delay,
        CancellationFlow flow)
    {
        if (flow.Types.AsyncGuideAsync is null || TokenArgumentIndex(race, work, delay, flow) is not { } index)
        {
            return properties;
        }

        properties = properties.SetItem(TokenArgumentKey, index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return delay.Arguments[0].Value.Type?.SpecialType == SpecialType.System_Int32 ? properties.SetItem(MillisecondsKey, "true") : properties;
    }

    private static int? TokenArgumentIndex(IInvocationOperation race, IOperation work, IInvocationOperation delay, CancellationFlow flow)
    {
        // Task.Delay(timeout) inline, TimeSpan, no token (a cancelled delay would mean something else).
        if (delay.Arguments.Length != 1 || !ObservationPaths.Contains(race, delay) ||
            !IsDuration(delay.Arguments[0].Value) || !AG0101LosersFixPlan.IsSimple(delay.Arguments[0].Value) ||
            work is not ILocalReferenceOperation { Local: var workLocal } ||
            flow.InitializerOf(workLocal) is not IInvocationOperation call ||
            !SymbolEqualityComparer.Default.Equals(call.Type, workLocal.Type) ||
            flow.ReferencesTo(workLocal).Count != 3)
        {
            return null;
        }

        // if (await Task.WhenAny(…) != work) throw new TimeoutException();
        IOperation awaitRace = race;
        while (awaitRace.Parent is IAwaitOperation or IConversionOperation)
        {
            awaitRace = awaitRace.Parent;
        }

        if (awaitRace.Parent is not IBinaryOperation { OperatorKind: BinaryOperatorKind.NotEquals } comparison ||
            comparison.Parent is not IConditionalOperation { WhenFalse: null } guard || guard.Condition != comparison ||
            !IsLocal(comparison.LeftOperand == awaitRace ? comparison.RightOperand : comparison.LeftOperand, workLocal) ||
            !ThrowsPlainTimeout(guard.WhenTrue) ||
            guard.Parent is not IBlockOperation block)
        {
            return null;
        }

        var index = block.Operations.IndexOf(guard);
        if (index < 1 || index + 1 >= block.Operations.Length ||
            block.Operations[index - 1] is not IVariableDeclarationGroupOperation { Declarations.Length: 1 } declaration ||
            declaration.Declarations[0].Declarators.Length != 1 ||
            !SymbolEqualityComparer.Default.Equals(declaration.Declarations[0].Declarators[0].Symbol, workLocal) ||
            !AwaitsOnly(block.Operations[index + 1], workLocal))
        {
            return null;
        }

        return TokenIndex(call, flow);
    }

    private static int? TokenIndex(IInvocationOperation call, CancellationFlow flow)
    {
        if (call.Instance is not null && !AG0101LosersFixPlan.IsSimple(call.Instance))
        {
            return null;
        }

        int? tokenIndex = null;
        var syntaxIndex = 0;
        foreach (var argument in call.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            if (argument.ArgumentKind != ArgumentKind.Explicit || !AG0101LosersFixPlan.IsSimple(argument.Value))
            {
                return null;
            }

            if (flow.IsToken(argument.Parameter?.Type))
            {
                if (tokenIndex is not null)
                {
                    return null;
                }

                tokenIndex = syntaxIndex;
            }

            syntaxIndex++;
        }

        return tokenIndex;
    }

    private static bool ThrowsPlainTimeout(IOperation branch)
    {
        if (branch is IBlockOperation { Operations.Length: 1 } block)
        {
            branch = block.Operations[0];
        }

        if (branch is IExpressionStatementOperation statement)
        {
            branch = statement.Operation;
        }

        return branch is IThrowOperation { Exception: { } exception } &&
               CancellationFlow.Unwrap(exception) is IObjectCreationOperation { Arguments.Length: 0, Initializer: null } creation &&
               creation.Type is { Name: "TimeoutException", ContainingNamespace.Name: "System" };
    }

    /// <summary><c>return await work;</c>, <c>var r = await work;</c>, <c>r = await work;</c> or <c>await work;</c>.</summary>
    private static bool AwaitsOnly(IOperation statement, ILocalSymbol work)
    {
        var value = statement switch
        {
            IReturnOperation { ReturnedValue: { } returned } => returned,
            IVariableDeclarationGroupOperation { Declarations.Length: 1 } group when group.Declarations[0].Declarators.Length == 1 =>
                group.Declarations[0].Declarators[0].Initializer?.Value,
            IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: ILocalReferenceOperation } assignment } =>
                assignment.Value,
            IExpressionStatementOperation { Operation: IAwaitOperation awaited } => awaited,
            _ => null,
        };
        return value is not null && CancellationFlow.Unwrap(value) is IAwaitOperation { Operation: var awaitedTask } && IsLocal(awaitedTask, work);
    }

    private static bool IsLocal(IOperation operation, ILocalSymbol local) =>
        CancellationFlow.Unwrap(operation) is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local);
}
