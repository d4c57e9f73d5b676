namespace AsyncGuide.CodeFixes;

/// <summary>
/// AG0103: cancels the one local token source that feeds the waited tasks, right after the wait.
/// No "await the pending" fix: without a cancel it would wait for every task, undoing FirstCompleted.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp)]
public sealed class AG0103WaitPendingIgnoredCodeFix : PendingWorkCodeFix
{
    public const string CancelSourceKey = "AG0103.CancelSource";

    public AG0103WaitPendingIgnoredCodeFix()
        : base(RuleIds.WaitPendingIgnored, CancelSourceKey)
    {
    }
}
