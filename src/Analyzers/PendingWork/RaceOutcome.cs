namespace AsyncGuide.Analyzers;

/// <summary>
/// What an <c>if</c> after a race says about one raced task: in the branch where the winner is that task
/// (<c>winner == a</c>, <c>await Task.WhenAny(a, b) == a</c>, <c>a.IsCompleted</c>), or where it is not the
/// other one of exactly two raced locals (<c>winner != b</c>), the task has finished, so nothing of it is
/// left running there.
/// </summary>
internal static class RaceOutcome
{
    /// <summary>True when <paramref name="task"/> has finished whenever <paramref name="branch"/> of <paramref name="ifElse"/> runs.</summary>
    public static bool HasFinishedIn(
        IConditionalOperation ifElse, IOperation branch, ILocalSymbol task, IOperation wait, IReadOnlyList<IOperation>? racedElements) =>
        FinishedWhen(ifElse.Condition, task, wait, WinnerLocalOf(wait), racedElements, flow: null, depth: 0) is { } whenTrue &&
        (branch == ifElse.WhenTrue) == whenTrue;

    /// <summary>
    /// True / false: the task has finished when the condition of <paramref name="ifElse"/> is true / false; null: it does not say.
    /// </summary>
    /// Through <paramref name="flow"/>, a <c>bool</c> local the race's verdict went into, never written again, stands for its
    /// initializer: <c>var timedOut = await Task.WhenAny(work, delay) == delay; if (timedOut) …</c>.
    public static bool? FinishedWhenTrue(
        IConditionalOperation ifElse, ILocalSymbol task, IOperation wait, IReadOnlyList<IOperation>? racedElements, CancellationFlow flow) =>
        FinishedWhen(ifElse.Condition, task, wait, WinnerLocalOf(wait), racedElements, flow, depth: 0);

    /// <summary>True / false: the task has finished when the condition is true / false; null: the condition does not say.</summary>
    private static bool? FinishedWhen(
        IOperation condition,
        ILocalSymbol task,
        IOperation wait,
        ILocalSymbol? winner,
        IReadOnlyList<IOperation>? racedElements,
        CancellationFlow? flow,
        int depth)
    {
        condition = CancellationFlow.Unwrap(condition);
        while (condition is IParenthesizedOperation parenthesized)
        {
            condition = CancellationFlow.Unwrap(parenthesized.Operand);
        }

        switch (condition)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return FinishedWhen(not.Operand, task, wait, winner, racedElements, flow, depth) is { } inner ? !inner : null;
            case ILocalReferenceOperation { Local.Type.SpecialType: SpecialType.System_Boolean } verdict
                when flow is not null && depth < 2 && flow.InitializerOf(verdict.Local) is { } initializer && IsNeverWritten(verdict.Local, flow):
                return FinishedWhen(initializer, task, wait, winner, racedElements, flow, depth + 1);
            case IPropertyReferenceOperation { Property.Name: "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled" } completed
                when IsLocal(completed.Instance, task):
                return true;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                var compared = IsWinner(comparison.LeftOperand, wait, winner) ? comparison.RightOperand
                    : IsWinner(comparison.RightOperand, wait, winner) ? comparison.LeftOperand
                    : null;
                var equals = comparison.OperatorKind == BinaryOperatorKind.Equals;
                if (IsLocal(compared, task))
                {
                    return equals;
                }

                return IsTheOtherOfTwo(compared, task, racedElements) ? !equals : null;
            default:
                return null;
        }
    }

    /// <summary>The local the awaited race result goes into (<c>var winner = await Task.WhenAny(…)</c>, <c>winner = await …</c>).</summary>
    internal static ILocalSymbol? WinnerLocalOf(IOperation wait)
    {
        var current = wait;
        while (current.Parent is IConversionOperation or IParenthesizedOperation or IAwaitOperation ||
               (current.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance == current))
        {
            current = current.Parent;
        }

        return current.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == current => target.Local,
            _ => null,
        };
    }

    private static bool IsWinner(IOperation operand, IOperation wait, ILocalSymbol? winner)
    {
        operand = CancellationFlow.Unwrap(operand);
        return operand is IAwaitOperation ? ObservationPaths.Contains(operand, wait) : IsLocal(operand, winner);
    }

    private static bool IsNeverWritten(ILocalSymbol local, CancellationFlow flow)
    {
        foreach (var reference in flow.ReferencesTo(local))
        {
            if (!reference.IsDeclaration && ObservationPaths.IsWrite(reference))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsTheOtherOfTwo(IOperation? compared, ILocalSymbol task, IReadOnlyList<IOperation>? racedElements)
    {
        if (compared is null || racedElements is not { Count: 2 } ||
            CancellationFlow.Unwrap(racedElements[0]) is not ILocalReferenceOperation first ||
            CancellationFlow.Unwrap(racedElements[1]) is not ILocalReferenceOperation second)
        {
            return false;
        }

        return (SymbolEqualityComparer.Default.Equals(first.Local, task) && IsLocal(compared, second.Local)) ||
               (SymbolEqualityComparer.Default.Equals(second.Local, task) && IsLocal(compared, first.Local));
    }

    internal static bool IsLocal(IOperation? operation, ILocalSymbol? local) =>
        local is not null && operation is not null &&
        CancellationFlow.Unwrap(operation) is ILocalReferenceOperation reference &&
        SymbolEqualityComparer.Default.Equals(reference.Local, local);
}
