using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AsyncGuide.Analyzers.Tests.Robustness;

/// <summary>What happened when one code action (a fix or a Fix All) was computed and applied.</summary>
internal sealed record FixOutcome(
    string Provider,
    string Action,
    string DiagnosticId,
    string? Exception,
    ImmutableArray<string> NewErrors,
    string ChangedText)
{
    public bool Broken => Exception is not null || !NewErrors.IsEmpty;

    public override string ToString()
    {
        var text = new StringBuilder($"{Provider} '{Action}' for {DiagnosticId}");
        if (Exception is not null)
        {
            text.Append(" threw ").Append(Exception);
        }

        foreach (var error in NewErrors)
        {
            text.Append("\n  new error: ").Append(error);
        }

        if (!NewErrors.IsEmpty)
        {
            text.Append("\n  fixed code:\n").Append(ChangedText);
        }

        return text.ToString();
    }
}

/// <summary>
/// Asks code fixes to fix diagnostics in an <see cref="AdhocWorkspace"/> the way the IDE does:
/// <see cref="CodeFixProvider.RegisterCodeFixesAsync"/>, then every registered (and nested) action's
/// operations applied to the input solution; Fix All through the provider's own FixAllProvider.
/// </summary>
internal sealed class FixHarness : IDisposable
{
    private static readonly FixAllScope[] FixAllScopes = { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    private readonly AdhocWorkspace workspace = new();
    private readonly ImmutableArray<DiagnosticAnalyzer> analyzers;
    private readonly Solution original;
    private readonly ProjectId projectId;

    public FixHarness(IEnumerable<CorpusDocument> documents, bool withRuntime, bool withRoslyn, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        this.analyzers = analyzers;
        var docs = documents.ToList();
        var trees = docs.Select(d => RobustnessCompiler.Parse(d.Text, d.Path));
        var info = ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Default, "Robustness", RobustnessCompiler.AssemblyName(withRoslyn), LanguageNames.CSharp,
            compilationOptions: RobustnessCompiler.Options(RobustnessCompiler.OutputKindFor(trees)),
            parseOptions: RobustnessCompiler.ParseOptions,
            metadataReferences: RobustnessCompiler.References(withRuntime, withRoslyn));
        var project = workspace.AddProject(info);
        foreach (var doc in docs)
        {
            project = project.AddDocument(doc.Path, SourceText.From(doc.Text), filePath: doc.Path).Project;
        }

        if (!workspace.TryApplyChanges(project.Solution))
        {
            throw new InvalidOperationException("Could not set up the fix workspace.");
        }

        original = workspace.CurrentSolution;
        projectId = project.Id;
    }

    public Project Project => original.GetProject(projectId)!;

