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

    private TestWaitFacts(List<int> awaits, int lastAssertion)
    {
        _awaits = awaits;
        LastAssertion = lastAssertion;
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
        var lastAssertion = -1;
        foreach (var operation in root.DescendantsAndSelf())
        {
            if (operation.Kind == OperationKind.Await)
            {
                awaits.Add(operation.Syntax.SpanStart);
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
        return new TestWaitFacts(awaits, lastAssertion);
    }
}
