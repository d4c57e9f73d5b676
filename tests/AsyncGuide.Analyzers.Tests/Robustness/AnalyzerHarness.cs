using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuide.Analyzers.Tests.Robustness;

/// <summary>An analyzer exception, or an AD0001/AD0002 the driver reported for one.</summary>
internal sealed record AnalyzerFailure(string Analyzer, string Exception)
{
    public override string ToString() => $"{Analyzer} threw {Exception}";
}

internal sealed record AnalysisRun(ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<AnalyzerFailure> Failures);

/// <summary>
/// Runs analyzers the way the IDE and the command-line build do: <see cref="CompilationWithAnalyzers"/>,
/// concurrent analysis on, suppressed diagnostics reported, every analyzer exception collected.
/// </summary>
internal static class AnalyzerHarness
{
    public static async Task<AnalysisRun> RunAsync(
        Compilation compilation,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        bool concurrentAnalysis = true,
        CancellationToken cancellationToken = default)
    {
        if (analyzers.IsEmpty)
        {
            return new AnalysisRun(ImmutableArray<Diagnostic>.Empty, ImmutableArray<AnalyzerFailure>.Empty);
        }

        var failures = new ConcurrentQueue<AnalyzerFailure>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, _) =>
                failures.Enqueue(new AnalyzerFailure(analyzer.GetType().FullName!, exception.ToString())),
            concurrentAnalysis: concurrentAnalysis,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: true);
        var withAnalyzers = compilation.WithAnalyzers(analyzers, options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);

        // The driver also turns exceptions into AD0001 (analyzer) / AD0002 diagnostics; count them too.
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Id is "AD0001" or "AD0002")
            {
                failures.Enqueue(new AnalyzerFailure(diagnostic.Id, diagnostic.GetMessage()));
            }
        }

        var reported = diagnostics.Where(d => d.Id is not ("AD0001" or "AD0002")).ToImmutableArray();
        return new AnalysisRun(reported, failures.Distinct().ToImmutableArray());
    }

    /// <summary>Diagnostics a user would be offered fixes for: reported by an analyzer, not suppressed.</summary>
    public static ImmutableArray<Diagnostic> Fixable(AnalysisRun run) =>
        run.Diagnostics.Where(d => !d.IsSuppressed && d.Location.IsInSource).ToImmutableArray();
}
