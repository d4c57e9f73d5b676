namespace AsyncGuide.Analyzers;

/// <summary>
/// Assertions of the test frameworks that run a delegate and pass only when it throws:
/// xUnit <c>Assert.Throws</c>/<c>ThrowsAny</c>(<c>Async</c>), NUnit <c>Assert.Throws</c>/<c>Catch</c>(<c>Async</c>), MSTest
/// <c>Assert.ThrowsException</c>/<c>ThrowsExactly</c>(<c>Async</c>), Shouldly <c>Should.Throw</c>/<c>ThrowAsync</c>, recognised by
/// the declaring type's full name. A drop inside such a delegate only matters when the call returns a task instead of throwing,
/// and then the test fails.
/// </summary>
internal static class TestFrameworkApis
{
    public static bool ExpectsSynchronousThrow(IMethodSymbol method)
    {
        var original = (method.ReducedFrom ?? method).OriginalDefinition;
        if (original.ContainingType is { Name: "Should" } should)
        {
            return should.ContainingNamespace is { Name: "Shouldly", ContainingNamespace.IsGlobalNamespace: true } &&
                   original.Name is "Throw" or "ThrowAsync";
        }

        if (original.ContainingType is not { Name: "Assert" } assert)
        {
            return false;
        }

        switch (assert.ContainingNamespace?.ToDisplayString())
        {
            case "Xunit":
                return original.Name is "Throws" or "ThrowsAny" or "ThrowsAsync" or "ThrowsAnyAsync";
            case "NUnit.Framework":
            case "NUnit.Framework.Legacy":
                return original.Name is "Throws" or "Catch" or "ThrowsAsync" or "CatchAsync";
            case "Microsoft.VisualStudio.TestTools.UnitTesting":
                return original.Name is "ThrowsException" or "ThrowsExactly" or "Throws" or
                    "ThrowsExceptionAsync" or "ThrowsExactlyAsync" or "ThrowsAsync";
            default:
                return false;
        }
    }
}
