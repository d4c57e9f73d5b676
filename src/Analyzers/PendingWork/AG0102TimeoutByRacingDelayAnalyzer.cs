namespace AsyncGuide.Analyzers;

/// <summary>
/// AG0102: <c>await Task.WhenAny(work, Task.Delay(timeout))</c> where nothing cancels the work when the
/// timer wins: the "timeout" only stops the waiting, the work (and, on success, the timer) keeps running.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AG0102TimeoutByRacingDelayAnalyzer : PendingWorkAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIds.TimeoutByRacingDelay,
        title: "Timeout by racing Task.Delay leaves the work running",
        messageFormat: "'{0}' keeps running after this timeout: cancel it when Task.Delay wins, or use WaitAsync/Async.WaitFor",
        description: "Racing an operation against Task.Delay with Task.WhenAny stops the waiting, not the operation: " +
                     "when the timer wins, the operation keeps running (holding its socket, lock or thread) and its exception is never observed; " +
                     "when the operation wins, the timer keeps running. Cancel the operation's token source when the timer wins, " +
                     "or use Async.WaitFor / Task.WaitAsync.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    // Triggered by Task.WhenAny itself, compared by symbol; the body's facts are collected only then.
    private protected override bool IsCandidate(IInvocationOperation race, AsyncTypes types) =>
        TaskObservation.IsStaticMethodOf(race.TargetMethod, types.Task, "WhenAny") && MayBeTimeoutRace(race, types);

    private protected override void Analyze(OperationAnalysisContext context, IInvocationOperation race, CancellationFlow flow)
    {
        if (TryGetTimeoutRace(race, flow, out var work, out var delayElement, out var delay)
            && IsLeftRunning(race, work!, delayElement!, delay!, flow))
        {
            var locations = new List<Location> { delay!.Syntax.GetLocation() };
            var properties = AG0102WaitForFixPlan.AddTo(
                CancelFixProperties(
                    race,
                    delayElement!,
                    delay!,
                    flow,
                    locations,
                    AG0102TimeoutRaceFixPlan.PropertiesFor(race, work!, delayElement!, flow)),
                race,
                work!,
                delay!,
                flow);
            context.ReportDiagnostic(Diagnostic.Create(Rule, race.Syntax.GetLocation(), locations, properties, work!.Syntax.ToString()));
        }
    }

    /// <summary>
    /// The cancel fix's plan, plus, when the timer can be ended too, AG0104's: the fix cancels the work where the timer
    /// won and the timer where the work won, so that neither is left running (a timer local awaited elsewhere is kept).
    /// </summary>
    private static ImmutableDictionary<string, string?> CancelFixProperties(
        IInvocationOperation race,
        IOperation delayElement,
        IInvocationOperation delay,
        CancellationFlow flow,
        List<Location> locations,
        ImmutableDictionary<string, string?>? cancel)
    {
        if (cancel is null)
        {
            return ImmutableDictionary<string, string?>.Empty;
        }

        if (delayElement is ILocalReferenceOperation delayLocal && !AG0104TimerLeftRunningAnalyzer.IsUsedOnlyInRaces(delayLocal.Local, flow))
        {
            return cancel;
        }

        foreach (var timer in AG0104TimerLeftRunningAnalyzer.FixPropertiesFor(race, delayElement, delay, flow, locations))
        {
            cancel = cancel.SetItem(timer.Key, timer.Value);
        }

        return cancel;
    }

    /// <summary>
    /// The checks of <see cref="TryGetTimeoutRace"/> that need no facts about the body: two tasks written out,
    /// one of which can be a timer (a Task.Delay or a local) and the other started work (a call or a local).
    /// </summary>
    private static bool MayBeTimeoutRace(IInvocationOperation race, AsyncTypes types)
    {
        var elements = new List<IOperation>(2);
        if (!RacedTasks.TryGetElements(race, types, elements, out var collection) || collection is not null || elements.Count != 2)
        {
            return false;
        }

        for (var i = 0; i < 2; i++)
        {
            var timer = elements[i];
            var work = elements[1 - i];
            if ((timer is ILocalReferenceOperation
                 || (timer is IInvocationOperation call && TaskObservation.IsStaticMethodOf(call.TargetMethod, types.Task, "Delay"))) &&
                (work is ILocalReferenceOperation || RacedTasks.IsStartedOperation(work, types)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Exactly two raced tasks: one finite Task.Delay and one started operation.</summary>
    internal static bool TryGetTimeoutRace(
        IInvocationOperation race,
        CancellationFlow flow,
        out IOperation? work,
        out IOperation? delayElement,
        out IInvocationOperation? delay) =>
        RacedTasks.TryGetDelayRace(race, flow, out work, out delayElement, out delay) &&
        RacedTasks.IsStartedWork(RacedTasks.OriginOf(work!, flow), flow);

    /// <summary>
    /// The race sits in a loop, the task local is declared outside that loop, and the loop awaits it (or reads its
    /// result) somewhere besides the race: the task stays someone's concern on the next iteration.
    /// </summary>
    private static bool IsAwaitedAgainByItsLoop(ILocalSymbol task, IInvocationOperation race, CancellationFlow flow)
    {
        ILoopOperation? loop = null;
        for (var current = race.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }

            if (current is ILoopOperation found)
            {
                loop = found;
                break;
            }
        }

        var declared = task.DeclaringSyntaxReferences.Length == 1 ? task.DeclaringSyntaxReferences[0].Span : default;
        if (loop is null || task.DeclaringSyntaxReferences.Length != 1 || loop.Syntax.Span.Contains(declared))
        {
            return false;
        }

        foreach (var reference in flow.ReferencesTo(task))
        {
            if (loop.Body.Syntax.Span.Contains(reference.Syntax.Span) && !race.Syntax.Span.Contains(reference.Syntax.Span) &&
                IsAwaitOrResult(reference))
            {
                return true;
            }
        }

        return false;
    }

    private static bool GathersOnlyHandedTasks(IInvocationOperation whenAll)
    {
        var gathered = 0;
        foreach (var argument in whenAll.Arguments)
        {
            var value = CancellationFlow.Unwrap(argument.Value);

            // `Task.WhenAll(stdOutTask, stdErrTask)` packs its tasks into a params array or span (dotnet/diagnostics'
            // ProcessRunner waits 15 s for the output pumps it was handed).
            if (TaskObservation.TryGetPackedElements(value, out var elements))
            {
                foreach (var element in elements)
                {
                    if (!IsHandedTask(CancellationFlow.Unwrap(element)))
                    {
                        return false;
                    }

                    gathered++;
                }
            }
            else if (IsHandedTask(value))
            {
                gathered++;
            }
            else
            {
                return false;
            }
        }

        return gathered > 0;
    }

    private static bool IsHandedTask(IOperation value) =>
        value is IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation;

    private static bool IsWinnerDropped(IInvocationOperation race)
    {
        IOperation current = race;
        while (current.Parent is IConversionOperation or IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } or IArgumentOperation)
        {
            current = current.Parent;
        }

        return current.Parent is IAwaitOperation { Parent: IExpressionStatementOperation };
    }

    /// <summary>
    /// <c>if (task.IsCompleted) await task;</c> (or <c>IsFaulted</c>) after the race, with no <c>else</c>: the only statement under
    /// the check awaits the task as a statement (rethrowing its failure).
    /// </summary>
    private static bool IsAwaitedWhenCompleted(ILocalSymbol task, IInvocationOperation race, CancellationFlow flow)
    {
        foreach (var reference in flow.ReferencesTo(task))
        {
            if (reference.Syntax.SpanStart <= race.Syntax.Span.End ||
                reference.Parent is not IPropertyReferenceOperation { Property.Name: "IsCompleted" or "IsFaulted" } probe)
            {
                continue;
            }

            for (var current = probe.Parent; current is not null; current = current.Parent)
            {
                if (current is IConditionalOperation { WhenTrue: { } whenTrue, WhenFalse: null } conditional &&
                    conditional.Condition.Syntax.Span.Contains(probe.Syntax.Span))
                {
                    var only = whenTrue is IBlockOperation { Operations.Length: 1 } block ? block.Operations[0] : whenTrue;
                    if (only is IExpressionStatementOperation { Operation: IAwaitOperation awaited })
                    {
                        foreach (var inner in flow.ReferencesTo(task))
                        {
                            if (awaited.Syntax.Span.Contains(inner.Syntax.Span) && IsAwaitOrResult(inner))
                            {
                                return true;
                            }
                        }
                    }

                    break;
                }

                if (current is IBlockOperation or IAnonymousFunctionOperation)
                {
                    break;
                }
            }
        }

        return false;
    }

    private static bool IsAwaitOrResult(IOperation reference)
    {
        var parent = reference.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        return parent is IAwaitOperation or IPropertyReferenceOperation { Property.Name: "Result" } ||
               (parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured && configured.Parent is IAwaitOperation);
    }

    /// <summary>
    /// A statement <c>task.M();</c> before the race, in a block that holds the race, where <c>M</c> is a <c>void</c>
    /// extension method taking the task as <c>this</c>: a fire-and-forget marker (Orleans' <c>Ignore()</c>,
    /// vs-threading's <c>Forget()</c>) that takes over observing the task's failure.
    /// </summary>
    private static bool IsHandedToVoidExtensionBefore(ILocalSymbol task, IInvocationOperation race, CancellationFlow flow)
    {
        foreach (var reference in flow.ReferencesTo(task))
        {
            IOperation value = reference;
            while (value.Parent is IConversionOperation conversion)
            {
                value = conversion;
            }

            if (reference.Syntax.SpanStart >= race.Syntax.SpanStart ||
                value.Parent is not IArgumentOperation { Parent: IInvocationOperation call } argument ||
                !call.TargetMethod.IsExtensionMethod || !call.TargetMethod.ReturnsVoid || call.Arguments.IndexOf(argument) != 0 ||
                call.Parent is not IExpressionStatementOperation { Parent: IBlockOperation block })
            {
                continue;
            }

            for (var current = race.Parent; current is not null; current = current.Parent)
            {
                if (current.Syntax == block.Syntax)
                {
                    return true;
                }

                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    break;
                }
            }
        }

        return false;
    }

    internal static bool IsLeftRunning(
        IInvocationOperation race, IOperation work, IOperation delayElement, IInvocationOperation delay, CancellationFlow flow)
    {
        // The timer itself is cancelled afterwards: the author manages the race by hand.
        var delayTokens = new List<IOperation>();
        flow.CollectTokens(delay, delayTokens);
        var workTokens = new List<IOperation>();
        flow.CollectTokens(RacedTasks.OriginOf(work, flow), workTokens);
        foreach (var token in delayTokens)
        {
            if (flow.IsCancelledHere(token))
            {
                return false;
            }
        }

        foreach (var token in workTokens)
        {
            if (flow.IsCancelledHere(token))
            {
                return false;
            }
        }

        if (flow.HandsACancelledSourceTo(RacedTasks.OriginOf(work, flow)))
        {
            return false;
        }

        // A task carried across the iterations of a loop and awaited elsewhere in it: when the timer wins, the next
        // iteration waits for the same task again ("wait for the update, retry on a timer").
        if (work is ILocalReferenceOperation carried && IsAwaitedAgainByItsLoop(carried.Local, race, flow))
        {
            return false;
        }

        // Marked fire-and-forget before the race (task.Ignore(), task.Forget()): the author let the work run on.
        if (work is ILocalReferenceOperation handed && IsHandedToVoidExtensionBefore(handed.Local, race, flow))
        {
            return false;
        }

        // `WhenAll(tasks)` over tasks the method was handed: it waits a while for others' work, which it cannot cancel
        // (duplicati's BackendManager waits a second for pending uploads at shutdown, then logs what is left).
        if (RacedTasks.OriginOf(work, flow) is IInvocationOperation gathered &&
            TaskObservation.IsWhenAll(gathered.TargetMethod, flow.Types) && GathersOnlyHandedTasks(gathered))
        {
            return false;
        }

        // Probed for an early failure: `await Task.WhenAny(task, Task.Delay(500)); if (task.IsCompleted) await task;`, the
        // winner dropped and the task only awaited (to rethrow) when it is done. The work is meant to keep running (a server
        // that was started, a registration the client polls); the race only catches a quick failure. A timeout that returns
        // or throws on the slow path compares the winner or does more than rethrow, and is still reported.
        if (work is ILocalReferenceOperation probed && IsWinnerDropped(race) && IsAwaitedWhenCompleted(probed.Local, race, flow))
        {
            return false;
        }

        // Stopped by other means after the race: the process the work waits on is killed, the client it runs on disposed.
        if (WorkStop.IsStoppedAfter(race, work, flow))
        {
            return false;
        }

        // A test's timeout whose slow path fails the test (`else Assert.Fail("timed out")`): the work belongs to a failed test.
        if ((work is ILocalReferenceOperation tested &&
             TestTimeoutFailure.FailsWhenTheTimerWins(race, tested.Local, new[] { work, delayElement }, flow)) ||
            TestTimeoutFailure.AssertsTheWorkFinished(race, work, flow))
        {
            return false;
        }

        // Awaited afterwards on every path: the race only bounds a wait (e.g. logging "slow"), nothing leaks.
        if (work is ILocalReferenceOperation local
            && ObservationPaths.IsObservedOnEveryPathAfter(
                flow.ReferencesTo(local.Local), race, flow.CanLeaveCache, new[] { work, delayElement }))
        {
            return false;
        }

        return true;
    }
}
