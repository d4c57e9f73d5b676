namespace AsyncGuide.CodeFixes;

/// <summary>
/// A fix whose actions must see every diagnostic of a document at once (one editor, one pool of
/// fresh names, statements merged across diagnostics). <see cref="EveryOccurrenceFixAllProvider"/>
/// hands it, per document, the diagnostics whose chosen action has <paramref name="equivalenceKey"/>
/// instead of applying and merging their actions one by one.
/// </summary>
internal interface IFixAllInDocument
{
    /// <summary>
    /// Applies the action with <paramref name="equivalenceKey"/> to all <paramref name="diagnostics"/>
    /// of <paramref name="document"/>; each of them offered that action.
    /// </summary>
    Task<Document> FixAllInDocumentAsync(
        Document document, string equivalenceKey, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken);
}
