namespace AsyncGuide.CodeFixes;

/// <summary>
/// The registration every AsyncGuide fix shares: the one rule it fixes, <see cref="EveryOccurrenceFixAllProvider"/>
/// as its Fix All, and the document's syntax root and semantic model read once before each diagnostic's actions
/// are registered, in the order the rule registers them (the first is the default).
/// </summary>
public abstract class AsyncGuideCodeFix : CodeFixProvider
{
    private readonly string _ruleId;

    private protected AsyncGuideCodeFix(string ruleId) => _ruleId = ruleId;

    public sealed override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(_ruleId);

    public sealed override FixAllProvider GetFixAllProvider() => EveryOccurrenceFixAllProvider.Instance;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            RegisterFixes(context, root, model, diagnostic);
        }
    }

    /// <summary>Registers the actions for <paramref name="diagnostic"/>, or none when a precondition does not hold.</summary>
    private protected abstract void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel model, Diagnostic diagnostic);
}
