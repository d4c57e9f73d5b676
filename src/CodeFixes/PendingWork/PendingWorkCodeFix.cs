namespace AsyncGuide.CodeFixes;

/// <summary>
/// The registration the AG0101, AG0102 and AG0103 fixes share: first the runtime rewrite the analyzer planned
/// (when the project references AsyncGuide and the rule has one), then the cancellation of the work's own token
/// source, which every one of them offers with or without the runtime.
/// </summary>
public abstract class PendingWorkCodeFix : AsyncGuideCodeFix
{
    private readonly string _cancelSourceKey;

    private protected PendingWorkCodeFix(string ruleId, string cancelSourceKey)
        : base(ruleId) => _cancelSourceKey = cancelSourceKey;

    private protected sealed override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        RegisterLeadingFixes(context, diagnostic);
        if (RuntimeSyntax.HasRuntime(model.Compilation) && RuntimeFix(context.Document, diagnostic) is { } action)
        {
            context.RegisterCodeFix(action, diagnostic);
        }

        TokenSourceCancellation.Register(context, diagnostic, _cancelSourceKey);
    }

    /// <summary>Fixes offered before the runtime rewrite and the cancellation (none by default).</summary>
    private protected virtual void RegisterLeadingFixes(CodeFixContext context, Diagnostic diagnostic)
    {
    }

    /// <summary>The runtime rewrite for <paramref name="diagnostic"/>, from the plan in its properties; null when there is none.</summary>
    private protected virtual CodeAction? RuntimeFix(Document document, Diagnostic diagnostic) => null;
}
