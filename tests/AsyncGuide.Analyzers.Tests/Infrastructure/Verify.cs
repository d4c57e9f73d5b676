using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace AsyncGuide.Analyzers.Tests.Infrastructure;

/// <summary>
/// Thin wrapper over Microsoft.CodeAnalysis.Testing (vs-threading style):
/// <c>using Verify = CSharpCodeFixVerifier&lt;AG0001DroppedTaskAnalyzer, AG0001DroppedTaskCodeFix&gt;;</c>
/// </summary>
public static class CSharpCodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic(string ruleId) => new DiagnosticResult(ruleId, DiagnosticSeverity.Warning);

    /// <summary>Expects exactly the diagnostics in the markup (<c>[|…|]</c> or <c>{|AG0001:…|}</c>).</summary>
    public static Task VerifyAnalyzerAsync([StringSyntax("C#-test")] string source, bool withRuntime = false, params DiagnosticResult[] expected)
    {
        var test = CreateTest(source, null, withRuntime);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>Half-typed code: expects exactly the markup's analyzer diagnostics, whatever the compiler reports.</summary>
    public static Task VerifyAnalyzerIgnoringCompilerErrorsAsync([StringSyntax("C#-test")] string source, bool withRuntime = false)
    {
        var test = CreateTest(source, null, withRuntime);
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>Applies the fix (and, through the framework, its Fix All in document/project/solution).</summary>
    public static Task VerifyCodeFixAsync(
        [StringSyntax("C#-test")] string source,
        [StringSyntax("C#-test")] string fixedSource,
        bool withRuntime = false,
        string? equivalenceKey = null)
    {
        var test = CreateTest(source, fixedSource, withRuntime);
        test.CodeActionEquivalenceKey = equivalenceKey;
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>
    /// Expects the markup's diagnostics and that the fix (with <paramref name="equivalenceKey"/>, if any) changes nothing;
    /// with <paramref name="diagnosticsRemain"/>, that all of them are still reported after it.
    /// </summary>
    public static Task VerifyNoCodeFixAsync(
        [StringSyntax("C#-test")] string source, bool withRuntime = false, string? equivalenceKey = null, bool diagnosticsRemain = false)
    {
        var test = CreateTest(source, source, withRuntime);
        test.CodeActionEquivalenceKey = equivalenceKey;
        if (diagnosticsRemain)
        {
            test.FixedState.MarkupHandling = MarkupMode.Allow;
        }

        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>
    /// <see cref="CreateTest"/> for a console application's top-level statements (source and fixed state alike), with
    /// the fix's <paramref name="equivalenceKey"/>.
    /// </summary>
    public static Test CreateTopLevelTest(
        [StringSyntax("C#-test")] string source,
        [StringSyntax("C#-test")] string fixedSource,
        string? equivalenceKey,
        bool withRuntime = false)
    {
        var test = CreateTest(source, fixedSource, withRuntime);
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        test.CodeActionEquivalenceKey = equivalenceKey;
        return test;
    }

    /// <summary>Applies the fix with <paramref name="equivalenceKey"/> (and its Fix All) to top-level statements.</summary>
    public static Task VerifyTopLevelCodeFixAsync(
        [StringSyntax("C#-test")] string source, [StringSyntax("C#-test")] string fixedSource, string? equivalenceKey) =>
        CreateTopLevelTest(source, fixedSource, equivalenceKey).RunAsync(CancellationToken.None);

    /// <summary>
    /// An Info diagnostic of <paramref name="ruleId"/> with the markup locations <c>{|#first|}</c> to
    /// <c>{|#first+count-1|}</c> and <paramref name="arguments"/>.
    /// </summary>
    public static DiagnosticResult InfoAt(string ruleId, int first, int count, params object[] arguments)
    {
        var result = Diagnostic(ruleId).WithSeverity(DiagnosticSeverity.Info);
        if (arguments.Length > 0)
        {
            result = result.WithArguments(arguments);
        }

        for (var i = first; i < first + count; i++)
        {
            result = result.WithLocation(i);
        }

        return result;
    }

    /// <summary>
    /// One <see cref="InfoAt"/> diagnostic a run, the runs' markup locations numbered on from <c>{|#0|}</c>; with
    /// <paramref name="countAsArgument"/>, each with its run's size as the message argument.
    /// </summary>
    public static IEnumerable<DiagnosticResult> InfoRuns(string ruleId, IEnumerable<int> runSizes, bool countAsArgument = false)
    {
        var first = 0;
        foreach (var size in runSizes)
        {
            yield return countAsArgument ? InfoAt(ruleId, first, size, size) : InfoAt(ruleId, first, size);
            first += size;
        }
    }

    /// <summary>The full test object, for tests that need more control (iterations, several documents, options).</summary>
    public static Test CreateTest([StringSyntax("C#-test")] string source, [StringSyntax("C#-test")] string? fixedSource, bool withRuntime)
    {
        var test = new Test
        {
            TestCode = source,
            ReferenceAssemblies = TestReferences.None,
        };
        test.TestState.AdditionalReferences.AddRange(TestReferences.Net80);
        if (withRuntime)
        {
            test.TestState.AdditionalReferences.Add(TestReferences.AsyncGuideRuntime);
        }

        if (fixedSource is not null)
        {
            test.FixedCode = fixedSource;
            test.FixedState.AdditionalReferences.AddRange(TestReferences.Net80);
            if (withRuntime)
            {
                test.FixedState.AdditionalReferences.Add(TestReferences.AsyncGuideRuntime);
            }
        }

        return test;
    }

    /// <summary>
    /// Applies the fix (and its Fix All) against .NET Standard 2.0 reference assemblies, a target without
    /// .NET 8's <c>ConfigureAwaitOptions</c>; no runtime.
    /// </summary>
    public static Task VerifyCodeFixOnNetStandard20Async(
        [StringSyntax("C#-test")] string source, [StringSyntax("C#-test")] string fixedSource, string? equivalenceKey = null)
    {
        var test = new Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = TestReferences.None,
            CodeActionEquivalenceKey = equivalenceKey,
        };
        test.TestState.AdditionalReferences.AddRange(TestReferences.NetStandard20);
        test.FixedState.AdditionalReferences.AddRange(TestReferences.NetStandard20);
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>
    /// Expects the markup's diagnostics against .NET 10 reference assemblies with C# 13 (preview in the
    /// test process's Roslyn 4.11), where task combinators bind to <c>params ReadOnlySpan&lt;Task&gt;</c>.
    /// </summary>
    public static Task VerifyAnalyzerOnNet10Async([StringSyntax("C#-test")] string source)
    {
        var test = new Test { TestCode = source, ReferenceAssemblies = TestReferences.None };
        test.TestState.AdditionalReferences.AddRange(TestReferences.Net100);
        test.SolutionTransforms.Add((solution, projectId) =>
        {
            var parseOptions = ((CSharpParseOptions)solution.GetProject(projectId)!.ParseOptions!).WithLanguageVersion(LanguageVersion.Preview);
            return solution.WithProjectParseOptions(projectId, parseOptions);
        });
        return test.RunAsync(CancellationToken.None);
    }

    public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test()
        {
            SolutionTransforms.Add((solution, projectId) =>
            {
                var project = solution.GetProject(projectId)!;
                var parseOptions = ((CSharpParseOptions)project.ParseOptions!).WithLanguageVersion(LanguageVersion.CSharp12);
                return solution.WithProjectParseOptions(projectId, parseOptions);
            });
        }
    }
}
