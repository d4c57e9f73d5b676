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

    /// <summary><paramref name="method"/> is a test method, or a member of a type that declares one.</summary>
    public static bool IsInTestClass(IMethodSymbol method)
    {
        if (IsTestMethod(method))
        {
            return true;
        }

        foreach (var member in method.ContainingType.GetMembers())
        {
            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } other && IsTestMethod(other))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The test, or its class, has a time limit of its framework: xUnit's <c>[Fact(Timeout = 5000)]</c>, NUnit's
    /// <c>[Timeout(5000)]</c> or <c>[CancelAfter(5000)]</c>, MSTest's <c>[Timeout(5000)]</c>: a wait in it cannot hang the run.
    /// </summary>
    public static bool HasTimeLimit(IMethodSymbol method) =>
        HasTimeLimitAttribute(method.GetAttributes()) || HasTimeLimitAttribute(method.ContainingType.GetAttributes());

    private static bool HasTimeLimitAttribute(ImmutableArray<AttributeData> attributes)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.AttributeClass is not { } type || !IsFrameworkNamespace(type.ContainingNamespace?.ToDisplayString()))
            {
                continue;
            }

            if (type.Name is "TimeoutAttribute" or "CancelAfterAttribute")
            {
                return true;
            }

            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "Timeout" && named.Value.Value is int limit && limit > 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The compilation references xUnit, NUnit or MSTest: a test project, or a helper library of one.</summary>
    public static bool IsReferencedBy(Compilation compilation)
    {
        foreach (var assembly in compilation.ReferencedAssemblyNames)
        {
            if (assembly.Name is "xunit.core" or "xunit.assert" or "xunit.v3.core" or "xunit.v3.assert" or "nunit.framework" or
                "Microsoft.VisualStudio.TestPlatform.TestFramework" or "MSTest.TestFramework")
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsFrameworkNamespace(string? name) =>
        name is "Xunit" or "NUnit.Framework" or "NUnit.Framework.Legacy" or "Microsoft.VisualStudio.TestTools.UnitTesting";

    /// <summary>
    /// <paramref name="condition"/> is what <c>System.Diagnostics.Debug.Assert</c>/<c>Trace.Assert</c>, or a test framework's
    /// <c>Assert.True</c>/<c>IsTrue</c> (xUnit, NUnit, MSTest), or Coyote's <c>Specification.Assert</c>, asserts, alone or as an
    /// operand of <c>&amp;&amp;</c> (not negated,
    /// not one side of <c>||</c>): <c>Debug.Assert(t.IsCompleted, "fits the buffer")</c>, <c>Assert.True(drain.IsCompleted)</c>.
    /// </summary>
    public static bool IsAssertedTrue(IOperation condition)
    {
        var current = condition;
        while (current.Parent is IConversionOperation { OperatorMethod: null } or IParenthesizedOperation ||
               current.Parent is IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd, OperatorMethod: null })
        {
            current = current.Parent;
        }

        if (current.Parent is not IArgumentOperation { Parameter.Ordinal: 0, Parent: IInvocationOperation assert } ||
            assert.TargetMethod is not { IsStatic: true, ContainingType: { } type } method)
        {
            return false;
        }

        return (method.Name, type.Name, type.ContainingNamespace?.ToDisplayString()) switch
        {
            ("Assert", "Debug" or "Trace", "System.Diagnostics") => true,
            ("Assert", "Specification", "Microsoft.Coyote.Specifications") => true,
            ("True", "Assert", "Xunit") => true,
            ("IsTrue" or "True", "Assert" or "ClassicAssert", "NUnit.Framework" or "NUnit.Framework.Legacy") => true,
            ("IsTrue", "Assert", "Microsoft.VisualStudio.TestTools.UnitTesting") => true,
            _ => false,
        };
    }


    /// <summary>
    /// <paramref name="condition"/> is asserted false: the first argument of a test framework's <c>Assert.False</c>/<c>IsFalse</c>
    /// (xUnit, NUnit, MSTest), negated in a condition <see cref="IsAssertedTrue"/> asserts (<c>Assert.True(!t.IsCompleted)</c>), or
    /// the subject of a FluentAssertions (or AwesomeAssertions) <c>condition.Should().BeFalse(…)</c> (SlimMessageBus' tests).
    /// </summary>
    public static bool IsAssertedFalse(IOperation condition)
    {
        var current = condition;
        while (current.Parent is IConversionOperation { OperatorMethod: null } or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        switch (current.Parent)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, OperatorMethod: null } negation:
                return IsAssertedTrue(negation);
            case IArgumentOperation { Parameter.Ordinal: 0, Parent: IInvocationOperation should } when IsFluentShould(should):
                return should.Parent is IInvocationOperation { TargetMethod.Name: "BeFalse" } verdict && verdict.Instance == should;
            case IArgumentOperation { Parameter.Ordinal: 0, Parent: IInvocationOperation assert }:
                return IsFrameworkAssertion(assert, "False", "IsFalse") ||
                       (assert.TargetMethod.Name == "False" && IsFrameworkAssertion(assert, "False", "False"));
            default:
                return false;
        }
    }

    /// <summary>
    /// <c>subject.Should().BeTrue()</c> (FluentAssertions or AwesomeAssertions): the call that asserts, when
    /// <paramref name="subject"/> starts such a chain and the next call is <paramref name="assertion"/>.
    /// </summary>
    public static IInvocationOperation? FluentAssertionOn(IOperation subject, string assertion)
    {
        var value = subject;
        while (value.Parent is IConversionOperation or IParenthesizedOperation)
        {
            value = value.Parent;
        }

        return value.Parent is IArgumentOperation { Parent: IInvocationOperation should } && IsFluentShould(should) &&
               should.Parent is IInvocationOperation asserted && asserted.Instance == should && asserted.TargetMethod.Name == assertion
            ? asserted
            : null;
    }

    /// <summary>
    /// The <c>Should()</c> extension that starts a FluentAssertions chain, or one of AwesomeAssertions, its community fork with
    /// the same API, by the extension's namespace.
    /// </summary>
    public static bool IsFluentShould(IInvocationOperation invocation) =>
        invocation is { TargetMethod: { Name: "Should", IsExtensionMethod: true } should, Arguments.Length: > 0 } &&
        should.ContainingNamespace?.ToDisplayString() is { } name &&
        (name.StartsWith("FluentAssertions", System.StringComparison.Ordinal) ||
         name.StartsWith("AwesomeAssertions", System.StringComparison.Ordinal));


    /// <summary>
    /// A static assertion whose arguments a test checks: any method of a test framework's <c>Assert</c>/<c>ClassicAssert</c>
    /// (xUnit, NUnit, MSTest), <c>System.Diagnostics.Debug.Assert</c>, or Coyote's <c>Specification.Assert</c>.
    /// </summary>
    public static bool IsAssertion(IMethodSymbol method)
    {
        if (!method.IsStatic || method.ContainingType is not { } type)
        {
            return false;
        }

        return (type.Name, type.ContainingNamespace?.ToDisplayString()) switch
        {
            ("Assert" or "ClassicAssert", var ns) when IsFrameworkNamespace(ns) => true,
            ("Debug", "System.Diagnostics") => method.Name == "Assert",
            ("Specification", "Microsoft.Coyote.Specifications") => method.Name == "Assert",
            _ => false,
        };
    }

    /// <summary>
    /// <paramref name="call"/> is the assertion a test framework's <c>Assert</c>/<c>ClassicAssert</c> names
    /// <paramref name="xunitName"/> in xUnit and <paramref name="classicName"/> in NUnit and MSTest (<c>Equal</c>/<c>AreEqual</c>,
    /// <c>NotSame</c>/<c>AreNotSame</c>), by the declaring type's full name.
    /// </summary>
    public static bool IsFrameworkAssertion(IInvocationOperation call, string xunitName, string classicName)
    {
        if (call.TargetMethod is not { IsStatic: true, ContainingType: { Name: "Assert" or "ClassicAssert" } assert } method)
        {
            return false;
        }

        return assert.ContainingNamespace?.ToDisplayString() switch
        {
            "Xunit" => method.Name == xunitName,
            "NUnit.Framework" or "NUnit.Framework.Legacy" or "Microsoft.VisualStudio.TestTools.UnitTesting" => method.Name == classicName,
            _ => false,
        };
    }
}
