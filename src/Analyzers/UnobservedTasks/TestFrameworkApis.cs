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

    /// <summary>
    /// A call that fails the test it runs in: <c>Assert.Fail</c> (xUnit, NUnit, MSTest), or <c>Assert.True(false)</c> /
    /// <c>IsTrue(false)</c> and <c>Assert.False(true)</c> / <c>IsFalse(true)</c> with a constant condition.
    /// </summary>
    public static bool FailsTheTest(IInvocationOperation call)
    {
        if (call.TargetMethod is not { IsStatic: true, ContainingType: { Name: "Assert" or "ClassicAssert" } assert } method ||
            !IsFrameworkNamespace(assert.ContainingNamespace?.ToDisplayString()))
        {
            return false;
        }

        if (method.Name == "Fail")
        {
            return true;
        }

        var first = call.Arguments.Length > 0 && call.Arguments[0].Parameter?.Ordinal == 0 ? call.Arguments[0].Value : null;
        return first?.ConstantValue is { HasValue: true, Value: bool constant } &&
               (method.Name is "True" or "IsTrue" ? !constant : method.Name is "False" or "IsFalse" && constant);
    }

    /// <summary>
    /// A method with an attribute of xUnit, NUnit or MSTest (<c>[Fact]</c>, <c>[Test]</c>, <c>[TestMethod]</c>, or one derived from them).
    /// </summary>
    public static bool IsTestMethod(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            for (var type = attribute.AttributeClass; type is not null; type = type.BaseType)
            {
                if (IsFrameworkNamespace(type.ContainingNamespace?.ToDisplayString()))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsFrameworkNamespace(string? name) =>
        name is "Xunit" or "NUnit.Framework" or "NUnit.Framework.Legacy" or "Microsoft.VisualStudio.TestTools.UnitTesting";
}
