namespace AsyncGuide.CodeFixes;

/// <summary>
/// A fix whose every action is one rewrite of a document for a batch of its diagnostics, chosen by the action's
/// equivalence key: a single diagnostic from the light bulb, all of a document's from Fix All
/// (<see cref="IFixAllInDocument"/>), so one editor and one pool of fresh names serve them all.
/// </summary>
public abstract class DocumentRewriteCodeFix : AsyncGuideCodeFix, IFixAllInDocument
{
    private protected DocumentRewriteCodeFix(string ruleId)
        : base(ruleId)
    {
    }

    Task<Document> IFixAllInDocument.FixAllInDocumentAsync(
        Document document, string equivalenceKey, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
        ReadAndRewriteAsync(document, equivalenceKey, diagnostics, cancellationToken);

    /// <summary>Offers the rewrite <paramref name="equivalenceKey"/> of <paramref name="diagnostic"/> alone.</summary>
    private protected void Offer(CodeFixContext context, Diagnostic diagnostic, string title, string equivalenceKey) =>
        context.RegisterCodeFix(
            CodeAction.Create(
                title,
                ct => ReadAndRewriteAsync(context.Document, equivalenceKey, ImmutableArray.Create(diagnostic), ct),
                equivalenceKey),
            diagnostic);

    /// <summary>
    /// The document with the rewrite <paramref name="key"/> (an equivalence key) applied for each of
    /// <paramref name="diagnostics"/>, each of which offered it; the document itself when nothing applies.
    /// </summary>
    private protected abstract Task<Document> RewriteAsync(
        Document document, SyntaxNode root, SemanticModel model,
        string key, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken);

    private async Task<Document> ReadAndRewriteAsync(
        Document document, string equivalenceKey, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return root is null || model is null
            ? document
            : await RewriteAsync(document, root, model, equivalenceKey, diagnostics, cancellationToken).ConfigureAwait(false);
    }
}
