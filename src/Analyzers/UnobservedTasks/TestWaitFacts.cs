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
    private readonly List<IInvocationOperation> _awaitedCalls;

    private TestWaitFacts(List<int> awaits, List<IInvocationOperation> awaitedCalls, int lastAssertion)
    {
        _awaits = awaits;
        _awaitedCalls = awaitedCalls;
        LastAssertion = lastAssertion;
    }

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
    public bool AwaitsThenAssertsAfter(int position)
    {
        if (LastAssertion < position)
        {
            return false;
        }

        // The awaits are in source order: the first one after the position decides.
        var low = 0;
        var high = _awaits.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_awaits[middle] <= position)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low < _awaits.Count && _awaits[low] < LastAssertion;
    }

    public static TestWaitFacts Build(IOperation root)
    {
        var awaits = new List<int>();
        var awaitedCalls = new List<IInvocationOperation>();
        var lastAssertion = -1;
        foreach (var operation in root.DescendantsAndSelf())
        {
            if (operation.Kind == OperationKind.Await)
            {
                awaits.Add(operation.Syntax.SpanStart);
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
                     call.TargetMethod.ContainingType.ContainingNamespace?.ToDisplayString() != "System.Diagnostics" &&
                     call.Syntax.SpanStart > lastAssertion)
            {
                lastAssertion = call.Syntax.SpanStart;
            }
        }

        awaits.Sort();
        return new TestWaitFacts(awaits, awaitedCalls, lastAssertion);
    }
}
