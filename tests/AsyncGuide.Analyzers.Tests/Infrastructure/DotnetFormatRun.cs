using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AsyncGuide.Analyzers.Tests.Infrastructure;

/// <summary>
/// What <c>dotnet format analyzers</c> does with one diagnostic id (its <c>SolutionCodeFixApplier</c>):
/// analyze every project, take the first diagnostic, ask the fix for that diagnostic's actions, take
/// the first action's equivalence key (null when it has none) and run the fix's Fix All in solution
/// scope with it. A null Fix All action is the "didn't return a Fix All action" warning, after which
/// dotnet format leaves the rule unfixed. One project per target (same file path in each), as
/// dotnet format loads a multi-targeted project.
/// </summary>
internal sealed class DotnetFormatRun : IDisposable
{
    private readonly AdhocWorkspace workspace = new();
    private readonly DiagnosticAnalyzer analyzer;
    private readonly CodeFixProvider fixer;

    public DotnetFormatRun(DiagnosticAnalyzer analyzer, CodeFixProvider fixer, string source, params ImmutableArray<MetadataReference>[] targets)
    {
        this.analyzer = analyzer;
        this.fixer = fixer;
        var solution = workspace.CurrentSolution;
        for (var i = 0; i < targets.Length; i++)
        {
            var id = ProjectId.CreateNewId();
            solution = solution
                .AddProject(ProjectInfo.Create(
                    id, VersionStamp.Default, $"Consumer({i})", "Consumer", LanguageNames.CSharp,
                    compilationOptions: new CSharpCompilationOptions(
                        OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
                    parseOptions: new CSharpParseOptions(LanguageVersion.CSharp12),
                    metadataReferences: targets[i]))
                .AddDocument(DocumentId.CreateNewId(id), "Consumer.cs", SourceText.From(source), filePath: "/consumer/Consumer.cs");
        }

        Solution = solution;
    }

    public Solution Solution { get; private set; }

    /// <summary>The diagnostics of the analyzer, per project, in source order.</summary>
    public async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync().ConfigureAwait(false))!;
        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create(analyzer)).GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);
        return diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    /// <summary>The equivalence keys of the actions the fix registers for <paramref name="diagnostic"/>, in order.</summary>
    public async Task<ImmutableArray<CodeAction>> ActionsAsync(Diagnostic diagnostic)
    {
        var document = Solution.GetDocument(diagnostic.Location.SourceTree)!;
        var actions = new List<CodeAction>();
        await fixer.RegisterCodeFixesAsync(
            new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None)).ConfigureAwait(false);
        return actions.ToImmutableArray();
    }

    /// <summary>
    /// One dotnet format pass, with the diagnostic at <paramref name="firstIndex"/> (of the first
    /// project, in source order) as the one dotnet format happens to meet first. Returns the key it
    /// used and whether the Fix All returned an action; the solution moves on only when it did.
    /// </summary>
    public async Task<(string? Key, bool Fixed)> RunAsync(int firstIndex = 0)
    {
        var all = new Dictionary<ProjectId, ImmutableArray<Diagnostic>>();
        foreach (var project in Solution.Projects)
        {
            all[project.Id] = await AnalyzeAsync(project).ConfigureAwait(false);
        }

        var firstProject = Solution.Projects.First();
        var first = all[firstProject.Id][firstIndex];
        var actions = await ActionsAsync(first).ConfigureAwait(false);
        var key = actions.IsEmpty ? null : actions[0].EquivalenceKey;
        var context = new FixAllContext(
            Solution.GetDocument(first.Location.SourceTree)!, fixer, FixAllScope.Solution, key!, fixer.FixableDiagnosticIds,
            new Provider(all), CancellationToken.None);
        var fixAll = await fixer.GetFixAllProvider()!.GetFixAsync(context).ConfigureAwait(false);
        if (fixAll is null)
        {
            return (key, false);
        }

        foreach (var operation in await fixAll.GetOperationsAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (operation is ApplyChangesOperation apply)
            {
                Solution = apply.ChangedSolution;
            }
        }

        return (key, true);
    }

    /// <summary>The file's text in each project (they differ when a fix wrote per-target code: dotnet format's merge markers).</summary>
    public async Task<ImmutableArray<string>> TextsAsync()
    {
        var texts = ImmutableArray.CreateBuilder<string>();
        foreach (var project in Solution.Projects)
        {
            texts.Add((await project.Documents.Single().GetTextAsync().ConfigureAwait(false)).ToString());
        }

        return texts.ToImmutable();
    }

    /// <summary>Compiler errors of every project, as "id: message".</summary>
    public async Task<ImmutableArray<string>> ErrorsAsync()
    {
        var errors = ImmutableArray.CreateBuilder<string>();
        foreach (var project in Solution.Projects)
        {
            var compilation = (await project.GetCompilationAsync().ConfigureAwait(false))!;
            errors.AddRange(compilation.GetDiagnostics()
                .Where(d => d.Severity == DiagnosticSeverity.Error)
                .Select(d => $"{project.Name} {d.Id}: {d.GetMessage()} at {d.Location.GetLineSpan().StartLinePosition}"));
        }

        return errors.ToImmutable();
    }

    /// <summary>The diagnostics left in the first project that the fix still offers an action for.</summary>
    public async Task<ImmutableArray<Diagnostic>> FixableLeftAsync()
    {
        var left = ImmutableArray.CreateBuilder<Diagnostic>();
        foreach (var diagnostic in await AnalyzeAsync(Solution.Projects.First()).ConfigureAwait(false))
        {
            if (!(await ActionsAsync(diagnostic).ConfigureAwait(false)).IsEmpty)
            {
                left.Add(diagnostic);
            }
        }

        return left.ToImmutable();
    }

    public void Dispose() => workspace.Dispose();

    /// <summary>dotnet format's provider: the diagnostics computed before the fix, by project; a document's by file path.</summary>
    private sealed class Provider : FixAllContext.DiagnosticProvider
    {
        private readonly Dictionary<ProjectId, ImmutableArray<Diagnostic>> diagnostics;

        public Provider(Dictionary<ProjectId, ImmutableArray<Diagnostic>> diagnostics) => this.diagnostics = diagnostics;

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            GetProjectDiagnosticsAsync(project, cancellationToken);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics.GetValueOrDefault(document.Project.Id, ImmutableArray<Diagnostic>.Empty)
                .Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics.GetValueOrDefault(project.Id, ImmutableArray<Diagnostic>.Empty));
    }
}
