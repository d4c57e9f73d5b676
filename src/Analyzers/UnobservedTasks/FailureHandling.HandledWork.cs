namespace AsyncGuide.Analyzers;

internal static partial class FailureHandling
{
    /// <summary>
    /// An async body that handles the work it waits on, with housekeeping around it (round 9's family A: iotedge's delayed twin
    /// pull takes a lock and logs around its handling <c>try</c>, reverse-proxy's timer callback locks, casts and disposes before
    /// it). It holds when:
    /// <list type="bullet">
    /// <item>every await outside a handling <c>try</c> waits on what cannot fault: <c>Task.Delay</c>, <c>Task.Yield</c>,
    /// <c>SemaphoreSlim.WaitAsync</c>, a lock acquisition (<c>using (await _lock.LockAsync())</c>, a plain <c>IDisposable</c>
    /// releaser), a custom awaitable of the compilation whose <c>GetResult</c> cannot throw, or a callee that cannot fault
    /// (<see cref="CalleeFaultFacts.CannotFaultWithoutFollowingAwaits"/>, when <paramref name="followAwaits"/>);</item>
    /// <item>some awaited work is handled (a handling <c>try</c> that awaits, or an await of a callee that cannot fault), or the
    /// body only waits (Foundatio's startup wait: a loop of <c>await Task.Delay(1000, token)</c> that logs and returns a
    /// result);</item>
    /// <item>outside the handling <c>try</c> blocks: no <c>throw</c> but checks of the use (<see cref="ContractGuards"/>), no
    /// delegate call, no call of an abstract or interface member
    /// of the compilation (a listener: unknown code), no call or constructor of the compilation whose own body (or, virtual,
    /// an override's) throws, no
    /// <c>await foreach</c> or <c>await using</c>.</item>
    /// </list>
    /// Calls of other assemblies outside the <c>try</c> (a log call, <c>Interlocked</c>, <c>Dispose</c>, a dictionary update,
    /// <c>Convert</c>) are taken as housekeeping that does not throw: a deliberate trade, documented on AG0001's page, that leaves
    /// unreported a body whose synchronous library call outside its handling <c>try</c> throws.
    /// </summary>
    /// <param name="body">An async method's or lambda's body.</param>
    /// <param name="types">The compilation's task types.</param>
    /// <param name="callees">The compilation's callee facts.</param>
    /// <param name="followAwaits">Accept awaits of callees that cannot fault; off when deciding such a callee (no cycles).</param>
    public static bool HandlesItsAwaitedWork(IBlockOperation body, AsyncTypes types, CalleeFaultFacts callees, bool followAwaits)
    {
        var walk = new HandledWorkWalk(types, callees, followAwaits);
        return walk.Accepts(body) && (walk.HandledWork > 0 || walk.Waits > 0);
    }

    /// <summary>
    /// A synchronous body (or statement) of housekeeping only (the outside-the-try rules of <see cref="HandlesItsAwaitedWork"/>:
    /// no throw, callback, interface or virtual call of the project, array index, or library work): a continuation that logs its
    /// antecedent's failure (the Event Hubs partition manager's lease renewals).
    /// </summary>
    public static bool IsHousekeeping(IOperation body, AsyncTypes types, CalleeFaultFacts callees) =>
        new HandledWorkWalk(types, callees, followAwaits: false).Accepts(body);

    private static readonly string[] WorkNamespaces =
    {
        "System.IO", "System.Net", "System.Data", "Microsoft.Data", "System.Text.Json", "Newtonsoft.Json", "System.Xml",
        "System.Reflection", "System.Runtime.Serialization", "System.Security.Cryptography",
    };

    /// <summary>
    /// Library calls that do work which fails on bad input or a bad world, by namespace and type (I/O, networking, data,
    /// serialization, reflection, cryptography, processes, URIs), and members that throw by contract: <c>Parse</c>,
    /// <c>ParseExact</c>, a completion source's non-Try <c>Set…</c>, blocking waits on a task, LINQ's <c>First</c>,
    /// <c>Single</c>, <c>Last</c> and <c>ElementAt</c>.
    /// </summary>
    internal static bool IsLibraryWork(IMethodSymbol method)
    {
        var type = method.ContainingType?.OriginalDefinition;
        if (type is null)
        {
            return false;
        }

        var ns = type.ContainingNamespace?.ToDisplayString() ?? "";
        foreach (var prefix in WorkNamespaces)
        {
            if (ns == prefix || ns.StartsWith(prefix + ".", System.StringComparison.Ordinal))
            {
                return true;
            }
        }

        return (ns, type.MetadataName) switch
        {
            ("System.Diagnostics", "Process") or ("System", "Uri") => true,
            ("System.Threading.Tasks", "TaskCompletionSource" or "TaskCompletionSource`1") =>
                method.Name is "SetResult" or "SetException" or "SetCanceled",
            ("System.Threading.Tasks", "Task" or "Task`1") => method.Name is "Wait" or "WaitAll" or "WaitAny" or "RunSynchronously",
            ("System.Runtime.CompilerServices", _) => method.Name == "GetResult",
            ("System.Linq", "Enumerable" or "Queryable") => method.Name is "First" or "Single" or "Last" or "ElementAt",
            _ => method.Name is "Parse" or "ParseExact",
        };
    }

