using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuide.Analyzers.Tests.Robustness;

/// <summary>
/// Analyzers run concurrently and share one instance across compilations (IDE, build server):
/// they must opt into concurrent execution, skip generated code, and keep no state of their own.
/// </summary>
public class ConcurrencyTests
{
    [Fact]
    public void Every_analyzer_enables_concurrent_execution_and_skips_generated_code()
    {
        var problems = ShippedComponents.CreateAnalyzers().SelectMany(RegistrationProblems).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Analyzers_and_fixes_hold_no_mutable_state()
    {
        var problems = ShippedComponents.AnalyzerTypes.Concat(ShippedComponents.CodeFixTypes).SelectMany(MutableInstanceState)
            .Concat(MutableStaticState(ShippedComponents.AnalyzersAssembly))
            .Concat(MutableStaticState(ShippedComponents.CodeFixesAssembly))
            .ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Negative_control_a_sequential_stateful_analyzer_is_caught()
    {
        var registration = RegistrationProblems(new StatefulAnalyzer()).ToList();
        Assert.Contains(registration, p => p.Contains("EnableConcurrentExecution", StringComparison.Ordinal));
        Assert.Contains(registration, p => p.Contains("ConfigureGeneratedCodeAnalysis", StringComparison.Ordinal));

        var state = MutableInstanceState(typeof(StatefulAnalyzer)).Concat(MutableStaticState(typeof(StatefulAnalyzer).Assembly)).ToList();
        Assert.Contains(state, p => p.Contains("awaitsSeen", StringComparison.Ordinal));
        Assert.Contains(state, p => p.Contains("compilationsSeen", StringComparison.Ordinal));
        Assert.DoesNotContain(state, p => p.Contains("<>", StringComparison.Ordinal));
    }

    /// <summary>
    /// One set of analyzer instances over many compilations at once, concurrent analysis on,
    /// reports exactly what fresh instances report one compilation at a time without concurrency.
    /// </summary>
    [Fact]
    public async Task Shared_instances_under_concurrency_report_what_fresh_sequential_instances_report()
    {
        if (ShippedComponents.AnalyzerTypes.IsEmpty)
        {
            return;
        }

        var inputs = RobustnessCorpus.Inputs.Concat(
            Mutations.Generate(RobustnessCorpus.Inputs, 150).Select((m, i) => new CorpusInput(
                $"mutant {i}: {m.Mutation} of {m.Origin}",
                ImmutableArray.Create(new CorpusDocument("Input.cs", m.Text)),
                m.NeedsRoslyn)))
            .ToList();
        var compilations = inputs.Select(i => RobustnessCompiler.Compile(
            i.Documents.Select(d => RobustnessCompiler.Parse(d.Text, d.Path)),
            withRuntime: true,
            i.NeedsRoslyn)).ToList();

        var expected = new List<string>();
        foreach (var compilation in compilations)
        {
            expected.Add(Describe(await AnalyzerHarness.RunAsync(compilation, ShippedComponents.CreateAnalyzers(), concurrentAnalysis: false)));
        }

        var shared = ShippedComponents.CreateAnalyzers();
        for (var round = 0; round < 2; round++)
        {
            var actual = await Task.WhenAll(compilations.Select(
                c => Task.Run(async () => Describe(await AnalyzerHarness.RunAsync(c, shared, concurrentAnalysis: true)))));
            for (var i = 0; i < inputs.Count; i++)
            {
                Assert.True(
                    expected[i] == actual[i],
                    $"round {round}, {inputs[i].Name}:\nsequential, fresh:\n{expected[i]}\nconcurrent, shared:\n{actual[i]}");
            }
        }
    }

    private static string Describe(AnalysisRun run) =>
        string.Join("\n", run.Diagnostics
            .Select(d => $"{d.Id} {d.Location.GetLineSpan()} {d.GetMessage()} suppressed={d.IsSuppressed}")
            .OrderBy(s => s, StringComparer.Ordinal)) +
        string.Join("\n", run.Failures);

    internal static IEnumerable<string> RegistrationProblems(DiagnosticAnalyzer analyzer)
    {
        var context = new RecordingAnalysisContext();
        analyzer.Initialize(context);
        var name = analyzer.GetType().Name;
        if (!context.ConcurrentExecutionEnabled)
        {
            yield return $"{name}.Initialize does not call EnableConcurrentExecution()";
        }

        if (context.GeneratedCodeAnalysis != GeneratedCodeAnalysisFlags.None)
        {
            yield return $"{name}.Initialize does not call ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None) " +
                $"(got {context.GeneratedCodeAnalysis?.ToString() ?? "no call"})";
        }
    }

    /// <summary>Instance fields of the analyzer or fix (and its bases) that can change after construction.</summary>
    internal static IEnumerable<string> MutableInstanceState(Type type)
    {
        for (var current = type;
             current is not null && current != typeof(DiagnosticAnalyzer) && current != typeof(CodeFixProvider) && current != typeof(object);
             current = current.BaseType)
        {
            foreach (var field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (!field.IsInitOnly)
                {
                    yield return $"{current.FullName}.{field.Name} is a mutable instance field";
                }
                else if (IsConcurrentCollection(field.FieldType))
                {
                    yield return $"{current.FullName}.{field.Name} is a {field.FieldType.Name}: a cache shared across compilations";
                }
            }
        }
    }

    /// <summary>Static fields anywhere in the assembly that can change: state shared by every compilation in the process.</summary>
    internal static IEnumerable<string> MutableStaticState(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes().Where(t => !IsCompilerGenerated(t)))
        {
            foreach (var field in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.IsLiteral || field.IsDefined(typeof(CompilerGeneratedAttribute)))
                {
                    continue;
                }

                if (!field.IsInitOnly)
                {
                    yield return $"{type.FullName}.{field.Name} is a mutable static field";
                }
                else if (IsConcurrentCollection(field.FieldType))
                {
                    yield return $"{type.FullName}.{field.Name} is a static {field.FieldType.Name}: a cache shared across compilations";
                }
            }
        }
    }

    private static bool IsCompilerGenerated(Type type)
    {
        for (var current = type; current is not null; current = current.DeclaringType)
        {
            if (current.IsDefined(typeof(CompilerGeneratedAttribute)) || current.Name.StartsWith('<'))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsConcurrentCollection(Type type) => type.Namespace == "System.Collections.Concurrent";
}
