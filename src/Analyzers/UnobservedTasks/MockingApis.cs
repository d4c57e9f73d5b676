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

    private static string? RootNamespaceName(INamespaceSymbol? ns)
    {
        while (ns is { ContainingNamespace.IsGlobalNamespace: false })
        {
            ns = ns.ContainingNamespace;
        }

        return ns is { IsGlobalNamespace: false } ? ns.Name : null;
    }
}
