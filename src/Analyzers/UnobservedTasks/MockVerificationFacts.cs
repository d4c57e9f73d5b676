namespace AsyncGuide.Analyzers;

/// <summary>
/// Where the last mocking-library verification call of an operation tree starts, and the first
/// argument capture: a task dropped before the verification (or after a capture) is the placeholder
/// a mock returned to the code under test, and the test checks the forwarding, not the completion.
/// Built once per tree, only when a drop is about to be reported.
/// </summary>
internal sealed class MockVerificationFacts
{
    private MockVerificationFacts(int lastVerification, int firstCapture, HashSet<string>? substitutes)
    {
        LastVerification = lastVerification;
        FirstCapture = firstCapture;
        Substitutes = substitutes;
    }

    /// <summary>
    /// Receivers the body hands to a mocking library, keyed by <see cref="ReceiverKey"/>: the receiver of
    /// <c>x.ClearReceivedCalls()</c>, <c>x.Received()</c>, <c>x.When(…)</c>, and of a call configured with
    /// <c>x.GetAsync(…).Returns(…)</c>. Null when there is none.
    /// </summary>
    public HashSet<string>? Substitutes { get; }

    /// <summary>
    /// A key for a receiver chain of locals, parameters, fields, properties and calls
    /// (<c>sutProvider.GetDependency&lt;IRepository&gt;()</c>); null for anything else (arguments are not part of it).
    /// </summary>
    public static string? ReceiverKey(IOperation? receiver, int depth = 0)
    {
        receiver = TaskObservation.SkipImplicitConversions(receiver);
        if (depth > 6)
        {
            return null;
        }

        switch (receiver)
        {
            case ILocalReferenceOperation local:
                return local.Local.Name;
            case IParameterReferenceOperation parameter:
                return parameter.Parameter.Name;
            case IInstanceReferenceOperation:
                return "this";
            case IFieldReferenceOperation field:
                return Member(field.Instance, field.Field.Name, depth);
            case IPropertyReferenceOperation { Arguments.Length: 0 } property:
                return Member(property.Instance, property.Property.Name, depth);
            case IInvocationOperation { Arguments.Length: 0 } call when !call.TargetMethod.IsExtensionMethod:
                return Member(call.Instance, call.TargetMethod.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat), depth);
            default:
                return null;
        }
    }

    private static string? Member(IOperation? instance, string name, int depth) =>
        instance is null ? name : ReceiverKey(instance, depth + 1) is { } outer ? outer + "." + name : null;

    /// <summary>Start of the last verification call, or -1 when the tree has none.</summary>
    public int LastVerification { get; }

    /// <summary>Start of the first argument capture (<see cref="MockingApis.IsArgumentCapture"/>), or -1 when the tree has none.</summary>
    public int FirstCapture { get; }

    public static MockVerificationFacts Build(IOperation root)
    {
        var last = -1;
        var firstCapture = -1;
        HashSet<string>? substitutes = null;
        foreach (var operation in root.DescendantsAndSelf())
        {
            if (operation.Kind != OperationKind.Invocation || ((IInvocationOperation)operation).TargetMethod is not { } method)
            {
                continue;
            }

            if (MockingApis.IsMockingLibrary(method) && SubstituteOf((IInvocationOperation)operation) is { } substitute)
            {
                (substitutes ??= new HashSet<string>()).Add(substitute);
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

        return new MockVerificationFacts(last, firstCapture, substitutes);
    }

    /// <summary>
    /// The substitute a mocking-library call acts on: its receiver (<c>x.ClearReceivedCalls()</c>), or, when that receiver
    /// is itself a call being configured (<c>x.GetAsync(1).Returns(…)</c>), that call's receiver.
    /// </summary>
    private static string? SubstituteOf(IInvocationOperation mocking)
    {
        var receiver = TaskObservation.SkipImplicitConversions(
            mocking.Instance ?? (mocking.TargetMethod.IsExtensionMethod && mocking.Arguments.Length > 0 ? mocking.Arguments[0].Value : null));
        if (receiver is IInvocationOperation configured && !MockingApis.IsMockingLibrary(configured.TargetMethod) &&
            !configured.TargetMethod.IsExtensionMethod && configured.Arguments.Length > 0)
        {
            receiver = configured.Instance;
        }

        return ReceiverKey(receiver);
    }
}
