using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuide.Analyzers;

/// <summary>
/// Where the last mocking-library verification call of an operation tree starts, and the first
/// argument capture: a task dropped before the verification (or after a capture) is the placeholder
/// a mock returned to the code under test, and the test checks the forwarding, not the completion.
/// Built once per tree, only when a drop is about to be reported.
/// </summary>
internal sealed class MockVerificationFacts
{
    private MockVerificationFacts(int lastVerification, int firstCapture)
    {
        LastVerification = lastVerification;
        FirstCapture = firstCapture;
    }

    /// <summary>Start of the last verification call, or -1 when the tree has none.</summary>
    public int LastVerification { get; }

    /// <summary>Start of the first argument capture (<see cref="MockingApis.IsArgumentCapture"/>), or -1 when the tree has none.</summary>
    public int FirstCapture { get; }

    public static MockVerificationFacts Build(IOperation root)
    {
        var last = -1;
        var firstCapture = -1;
        foreach (var operation in root.DescendantsAndSelf())
        {
            if (operation.Kind != OperationKind.Invocation || ((IInvocationOperation)operation).TargetMethod is not { } method)
            {
                continue;
            }

            var start = operation.Syntax.SpanStart;
            if (MockingApis.IsVerification(method) && start > last)
            {
                last = start;
            }
            else if (MockingApis.IsArgumentCapture(method) && (firstCapture < 0 || start < firstCapture))
            {
                firstCapture = start;
            }
        }

        return new MockVerificationFacts(last, firstCapture);
    }
}
