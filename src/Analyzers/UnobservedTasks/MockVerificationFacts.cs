using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuide.Analyzers;

/// <summary>
/// Where the last mocking-library verification call of an operation tree starts: a task dropped
/// before it is the placeholder a mock returned to the code under test, and the test checks the
/// forwarding, not the completion. Built once per tree, only when a drop is about to be reported.
/// </summary>
internal sealed class MockVerificationFacts
{
    private MockVerificationFacts(int lastVerification) => LastVerification = lastVerification;

    /// <summary>Start of the last verification call, or -1 when the tree has none.</summary>
    public int LastVerification { get; }

    public static MockVerificationFacts Build(IOperation root)
    {
        var last = -1;
        foreach (var operation in root.DescendantsAndSelf())
        {
            if (operation.Kind == OperationKind.Invocation &&
                ((IInvocationOperation)operation).TargetMethod is { } method &&
                MockingApis.IsVerification(method) &&
                operation.Syntax.SpanStart > last)
            {
                last = operation.Syntax.SpanStart;
            }
        }

        return new MockVerificationFacts(last);
    }
}
