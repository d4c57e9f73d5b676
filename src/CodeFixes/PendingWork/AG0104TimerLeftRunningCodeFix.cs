namespace AsyncGuide.CodeFixes;

/// <summary>
/// AG0104: gives the raced <c>Task.Delay</c> a token source of its own and cancels it when the race is over
/// (<see cref="TimerCancellation"/>): after the race's statement, or first in both branches of the <c>if</c> it
/// decides; the race's branches are otherwise left as they are.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp)]
public sealed class AG0104TimerLeftRunningCodeFix : CodeFixProvider, IFixAllInDocument
{
    public const string CancelTimerKey = "AG0104.CancelTimer";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.TimerLeftRunning);

    // One editor and one set of fresh names per document: two races in one block get delayCts and delayCts2.
    public override FixAllProvider GetFixAllProvider() => EveryOccurrenceFixAllProvider.Instance;

    Task<Document> IFixAllInDocument.FixAllInDocumentAsync(
        Document document, string equivalenceKey, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
        ApplyAsync(document, diagnostics, cancellationToken);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Find(root, diagnostic) is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Cancel the timer when the race ends",
                        token => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), token),
                        CancelTimerKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
        var names = new FreshNames();
        foreach (var diagnostic in diagnostics)
        {
            if (Find(root, diagnostic) is not { } found)
            {
                continue;
            }

            var name = names.Next(TimerCancellation.SourceName, found.SourceBefore, model);
            var placement = found.Placement == AG0104TimerLeftRunningAnalyzer.CancelInBranches
                ? TimerCancellation.Placement.BothBranches
                : TimerCancellation.Placement.AfterStatement;
            TimerCancellation.Apply(editor, name, found.Statement, found.SourceBefore, found.Delay, placement);
        }

        return document.WithSyntaxRoot(editor.GetChangedRoot());
    }

    private static (StatementSyntax Statement, StatementSyntax SourceBefore, InvocationExpressionSyntax Delay, string Placement)? Find(
        SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(AG0104TimerLeftRunningAnalyzer.CancelPlacementKey, out var placement) || placement is null ||
            diagnostic.AdditionalLocations.Count == 0 ||
            root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax race ||
            root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax delay ||
            delay.ArgumentList.Arguments.Count is not (1 or 2) ||
            ((CSharpParseOptions)root.SyntaxTree.Options).LanguageVersion < LanguageVersion.CSharp8)
        {
            return null;
        }

        // The statement directly in a block that holds the race (the analyzer checked its shape).
        var statement = race.FirstAncestorOrSelf<StatementSyntax>(s => s.Parent is BlockSyntax);
        if (statement is null)
        {
            return null;
        }

        var sourceBefore = statement;
        if (diagnostic.Properties.ContainsKey(AG0104TimerLeftRunningAnalyzer.DelayIsLocalKey))
        {
            if (diagnostic.AdditionalLocations.Count < 2 ||
                root.FindNode(diagnostic.AdditionalLocations[1].SourceSpan, getInnermostNodeForTie: true)
                    is not LocalDeclarationStatementSyntax declaration ||
                declaration.Parent != statement.Parent)
            {
                return null;
            }

            sourceBefore = declaration;
        }

        return (statement, sourceBefore, delay, placement);
    }
}