    private sealed class HandledWorkWalk
    {
        private const int MaxDepth = 64;
        private readonly AsyncTypes _types;
        private readonly CalleeFaultFacts _callees;
        private readonly bool _followAwaits;

        public HandledWorkWalk(AsyncTypes types, CalleeFaultFacts callees, bool followAwaits)
        {
            _types = types;
            _callees = callees;
            _followAwaits = followAwaits;
        }

        /// <summary>Pieces of awaited work seen handled: handling tries that await, awaits of callees that cannot fault.</summary>
        public int HandledWork { get; private set; }

        /// <summary>Awaits outside a handling try of waits that complete or end Canceled (a delay, a gate, a lock).</summary>
        public int Waits { get; private set; }

        public bool Accepts(IOperation operation) => Accepts(operation, depth: 0);

        private bool Accepts(IOperation operation, int depth)
        {
            if (depth > MaxDepth)
            {
                return false;
            }

            switch (operation)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    // Made here, run elsewhere (a local function called here is checked at its call).
                    return true;
                case IThrowOperation thrown:
                    // `if (_disposed) throw new ObjectDisposedException(…);`: a check of the use, like the framework's ThrowIf.
                    return thrown.SemanticModel is { } model && ContractGuards.IsGuard(thrown.Syntax, model) && ChildrenAccepted(thrown, depth);
                case ITryOperation tryOperation when IsHandlingTry(tryOperation, _types, _callees, isAsync: true):
                    if (ContainsAwait(tryOperation.Body))
                    {
                        HandledWork++;
                    }

                    return true;
                case IForEachLoopOperation { IsAsynchronous: true } or IUsingOperation { IsAsynchronous: true } or
                    IUsingDeclarationOperation { IsAsynchronous: true }:
                    return false;
                case IAwaitOperation awaitOperation:
                    return AwaitCannotFault(awaitOperation, depth);
                case IArrayElementReferenceOperation:
                    // An index out of range (a fill loop with the wrong bound); proven fills are the strict rule's.
                    return false;
                case IInvocationOperation call:
                    return CallIsHousekeeping(call.TargetMethod) && ChildrenAccepted(call, depth);
                case IPropertyReferenceOperation property when IsOfTheCompilation(property.Property):
                    // A property of the project runs its accessor: `entry.Checked = value` with a setter that throws.
                    var accessor = property.Parent is IAssignmentOperation assignment && assignment.Target == property
                        ? property.Property.SetMethod
                        : property.Property.GetMethod;
                    return (accessor is null || CallIsHousekeeping(accessor)) && ChildrenAccepted(property, depth);
                case IObjectCreationOperation creation:
                    return (creation.Constructor is not { } constructor || CallIsHousekeeping(constructor)) &&
                           ChildrenAccepted(creation, depth);
                default:
                    return ChildrenAccepted(operation, depth);
            }
        }

