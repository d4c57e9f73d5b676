namespace AsyncGuide.Analyzers;

/// <summary>
/// The "cancel the existing token source" fix for the WhenAny loop that returns or breaks with tasks pending
/// (<c>while (pending.Count &gt; 0) { var done = await Task.WhenAny(pending); pending.Remove(done); if (…) return …; }</c>):
/// <c>source.Cancel();</c> right before each <c>return</c> and each <c>break</c> out of the loop after the wait, where
/// the rest are left running, never after the wait itself (that would cancel them mid-loop). Then, where
/// <see cref="ExitAfterCancelFixPlan"/> allows it, an await of their exit.
/// Safe means: one local source created here feeds every raced task; it is not used after the loop (a <c>break</c>
/// goes on there) nor by an enclosing loop's next turn (it is declared inside those loops); and no returned value
/// reads the source, a token from it or the raced tasks, which the cancel now runs before.
/// </summary>
internal static class CancelBeforeLoopExitFixPlan
{
    public static ImmutableDictionary<string, string?>? ForLoop(IInvocationOperation wait, RaceFacts race, CancellationFlow flow)
    {
        if (ObservationPaths.EnclosingLoop(wait) is not { } loop ||
            CancelAfterWaitFixPlan.SingleSource(race.Origins, flow) is not { } source || !flow.IsInScopeAt(source, wait) ||
            !CancelAfterWaitFixPlan.SourceUnusedAfter(source, loop.Syntax.Span.End, flow) || !IsDeclaredInEveryEnclosingLoop(source, loop))
        {
            return null;
        }

        return BeforeExits(
            wait, race, flow, CancelAfterWaitFixPlan.Properties(source, CancelAfterWaitFixPlan.BeforeLoopExits), CancelledTokens.Of(source), source);
    }

    /// <summary>
    /// The cancel <paramref name="cancel"/> plans before each exit of the wait's loop, once no returned value reads the
    /// race's state (or <paramref name="source"/>, when the source already exists), plus the await of the rest's exit
    /// where that is allowed at every exit.
    /// </summary>
    public static ImmutableDictionary<string, string?>? BeforeExits(
        IInvocationOperation wait, RaceFacts race, CancellationFlow flow, ImmutableDictionary<string, string?> cancel, CancelledTokens cancelled,
        ILocalSymbol? source)
    {
        var exits = new List<IOperation>();
        if (ObservationPaths.EnclosingLoop(wait) is not { } loop || !AG0101WhenAnyLosersLeftRunningAnalyzer.ExitsAfter(loop.Body, loop, wait, exits))
        {
            return null;
        }

        var awaitAllowed = true;
        foreach (var exit in exits)
        {
            if (exit is IReturnOperation { ReturnedValue: { } value } && ReadsRaceState(value, source, race, flow))
            {
                return null;
            }

            awaitAllowed &= AwaitLegality.IsAllowedAt(exit.Syntax);
        }

        if (!awaitAllowed)
        {
            return cancel;
        }

        // Only named tasks are awaited at the exits: inline raced calls have no name there.
        var observe = ExitAfterCancelFixPlan.AddTo(cancel, wait, cancelled, ExitAfterCancelFixPlan.NamedTasksOf(race), flow);
        return observe.ContainsKey(RacedCallHoistingFixPlan.ElementsKey) ||
               !observe.TryGetValue(ExitAfterCancelFixPlan.TasksKey, out var tasks) || string.IsNullOrEmpty(tasks)
            ? cancel
            : observe;
    }

    /// <summary>Every loop around <paramref name="loop"/> (in the same body) holds the source's declaration: its next turn makes a new one.</summary>
    private static bool IsDeclaredInEveryEnclosingLoop(ILocalSymbol source, ILoopOperation loop) =>
        source.DeclaringSyntaxReferences.Length == 1 && source.DeclaringSyntaxReferences[0].SyntaxTree == loop.Syntax.SyntaxTree &&
        IsInsideEveryEnclosingLoop(source.DeclaringSyntaxReferences[0].Span, loop);

    /// <summary>Every loop around <paramref name="loop"/> (in the same body) holds <paramref name="span"/>.</summary>
    public static bool IsInsideEveryEnclosingLoop(Microsoft.CodeAnalysis.Text.TextSpan span, ILoopOperation loop)
    {
        for (var outer = ObservationPaths.EnclosingLoop(loop); outer is not null; outer = ObservationPaths.EnclosingLoop(outer))
        {
            if (!outer.Syntax.Span.Contains(span))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The returned value reads the source, a token local from it, or a raced task or collection local (comparisons aside).</summary>
    private static bool ReadsRaceState(IOperation value, ILocalSymbol? source, RaceFacts race, CancellationFlow flow)
    {
        foreach (var operation in value.DescendantsAndSelf())
        {
            if (operation is not ILocalReferenceOperation { Local: var local } reference)
            {
                continue;
            }

            if (source is not null &&
                (SymbolEqualityComparer.Default.Equals(local, source) ||
                 (flow.IsToken(local.Type) && SymbolEqualityComparer.Default.Equals(flow.DirectSourceOf(reference), source))))
            {
                return true;
            }

            if (CancelAfterWaitFixPlan.IsComparisonOnly(reference))
            {
                continue;
            }

            if (SymbolEqualityComparer.Default.Equals(local, race.CollectionLocal))
            {
                return true;
            }

            foreach (var element in race.Elements)
            {
                if (element is ILocalReferenceOperation { Local: var task } && SymbolEqualityComparer.Default.Equals(task, local))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
