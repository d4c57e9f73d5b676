namespace AsyncGuide.Analyzers;

/// <summary>
/// Calls whose task holds no exception to lose, shared by AG0001 (dropped) and AG0002 (stored):
/// StackExchange.Redis commands with <c>CommandFlags.FireAndForget</c> (an already-completed default
/// task by contract) or queued on an <c>ITransaction</c> (their outcome is what <c>Execute</c> reports;
/// an aborted transaction cancels them), methods of the compilation that cannot fault
/// (<see cref="CalleeFaultFacts"/>), fault-only continuations, calls whose delegate observes its own failure
/// (<see cref="ObservingDelegates"/>) and a <c>Task.WhenAll</c> of such work. Resolved once per compilation.
/// </summary>
internal sealed class PlaceholderTasks
{
    private readonly AsyncTypes _types;
    private readonly ObservingDelegates _delegates;
    private readonly INamedTypeSymbol? _redisCommandFlags;
    private readonly INamedTypeSymbol? _redisTransaction;

    public PlaceholderTasks(Compilation compilation, AsyncTypes types)
    {
        _types = types;
        Callees = CalleeFaultFacts.For(compilation, types);
        _delegates = Callees.Delegates;
        _redisCommandFlags = TypeLookup.For(compilation).Find("StackExchange.Redis.CommandFlags");
        _redisTransaction = TypeLookup.For(compilation).Find("StackExchange.Redis.ITransaction");
    }

    public CalleeFaultFacts Callees { get; }

    /// <summary>
    /// A test's producer lambda of statements that cannot throw or are housekeeping (<see cref="ObservingDelegates.IsHousekeepingOnly"/>).
    /// </summary>
    public bool IsHousekeepingOnly(IAnonymousFunctionOperation lambda) => _delegates.IsHousekeepingOnly(lambda);

    /// <summary><paramref name="call"/> is the core call (no <c>ConfigureAwait</c> around it).</summary>
    public bool CannotLoseAFailure(IInvocationOperation call) =>
        IsRedisFireAndForget(call) || IsQueuedOnRedisTransaction(call) || Callees.CannotFault(call.TargetMethod) ||
        Callees.NeverHandsBackATask(call.TargetMethod) ||
        Callees.IsFaultOnlyContinuation(call) || _delegates.ObserveTheirOwnFailure(call) || GathersOnlyWorkThatCannotFault(call) ||
        UnwrapsWorkThatCannotLoseAFailure(call);

    /// <summary>
    /// <c>Task.Factory.StartNew(DispatchLoop, token, options, scheduler).Unwrap()</c> (Hangfire's dispatcher): the unwrapped
    /// task holds the outer task's failure or the inner one's, and the started work can lose neither.
    /// </summary>
    private bool UnwrapsWorkThatCannotLoseAFailure(IInvocationOperation call) =>
        call.TargetMethod is { Name: "Unwrap", IsExtensionMethod: true, ContainingType: { Name: "TaskExtensions" } extensions } &&
        extensions.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks" &&
        TaskObservation.SkipImplicitConversions(TaskObservation.ReceiverOf(call)) is IInvocationOperation started &&
        CannotLoseAFailure(started);

    /// <summary>
    /// A dropped <c>Task.WhenAll(…)</c> of tasks that cannot fault, in the shapes a returned one is read
    /// (<see cref="WhenAllCatchInspection.GathersOnlyTasksThatCannotFault"/>): botbuilder's token resolver drops
    /// <c>Task.WhenAll(pollTokenTasks.ToArray())</c> over a list filled only with polls whose bodies log every failure.
    /// </summary>
    private bool GathersOnlyWorkThatCannotFault(IInvocationOperation call)
    {
        if (!TaskObservation.IsWhenAll(call.TargetMethod, _types))
        {
            return false;
        }

        IOperation root = call;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        return WhenAllCatchInspection.GathersOnlyTasksThatCannotFault(call, root, Callees);
    }

    /// <summary>
    /// Work that handles its own failures: a call whose delegate does (<c>Task.Run(async () =&gt; { try { … } catch (Exception ex) { … } })</c>),
    /// or an async method of the compilation that cannot fault. Non-async callees returning completed tasks are left out: in a
    /// race they are mostly stubs standing for real work.
    /// </summary>
    public bool HandlesItsOwnFailure(IInvocationOperation call) =>
        _delegates.ObserveTheirOwnFailure(call) || (call.TargetMethod.IsAsync && Callees.CannotFault(call.TargetMethod));

    /// <summary>StackExchange.Redis returns an already-completed default task for <c>CommandFlags.FireAndForget</c>.</summary>
    private bool IsRedisFireAndForget(IInvocationOperation call)
    {
        if (_redisCommandFlags is null)
        {
            return false;
        }

        const long FireAndForget = 2;
        foreach (var argument in call.Arguments)
        {
            if (SymbolEqualityComparer.Default.Equals(argument.Value.Type, _redisCommandFlags) &&
                argument.Value.ConstantValue is { HasValue: true, Value: { } flags } &&
                (System.Convert.ToInt64(flags, System.Globalization.CultureInfo.InvariantCulture) & FireAndForget) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A command on a StackExchange.Redis <c>ITransaction</c> (the receiver's static type): queued until
    /// <c>Execute</c>, whose result says whether the transaction ran. A plain <c>IBatch</c> is not enough:
    /// its documentation asks callers to check the individual responses.
    /// </summary>
    private bool IsQueuedOnRedisTransaction(IInvocationOperation call)
    {
        if (_redisTransaction is null || call.Instance is not { Type: { } receiverType })
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(receiverType, _redisTransaction))
        {
            return true;
        }

        foreach (var implemented in receiverType.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented, _redisTransaction))
            {
                return true;
            }
        }

        return false;
    }
}
