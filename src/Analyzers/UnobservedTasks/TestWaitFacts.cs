namespace AsyncGuide.Analyzers;

/// <summary>
/// Where an operation tree awaits, and where its last test framework assertion starts (<see cref="TestFrameworkApis.IsAssertion"/>,
/// not <c>Debug.Assert</c>):
/// a background producer a test drops and then waits on and asserts about fails the test when it fails. Built once per tree,
/// only when a dropped <c>Task.Run</c> is about to be reported.
/// </summary>
internal sealed class TestWaitFacts
{
    private readonly List<int> _awaits;
    private readonly List<int> _boundedAwaits;
    private readonly List<IInvocationOperation> _awaitedCalls;
    private readonly Dictionary<string, int> _readBack;
    private readonly HashSet<ILocalSymbol> _writtenLocals;
    private readonly int _lastAssertionEnd;

    private TestWaitFacts(
        List<int> awaits,
        List<int> boundedAwaits,
        List<IInvocationOperation> awaitedCalls,
        Dictionary<string, int> readBack,
        HashSet<ILocalSymbol> writtenLocals,
        int lastAssertion,
        int lastAssertionEnd,
        int lastFinalizerWait)
    {
        _awaits = awaits;
        _boundedAwaits = boundedAwaits;
        _awaitedCalls = awaitedCalls;
        _readBack = readBack;
        _writtenLocals = writtenLocals;
        LastAssertion = lastAssertion;
        _lastAssertionEnd = lastAssertionEnd;
        LastFinalizerWait = lastFinalizerWait;
    }

    /// <summary>
    /// Start of the last <c>GC.WaitForPendingFinalizers()</c> call, or -1: a body that forces finalization after dropping a task
    /// wants that task's exception unobserved (Sentry's test of its <c>UnobservedTaskException</c> integration).
    /// </summary>
    public int LastFinalizerWait { get; }

