using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace AsyncGuide.RealCode;

/// <summary>What the fixes make of one finding, in every target framework it was reported in.</summary>
internal sealed record FixOutcome(string Titles, string Status)
{
    public static FixOutcome NotProbed { get; } = new("", "not-probed");
}

/// <summary>
/// Asks the code fixes for their actions on a finding, applies the first one (what dotnet format and
/// Ctrl+. take) in each target framework's project, and compares: the compile errors of the changed
/// documents before and after, and the text written per target framework (dotnet format merges them,
/// and writes conflict markers when they differ).
/// </summary>
internal static class FixProbe
{
    public static async Task<FixOutcome> RunAsync(
        Solution solution,
        IReadOnlyList<Analysis.Found> occurrences,
        ImmutableArray<CodeFixProvider> fixers)
    {
        string? titles = null;
        string? firstText = null;
        var problems = new List<string>();
        foreach (var occurrence in occurrences)
        {
            var project = solution.GetProject(occurrence.ProjectId)!;
            var document = project.GetDocument(occurrence.Diagnostic.Location.SourceTree!);
            if (document is null)
            {
                continue;
            }

            var actions = new List<CodeAction>();
            foreach (var fixer in fixers.Where(f => f.FixableDiagnosticIds.Contains(occurrence.Diagnostic.Id)))
            {
                try
                {
                    var context = new CodeFixContext(document, occurrence.Diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
                    await fixer.RegisterCodeFixesAsync(context).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    problems.Add($"fix-threw:{ex.GetType().Name}");
                }
            }

            titles ??= string.Join(" | ", actions.Select(a => a.Title));
            if (actions.Count == 0)
            {
                continue;
            }

            try
            {
                var operations = await actions[0].GetOperationsAsync(CancellationToken.None).ConfigureAwait(false);
                var changed = operations.OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution;
                if (changed is null)
                {
                    problems.Add("no-change");
                    continue;
                }

                var after = changed.GetDocument(document.Id)!;
                var text = (await after.GetTextAsync().ConfigureAwait(false)).ToString();
                if (firstText is null)
                {
                    firstText = text;
                }
                else if (!string.Equals(firstText, text, StringComparison.Ordinal))
                {
                    problems.Add($"diverges-in:{project.Name}");
                }

                foreach (var changedId in changed.GetChanges(solution).GetProjectChanges().SelectMany(p => p.GetChangedDocuments()))
                {
                    var added = await NewErrorsAsync(solution.GetDocument(changedId)!, changed.GetDocument(changedId)!).ConfigureAwait(false);
                    if (added.Count > 0)
                    {
                        problems.Add($"adds-errors-in:{project.Name}:{string.Join("+", added)}");
                    }
                }
            }
            catch (Exception ex)
            {
                problems.Add($"apply-threw:{ex.GetType().Name}:{ex.Message.Replace('\t', ' ').Replace('\n', ' ')}");
            }
        }

        var status = titles is null or "" ? "no-fix" : problems.Count == 0 ? "ok" : string.Join(";", problems.Distinct());
        return new FixOutcome(titles ?? "", status);
    }

    /// <summary>The error ids in <paramref name="after"/> beyond those of <paramref name="before"/> (a multiset difference).</summary>
    private static async Task<List<string>> NewErrorsAsync(Document before, Document after)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var error in await ErrorsAsync(before).ConfigureAwait(false))
        {
            counts[error] = counts.GetValueOrDefault(error) + 1;
        }

        var added = new List<string>();
        foreach (var error in await ErrorsAsync(after).ConfigureAwait(false))
        {
            if (counts.GetValueOrDefault(error) > 0)
            {
                counts[error]--;
            }
            else
            {
                added.Add(error);
            }
        }

        return added;
    }

    private static async Task<IEnumerable<string>> ErrorsAsync(Document document)
    {
        var model = await document.GetSemanticModelAsync().ConfigureAwait(false);
        return model!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id);
    }
}
