namespace AsyncGuide.Analyzers;

/// <summary>
/// Assertions of the test frameworks that run a synchronous delegate and pass only when it throws:
/// xUnit <c>Assert.Throws</c>/<c>ThrowsAny</c>, NUnit <c>Assert.Throws</c>/<c>Catch</c>, MSTest
/// <c>Assert.ThrowsException</c>/<c>ThrowsExactly</c>, recognised by the declaring type's full name.
/// </summary>
internal static class TestFrameworkApis
{
    public static bool ExpectsSynchronousThrow(IMethodSymbol method)
    {
        var original = (method.ReducedFrom ?? method).OriginalDefinition;
        if (original.ContainingType is not { Name: "Assert" } assert)
        {
            return false;
        }

        switch (assert.ContainingNamespace?.ToDisplayString())
        {
            case "Xunit":
                return original.Name is "Throws" or "ThrowsAny";
            case "NUnit.Framework":
            case "NUnit.Framework.Legacy":
                return original.Name is "Throws" or "Catch";
            case "Microsoft.VisualStudio.TestTools.UnitTesting":
                return original.Name is "ThrowsException" or "ThrowsExactly" or "Throws";
            default:
                return false;
        }
    }
}
