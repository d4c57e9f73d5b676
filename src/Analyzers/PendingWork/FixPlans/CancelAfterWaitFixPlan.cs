namespace AsyncGuide.Analyzers;

/// <summary>
/// Decides, in the analyzer, whether the "cancel the existing token source after the wait" fix is
/// safe, and tells the fix where to put <c>source.Cancel();</c> through diagnostic properties
/// (and, through <see cref="ExitAfterCancelFixPlan"/>, which cancelled tasks to await afterwards).
/// Safe means: one local token source created in this body feeds the pending work, it is in scope
/// at the wait, and neither it, a token local taken from it, nor a pending task is used later
/// where the cancellation would change what that code sees.
/// </summary>
internal static class CancelAfterWaitFixPlan
{
    public const string SourceKey = "AG01.CancelSource";
    public const string PlacementKey = "AG01.CancelPlacement";

    /// <summary>Insert after the statement holding the wait.</summary>
    public const string AfterStatement = "AfterStatement";

    /// <summary>Insert first in the if's true / false branch: the branch where the work lost the race.</summary>
    public const string InWhenTrue = "WhenTrue";
    public const string InWhenFalse = "WhenFalse";

    /// <summary>
    /// Insert right before each <c>return</c> or <c>break</c> out of the WhenAny loop after the wait
    /// (<see cref="CancelBeforeLoopExitFixPlan"/>).
    /// </summary>
    public const string BeforeLoopExits = "BeforeLoopExits";

    public static ImmutableDictionary<string, string?> Properties(ISymbol source, string placement) => Properties(source.Name, placement);

    public static ImmutableDictionary<string, string?> Properties(string source, string placement) =>
        ImmutableDictionary<string, string?>.Empty.Add(SourceKey, source).Add(PlacementKey, placement);

    /// <summary>The single local source created here whose token flows into every one of <paramref name="origins"/>.</summary>
    public static ILocalSymbol? SingleSource(IReadOnlyList<IOperation> origins, CancellationFlow flow)
    {
        ILocalSymbol? single = null;
        var tokens = new List<IOperation>();
        foreach (var origin in origins)
        {
            if (IsEmptyCollection(origin))
            {
                // new List<Task<int>>() filled by Add calls: the Add calls are origins too.
                continue;
            }

            tokens.Clear();
            flow.CollectTokens(origin, tokens);
            var fed = false;
            foreach (var token in tokens)
            {
                var source = flow.DirectSourceOf(token);
                if (source is null)
                {
                    continue;
                }

                if (source is not ILocalSymbol local || (single is not null && !SymbolEqualityComparer.Default.Equals(single, local)))
                {
                    return null;
                }

                single = local;
                fed = true;
            }

            if (!fed)
            {
                return null;
            }
        }

        return single is not null && flow.IsLocalSourceCreatedHere(single) ? single : null;
    }

    internal static bool IsEmptyCollection(IOperation origin) => CancellationFlow.Unwrap(origin) switch
    {
        IObjectCreationOperation creation => creation.Arguments.Length == 0 &&
                                             (creation.Initializer is null || creation.Initializer.Initializers.Length == 0),
        IArrayCreationOperation array => array.Initializer is { ElementValues.Length: 0 },
        _ => false,
    };

    /// <summary>
    /// Cancel right after the wait's statement: one local source feeds every raced task, and neither it nor the tasks
    /// are used later.
    /// </summary>
    public static ImmutableDictionary<string, string?>? ForRace(IInvocationOperation wait, RaceFacts race, CancellationFlow flow)
    {
        if (CancelAfterWaitFixPlan.SingleSource(race.Origins, flow) is not { } source || !flow.IsInScopeAt(source, wait) ||
            CancelAfterWaitFixPlan.StatementOf(wait) is not { } statement ||
            !CancelAfterWaitFixPlan.SourceUnusedAfter(source, statement.Syntax.Span.End, flow))
        {
            return null;
        }

        var cancel = CancelAfterWaitFixPlan.Properties(source, CancelAfterWaitFixPlan.AfterStatement);
        return AfterRace(wait, race, flow, cancel, CancelledTokens.Of(source));
    }

    /// <summary>
    /// The cancel <paramref name="cancel"/> plans after the wait's statement, once no raced task local or collection is
    /// used later, plus the await of the losers' exit where <see cref="ExitAfterCancelFixPlan"/> allows it.
    /// </summary>
    public static ImmutableDictionary<string, string?>? AfterRace(
        IInvocationOperation wait, RaceFacts race, CancellationFlow flow, ImmutableDictionary<string, string?> cancel, CancelledTokens cancelled)
    {
        if (CancelAfterWaitFixPlan.StatementOf(wait) is not (IVariableDeclarationGroupOperation or IExpressionStatementOperation) ||
            CancelAfterWaitFixPlan.StatementOf(wait) is not { } statement)
        {
            return null;
        }

        var end = statement.Syntax.Span.End;
        if (race.CollectionLocal is not null && !CancelAfterWaitFixPlan.TaskUnusedAfter(race.CollectionLocal, end, flow))
        {
            return null;
        }

        foreach (var element in race.Elements)
        {
            if (element is ILocalReferenceOperation { Local: var task } && !CancelAfterWaitFixPlan.TaskUnusedAfter(task, end, flow))
            {
                return null;
            }
        }

        return ExitAfterCancelFixPlan.AddTo(cancel, wait, cancelled, ExitAfterCancelFixPlan.NamedTasksOf(race), flow);
    }

    /// <summary>The statement operation (child of a block) holding <paramref name="operation"/>.</summary>
    public static IOperation? StatementOf(IOperation operation)
    {
        for (var current = operation; current.Parent is { } parent; current = parent)
        {
            if (parent is IBlockOperation)
            {
                return current;
            }

            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation or IConditionalOperation or ILoopOperation or ISwitchCaseOperation)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>No later use of the source or a token local from it (disposal aside): cancelling it cannot break later work.</summary>
    public static bool SourceUnusedAfter(ILocalSymbol source, int position, CancellationFlow flow, IOperation? except = null, int end = int.MaxValue)
    {
        foreach (var reference in flow.ReferencesTo(source))
        {
            if (reference.Syntax.SpanStart >= position && reference.Syntax.SpanStart < end && !ObservationPaths.Contains(except, reference) &&
                !(reference.Parent is IInvocationOperation { TargetMethod.Name: "Dispose" or "DisposeAsync" } call && call.Instance == reference))
            {
                return false;
            }
        }

        foreach (var tokenLocal in flow.TokenLocalsOf(source))
        {
            foreach (var reference in flow.ReferencesTo(tokenLocal))
            {
                if (reference.Syntax.SpanStart >= position && reference.Syntax.SpanStart < end && !ObservationPaths.Contains(except, reference))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>No later use of the task local at or after <paramref name="position"/>, equality tests and completion checks aside.</summary>
    public static bool TaskUnusedAfter(ILocalSymbol task, int position, CancellationFlow flow, IOperation? except = null, int end = int.MaxValue)
    {
        foreach (var reference in flow.ReferencesTo(task))
        {
            if (reference.Syntax.SpanStart >= position && reference.Syntax.SpanStart < end &&
                !ObservationPaths.Contains(except, reference) && !IsComparisonOnly(reference))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsComparisonOnly(IOperation reference)
    {
        var current = reference;
        while (current.Parent is IConversionOperation conversion)
        {
            current = conversion;
        }

        return current.Parent switch
        {
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } => true,
            IPropertyReferenceOperation property when property.Instance == current =>
                property.Property.Name is "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled" or "Status" or "Id",
            _ => false,
        };
    }
}
