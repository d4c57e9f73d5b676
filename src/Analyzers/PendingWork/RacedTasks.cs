namespace AsyncGuide.Analyzers;

/// <summary>
/// The tasks handed to Task.WhenAny / Task.WaitAny / Async.Wait, and where they come from:
/// an operation started here (worth cancelling), a Task.Delay timer, or something we cannot see.
/// </summary>
internal static class RacedTasks
{
    /// <summary>
    /// The raced elements when they are written out (params, <c>new[] { … }</c>, the two-task overload);
    /// otherwise the one collection argument in <paramref name="collection"/>.
    /// </summary>
    public static bool TryGetElements(IInvocationOperation invocation, AsyncTypes types, List<IOperation> elements, out IOperation? collection)
    {
        collection = null;
        foreach (var argument in invocation.Arguments)
        {
            var parameterType = argument.Parameter?.Type;
            if (parameterType is null || types.IsTask(parameterType))
            {
                if (argument.Parameter is not null)
                {
                    elements.Add(CancellationFlow.Unwrap(argument.Value));
                }

                continue;
            }

            if (argument.Parameter!.Ordinal != 0)
            {
                continue;
            }

            var value = CancellationFlow.Unwrap(argument.Value);
            if (TaskObservation.TryGetPackedElements(value, out var packed))
            {
                foreach (var element in packed)
                {
                    elements.Add(CancellationFlow.Unwrap(element));
                }
            }
            else
            {
                collection = value;
            }
        }

        return elements.Count > 0 || collection is not null;
    }

    /// <summary>What a raced expression stands for: the initializer of a task local, else the expression.</summary>
    public static IOperation OriginOf(IOperation operation, CancellationFlow flow)
    {
        operation = CancellationFlow.Unwrap(operation);
        if (operation is ILocalReferenceOperation local && flow.InitializerOf(local.Local) is { } initializer)
        {
            return CancellationFlow.Unwrap(initializer);
        }

        return operation;
    }

    public static IInvocationOperation? AsDelay(IOperation operation, CancellationFlow flow) =>
        OriginOf(operation, flow) is IInvocationOperation invocation
            && TaskObservation.IsStaticMethodOf(invocation.TargetMethod, flow.Types.Task, "Delay")
            ? invocation
            : null;

    /// <summary>
    /// A race of exactly two tasks written out, one a finite <c>Task.Delay</c> (<paramref name="delay"/>, raced as
    /// <paramref name="delayElement"/>) and the other (<paramref name="work"/>) anything but a timer: the timeout idiom
    /// of AG0102 and AG0104, which each add what the work must be.
    /// </summary>
    public static bool TryGetDelayRace(
        IInvocationOperation race,
        CancellationFlow flow,
        out IOperation? work,
        out IOperation? delayElement,
        out IInvocationOperation? delay)
    {
        work = null;
        delayElement = null;
        delay = null;
        var elements = new List<IOperation>(2);
        if (!TryGetElements(race, flow.Types, elements, out var collection) || collection is not null || elements.Count != 2)
        {
            return false;
        }

        for (var i = 0; i < 2; i++)
        {
            if (AsDelay(elements[i], flow) is { } candidate)
            {
                delay = candidate;
                delayElement = elements[i];
                work = elements[1 - i];
                break;
            }
        }

        return delay is not null && !IsInfiniteDelay(delay) && AsDelay(work!, flow) is null;
    }

    /// <summary>
    /// <c>timeProvider.Delay(t, …)</c> (<c>System.Threading.Tasks.TimeProviderTaskExtensions.Delay</c>): Task.Delay on a
    /// given clock, so a race against it is a timer race too; so is a durable orchestration's timer (<see cref="DurableTimers"/>).
    /// </summary>
    public static bool IsClockDelay(IOperation operation, CancellationFlow flow) =>
        OriginOf(operation, flow) is IInvocationOperation
        {
            TargetMethod:
            {
                Name: "Delay",
                ContainingType: { Name: "TimeProviderTaskExtensions", ContainingNamespace: { Name: "Tasks", ContainingNamespace.Name: "Threading" } },
            },
        } || DurableTimers.IsDurableTimer(OriginOf(operation, flow));

