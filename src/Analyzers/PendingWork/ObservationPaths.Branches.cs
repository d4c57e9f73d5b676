namespace AsyncGuide.Analyzers;

/// <summary>Observation on every path through the branches of an if/else after a wait.</summary>
internal static partial class ObservationPaths
{
    /// <summary>
    /// True when one of <paramref name="references"/> (all to one task) observes it on every normal path after
    /// <paramref name="wait"/>: a single use that always runs, or uses in both branches of an if/else that runs
    /// after the wait (or whose condition holds the wait), each branch observing it on every path of its own
    /// or being one where the task has won the race (<see cref="RaceOutcome"/>; <paramref name="racedElements"/>
    /// are the raced tasks as written, when the wait is a race).
    /// </summary>
    public static bool IsObservedOnEveryPathAfter(
        IReadOnlyList<ILocalReferenceOperation> references,
        IOperation wait,
        Dictionary<IOperation, bool> canLeaveCache,
        IReadOnlyList<IOperation>? racedElements = null)
    {
        var waitEnd = wait.Syntax.Span.End;
        foreach (var reference in references)
        {
            if (reference.Syntax.SpanStart < waitEnd || !IsObservingUse(reference))
            {
                continue;
            }

            if (RunsOnEveryPathAfter(reference, wait, canLeaveCache) ||
                (CallHandedALambdaUsing(reference) is { } handedTo && RunsOnEveryPathAfter(handedTo, wait, canLeaveCache)))
            {
                return true;
            }

            if (EnclosingIfElse(reference) is { } ifElse &&
                (Contains(ifElse.Condition, wait) || RunsOnEveryPathAfter(ifElse, wait, canLeaveCache)) &&
                (IsObservedOnEveryPathOf(ifElse.WhenTrue, references)
                 || RaceOutcome.HasFinishedIn(ifElse, ifElse.WhenTrue, reference.Local, wait, racedElements)) &&
                (IsObservedOnEveryPathOf(ifElse.WhenFalse!, references)
                 || RaceOutcome.HasFinishedIn(ifElse, ifElse.WhenFalse!, reference.Local, wait, racedElements)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The call a lambda is handed to, when the lambda observes the task on every path through its body:
    /// <c>await PlaywrightAssert.ThrowsAsync&lt;PlaywrightException&gt;(() =&gt; evalTask)</c> (Playwright's HAR test) hands the
    /// task on as an argument would, lazily. The call must be awaited or a statement of its own (not a lambda given to a race,
    /// nor to a call whose task is raced).
    /// </summary>
    private static IInvocationOperation? CallHandedALambdaUsing(ILocalReferenceOperation reference)
    {
        IOperation current = reference;
        while (current.Parent is { } parent && parent is not IAnonymousFunctionOperation)
        {
            if (parent is ILocalFunctionOperation)
            {
                return null;
            }

            current = parent;
        }

        if (current.Parent is not IAnonymousFunctionOperation lambda || !RunsOnEveryPathWithin(reference, lambda.Body))
        {
            return null;
        }

        IOperation handed = lambda;
        while (handed.Parent is IDelegateCreationOperation or IConversionOperation)
        {
            handed = handed.Parent;
        }

        // The call is a statement or awaited: `await Task.WhenAny(Task.Run(() => second), …)` only races the task again.
        return handed.Parent is IArgumentOperation { Parent: IInvocationOperation call } && !IsRace(call) &&
               (call.Parent is IAwaitOperation or IExpressionStatementOperation ||
                call.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Parent: IAwaitOperation })
            ? call
            : null;
    }

    /// <summary>The outermost if/else around <paramref name="operation"/> in its function whose branches hold it.</summary>
    private static IConditionalOperation? EnclosingIfElse(IOperation operation)
    {
        IConditionalOperation? outermost = null;
        for (var current = operation; current.Parent is { } parent; current = parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                break;
            }

            if (parent is IConditionalOperation { WhenFalse: not null, IsRef: false } conditional && conditional.Condition != current &&
                conditional.Parent is IBlockOperation or IConditionalOperation)
            {
                outermost = conditional;
            }
        }

        return outermost;
    }

    /// <summary>Every normal path through <paramref name="region"/> (a branch) observes the task before leaving it.</summary>
    private static bool IsObservedOnEveryPathOf(IOperation region, IReadOnlyList<ILocalReferenceOperation> references, int depth = 0)
    {
        foreach (var reference in references)
        {
            if (Contains(region, reference) && IsObservingUse(reference) && RunsOnEveryPathWithin(reference, region))
            {
                return true;
            }
        }

        // else-if chains and nested if/else: both branches of a statement reached on every path.
        if (depth > 8)
        {
            return false;
        }

        var statements = region is IBlockOperation block ? block.Operations : ImmutableArray.Create(region);
        foreach (var statement in statements)
        {
            if (statement is IConditionalOperation { WhenFalse: { } whenFalse, IsRef: false } nested &&
                IsObservedOnEveryPathOf(nested.WhenTrue, references, depth + 1) && IsObservedOnEveryPathOf(whenFalse, references, depth + 1))
            {
                return true;
            }

            if (CanLeave(statement, breakable: false, caught: false, notBefore: 0))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="use"/> runs on every normal path through <paramref name="region"/>, which holds it.</summary>
    private static bool RunsOnEveryPathWithin(IOperation use, IOperation region)
    {
        for (var current = use; current != region; current = current.Parent!)
        {
            switch (current.Parent)
            {
                case null:
                    return false;
                case IBlockOperation block:
                    foreach (var earlier in block.Operations)
                    {
                        if (earlier == current)
                        {
                            break;
                        }

                        if (CanLeave(earlier, breakable: false, caught: false, notBefore: 0))
                        {
                            return false;
                        }
                    }

                    break;
                case { } parent when SkipsSomePaths(parent, current):
                    return false;
            }
        }

        return true;
    }
}