    /// <summary>
    /// Some awaited call on the same receiver as <paramref name="receiver"/> (the same chain of locals, parameters, fields and
    /// properties from <c>this</c>) starts after <paramref name="position"/> and before the last assertion.
    /// </summary>
    public bool AwaitsOnTheSameReceiverThenAssertsAfter(IOperation receiver, int position)
    {
        foreach (var awaited in _awaitedCalls)
        {
            var start = awaited.Syntax.SpanStart;
            if (start > position && start < LastAssertion && awaited.Instance is { } instance && SameReceiver(instance, receiver))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// An assertion starting after <paramref name="position"/> that expects an effect (<see cref="ExpectsNothingHappened"/>)
    /// reads a member of <paramref name="target"/> (a property, a field, a method called on it, an extension method given it),
    /// directly or through a local made after <paramref name="position"/> from such a read. Matched by the receiver chain
    /// (<see cref="MockVerificationFacts.ReceiverKey"/>), looked up in the tree's index.
    /// </summary>
    public bool AssertsStateOfAfter(IOperation target, int position) =>
        MockVerificationFacts.ReceiverKey(target) is { } key && _readBack.TryGetValue(key, out var latest) && latest > position;

    /// <summary>The local is assigned, or handed by <c>ref</c>/<c>out</c>, somewhere in the tree besides its declaration.</summary>
    public bool IsWrittenAgain(ILocalSymbol local) => _writtenLocals.Contains(local);

    /// <summary>
    /// <c>Assert.IsFalse(clientConnected)</c>, <c>Assert.Null(response)</c>, <c>Assert.That(count, Is.Zero)</c>: an assertion that
    /// holds when the work's effect is missing, so work that failed passes it as well as work that never ran (vstest's
    /// <c>WaitForClientConnectionShouldReturnFalseIfClientIsNotConnected</c> leaves its accept to fault). By the assertion's
    /// name, or, for NUnit's <c>Assert.That</c>, a constraint reading <c>False</c>, <c>Null</c>, <c>Zero</c>, <c>Empty</c> or
    /// <c>Not</c>.
    /// </summary>
    private static bool ExpectsNothingHappened(IInvocationOperation assertion)
    {
        if (assertion.TargetMethod.Name is "False" or "IsFalse" or "Null" or "IsNull" or "NotEqual" or "AreNotEqual" or "Empty" or
            "IsEmpty" or "Zero" or "IsZero" or "DoesNotContain" or "NotSame" or "AreNotSame" or "IsNotInstanceOfType")
        {
            return true;
        }

        if (assertion.TargetMethod.Name != "That")
        {
            return false;
        }

        foreach (var operation in assertion.Descendants())
        {
            if (operation is IPropertyReferenceOperation { Property: { IsStatic: true, Name: "False" or "Null" or "Zero" or "Empty" or "Not" } })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The receiver whose member <paramref name="operation"/> reads, or null.</summary>
    private static IOperation? ReceiverOfMemberRead(IOperation? operation) => operation switch
    {
        IPropertyReferenceOperation { Instance: { } owner } => owner,
        IFieldReferenceOperation { Instance: { } owner } => owner,
        IInvocationOperation { Instance: { } owner } => owner,
        IInvocationOperation { TargetMethod.IsExtensionMethod: true, Arguments.Length: > 0 } extension => extension.Arguments[0].Value,
        _ => null,
    };

    /// <summary>
    /// Records, for each receiver chain a positive assertion reads a member of, the latest position after which a drop counts
    /// as read back: the assertion's start, or for a read through a local, the earlier of it and the local's declaration.
    /// </summary>
    private static void IndexReadBack(
        IInvocationOperation assertion, Dictionary<ILocalSymbol, (string Key, int Declared)> madeFromMembers, Dictionary<string, int> readBack)
    {
        var start = assertion.Syntax.SpanStart;
        foreach (var operation in assertion.Descendants())
        {
            if (ReceiverOfMemberRead(operation) is { } receiver && MockVerificationFacts.ReceiverKey(receiver) is { } key)
            {
                Record(readBack, key, start);
            }
            else if (operation is ILocalReferenceOperation { Local: var local } && madeFromMembers.TryGetValue(local, out var made))
            {
                Record(readBack, made.Key, System.Math.Min(start, made.Declared));
            }
        }
    }

    private static void Record(Dictionary<string, int> readBack, string key, int position)
    {
        if (!readBack.TryGetValue(key, out var known) || known < position)
        {
            readBack[key] = position;
        }
    }

    private static bool SameReceiver(IOperation? left, IOperation? right)
    {
        for (var depth = 0; depth < 8; depth++)
        {
            left = TaskObservation.SkipImplicitConversions(left);
            right = TaskObservation.SkipImplicitConversions(right);
            switch (left, right)
            {
                case (IInstanceReferenceOperation, IInstanceReferenceOperation):
                    return true;
                case (ILocalReferenceOperation a, ILocalReferenceOperation b):
                    return SymbolEqualityComparer.Default.Equals(a.Local, b.Local);
                case (IParameterReferenceOperation a, IParameterReferenceOperation b):
                    return SymbolEqualityComparer.Default.Equals(a.Parameter, b.Parameter);
                case (IFieldReferenceOperation a, IFieldReferenceOperation b) when SymbolEqualityComparer.Default.Equals(a.Field, b.Field):
                    if (a.Instance is null || b.Instance is null)
                    {
                        return a.Instance is null && b.Instance is null;
                    }

                    left = a.Instance;
                    right = b.Instance;
                    break;
                case (IPropertyReferenceOperation { Arguments.IsEmpty: true } a, IPropertyReferenceOperation { Arguments.IsEmpty: true } b)
                    when SymbolEqualityComparer.Default.Equals(a.Property, b.Property):
                    if (a.Instance is null || b.Instance is null)
                    {
                        return a.Instance is null && b.Instance is null;
                    }

                    left = a.Instance;
                    right = b.Instance;
                    break;
                default:
                    return false;
            }
        }

        return false;
    }

    /// <summary>Start of the last assertion call, or -1 when the tree has none.</summary>
    public int LastAssertion { get; }

    /// <summary>Some await starts after <paramref name="position"/> and before the last assertion.</summary>
    public bool AwaitsThenAssertsAfter(int position) => LastAssertion >= position && AnyBetween(_awaits, position, LastAssertion);

    /// <summary>
    /// Some bounded wait starts after <paramref name="position"/> and before the last assertion ends: an await that gives up
    /// (<see cref="IsBounded"/>), or a blocking wait with a time limit whose answer is a <c>bool</c>
    /// (<c>Assert.IsTrue(_discoveryCompleted.Wait(Timeout10Seconds))</c>, vstest's parallel-proxy tests; <see cref="IsBoundedBlockingWait"/>).
    /// A producer that failed ends in a failed assertion, not in a test that hangs.
    /// </summary>
    public bool BoundedAwaitThenAssertsAfter(int position) =>
        LastAssertion >= position && AnyBetween(_boundedAwaits, position, _lastAssertionEnd);

    /// <summary>The positions are in source order: the first one after <paramref name="position"/> decides.</summary>
    private static bool AnyBetween(List<int> positions, int position, int end)
    {
        var low = 0;
        var high = positions.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (positions[middle] <= position)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low < positions.Count && positions[low] < end;
    }

    public static TestWaitFacts Build(IOperation root, AsyncTypes types)
    {
        var awaits = new List<int>();
        var boundedAwaits = new List<int>();
        var awaitedCalls = new List<IInvocationOperation>();
        var readBack = new Dictionary<string, int>();
        var writtenLocals = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        var madeFromMembers = new Dictionary<ILocalSymbol, (string Key, int Declared)>(SymbolEqualityComparer.Default);
        var lastAssertion = -1;
        var lastAssertionEnd = -1;
        var lastFinalizerWait = -1;
        foreach (var operation in root.DescendantsAndSelf())
        {
            if (operation is IInvocationOperation
                {
                    TargetMethod: { Name: "WaitForPendingFinalizers", IsStatic: true, ContainingType: { Name: "GC" } gc },
                } finalizers &&
                gc.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true })
            {
                lastFinalizerWait = System.Math.Max(lastFinalizerWait, finalizers.Syntax.SpanStart);
            }

            if (operation.Kind == OperationKind.Await)
            {
                awaits.Add(operation.Syntax.SpanStart);
                if (operation is IAwaitOperation { Operation: var waited } && IsBounded(waited, types))
                {
                    boundedAwaits.Add(operation.Syntax.SpanStart);
                }

                if (operation is IAwaitOperation { Operation: var awaited } &&
                    TaskObservation.SkipImplicitConversions(awaited) is IInvocationOperation call)
                {
                    var unwrapped = call.TargetMethod.Name == "ConfigureAwait" && call.Instance is IInvocationOperation configured
                        ? configured
                        : call;
                    awaitedCalls.Add(unwrapped);
                }
            }
            else if (operation is IInvocationOperation call && TestFrameworkApis.IsAssertion(call.TargetMethod) &&
                     // A test framework's or Coyote's assertion; `Debug.Assert` runs in product code too.
                     call.TargetMethod.ContainingType.ContainingNamespace?.ToDisplayString() != "System.Diagnostics")
            {
                if (!ExpectsNothingHappened(call))
                {
                    IndexReadBack(call, madeFromMembers, readBack);
                }

                if (call.Syntax.SpanStart > lastAssertion)
                {
                    lastAssertion = call.Syntax.SpanStart;
                    lastAssertionEnd = call.Syntax.Span.End;
                }
            }
            else if (operation is IInvocationOperation blocking && IsBoundedBlockingWait(blocking, types))
            {
                boundedAwaits.Add(blocking.Syntax.SpanStart);
            }
            else if (operation is IVariableDeclaratorOperation { Initializer.Value: var made } declarator &&
                     ReceiverOfMemberRead(TaskObservation.SkipImplicitConversions(made)) is { } owner &&
                     MockVerificationFacts.ReceiverKey(owner) is { } ownerKey)
            {
                // `var response = channel.ReadOutbound<T>();`: an assertion on the local reads the channel back.
                madeFromMembers[declarator.Symbol] = (ownerKey, declarator.Syntax.SpanStart);
            }
            else if (operation is ILocalReferenceOperation { Local: var written } reference &&
                     ((reference.Parent is IAssignmentOperation assignment && assignment.Target == reference) ||
                      reference.Parent is IArgumentOperation { Parameter.RefKind: not RefKind.None } ||
                      reference.Parent is ITupleOperation { Parent: IDeconstructionAssignmentOperation }))
            {
                writtenLocals.Add(written);
            }
        }

        awaits.Sort();
        boundedAwaits.Sort();
        return new TestWaitFacts(
            awaits, boundedAwaits, awaitedCalls, readBack, writtenLocals, lastAssertion, lastAssertionEnd, lastFinalizerWait);
    }

    /// <summary>
    /// A blocking wait that gives up and says so: a call answering <c>bool</c> given a time limit (<see cref="IsTimeLimit"/>):
    /// <c>ManualResetEventSlim.Wait(timeout)</c>, <c>WaitHandle.WaitOne(millisecondsTimeout)</c>, <c>Task.Wait(TimeSpan)</c>,
    /// <c>SpinWait.SpinUntil(condition, timeout)</c>.
    /// </summary>
    private static bool IsBoundedBlockingWait(IInvocationOperation call, AsyncTypes types) =>
        call.TargetMethod.ReturnType.SpecialType == SpecialType.System_Boolean && HasATimeLimit(call, types);

    private static bool HasATimeLimit(IInvocationOperation call, AsyncTypes types)
    {
        foreach (var argument in call.Arguments)
        {
            if (IsTimeLimit(argument, types))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A wait that gives up: <c>Task.Delay(…)</c>, a race with one (<c>Task.WhenAny(signal, Task.Delay(…))</c>), or a call given
    /// a time limit (a <c>TimeSpan</c>, an <c>int millisecondsTimeout</c>, the token of a source made with a delay) as
    /// Foundatio's <c>queue.DequeueAsync(TimeSpan.FromSeconds(10))</c> or <c>signal.WaitAsync(timeout)</c>. Not a poll that runs
    /// until the producer's effect shows up (<c>client.CallToolWithPollingAsync(request, ct)</c> in the MCP SDK's tests).
    /// </summary>
    private static bool IsBounded(IOperation waited, AsyncTypes types)
    {
        for (var depth = 0; depth < 4 && TaskObservation.SkipImplicitConversions(waited) is IInvocationOperation call; depth++)
        {
            if (FailureHandling.IsDelay(call.TargetMethod, types))
            {
                return true;
            }

            if (TaskObservation.IsStaticMethodOf(call.TargetMethod, types.Task, "WhenAny"))
            {
                return HasADelayArgument(call, types);
            }

            if (HasATimeLimit(call, types))
            {
                return true;
            }

            // `signal.WaitAsync(timeout).ConfigureAwait(false)`, `queue.DequeueAsync(…).AsTask()`.
            waited = call.Instance!;
        }

        return false;
    }

    private static bool IsTimeLimit(IArgumentOperation argument, AsyncTypes types)
    {
        if (argument.Parameter is not { } parameter || argument.ArgumentKind == ArgumentKind.DefaultValue)
        {
            return false;
        }

        if (parameter.Type is { Name: "TimeSpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
        {
            return true;
        }

        if (parameter.Type.SpecialType == SpecialType.System_Int32 &&
            parameter.Name.IndexOf("timeout", System.StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return true;
        }

        // `cts.Token` of `var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));`.
        return TaskObservation.SkipImplicitConversions(argument.Value) is IPropertyReferenceOperation
        {
            Property.Name: "Token", Instance: ILocalReferenceOperation { Local: var source },
        } && SymbolEqualityComparer.Default.Equals(source.Type, types.CancellationTokenSource) && MadeWithADelay(source);
    }

    private static bool MadeWithADelay(ILocalSymbol source)
    {
        foreach (var reference in source.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is VariableDeclaratorSyntax
                {
                    Initializer.Value: BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: > 0 },
                })
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasADelayArgument(IInvocationOperation race, AsyncTypes types)
    {
        foreach (var operation in race.Descendants())
        {
            if (operation is IInvocationOperation delay && FailureHandling.IsDelay(delay.TargetMethod, types))
            {
                return true;
            }
        }

        return false;
    }
}