        private bool ChildrenAccepted(IOperation operation, int depth)
        {
            foreach (var child in operation.ChildOperations)
            {
                if (!Accepts(child, depth + 1))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// A call (or constructor) outside the handling <c>try</c> that is housekeeping: a library member that is not work
        /// (<see cref="IsLibraryWork"/>), a start of a non-virtual async method of the compilation (it throws into its task, not
        /// here), or a member of the compilation (not abstract or of an interface: a listener is unknown
        /// code) whose body, and every override's in the compilation for a virtual one, followed through the compilation's own
        /// calls, has no throw.
        /// </summary>
        private bool CallIsHousekeeping(IMethodSymbol method)
        {
            if (method.MethodKind == MethodKind.DelegateInvoke)
            {
                return false;
            }

            if (!IsOfTheCompilation(method))
            {
                return !IsLibraryWork(method);
            }

            if (method.IsAbstract || method.ContainingType.TypeKind == TypeKind.Interface)
            {
                return false;
            }

            if (method is { IsVirtual: true } or { IsOverride: true } && !method.IsSealed && !method.ContainingType.IsSealed)
            {
                return _callees.VirtualBodiesHaveNoThrow(method);
            }

            // `_ = ReconnectSynchronized(ReconnectionType.Lost, false, causedException);` (websocket-client's listen loop): an async
            // method of the compilation does not throw at its call; its failure goes into the task it returns (awaited, that is
            // the await's to judge; dropped, AG0001 reports that drop).
            return method.IsAsync || _callees.BodyHasNoThrow(method);
        }

        private bool AwaitCannotFault(IAwaitOperation awaitOperation, int depth)
        {
            if (TaskObservation.SkipImplicitConversions(awaitOperation.Operation) is not { } awaited)
            {
                return false;
            }

            var value = TaskObservation.UnwrapConfigureAwait(awaited, _types);
            if (value is IInvocationOperation call)
            {
                var method = call.TargetMethod;
                if (IsNeverFaultingWait(method) || IsLockAcquisition(awaitOperation))
                {
                    Waits++;
                    return ChildrenAccepted(call, depth);
                }

                if (_followAwaits && IsOfTheCompilation(method) && !method.IsAbstract && !method.IsVirtual &&
                    (!method.IsOverride || method.IsSealed || method.ContainingType.IsSealed) &&
                    _callees.CannotFaultWithoutFollowingAwaits(method))
                {
                    HandledWork++;
                    return ChildrenAccepted(call, depth);
                }

                return false;
            }

            // `while (await timer)`: a custom awaitable of the compilation whose GetResult cannot throw (azure-signalr's timer).
            return value is ILocalReferenceOperation or IFieldReferenceOperation or IParameterReferenceOperation &&
                   value.Type?.OriginalDefinition is { } awaitable && IsOfTheCompilation(awaitable) &&
                   awaitOperation.Syntax is AwaitExpressionSyntax syntax &&
                   awaitOperation.SemanticModel?.GetAwaitExpressionInfo(syntax).GetResultMethod is { } getResult &&
                   IsOfTheCompilation(getResult) && !getResult.IsAbstract && _callees.BodyHasNoThrow(getResult);
        }

        /// <summary>
        /// <c>Task.Delay</c> (or <c>TimeProvider</c>'s), <c>Task.Yield</c>, <c>Task.WhenAny</c>, <c>SemaphoreSlim.WaitAsync</c> and
        /// <c>PeriodicTimer.WaitForNextTickAsync</c>: they end Canceled or complete.
        /// </summary>
        private bool IsNeverFaultingWait(IMethodSymbol method)
        {
            // `await Task.WhenAny(work, delay)` completes with the winner, never with its failure (cosmos' telemetry timeout).
            if (IsDelay(method, _types) || TaskObservation.IsStaticMethodOf(method, _types.Task, "Yield") ||
                TaskObservation.IsWhenAny(method, _types))
            {
                return true;
            }

            // `while (await timer.WaitForNextTickAsync(token))`: a PeriodicTimer's tick ends false once disposed, or Canceled.
            return method is { IsStatic: false, ContainingType: { Name: "SemaphoreSlim" or "PeriodicTimer" } gate } &&
                   method.Name == (gate.Name == "SemaphoreSlim" ? "WaitAsync" : "WaitForNextTickAsync") &&
                   gate.ContainingNamespace?.ToDisplayString() == "System.Threading";
        }

        /// <summary>
        /// <c>using (await _lock.LockAsync())</c>: an awaited releaser (a plain <c>IDisposable</c>) taken as a <c>using</c>
        /// resource. A resource of a concrete type (<c>await OpenConnectionAsync()</c>) is work, not a lock.
        /// </summary>
        private static bool IsLockAcquisition(IAwaitOperation awaitOperation)
        {
            if (awaitOperation.Type is not { SpecialType: SpecialType.System_IDisposable })
            {
                return false;
            }

            IOperation current = awaitOperation;
            while (current.Parent is IConversionOperation { IsImplicit: true } or IVariableInitializerOperation or
                   IVariableDeclaratorOperation or IVariableDeclarationOperation or IVariableDeclarationGroupOperation)
            {
                current = current.Parent;
            }

            return current.Parent is IUsingOperation { IsAsynchronous: false } usingOperation && usingOperation.Resources == current;
        }

        private bool IsOfTheCompilation(ISymbol symbol) =>
            SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, _callees.Assembly);

        private static bool ContainsAwait(IOperation operation)
        {
            foreach (var descendant in operation.Descendants())
            {
                if (descendant.Kind == OperationKind.Await)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
