using System;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Abstractions;

namespace AsyncGuide.Analyzers.Tests.Robustness;

/// <summary>
/// Analyzers and fixes never throw: not on the corpus, not on thousands of damaged copies of it
/// (<c>ASYNCGUIDE_FUZZ_ITERATIONS</c> raises the count, default <see cref="Mutations.DefaultIterations"/>;
/// <c>ASYNCGUIDE_FUZZ_SEED</c> picks other mutants).
/// </summary>
public class NeverThrowsTests
{
    private readonly ITestOutputHelper output;

    public NeverThrowsTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void Corpus_has_the_samples_and_the_projects_own_sources()
    {
        var names = RobustnessCorpus.Inputs.Select(i => i.Name.Replace('\\', '/')).ToList();
        Assert.Contains(names, n => n.StartsWith("samples/", StringComparison.Ordinal));
        Assert.Contains(names, n => n == "src/Runtime/AsyncGuide.csproj");
        Assert.Contains(names, n => n == "src/Analyzers/AsyncGuide.Analyzers.csproj");
        Assert.Contains(RobustnessCorpus.Inputs, i => i.NeedsRoslyn);
        output.WriteLine($"{RobustnessCorpus.Inputs.Length} inputs, " +
                         $"{names.Count(n => n.StartsWith("tests", StringComparison.Ordinal))} embedded in tests; " +
                         $"{ShippedComponents.AnalyzerTypes.Length} analyzers, {ShippedComponents.CodeFixTypes.Length} fixes");
    }

    [Fact]
    public void Test_markup_is_stripped()
    {
        Assert.Equal("class C { void M() { F(); G(); } }", RobustnessCorpus.StripMarkup("class C { void M() { [|F()|]; {|AG0001:G()|}; } }"));
        Assert.Equal("x = a;", RobustnessCorpus.StripMarkup("x = {|#0:a|};"));
    }

    [Fact]
    public async Task Shipped_analyzers_and_fixes_never_throw_on_mutated_corpus()
    {
        var inputs = Mutations.Generate(RobustnessCorpus.Inputs, Mutations.Iterations);
        var clock = Stopwatch.StartNew();
        var hunter = new CrashHunter(ShippedComponents.CreateAnalyzers(), ShippedComponents.CreateCodeFixes());
        var crashes = await hunter.HuntAsync(Unmutated().Concat(inputs).ToList());
        output.WriteLine($"{inputs.Count} mutants (seed {Mutations.Seed}) + corpus, {ShippedComponents.AnalyzerTypes.Length} analyzers, " +
                         $"{hunter.Coverage}, {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(crashes.Count == 0, $"{crashes.Count} distinct crash(es):\n\n" + string.Join("\n\n", crashes));
    }

    /// <summary>
    /// Inputs the fuzzer once found a crash on, kept so the crash stays fixed whatever the seed draws.
    /// AG0201's fix crashed Roslyn's simplifier (KeyNotFoundException in GetSyntaxTreeOrdinal) when the
    /// awaits sat in a local function named Main of broken top-level code.
    /// </summary>
    [Fact]
    public async Task Regression_inputs_found_by_the_fuzzer_do_not_crash()
    {
        var regressions = new[]
        {
            new MutatedInput("samples/AsyncGuide.GatherProof", "'private' replaced by ' }}'", """
                using System.Threading.Tasks;
                }} static async Task Main()
                {
                var first = await FetchDataAsync(1);
                var second = await FetchDataAsync(2);
                private static async Task<string> FetchDataAsync(int id)
                """, NeedsRoslyn: false),
        };

        var crashes = await new CrashHunter(ShippedComponents.CreateAnalyzers(), ShippedComponents.CreateCodeFixes()).HuntAsync(regressions);
        Assert.True(crashes.Count == 0, $"{crashes.Count} distinct crash(es):\n\n" + string.Join("\n\n", crashes));
    }

    [Fact]
    public async Task Negative_control_a_throwing_analyzer_is_caught_named_and_minimized()
    {
        var inputs = Unmutated().Concat(Mutations.Generate(RobustnessCorpus.Inputs, 50)).Append(AwaitProgram).ToList();
        var crashes = await new CrashHunter(
            ImmutableArray.Create<DiagnosticAnalyzer>(new ThrowingAnalyzer()),
            ImmutableArray<CodeFixProvider>.Empty).HuntAsync(inputs);

        var crash = Assert.Single(crashes, c => c.Component.Contains(nameof(ThrowingAnalyzer), StringComparison.Ordinal));
        output.WriteLine(crash.ToString());
        Assert.Contains("control analyzer failure", crash.ToString(), StringComparison.Ordinal);
        Assert.Contains("await", crash.MinimizedInput, StringComparison.Ordinal);
        Assert.True(crash.MinimizedInput.Length <= crash.Input.Text.Length);
    }

    [Fact]
    public async Task Negative_control_a_throwing_fix_is_caught_and_named()
    {
        var crashes = await new CrashHunter(
            ImmutableArray.Create<DiagnosticAnalyzer>(new EveryAwaitAnalyzer()),
            ImmutableArray.Create<CodeFixProvider>(new ThrowingCodeFix())).HuntAsync(new[] { AwaitProgram });

        var crash = Assert.Single(crashes);
        Assert.Contains(nameof(ThrowingCodeFix), crash.Component, StringComparison.Ordinal);
        Assert.Contains("control fix failure", crash.Exception, StringComparison.Ordinal);
    }

    internal static MutatedInput AwaitProgram { get; } = new(
        "control", "unchanged",
        """
        using System.Threading.Tasks;

        class Control
        {
            static Task<int> Get() => Task.FromResult(1);

            async Task<int> M()
            {
                var x = await Get();
                return x + await Get();
            }
        }
        """,
        NeedsRoslyn: false);

    private static MutatedInput[] Unmutated() =>
        RobustnessCorpus.Inputs.SelectMany(i => i.Documents.Select(d => new MutatedInput(i.Name, "unchanged", d.Text, i.NeedsRoslyn))).ToArray();
}
