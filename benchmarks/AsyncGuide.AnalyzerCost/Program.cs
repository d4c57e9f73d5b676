using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using AsyncGuide.AnalyzerCost;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

// Analyzer cost: the compiler's own GetDiagnostics time on a generated corpus, against each
// analyzer's execution time from analyzer telemetry (AsyncGuide and the vs-threading peer).
// Usage: dotnet run -c Release --project benchmarks/AsyncGuide.AnalyzerCost -- [files=1000] [runs=5] [rule ids]
// With rule ids (comma-separated, e.g. AG0001,AG0002) only those AsyncGuide analyzers run, without the peers:
// quicker to iterate on one analyzer; the recorded table always comes from a full run.
// `consecutive=2000` instead of a file count: one method of that many consecutive independent awaits
// (the worst case for AG0201's runs, which must cost linear time), plus the corpus infrastructure.
var consecutive = args.Length > 0 && args[0].StartsWith("consecutive=", StringComparison.Ordinal)
    ? int.Parse(args[0].Substring("consecutive=".Length))
    : 0;
var files = consecutive > 0 ? 0 : args.Length > 0 ? int.Parse(args[0]) : 1000;
var runs = Math.Max(1, args.Length > 1 ? int.Parse(args[1]) : 5);
var only = args.Length > 2 ? args[2].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;

var ours = AnalyzerSets.AsyncGuide();
var peers = AnalyzerSets.VsThreading();
if (only is not null)
{
    ours = ours.Where(a => a.SupportedDiagnostics.Any(d => only.Contains(d.Id))).ToImmutableArray();
    peers = ImmutableArray<DiagnosticAnalyzer>.Empty;
}

var primer = new DriverPrimer();
var floors = EmptyCallback.ForTriggerKinds();
var all = ImmutableArray.Create<DiagnosticAnalyzer>(primer).AddRange(ours).AddRange(floors).AddRange(peers);
Console.WriteLine(
    $"Roslyn {typeof(Compilation).Assembly.GetName().Version}, {Environment.ProcessorCount} cores, " +
    $"{ours.Length} AsyncGuide analyzers, {peers.Length} vs-threading analyzers");

var trees = (consecutive > 0 ? CorpusGenerator.ConsecutiveAwaits(consecutive) : CorpusGenerator.Generate(files, seed: 7))
    .Select(f => CSharpSyntaxTree.ParseText(f.Text, new CSharpParseOptions(LanguageVersion.CSharp12), f.Path))
    .ToImmutableArray();
var references = Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>()
    .Append(MetadataReference.CreateFromFile(typeof(AsyncGuide.Async).Assembly.Location))
    .ToImmutableArray();

// Single-threaded on both sides: % of the compiler's CPU time, and less noise on a shared machine.
CSharpCompilation NewCompilation() => CSharpCompilation.Create(
    "Corpus", trees, references,
    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: false));

var errors = NewCompilation().GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
Console.WriteLine($"{trees.Length} files, {trees.Sum(t => t.GetText().Lines.Count)} lines, {errors.Count} compiler errors");
foreach (var error in errors.GroupBy(e => e.Id).Select(g => g.First()).Take(10))
{
    Console.WriteLine("  " + error);
}

var compilerMs = new List<double>();
var analyzerMs = all.ToDictionary(a => a, _ => new List<double>());
var reported = all.ToDictionary(a => a, _ => 0);
const int warmUpRuns = 3;
var collectionsDuringAnalysis = 0;
for (var run = 0; run < runs + warmUpRuns; run++)
{
    // The first runs warm up the JIT (tiered compilation promotes hot methods after a few
    // compilations) and the metadata caches; they are not counted. A full collection before
    // each timed part keeps one part's garbage from being collected on the other's clock.
    GC.Collect();
    GC.WaitForPendingFinalizers();
    var clock = Stopwatch.StartNew();
    NewCompilation().GetDiagnostics();
    clock.Stop();

    var options = new CompilationWithAnalyzersOptions(
        new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
        onAnalyzerException: (ex, analyzer, _) => Console.WriteLine($"  {analyzer.GetType().Name} threw {ex.GetType().Name}: {ex.Message}"),
        concurrentAnalysis: false,
        logAnalyzerExecutionTime: true,
        reportSuppressedDiagnostics: false);
    GC.Collect();
    GC.WaitForPendingFinalizers();
    // The compilation's first lookup by metadata name builds its declaration table: compiler work
    // that the compiler's own run above paid for, and that the analyzer run would book to whichever
    // compilation start action came first (the driver does not keep the list's order there).
    var analyzed = NewCompilation();
    _ = analyzed.GetTypeByMetadataName("System.Threading.Tasks.Task");
    var withAnalyzers = analyzed.WithAnalyzers(all, options);
    var collectionsBefore = GC.CollectionCount(0);
    var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
    collectionsDuringAnalysis += run < warmUpRuns ? 0 : GC.CollectionCount(0) - collectionsBefore;
    if (run < warmUpRuns)
    {
        foreach (var analyzer in all)
        {
            var ids = analyzer.SupportedDiagnostics.Select(d => d.Id).ToHashSet();
            reported[analyzer] = diagnostics.Count(d => ids.Contains(d.Id));
        }

        continue;
    }

    compilerMs.Add(clock.Elapsed.TotalMilliseconds);
    foreach (var analyzer in all)
    {
        var telemetry = withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult();
        analyzerMs[analyzer].Add(telemetry.ExecutionTime.TotalMilliseconds);
    }
}

