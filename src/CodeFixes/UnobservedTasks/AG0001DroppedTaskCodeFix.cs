using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuide.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace AsyncGuide.CodeFixes;

/// <summary>
/// AG0001 fixes, in an async context only: <c>await</c> the dropped task, or gather a run of
/// consecutive dropped tasks into one <c>await Async.Gather(a, b)</c> / <c>await Task.WhenAll(a, b)</c>
/// (which keeps them running concurrently, as the unfixed code did).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp)]
public sealed class AG0001DroppedTaskCodeFix : CodeFixProvider, IFixAllInDocument
{
    public const string AwaitKey = "AG0001.Await";
    public const string GatherKey = "AG0001.Gather";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.DroppedTask);

    public override FixAllProvider GetFixAllProvider() => EveryOccurrenceFixAllProvider.Instance;

    // Gathering merges neighbouring statements; merging per-diagnostic edits as text would conflict.
    Task<Document> IFixAllInDocument.FixAllInDocumentAsync(Document document, string equivalenceKey, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
        ApplyAsync(document, equivalenceKey, diagnostics, cancellationToken);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null || DroppedTaskStatements.Create(context.Document, model) is not { } statements)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (statements.FindAwaitableStatement(root, diagnostic.Location.SourceSpan) is not { } statement)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Await the task", ct => ApplyAsync(context.Document, AwaitKey, ImmutableArray.Create(diagnostic), ct), AwaitKey),
                diagnostic);

            if (statements.FindGatherableRun(statement, null, context.CancellationToken) is { } run)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Gather the {run.Count} dropped tasks into one await", ct => ApplyAsync(context.Document, GatherKey, ImmutableArray.Create(diagnostic), ct), GatherKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> ApplyAsync(Document document, string? key, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || DroppedTaskStatements.Create(document, model) is not { } statements)
        {
            return document;
        }

        var flagged = new HashSet<StatementSyntax>();
        foreach (var diagnostic in diagnostics)
        {
            if (statements.FindAwaitableStatement(root, diagnostic.Location.SourceSpan) is { } statement)
            {
                flagged.Add(statement);
            }
        }

        var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
        var done = new HashSet<StatementSyntax>();
        foreach (var statement in flagged)
        {
            if (done.Contains(statement))
            {
                continue;
            }

            // A single fix gathers the whole run it sits in; Fix All only gathers what it was given.
            var run = key == GatherKey
                ? statements.FindGatherableRun(statement, diagnostics.Length == 1 ? null : flagged, cancellationToken)
                : null;
            if (run is null)
            {
                if (key == AwaitKey)
                {
                    editor.ReplaceNode(statement, statements.AwaitStatement(statement, cancellationToken).WithAdditionalAnnotations(Formatter.Annotation));
                    done.Add(statement);
                }

                continue;
            }

            editor.ReplaceNode(run[0], GatherStatement(run, model));
            done.Add(run[0]);
            for (var i = 1; i < run.Count; i++)
            {
                editor.RemoveNode(run[i], SyntaxRemoveOptions.KeepNoTrivia);
                done.Add(run[i]);
            }
        }

        return await RuntimeSyntax.AddImportsAsync(document.WithSyntaxRoot(editor.GetChangedRoot()), cancellationToken).ConfigureAwait(false);
    }

    private static StatementSyntax GatherStatement(List<ExpressionStatementSyntax> run, SemanticModel model)
    {
        var arguments = new List<ArgumentSyntax>(run.Count);
        foreach (var statement in run)
        {
            arguments.Add(SyntaxFactory.Argument(DroppedTaskStatements.GatheredExpression(statement)));
        }

        var list = SyntaxFactory.SeparatedList(arguments);
        var call = RuntimeSyntax.HasRuntime(model.Compilation) && GatherBinds(model, run[0].SpanStart, list)
            ? RuntimeSyntax.CallAsync("Gather", list)
            : RuntimeSyntax.CallTask("WhenAll", list);
        return SyntaxFactory.ExpressionStatement(SyntaxFactory.AwaitExpression(call))
            .WithLeadingTrivia(run[0].GetLeadingTrivia())
            .WithTrailingTrivia(run[run.Count - 1].GetTrailingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>Overload resolution check, so the fix never emits a Gather call that does not compile.</summary>
    private static bool GatherBinds(SemanticModel model, int position, SeparatedSyntaxList<ArgumentSyntax> arguments)
    {
        var probe = SyntaxFactory.InvocationExpression(
            SyntaxFactory.ParseExpression("global::AsyncGuide.Async.Gather"),
            SyntaxFactory.ArgumentList(arguments));
        return model.GetSpeculativeSymbolInfo(position, probe, SpeculativeBindingOption.BindAsExpression).Symbol is IMethodSymbol;
    }
}
