namespace AsyncGuide.CodeFixes;

/// <summary>
/// AG0104: gives the raced <c>Task.Delay</c> a token source of its own and cancels it when the race is over
/// (<see cref="TimerCancellation"/>): after the race's statement, or first in both branches of the <c>if</c> it
/// decides; the race's branches are otherwise left as they are.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp)]
public sealed class AG0104TimerLeftRunningCodeFix : DocumentRewriteCodeFix
{
    public const string CancelTimerKey = "AG0104.CancelTimer";

    // One editor and one set of fresh names per document: two races in one block get delayCts and delayCts2.
    public AG0104TimerLeftRunningCodeFix()
        : base(RuleIds.TimerLeftRunning)
    {
    }

    private protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (Find(root, diagnostic) is not null)
        {
            Offer(context, diagnostic, "Cancel the timer when the race ends", CancelTimerKey);
        }
    }

    private protected override async Task<Document> RewriteAsync(
        Document document, SyntaxNode root, SemanticModel model,
        string key, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
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