// Best of N: on a shared machine, noise only ever adds time; the median is printed beside it.
double Median(List<double> values) => values.OrderBy(v => v).ElementAt(values.Count / 2);
double Best(List<double> values) => values.Min();
var compiler = Best(compilerMs);
if (Environment.GetEnvironmentVariable("ASYNCGUIDE_COST_RUNS") == "1")
{
    // Per-run times in run order, to tell warm-up, GC pauses and machine noise apart.
    Console.WriteLine("compiler: " + string.Join(" ", compilerMs.Select(v => v.ToString("F0"))));
    foreach (var analyzer in ours)
    {
        Console.WriteLine($"{analyzer.GetType().Name}: " + string.Join(" ", analyzerMs[analyzer].Select(v => v.ToString("F1"))));
    }
}

Console.WriteLine();
Console.WriteLine($"Compiler GetDiagnostics: best {compiler:F0} ms over {runs} runs (median {Median(compilerMs):F0}, max {compilerMs.Max():F0})");
// A collection during the analyzer run is booked to whichever callback allocated last, mostly for the
// compiler's garbage: with DOTNET_GCgen0size=0x40000000 there is none, and the medians become comparable.
Console.WriteLine($"Garbage collections during the {runs} analyzer runs: {collectionsDuringAnalysis}");
Console.WriteLine();
Console.WriteLine("| Analyzer | Rules | Diagnostics | ms (best) | ms (median) | % of compiler (best) |");
Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: |");
string Name(DiagnosticAnalyzer analyzer) => analyzer is EmptyCallback empty ? $"(floor) empty callback on {empty.Kind}" : analyzer.GetType().Name;
void Row(DiagnosticAnalyzer analyzer) =>
    Console.WriteLine(
        $"| {Name(analyzer)} | {AnalyzerSets.Rules(analyzer)} | {reported[analyzer]} | {Best(analyzerMs[analyzer]):F1} | " +
        $"{Median(analyzerMs[analyzer]):F1} | {100 * Best(analyzerMs[analyzer]) / compiler:F2}% |");
Row(primer);
foreach (var analyzer in ours)
{
    Row(analyzer);
}

var oursTotals = Enumerable.Range(0, runs).Select(r => ours.Sum(a => analyzerMs[a][r])).ToList();
var oursTotal = Best(oursTotals);
Console.WriteLine(
    $"| **All AsyncGuide** | | {ours.Sum(a => reported[a])} | **{oursTotal:F1}** | {Median(oursTotals):F1} | **{100 * oursTotal / compiler:F2}%** |");
foreach (var floor in floors)
{
    Row(floor);
}

foreach (var analyzer in peers.OrderBy(a => Best(analyzerMs[a])))
{
    Row(analyzer);
}

var peersTotals = Enumerable.Range(0, runs).Select(r => peers.Sum(a => analyzerMs[a][r])).ToList();
Console.WriteLine(
    $"| **All vs-threading** | | {peers.Sum(a => reported[a])} | **{Best(peersTotals):F1}** | {Median(peersTotals):F1} | " +
    $"**{100 * Best(peersTotals) / compiler:F2}%** |");

// The peers doing comparable work: rules that look at task-returning calls and awaits inside
// method bodies without needing vs-threading's own types (JoinableTaskFactory) to be referenced.
string[] comparableRules = { "VSTHRD002", "VSTHRD003", "VSTHRD103", "VSTHRD110", "VSTHRD111", "VSTHRD114" };
var comparable = peers.Where(p => p.SupportedDiagnostics.Any(d => comparableRules.Contains(d.Id))).OrderBy(p => Best(analyzerMs[p])).FirstOrDefault();
Console.WriteLine();
Console.WriteLine(
    $"All AsyncGuide analyzers: {100 * oursTotal / compiler:F2}% of the compiler (goal < 2%): {(oursTotal < 0.02 * compiler ? "met" : "MISSED")}");
if (comparable is not null)
{
    var bar = Best(analyzerMs[comparable]);
    Console.WriteLine($"Cheapest comparable peer: {comparable.GetType().Name} ({AnalyzerSets.Rules(comparable)}) {bar:F1} ms");
    foreach (var analyzer in ours)
    {
        var ms = Best(analyzerMs[analyzer]);
        Console.WriteLine($"  {analyzer.GetType().Name}: {ms:F1} ms, {(ms < bar ? "cheaper" : "NOT cheaper")}");
    }
}

