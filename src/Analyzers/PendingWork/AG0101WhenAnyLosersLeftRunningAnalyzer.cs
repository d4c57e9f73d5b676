namespace AsyncGuide.Analyzers;

/// <summary>
/// AG0101: <c>Task.WhenAny</c> / <c>Task.WaitAny</c> (or a first-completed / timed <c>Async.Wait</c> whose
/// result is dropped) after which the losing tasks are neither cancelled nor awaited on every path.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AG0101WhenAnyLosersLeftRunningAnalyzer : PendingWorkAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIds.WhenAnyLosersLeftRunning,
        title: "Tasks that lose a WhenAny are left running",
        messageFormat: "The tasks that lose this {0} keep running: cancel their token source or await them on every path",
        description: "Task.WhenAny and Task.WaitAny return when one task completes; the others keep running, holding sockets, " +
                     "timers and threads, and their exceptions go unobserved. Cancel the token source they were started with " +
                     "(asyncio: 'cancel remaining tasks'), await them, or use the factory form of Async.Wait, which does both.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    // Triggered by the one relevant call, compared by symbol; the body's facts are collected only then.
    private protected override bool IsCandidate(IInvocationOperation wait, AsyncTypes types) =>
        IsLosersWait(wait, types) && MayLeaveLosersRunning(wait, types);

    private protected override void Analyze(OperationAnalysisContext context, IInvocationOperation wait, CancellationFlow flow)
    {
        if (LosersLeftRunning(wait, flow) is { } race && !LoserStatusAssertion.AssertsTheLosersPending(wait, race.Elements) &&
            !TrivialWork.IsEveryOriginTrivial(race.Origins, wait, flow))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                wait.Syntax.GetLocation(),
                AG0101LosersFixPlan.PropertiesFor(wait, race, flow),
                wait.TargetMethod.ContainingType.Name + "." + wait.TargetMethod.Name));
        }
    }

    private static bool IsLosersWait(IInvocationOperation invocation, AsyncTypes types) =>
        invocation.TargetMethod.Name switch
        {
            "WhenAny" or "WaitAny" => TaskObservation.IsStaticMethodOf(invocation.TargetMethod, types.Task, invocation.TargetMethod.Name),
            "Wait" => RacedTasks.IsTaskFormWaitLeavingPending(invocation, types) && !RacedTasks.IsWaitResultKept(invocation),
            _ => false,
        };

    /// <summary>
    /// The checks of <see cref="LosersLeftRunning"/> that need no facts about the body: false only when it would
    /// return null anyway (an inline timer, an inline collection without started work, fewer than two candidates).
    /// </summary>
    private static bool MayLeaveLosersRunning(IInvocationOperation wait, AsyncTypes types)
    {
        var elements = new List<IOperation>();
        if (!RacedTasks.TryGetElements(wait, types, elements, out var collection))
        {
            return false;
        }

        if (collection is not null)
        {
            return collection is ILocalReferenceOperation ||
                   (!RacedTasks.ContainsTaskCall(collection, types, "Delay") && RacedTasks.ContainsStartedOperation(collection, types));
        }

        var candidates = 0;
        foreach (var element in elements)
        {
            if (element is ILocalReferenceOperation)
            {
                candidates++;
            }
            else if (element is IInvocationOperation call && TaskObservation.IsStaticMethodOf(call.TargetMethod, types.Task, "Delay"))
            {
                if (!RacedTasks.IsInfiniteDelay(call))
                {
                    return false;
                }

                candidates++; // a stop signal: one operation raced against it is enough
            }
            else if (RacedTasks.IsStartedOperation(element, types))
            {
                candidates++;
            }
        }

        return candidates >= 2;
    }

    /// <summary>The raced tasks when some started operation among them is left running; null when not reported.</summary>
    internal static RaceFacts? LosersLeftRunning(IInvocationOperation wait, CancellationFlow flow)
    {
        var elements = new List<IOperation>();
        if (!RacedTasks.TryGetElements(wait, flow.Types, elements, out var collection))
        {
            return null;
        }

        List<ILocalSymbol>? elementLocals = null;

        var race = new RaceFacts(elements);
        if (collection is not null && collection is not ILocalReferenceOperation)
        {
            // Written inline (Task.WhenAny(ids.Select(id => FetchAsync(id, ct)))): nothing can await those tasks later.
            if (RacedTasks.ContainsTaskCall(collection, flow.Types, "Delay") || !RacedTasks.ContainsStartedOperation(collection, flow.Types))
            {
                return null;
            }

            race.Origins.Add(collection);
            race.InlineCollection = true;
        }
        else if (collection is not null)
        {
            // Only a local whose tasks we can see being started; the Delay check keeps timeout races AG0102's.
            if (collection is not ILocalReferenceOperation { Local: var local } || flow.InitializerOf(local) is not { } initializer ||
                RacedTasks.ContainsTaskCall(initializer, flow.Types, "Delay"))
            {
                return null;
            }

            race.CollectionLocal = local;
            race.Origins.Add(initializer);
            foreach (var reference in flow.ReferencesTo(local))
            {
                if (reference.Parent is IInvocationOperation { TargetMethod.Name: "Add" or "AddRange" or "Insert" } add && add.Instance == reference)
                {
                    race.Origins.Add(add);
                }
            }

            var started = false;
            foreach (var origin in race.Origins)
            {
                started |= RacedTasks.ContainsStartedOperation(origin, flow.Types);
            }

            // `new[] { first, second }` of task locals started earlier: their starts are the origins.
            if (!started && !AddElementLocals(race, flow, out elementLocals))
            {
                return null;
            }
        }
        else
        {
            IInvocationOperation? stopSignal = null;
            foreach (var element in elements)
            {
                // A grace period (Task.WhenAll(Task.Delay(t), signal)) or a TimeProvider delay is a timer: a timed wait.
                if (RacedTasks.IsTimerGatheredWithOthers(element, flow) || RacedTasks.IsClockDelay(element, flow))
                {
                    return null;
                }

                if (RacedTasks.AsDelay(element, flow) is { } delay)
                {
                    // Task.Delay(Timeout.Infinite, stoppingToken) is a stop signal, not a timer; a finite one is AG0102's.
                    if (!RacedTasks.IsInfiniteDelay(delay) || StopTokenOf(delay, flow) is null || stopSignal is not null)
                    {
                        return null;
                    }

                    stopSignal = delay;
                    continue;
                }

                var origin = RacedTasks.OriginOf(element, flow);
                if (RacedTasks.IsStartedWork(origin, flow))
                {
                    race.Origins.Add(origin);
                    race.StartedElements.Add(element);
                }
            }

            if (stopSignal is not null)
            {
                race.StopToken = StopTokenOf(stopSignal, flow);
                return StopSignalLeavesWorkRunning(wait, race, stopSignal, flow) ? race : null;
            }

            // One operation raced against signals (tcs.Task, fields) is "stop waiting on a signal", not a race of work.
            if (race.StartedElements.Count < 2)
            {
                return null;
            }

            // Each raced task is ended by its own token being cancelled, or observed: a source cancelled after the race
            // whose token reaches only some of them leaves the others running (partial cancellation).
            if (IsProcessAsCompletedLoop(wait, race, flow))
            {
                return null;
            }

            for (var i = 0; i < race.StartedElements.Count; i++)
            {
                if (!HasCancelledToken(race.Origins[i], flow) &&
                    (race.StartedElements[i] is not ILocalReferenceOperation { Local: var task } || !IsObserved(task, wait, race, flow)))
                {
                    return race;
                }
            }

            return null;
        }

        var tokens = new List<IOperation>();
        foreach (var origin in race.Origins)
        {
            flow.CollectTokensReaching(origin, tokens);
        }

        foreach (var token in tokens)
        {
            if (flow.IsCancelledHere(token))
            {
                return null;
            }
        }

        if (IsProcessAsCompletedLoop(wait, race, flow))
        {
            return null;
        }

        if (race.InlineCollection)
        {
            return race;
        }

        if (race.CollectionLocal is not null)
        {
            return IsObserved(race.CollectionLocal, wait, race, flow) || AllObserved(elementLocals, wait, race, flow) ? null : race;
        }

        return null;
    }

    /// <summary>
    /// The task locals a collection local is filled with (<c>new[] { first, second }</c>, <c>new List&lt;Task&lt;T&gt;&gt; { a, b }</c>),
    /// when they are all started here and none is a timer (that race is AG0102's): their starts become the race's origins.
    /// </summary>
    private static bool AddElementLocals(RaceFacts race, CancellationFlow flow, out List<ILocalSymbol>? locals)
    {
        locals = null;
        var values = new List<IOperation>();
        foreach (var origin in race.Origins)
        {
            switch (CancellationFlow.Unwrap(origin))
            {
                case IArrayCreationOperation { Initializer: { } array }:
                    values.AddRange(array.ElementValues);
                    break;
                case IObjectCreationOperation { Initializer: { } initializer }:
                    foreach (var add in initializer.Initializers)
                    {
                        if (add is IInvocationOperation { Arguments.Length: 1 } call)
                        {
                            values.Add(call.Arguments[0].Value);
                        }
                    }

                    break;
                case IInvocationOperation { Arguments.Length: 1 } add:
                    values.Add(add.Arguments[0].Value);
                    break;
            }
        }

        var starts = new List<IOperation>();
        foreach (var value in values)
        {
            if (CancellationFlow.Unwrap(value) is not ILocalReferenceOperation { Local: var task } element || !flow.Types.IsTask(task.Type) ||
                RacedTasks.OriginOf(element, flow) is not { } start || !RacedTasks.IsStartedWork(start, flow) ||
                RacedTasks.AsDelay(element, flow) is not null)
            {
                return false;
            }

            (locals ??= new List<ILocalSymbol>()).Add(task);
            starts.Add(start);
        }

        race.Origins.AddRange(starts);
        return locals is { Count: >= 2 };
    }

    private static bool AllObserved(List<ILocalSymbol>? locals, IInvocationOperation wait, RaceFacts race, CancellationFlow flow)
    {
        if (locals is null)
        {
            return false;
        }

        // After the wait only: putting a task into the array before it is no observation.
        foreach (var local in locals)
        {
            if (!ObservationPaths.IsObservedOnEveryPathAfter(flow.ReferencesTo(local), wait, flow.CanLeaveCache, race.Elements))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasCancelledToken(IOperation origin, CancellationFlow flow)
    {
        var tokens = new List<IOperation>();
        flow.CollectTokensReaching(origin, tokens);
        foreach (var token in tokens)
        {
            if (flow.IsCancelledHere(token))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The token of <c>Task.Delay(Timeout.Infinite, token)</c>, as the symbol it reads (a parameter, field or local).</summary>
    private static ISymbol? StopTokenOf(IInvocationOperation delay, CancellationFlow flow)
    {
        foreach (var argument in delay.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.Explicit && flow.IsToken(argument.Parameter?.Type))
            {
                return TokenSymbol(argument.Value);
            }
        }

        return null;
    }

    private static ISymbol? TokenSymbol(IOperation token) => CancellationFlow.Unwrap(token) switch
    {
        IParameterReferenceOperation parameter => parameter.Parameter,
        ILocalReferenceOperation local => local.Local,
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation property => property.Instance is { } instance && TokenSymbol(instance) is { } owner ? owner : property.Property,
        _ => null,
    };

    /// <summary>
    /// One operation raced against <c>Task.Delay(Timeout.Infinite, stoppingToken)</c>: on shutdown the wait ends, and the
    /// work runs on unless it was started with that token (or a token cancelled here), or is awaited afterwards.
    /// </summary>
    private static bool StopSignalLeavesWorkRunning(IInvocationOperation wait, RaceFacts race, IInvocationOperation stopSignal, CancellationFlow flow)
    {
        if (race.StartedElements.Count != 1 || race.Elements.Count != 2 || StopTokenOf(stopSignal, flow) is not { } stopToken)
        {
            return false;
        }

        var tokens = new List<IOperation>();
        flow.CollectTokens(race.Origins[0], tokens);
        foreach (var token in tokens)
        {
            if (flow.IsCancelledHere(token) || SymbolEqualityComparer.Default.Equals(TokenSymbol(token), stopToken) ||
                (flow.DirectSourceOf(token) is null && CancellationFlow.Unwrap(token) is ILocalReferenceOperation))
            {
                return false;
            }

            // A source linked from the stop token (CreateLinkedTokenSource(stoppingToken)) ends with it.
            if (flow.DirectSourceOf(token) is ILocalSymbol source && flow.InitializerOf(source) is { } initializer)
            {
                foreach (var part in initializer.DescendantsAndSelf())
                {
                    if (flow.IsToken(part.Type) && SymbolEqualityComparer.Default.Equals(TokenSymbol(part), stopToken))
                    {
                        return false;
                    }
                }
            }
        }

        return race.StartedElements[0] is not ILocalReferenceOperation { Local: var task } || !IsObserved(task, wait, race, flow);
    }

    /// <summary>
    /// WhenAny in a loop that removes or replaces the finished task: every task is waited for in turn — unless the
    /// loop can return or break out after the wait, leaving the rest running (then the usual checks decide).
    /// </summary>
    private static bool IsProcessAsCompletedLoop(IInvocationOperation wait, RaceFacts race, CancellationFlow flow) =>
        ObservationPaths.EnclosingLoop(wait) is { } loop && !ExitsAfter(loop.Body, loop, wait) && WritesRacedTasks(loop, race, flow);

    /// <summary>
    /// A <c>return</c>, or a <c>break</c> out of <paramref name="loop"/>, after the wait in the loop body (lambdas
    /// aside); with <paramref name="exits"/>, every one of them is collected there instead of stopping at the first.
    /// </summary>
    internal static bool ExitsAfter(IOperation? root, ILoopOperation loop, IInvocationOperation wait, List<IOperation>? exits = null)
    {
        if (root is null || root is IAnonymousFunctionOperation or ILocalFunctionOperation)
        {
            return false;
        }

        if (root.Syntax.SpanStart >= wait.Syntax.Span.End &&
            (root is IReturnOperation { Kind: OperationKind.Return } ||
             root is IBranchOperation { BranchKind: BranchKind.Break } exit && SymbolEqualityComparer.Default.Equals(exit.Target, loop.ExitLabel)))
        {
            exits?.Add(root);
            return true;
        }

        var found = false;
        foreach (var child in root.ChildOperations)
        {
            if (ExitsAfter(child, loop, wait, exits))
            {
                if (exits is null)
                {
                    return true;
                }

                found = true;
            }
        }

        return found;
    }

    /// <summary>
    /// The wait is the loop shape: in a loop that writes the raced collection or task locals
    /// (the cancel-after-the-wait fix would cancel the rest mid-loop).
    /// </summary>
    internal static bool IsInRaceLoop(IInvocationOperation wait, RaceFacts race, CancellationFlow flow) =>
        ObservationPaths.EnclosingLoop(wait) is { } loop && WritesRacedTasks(loop, race, flow);

    /// <summary><paramref name="loop"/> writes the raced collection local or one of the raced task locals.</summary>
    private static bool WritesRacedTasks(ILoopOperation loop, RaceFacts race, CancellationFlow flow)
    {
        if (race.CollectionLocal is not null)
        {
            return IsWrittenIn(race.CollectionLocal, loop, flow);
        }

        foreach (var element in race.Elements)
        {
            if (element is ILocalReferenceOperation { Local: var task } && IsWrittenIn(task, loop, flow))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsWrittenIn(ILocalSymbol local, ILoopOperation loop, CancellationFlow flow)
    {
        foreach (var reference in flow.ReferencesTo(local))
        {
            if (ObservationPaths.IsWrite(reference) && ObservationPaths.Contains(loop, reference))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Observed before the wait (already complete) or on every path after it.</summary>
    internal static bool IsObserved(ILocalSymbol task, IInvocationOperation wait, RaceFacts race, CancellationFlow flow)
    {
        foreach (var reference in flow.ReferencesTo(task))
        {
            if (!ObservationPaths.IsObservingUse(reference))
            {
                continue;
            }

            if (reference.Syntax.Span.End <= wait.Syntax.SpanStart && ObservationPaths.EnclosingLoop(reference) is null)
            {
                return true;
            }
        }

        return ObservationPaths.IsObservedOnEveryPathAfter(flow.ReferencesTo(task), wait, flow.CanLeaveCache, race.Elements);
    }
}