    public async Task<AnalysisRun> AnalyzeAsync(CancellationToken cancellationToken = default)
    {
        var compilation = (await Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
        return await AnalyzerHarness.RunAsync(compilation, analyzers, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Every action every provider registers for each diagnostic; with <paramref name="fixAll"/>, also
    /// every Fix All scope per (id, equivalence key). With <paramref name="checkBuild"/>, the compiler
    /// errors of the result that the input did not have.
    /// </summary>
    public async Task<List<FixOutcome>> FixAsync(
        ImmutableArray<Diagnostic> diagnostics,
        ImmutableArray<CodeFixProvider> providers,
        bool fixAll,
        bool checkBuild,
        int maxDiagnostics = int.MaxValue,
        CancellationToken cancellationToken = default)
    {
        var outcomes = new List<FixOutcome>();
        var baseline = checkBuild ? await ErrorsAsync(original, cancellationToken).ConfigureAwait(false) : new Dictionary<string, int>();
        var fixAllDone = new HashSet<(CodeFixProvider, string, string?)>();
        foreach (var diagnostic in diagnostics.Take(maxDiagnostics))
        {
            var document = original.GetDocument(diagnostic.Location.SourceTree);
            if (document is null)
            {
                continue;
            }

            foreach (var provider in providers.Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                var name = provider.GetType().Name;
                ImmutableArray<CodeAction> actions;
                try
                {
                    actions = await RegisteredActionsAsync(provider, document, diagnostic, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    outcomes.Add(new FixOutcome(
                        name,
                        "RegisterCodeFixesAsync",
                        diagnostic.Id,
                        ex.ToString(),
                        ImmutableArray<string>.Empty,
                        string.Empty));
                    continue;
                }

                foreach (var action in actions)
                {
                    outcomes.Add(await ApplyAsync(
                        name,
                        action.Title,
                        diagnostic.Id,
                        () => Task.FromResult<CodeAction?>(action),
                        baseline,
                        checkBuild,
                        cancellationToken).ConfigureAwait(false));
                    if (fixAll && fixAllDone.Add((provider, diagnostic.Id, action.EquivalenceKey)))
                    {
                        await FixAllAsync(
                            provider,
                            document,
                            diagnostic.Id,
                            action.EquivalenceKey,
                            baseline,
                            checkBuild,
                            outcomes,
                            cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }

        return outcomes;
    }

    private async Task FixAllAsync(
        CodeFixProvider provider,
        Document document,
        string diagnosticId,
        string? equivalenceKey,
        Dictionary<string, int> baseline,
        bool checkBuild,
        List<FixOutcome> outcomes,
        CancellationToken cancellationToken)
    {
        var name = provider.GetType().Name;
        FixAllProvider? fixAllProvider;
        try
        {
            fixAllProvider = provider.GetFixAllProvider();
        }
        catch (Exception ex)
        {
            outcomes.Add(new FixOutcome(name, "GetFixAllProvider", diagnosticId, ex.ToString(), ImmutableArray<string>.Empty, string.Empty));
            return;
        }

        if (fixAllProvider is null)
        {
            return;
        }

        var diagnosticProvider = new AnalyzerDiagnosticProvider(analyzers);
        foreach (var scope in FixAllScopes.Where(s => fixAllProvider.GetSupportedFixAllScopes().Contains(s)))
        {
            var context = new FixAllContext(document, provider, scope, equivalenceKey, new[] { diagnosticId }, diagnosticProvider, cancellationToken);
            outcomes.Add(await ApplyAsync(
                name,
                $"Fix All ({scope}, {equivalenceKey})",
                diagnosticId,
                () => fixAllProvider.GetFixAsync(context),
                baseline,
                checkBuild,
                cancellationToken).ConfigureAwait(false));
        }
    }

    private async Task<FixOutcome> ApplyAsync(
        string provider,
        string title,
        string diagnosticId,
        Func<Task<CodeAction?>> getAction,
        Dictionary<string, int> baseline,
        bool checkBuild,
        CancellationToken cancellationToken)
    {
        try
        {
            var action = await getAction().ConfigureAwait(false);
            if (action is null)
            {
                return new FixOutcome(provider, title, diagnosticId, null, ImmutableArray<string>.Empty, string.Empty);
            }

            // What ApplyChangesOperation.Apply would commit to the workspace. Taken directly, so the
            // workspace keeps the input and every action is applied to the same original solution.
            var changed = original;
            foreach (var operation in await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (operation is ApplyChangesOperation applyChanges)
                {
                    changed = applyChanges.ChangedSolution;
                }
            }

            var changedText = await ChangedTextAsync(changed, cancellationToken).ConfigureAwait(false);
            var newErrors = checkBuild
                ? NewErrors(baseline, await ErrorsAsync(changed, cancellationToken).ConfigureAwait(false))
                : ImmutableArray<string>.Empty;
            return new FixOutcome(provider, title, diagnosticId, null, newErrors, changedText);
        }
        catch (Exception ex)
        {
            return new FixOutcome(provider, title, diagnosticId, ex.ToString(), ImmutableArray<string>.Empty, string.Empty);
        }
    }

    private async Task<string> ChangedTextAsync(Solution changed, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        foreach (var id in changed.GetChanges(original).GetProjectChanges()
                     .SelectMany(p => p.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true)))
        {
            text.Append("// ").AppendLine(changed.GetDocument(id)!.Name);
            text.AppendLine((await changed.GetDocument(id)!.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString());
        }

        return text.ToString();
    }

    private async Task<Dictionary<string, int>> ErrorsAsync(Solution solution, CancellationToken cancellationToken)
    {
        var compilation = (await solution.GetProject(projectId)!.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
        var errors = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var diagnostic in compilation.GetDiagnostics(cancellationToken))
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                // Locations move when code is rewritten; the id and message say what is wrong.
                var key = $"{diagnostic.Id}: {diagnostic.GetMessage()}";
                errors[key] = errors.GetValueOrDefault(key) + 1;
            }
        }

        return errors;
    }

    private static ImmutableArray<string> NewErrors(Dictionary<string, int> before, Dictionary<string, int> after) =>
        after.Where(e => e.Value > before.GetValueOrDefault(e.Key)).Select(e => e.Key).OrderBy(e => e, StringComparer.Ordinal).ToImmutableArray();

    private static async Task<ImmutableArray<CodeAction>> RegisteredActionsAsync(
        CodeFixProvider provider,
        Document document,
        Diagnostic diagnostic,
        CancellationToken cancellationToken)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
        await provider.RegisterCodeFixesAsync(context).ConfigureAwait(false);
        return actions.SelectMany(Flatten).ToImmutableArray();
    }

    private static readonly PropertyInfo? NestedActionsProperty =
        typeof(CodeAction).GetProperty("NestedActions", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance) ??
        typeof(CodeAction).GetProperty("NestedCodeActions", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance);

    /// <summary>A group action (a menu with sub-items) is applied through its children.</summary>
    private static IEnumerable<CodeAction> Flatten(CodeAction action)
    {
        var nested = NestedActionsProperty?.GetValue(action) is ImmutableArray<CodeAction> children ? children : ImmutableArray<CodeAction>.Empty;
        return nested.IsDefaultOrEmpty ? new[] { action } : nested.SelectMany(Flatten);
    }

    public void Dispose() => workspace.Dispose();

    /// <summary>Fix All's source of diagnostics: the same analyzers, run on the document's or project's current compilation.</summary>
    private sealed class AnalyzerDiagnosticProvider : FixAllContext.DiagnosticProvider
    {
        private readonly ImmutableArray<DiagnosticAnalyzer> analyzers;

        public AnalyzerDiagnosticProvider(ImmutableArray<DiagnosticAnalyzer> analyzers) => this.analyzers = analyzers;

        public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            await AnalyzeAsync(project, cancellationToken).ConfigureAwait(false);

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
            return (await AnalyzeAsync(document.Project, cancellationToken).ConfigureAwait(false)).Where(d => d.Location.SourceTree == tree);
        }

        public override async Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            (await AnalyzeAsync(project, cancellationToken).ConfigureAwait(false)).Where(d => !d.Location.IsInSource);

        private async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project, CancellationToken cancellationToken)
        {
            var compilation = (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
            return AnalyzerHarness.Fixable(
                await AnalyzerHarness.RunAsync(compilation, analyzers, cancellationToken: cancellationToken).ConfigureAwait(false));
        }
    }
}