    /// <summary>
    /// A grace period: <c>Task.WhenAll(Task.Delay(t), …)</c> (inline or through a local) with a finite delay among
    /// the gathered tasks. It completes no earlier than the timer, so a race against it is a timed wait.
    /// </summary>
    public static bool IsTimerGatheredWithOthers(IOperation operation, CancellationFlow flow)
    {
        if (OriginOf(operation, flow) is not IInvocationOperation whenAll ||
            !TaskObservation.IsStaticMethodOf(whenAll.TargetMethod, flow.Types.Task, "WhenAll"))
        {
            return false;
        }

        var gathered = new List<IOperation>();
        if (!TryGetElements(whenAll, flow.Types, gathered, out _))
        {
            return false;
        }

        foreach (var element in gathered)
        {
            if (AsDelay(element, flow) is { } delay && !IsInfiniteDelay(delay))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>Task.Delay(Timeout.InfiniteTimeSpan)</c> or <c>Task.Delay(-1)</c>: no timer, nothing races.</summary>
    public static bool IsInfiniteDelay(IInvocationOperation delay)
    {
        if (delay.Arguments.Length == 0)
        {
            return false;
        }

        var duration = CancellationFlow.Unwrap(delay.Arguments[0].Value);
        if (duration.ConstantValue is { HasValue: true, Value: int milliseconds })
        {
            return milliseconds == -1;
        }

        return duration is IFieldReferenceOperation { Field: { Name: "InfiniteTimeSpan", ContainingType.Name: "Timeout" } };
    }

    /// <summary>
    /// A started operation (<see cref="IsStartedOperation"/>) that is not a call of a non-async method of the compilation that
    /// only hands back a task that already exists (<see cref="ExistingTaskCallees"/>: a local function returning a field's
    /// <c>tcs.Task</c> under a lock, SlimMessageBus' <c>AsyncManualResetEvent</c>). Such a call is a signal: nothing was started
    /// here, so there is nothing to cancel; nor a call that returns a completed task on every path
    /// (<see cref="ExistingTaskCallees.ReturnsCompletedTasks"/>). Decided per method, once per compilation.
    /// </summary>
    public static bool IsStartedWork(IOperation origin, CancellationFlow flow) => IsStartedWork(origin, flow, depth: 0);

    /// <summary>
    /// Also not work: <c>task.WaitAsync(token)</c> of a task that is not started work (<c>_stopped.Task.WaitAsync(token)</c>,
    /// dotnet-monitor's capture operation): the wait starts nothing, and its token only ends the waiting.
    /// </summary>
    private static bool IsStartedWork(IOperation origin, CancellationFlow flow, int depth) =>
        IsStartedOperation(origin, flow.Types) &&
        !(origin is IInvocationOperation call && call.SemanticModel is { } model &&
          ExistingTaskCallees.For(model.Compilation).StartsNoWork(call, flow.Types)) &&
        !(depth < 4 && origin is IInvocationOperation { TargetMethod: { Name: "WaitAsync", IsStatic: false } wait, Instance: { } waited } &&
          flow.Types.IsTask(wait.ContainingType) && !IsStartedWork(OriginOf(waited, flow), flow, depth + 1));

    /// <summary>
    /// A task-returning call that starts work: not Task.Delay, not a signal wait (<see cref="SignalWaits"/>), not the
    /// wait for a component's own completion (<see cref="CompletionWaits"/>), not an already-completed
    /// Task.FromResult/FromException/FromCanceled and not a labelled timer (<see cref="IsLabelledTimer"/>).
    /// </summary>
    public static bool IsStartedOperation(IOperation origin, AsyncTypes types) =>
        origin is IInvocationOperation invocation &&
        types.IsTask(invocation.Type) &&
        !SignalWaits.IsSignalWait(invocation) &&
        !CompletionWaits.IsCompletionWait(invocation) &&
        !(invocation.TargetMethod.IsStatic && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, types.Task) &&
          invocation.TargetMethod.Name is "Delay" or "FromResult" or "FromException" or "FromCanceled" or "WhenAny") &&
        !IsLabelledTimer(invocation, types);

    /// <summary>
    /// <c>Task.Delay(1000).ContinueWith(_ =&gt; "timeout")</c> (Playwright's HAR test): a delay whose continuation only hands
    /// back a constant, so the race's winner tells the timer apart by its value. A timer, not work: nothing to cancel or
    /// await but the delay (AG0104's concern). A continuation that calls anything is work.
    /// </summary>
    private static bool IsLabelledTimer(IInvocationOperation continuation, AsyncTypes types)
    {
        if (continuation is not { TargetMethod: { Name: "ContinueWith", IsStatic: false } method, Instance: { } antecedent } ||
            !types.IsTask(method.ContainingType) || continuation.Arguments.Length == 0 ||
            TaskObservation.SkipImplicitConversions(antecedent) is not IInvocationOperation delay ||
            !TaskObservation.IsStaticMethodOf(delay.TargetMethod, types.Task, "Delay"))
        {
            return false;
        }

        var body = TaskObservation.SkipImplicitConversions(continuation.Arguments[0].Value) is IDelegateCreationOperation
        {
            Target: IAnonymousFunctionOperation { Symbol.IsAsync: false } lambda,
        }
            ? lambda.Body
            : null;
        return body is { Operations.Length: 1 } &&
               body.Operations[0] is IReturnOperation { ReturnedValue: null or { ConstantValue.HasValue: true } } or
                   IReturnOperation { ReturnedValue: IConversionOperation { Operand.ConstantValue.HasValue: true } };
    }

    /// <summary>True when some started operation sits anywhere under <paramref name="root"/> (e.g. the lambda of a Select).</summary>
    public static bool ContainsStartedOperation(IOperation? root, AsyncTypes types)
    {
        if (root is null)
        {
            return false;
        }

        if (IsStartedOperation(root, types))
        {
            return true;
        }

        foreach (var child in root.ChildOperations)
        {
            if (ContainsStartedOperation(child, types))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>Async.Wait(tasks, …)</c> on tasks (not the factory form, which cancels and awaits what is pending itself)
    /// that can return with tasks still pending: a constant <c>when</c> other than AllCompleted, or a timeout.
    /// </summary>
    public static bool IsTaskFormWaitLeavingPending(IInvocationOperation invocation, AsyncTypes types)
    {
        var method = invocation.TargetMethod;
        if (method.Name != "Wait" || types.AsyncGuideAsync is null ||
            !SymbolEqualityComparer.Default.Equals(method.ContainingType, types.AsyncGuideAsync) ||
            method.Parameters.Length == 0 ||
            method.Parameters[0].Type is not INamedTypeSymbol { TypeArguments.Length: 1 } sequence ||
            sequence.TypeArguments[0].TypeKind == TypeKind.Delegate || !types.IsTask(sequence.TypeArguments[0]))
        {
            return false;
        }

        var leavesPending = false;
        foreach (var argument in invocation.Arguments)
        {
            switch (argument.Parameter?.Name)
            {
                case "when":
                    if (argument.ArgumentKind == ArgumentKind.DefaultValue)
                    {
                        break;
                    }

                    if (argument.Value.ConstantValue is not { HasValue: true, Value: int when })
                    {
                        return false;
                    }

                    leavesPending |= when != 0;
                    break;
                case "timeout":
                    leavesPending |= argument.ArgumentKind != ArgumentKind.DefaultValue &&
                                     argument.Value.ConstantValue is not { HasValue: true, Value: null };
                    break;
            }
        }

        return leavesPending;
    }

    /// <summary>The awaited result of a wait bound to a local or deconstructed (AG0103's case), or returned/passed on.</summary>
    public static bool IsWaitResultKept(IInvocationOperation invocation) =>
        AwaitedResultOf(invocation).Parent is IVariableInitializerOperation or IDeconstructionAssignmentOperation or
            ISimpleAssignmentOperation or IReturnOperation or IArgumentOperation;

    /// <summary>The wait's value as its consumer sees it: through conversions, <c>.ConfigureAwait(…)</c> and <c>await</c>.</summary>
    public static IOperation AwaitedResultOf(IInvocationOperation wait)
    {
        IOperation current = wait;
        while (current.Parent is IConversionOperation or IAwaitOperation ||
               (current.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance == current))
        {
            current = current.Parent;
        }

        return current;
    }

    /// <summary>A call of the static <c>Task.&lt;name&gt;</c> anywhere under <paramref name="root"/>.</summary>
    public static bool ContainsTaskCall(IOperation root, AsyncTypes types, string name)
    {
        if (root is IInvocationOperation invocation && TaskObservation.IsStaticMethodOf(invocation.TargetMethod, types.Task, name))
        {
            return true;
        }

        foreach (var child in root.ChildOperations)
        {
            if (ContainsTaskCall(child, types, name))
            {
                return true;
            }
        }

        return false;
    }
}
