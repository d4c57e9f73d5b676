using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Abstractions;

namespace AsyncGuide.Analyzers.Tests.Robustness;

/// <summary>
/// Every fix and every Fix All (document, project, solution), applied to every diagnostic in the
/// unmutated corpus, with and without the AsyncGuide runtime referenced: no new compiler error.
/// </summary>
public class FixesKeepTheBuildTests
{
    private const int MaxDiagnosticsPerInput = 25;

    private readonly ITestOutputHelper output;

    public FixesKeepTheBuildTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public async Task Shipped_fixes_and_fix_alls_add_no_compiler_error_to_the_corpus()
    {
        var (broken, applied) = await FixCorpusAsync(
            ShippedComponents.CreateAnalyzers(),
            ShippedComponents.CreateCodeFixes(),
            RobustnessCorpus.Inputs);
        output.WriteLine($"{applied} code actions applied over {RobustnessCorpus.Inputs.Length} inputs x 2 (with/without runtime)");
        Assert.True(broken.Count == 0, $"{broken.Count} fix(es) broke the build or threw:\n\n" + string.Join("\n\n", broken));
    }

    [Fact]
    public async Task Negative_control_a_fix_that_breaks_the_build_is_caught_for_the_fix_and_each_fix_all_scope()
    {
        var input = new CorpusInput(
            "control",
            ImmutableArray.Create(new CorpusDocument("Control.cs", NeverThrowsTests.AwaitProgram.Text)),
            NeedsRoslyn: false);
        var (broken, _) = await FixCorpusAsync(
            ImmutableArray.Create<DiagnosticAnalyzer>(new EveryAwaitAnalyzer()),
            ImmutableArray.Create<CodeFixProvider>(new BuildBreakingCodeFix()),
            new[] { input });

        Assert.Contains(broken, b => b.Contains("'breaks the build'", StringComparison.Ordinal) && b.Contains("CS0103", StringComparison.Ordinal));
        foreach (var scope in new[] { "Document", "Project", "Solution" })
        {
            Assert.Contains(
                broken,
                b => b.Contains($"Fix All ({scope}, CTRL002.Break)", StringComparison.Ordinal) && b.Contains("CS0103", StringComparison.Ordinal));
        }
    }

    private static async Task<(List<string> Broken, int Applied)> FixCorpusAsync(
        ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableArray<CodeFixProvider> fixes, IReadOnlyList<CorpusInput> inputs)
    {
        if (analyzers.IsEmpty || fixes.IsEmpty)
        {
            return (new List<string>(), 0);
        }

        // Inputs are independent: fix them in parallel, report in corpus order.
        var results = new (List<string> Broken, int Applied)[inputs.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, inputs.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            async (index, _) => results[index] = await FixInputAsync(analyzers, fixes, inputs[index]));
        return (results.SelectMany(r => r.Broken).ToList(), results.Sum(r => r.Applied));
    }

    private static async Task<(List<string> Broken, int Applied)> FixInputAsync(
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        ImmutableArray<CodeFixProvider> fixes,
        CorpusInput input)
    {
        var broken = new List<string>();
        var applied = 0;

        // The cheap check first: a workspace (and its fresh compilation) only where there is something to fix.
        var compilation = RobustnessCompiler.Compile(
            input.Documents.Select(d => RobustnessCompiler.Parse(d.Text, d.Path)),
            withRuntime: true,
            input.NeedsRoslyn);
        if (!AnalyzerHarness.Fixable(await AnalyzerHarness.RunAsync(compilation, analyzers))
                .Any(d => fixes.Any(f => f.FixableDiagnosticIds.Contains(d.Id))))
        {
            return (broken, applied);
        }

        foreach (var withRuntime in new[] { true, false })
        {
            using var harness = new FixHarness(input.Documents, withRuntime, input.NeedsRoslyn, analyzers);
            var run = await harness.AnalyzeAsync();
            var fixable = AnalyzerHarness.Fixable(run).Where(d => fixes.Any(f => f.FixableDiagnosticIds.Contains(d.Id))).ToImmutableArray();
            if (fixable.IsEmpty)
            {
                continue;
            }

            var outcomes = await harness.FixAsync(fixable, fixes, fixAll: true, checkBuild: true, MaxDiagnosticsPerInput);
            applied += outcomes.Count;
            broken.AddRange(outcomes.Where(o => o.Broken).Select(
                o => $"{input.Name} ({(withRuntime ? "with" : "without")} runtime): {o}\n--- input ---\n{Inputs(input)}"));
        }

        return (broken, applied);
    }

    private static string Inputs(CorpusInput input) =>
        input.Documents.Length == 1 ? input.Documents[0].Text : string.Join(", ", input.Documents.Select(d => d.Path));
}
