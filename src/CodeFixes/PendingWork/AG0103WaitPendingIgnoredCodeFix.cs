namespace AsyncGuide.CodeFixes;

/// <summary>
/// AG0103: cancels the one local token source that feeds the waited tasks, right after the wait.
/// No "await the pending" fix: without a cancel it would wait for every task, undoing FirstCompleted.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp)]
public sealed class AG0103WaitPendingIgnoredCodeFix : CodeFixProvider
{
    public const string CancelSourceKey = "AG0103.CancelSource";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.WaitPendingIgnored);

    public override FixAllProvider GetFixAllProvider() => EveryOccurrenceFixAllProvider.Instance;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            TokenSourceCancellation.Register(context, diagnostic, CancelSourceKey);
        }

        return Task.CompletedTask;
    }
}
