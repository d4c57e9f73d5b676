namespace AsyncGuide.Analyzers;

/// <summary>
/// The mocking libraries whose calls verify or record calls rather than start work: NSubstitute,
/// Moq and FakeItEasy, recognised by the root namespace of the library method called.
/// </summary>
internal static class MockingApis
{
    /// <summary>True for a method declared in NSubstitute, Moq or FakeItEasy.</summary>
    public static bool IsMockingLibrary(IMethodSymbol? method) =>
        RootNamespaceName(method?.ContainingType?.ContainingNamespace) is "NSubstitute" or "Moq" or "FakeItEasy";

    /// <summary>
    /// A call that checks recorded calls: NSubstitute <c>Received</c>/<c>DidNotReceive</c>/
    /// <c>ReceivedWithAnyArgs</c>/<c>DidNotReceiveWithAnyArgs</c>/<c>Received.InOrder</c>, Moq
    /// <c>Verify*</c>, FakeItEasy <c>MustHaveHappened*</c>/<c>MustNotHaveHappened</c>.
    /// </summary>
    public static bool IsVerification(IMethodSymbol method)
    {
        var original = (method.ReducedFrom ?? method).OriginalDefinition;
        switch (RootNamespaceName(original.ContainingType?.ContainingNamespace))
        {
            case "NSubstitute":
                return original.Name is "Received" or "DidNotReceive" or "ReceivedWithAnyArgs" or "DidNotReceiveWithAnyArgs" or "InOrder";
            case "Moq":
                return original.Name.StartsWith("Verify", System.StringComparison.Ordinal);
            case "FakeItEasy":
                return original.Name.StartsWith("MustHaveHappened", System.StringComparison.Ordinal) ||
                       original.Name == "MustNotHaveHappened";
            default:
                return false;
        }
    }

    /// <summary>
    /// A call that captures the arguments a mock receives, for the test to assert on afterwards (the
    /// alternative to verifying with argument matchers): NSubstitute <c>Arg.Do</c>, Moq <c>Callback</c>,
    /// FakeItEasy <c>Invokes</c>.
    /// </summary>
    public static bool IsArgumentCapture(IMethodSymbol method)
    {
        var original = (method.ReducedFrom ?? method).OriginalDefinition;
        switch (RootNamespaceName(original.ContainingType?.ContainingNamespace))
        {
            case "NSubstitute":
                return original.Name == "Do" && original.ContainingType is { Name: "Arg" };
            case "Moq":
                return original.Name == "Callback";
            case "FakeItEasy":
                return original.Name == "Invokes";
            default:
                return false;
        }
    }

    /// <summary>
    /// <paramref name="receiver"/> is a mock of an interface made by a mocking library, whose every member only records the call
    /// and hands back a placeholder (a completed task by default): Moq's <c>mock.Object</c> of a <c>Mock&lt;IRepo&gt;</c>, NSubstitute's
    /// <c>Substitute.For&lt;IRepo&gt;()</c>, FakeItEasy's <c>A.Fake&lt;IRepo&gt;()</c>, Moq's <c>Mock.Of&lt;IRepo&gt;()</c>, made without
    /// arguments, or a local declared with one of them and never written again (<paramref name="writtenAgain"/>). A mock of a class
    /// may run the class's own non-virtual code, so only interfaces count.
    /// </summary>
    public static bool IsInterfaceMock(IOperation? receiver, System.Func<ILocalSymbol, bool> writtenAgain)
    {
        receiver = TaskObservation.SkipImplicitConversions(receiver);
        if (receiver is ILocalReferenceOperation { Local: var local } && local.DeclaringSyntaxReferences.Length == 1 &&
            local.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: var value } &&
            receiver.SemanticModel?.GetOperation(value) is { } initial)
        {
            return IsMadeMock(initial) && !writtenAgain(local);
        }

        return IsMadeMock(receiver);
    }

    private static bool IsMadeMock(IOperation? value)
    {
        value = TaskObservation.SkipImplicitConversions(value);
        if (value?.Type is not { TypeKind: TypeKind.Interface })
        {
            return false;
        }

        return value switch
        {
            // `mock.Object`, `new Mock<IRepo>().Object`: the mock of Moq's `Mock<T>`.
            IPropertyReferenceOperation { Property: { Name: "Object", IsStatic: false } property } =>
                RootNamespaceName(property.ContainingType?.ContainingNamespace) == "Moq",
            IInvocationOperation { TargetMethod: { IsStatic: true, IsGenericMethod: true } made } call =>
                call.Arguments.IsEmpty || AllEmptyParams(call.Arguments)
                    ? (RootNamespaceName(made.ContainingType?.ContainingNamespace), made.ContainingType?.Name, made.Name) switch
                    {
                        ("NSubstitute", "Substitute", "For") or ("FakeItEasy", "A", "Fake") or ("Moq", "Mock", "Of") => true,
                        _ => false,
                    }
                    : false,
            _ => false,
        };
    }

    /// <summary><c>Substitute.For&lt;T&gt;()</c> binds to <c>For&lt;T&gt;(params object[] constructorArguments)</c>: an empty array.</summary>
    private static bool AllEmptyParams(ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.ParamArray ||
                argument.Value is not IArrayCreationOperation { Initializer: null or { ElementValues.IsEmpty: true } })
            {
                return false;
            }
        }

        return true;
    }

    private static string? RootNamespaceName(INamespaceSymbol? ns)
    {
        while (ns is { ContainingNamespace.IsGlobalNamespace: false })
        {
            ns = ns.ContainingNamespace;
        }

        return ns is { IsGlobalNamespace: false } ? ns.Name : null;
    }
}
