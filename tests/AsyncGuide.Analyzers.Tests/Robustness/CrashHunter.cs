using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuide.Analyzers.Tests.Robustness;

/// <summary>One distinct crash: who threw what, on which input (minimized for the report).</summary>
internal sealed record Crash(string Component, string Exception, MutatedInput Input, string MinimizedInput)
{
    public override string ToString() =>
        $"{Component} threw {Exception}\n" +
        $"--- input: {Input.Mutation} of {Input.Origin}; minimized from {Input.Text.Length} to {MinimizedInput.Length} chars ---\n" +
        $"{MinimizedInput}\n--- end of input ---";
}

/// <summary>
/// Runs analyzers (shared instances, as in the IDE) and the fixes for whatever they report over
/// many inputs in parallel, and collects every distinct analyzer or fix exception.
/// </summary>
internal sealed class CrashHunter
{
    private readonly ImmutableArray<DiagnosticAnalyzer> analyzers;
    private readonly ImmutableArray<CodeFixProvider> fixes;
    private int inputsWithDiagnostics;
    private int actionsApplied;

    public CrashHunter(ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableArray<CodeFixProvider> fixes)
    {
        this.analyzers = analyzers;
        this.fixes = fixes;
    }

    /// <summary>How much the last hunt exercised: a fuzzer that never reaches the analyzers' reports proves little.</summary>
    public string Coverage => $"{inputsWithDiagnostics} inputs with diagnostics, {actionsApplied} code actions applied";

    public async Task<List<Crash>> HuntAsync(IReadOnlyList<MutatedInput> inputs, int maxCrashes = 8)
    {
        // First occurrence (lowest input index) of each distinct crash, so reports are deterministic.
        var firstSeen = new ConcurrentDictionary<string, (int Index, string Component, string Exception)>(StringComparer.Ordinal);
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        await Parallel.ForEachAsync(Enumerable.Range(0, inputs.Count), options, async (index, _) =>
        {
            if (firstSeen.Count >= maxCrashes)
            {
                return;
            }

            foreach (var (component, exception) in await CrashesAsync(inputs[index]).ConfigureAwait(false))
            {
                firstSeen.AddOrUpdate(
                    Signature(component, exception),
                    (index, component, exception),
                    (_, old) => old.Index <= index ? old : (index, component, exception));
            }
        }).ConfigureAwait(false);

        var crashes = new List<Crash>();
        foreach (var (index, component, exception) in firstSeen.Values.OrderBy(v => v.Index).Take(maxCrashes))
        {
            var input = inputs[index];
            var signature = Signature(component, exception);
            var minimized = await Mutations.MinimizeAsync(input.Text, async candidate =>
                (await CrashesAsync(input with { Text = candidate }).ConfigureAwait(false))
                    .Any(c => Signature(c.Component, c.Exception) == signature)).ConfigureAwait(false);
            crashes.Add(new Crash(component, exception, input, minimized));
        }

        return crashes;
    }

    /// <summary>Analyzer exceptions on the input; then exceptions from every fix for what the analyzers report.</summary>
    public async Task<List<(string Component, string Exception)>> CrashesAsync(MutatedInput input)
    {
        var crashes = new List<(string, string)>();
        if (analyzers.IsEmpty)
        {
            return crashes;
        }

        var compilation = RobustnessCompiler.Compile(
            new[] { RobustnessCompiler.Parse(input.Text, "Input.cs") },
            withRuntime: true,
            input.NeedsRoslyn);
        var run = await AnalyzerHarness.RunAsync(compilation, analyzers).ConfigureAwait(false);
        crashes.AddRange(run.Failures.Select(f => (f.Analyzer, f.Exception)));

        if (AnalyzerHarness.Fixable(run).IsEmpty)
        {
            return crashes;
        }

        Interlocked.Increment(ref inputsWithDiagnostics);
        if (!AnalyzerHarness.Fixable(run).Any(d => fixes.Any(f => f.FixableDiagnosticIds.Contains(d.Id))))
        {
            return crashes;
        }

        using var harness = new FixHarness(new[] { new CorpusDocument("Input.cs", input.Text) }, withRuntime: true, input.NeedsRoslyn, analyzers);
        var workspaceRun = await harness.AnalyzeAsync().ConfigureAwait(false);
        var outcomes = await harness.FixAsync(AnalyzerHarness.Fixable(workspaceRun), fixes, fixAll: false, checkBuild: false, maxDiagnostics: 4)
            .ConfigureAwait(false);
        Interlocked.Add(ref actionsApplied, outcomes.Count);
        crashes.AddRange(outcomes.Where(o => o.Exception is not null).Select(o => ($"{o.Provider} '{o.Action}' ({o.DiagnosticId})", o.Exception!)));
        return crashes;
    }

    /// <summary>The component, the exception type and the frame that threw: one bug, however many inputs hit it.</summary>
    private static string Signature(string component, string exception)
    {
        var lines = exception.Split('\n');
        var type = lines[0].Split(':')[0].Trim();
        var frame = lines.Skip(1).FirstOrDefault(l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal))?.Trim() ?? string.Empty;
        return $"{component.Split(' ')[0]}|{type}|{frame}";
    }
}
