namespace AsyncGuide.CodeFixes;

/// <summary>
/// The registration the AG0101 and AG0102 fixes share: first the runtime rewrite the analyzer planned
/// (when the project references AsyncGuide), then the cancellation of the work's own token source,
/// which both rules offer with or without the runtime.
/// </summary>
public abstract class PendingWorkCodeFix : CodeFixProvider
{
    private readonly string _ruleId;
    private readonly string _cancelSourceKey;

    private protected PendingWorkCodeFix(string ruleId, string cancelSourceKey)
    {
        _ruleId = ruleId;
        _cancelSourceKey = cancelSourceKey;
    }

    public sealed override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(_ruleId);

    public sealed override FixAllProvider GetFixAllProvider() => EveryOccurrenceFixAllProvider.Instance;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var compilation = await context.Document.Project.GetCompilationAsync(context.CancellationToken).ConfigureAwait(false);
        var hasRuntime = compilation is not null && RuntimeSyntax.HasRuntime(compilation);
        foreach (var diagnostic in context.Diagnostics)
        {
            RegisterLeadingFixes(context, diagnostic);
            if (hasRuntime && RuntimeFix(context.Document, diagnostic) is { } action)
            {
                context.RegisterCodeFix(action, diagnostic);
            }

            TokenSourceCancellation.Register(context, diagnostic, _cancelSourceKey);
        }
    }

    /// <summary>Fixes offered before the runtime rewrite and the cancellation (none by default).</summary>
    private protected virtual void RegisterLeadingFixes(CodeFixContext context, Diagnostic diagnostic)
    {
    }

    /// <summary>The runtime rewrite for <paramref name="diagnostic"/>, from the plan in its properties; null when it has none.</summary>
    private protected abstract CodeAction? RuntimeFix(Document document, Diagnostic diagnostic);
}
