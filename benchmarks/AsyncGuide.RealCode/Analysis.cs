using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.MSBuild;

namespace AsyncGuide.RealCode;

/// <summary>Loads the projects of a folder and runs the AsyncGuide analyzers (and, on request, fixes) over them.</summary>
internal static class Analysis
{
    public static async Task<Report> RunAsync(
        string path, IReadOnlySet<string>? rules, bool probeFixes, bool withRuntime, bool restore, bool candidates = false)
    {
        var root = Directory.Exists(path) ? path : Path.GetDirectoryName(path)!;
        var projectFiles = Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*.csproj", SearchOption.AllDirectories)
                .Where(p => !p.Contains("/bin/", StringComparison.Ordinal) && !p.Contains("/obj/", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [path];
        if (restore)
        {
            foreach (var projectFile in projectFiles)
            {
                Restore(projectFile);
            }
        }

        var analyzers = Components.Analyzers(rules);
        if (candidates)
        {
            analyzers = analyzers.Add(new DroppedTaskCandidates());
        }

        var fixers = probeFixes ? Components.CodeFixes() : [];
        var report = new Report(root);
        using var workspace = MSBuildWorkspace.Create(new Dictionary<string, string>
        {
            // No design-time analyzers or generators of the project's own packages beyond what compiles it.
            ["RunAnalyzers"] = "false",
        });
        var loadFailures = 0;
        workspace.RegisterWorkspaceFailedHandler(e =>
        {
            if (e.Diagnostic.Kind == WorkspaceDiagnosticKind.Failure && loadFailures++ < 20)
            {
                Console.Error.WriteLine($"  load: {e.Diagnostic.Message}");
            }
        });

        foreach (var projectFile in projectFiles)
        {
            if (workspace.CurrentSolution.Projects.Any(p => string.Equals(p.FilePath, projectFile, StringComparison.Ordinal)))
            {
                continue;
            }

            try
            {
                Console.Error.WriteLine($"open {Path.GetRelativePath(root, projectFile)}");
                if (projectFile.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) ||
                    projectFile.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase) ||
                    projectFile.EndsWith(".slnf", StringComparison.OrdinalIgnoreCase))
                {
                    // A solution file: every project it lists (OpenProjectAsync takes project files only).
                    await workspace.OpenSolutionAsync(projectFile).ConfigureAwait(false);
                }
                else
                {
                    await workspace.OpenProjectAsync(projectFile).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or ArgumentException)
            {
                Console.Error.WriteLine($"  skipped: {ex.Message}");
            }
        }

        var solution = workspace.CurrentSolution;
        if (withRuntime)
        {
            solution = RuntimeReference.AddTo(solution);
        }

        var found = new List<Found>();
        foreach (var project in solution.Projects.Where(p => p.Language == LanguageNames.CSharp).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var clock = Stopwatch.StartNew();
            var compilation = await project.GetCompilationAsync().ConfigureAwait(false);
            if (compilation is null)
            {
                continue;
            }

            var errors = compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
            var crashes = new List<string>();
            var options = new CompilationWithAnalyzersOptions(
                project.AnalyzerOptions,
                onAnalyzerException: (ex, analyzer, diagnostic) => { lock (crashes) { crashes.Add($"{analyzer.GetType().Name}: {ex}"); } },
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false);
            var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);
            var ours = diagnostics.Where(d => d.Id.StartsWith("AG", StringComparison.Ordinal) && d.Location.IsInSource).ToList();
            // A candidate AG0001 reported (same file and line) is not a miss: only the silent ones are kept, for a reviewer.
            var reported = ours.Where(d => d.Id == "AG0001")
                .Select(d => (d.Location.SourceTree, d.Location.GetLineSpan().StartLinePosition.Line))
                .ToHashSet();
            ours.AddRange(diagnostics.Where(d => d.Id == DroppedTaskCandidates.Id && d.Location.IsInSource &&
                                                 !reported.Contains((d.Location.SourceTree, d.Location.GetLineSpan().StartLinePosition.Line))));
            report.Projects.Add(new ProjectRow(project.Name, compilation.SyntaxTrees.Count(), errors, ours.Count, clock.Elapsed));
            Console.Error.WriteLine(
                $"  {project.Name}: {compilation.SyntaxTrees.Count()} files, {errors} compile errors, {ours.Count} diagnostics, " +
                $"{clock.Elapsed.TotalSeconds:0.0} s");
            foreach (var crash in crashes)
            {
                report.Crashes.Add($"{project.Name}: {crash}");
                Console.Error.WriteLine($"  CRASH {crash}");
            }

            foreach (var diagnostic in ours)
            {
                found.Add(new Found(project.Id, diagnostic));
            }
        }

        // One row per place and rule: a multi-targeted project reports each finding once per target framework.
        foreach (var group in found
                     .GroupBy(f => (f.Diagnostic.Location.SourceTree!.FilePath, f.Diagnostic.Location.SourceSpan.Start, f.Diagnostic.Id))
                     .OrderBy(g => g.Key.FilePath, StringComparer.Ordinal).ThenBy(g => g.Key.Start))
        {
            var occurrences = group.ToList();
            var first = occurrences[0].Diagnostic;
            var line = first.Location.GetLineSpan().StartLinePosition;
            var projects = string.Join(",", occurrences.Select(o => solution.GetProject(o.ProjectId)!.Name).Distinct());
            var fix = probeFixes ? await FixProbe.RunAsync(solution, occurrences, fixers).ConfigureAwait(false) : FixOutcome.NotProbed;
            report.Rows.Add(new Row(
                first.Id,
                Path.GetRelativePath(root, group.Key.FilePath),
                line.Line + 1,
                line.Character + 1,
                projects,
                first.GetMessage(),
                fix.Titles,
                fix.Status));
        }

        return report;
    }

    private static void Restore(string projectFile)
    {
        Console.Error.WriteLine($"restore {projectFile}");
        using var process = Process.Start(new ProcessStartInfo("dotnet", ["restore", projectFile, "-v", "q"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
    }

    internal sealed record Found(ProjectId ProjectId, Diagnostic Diagnostic);
}
