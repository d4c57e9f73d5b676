namespace AsyncGuide.CodeFixes;

/// <summary>
/// The Fix All of every AsyncGuide fix. For each diagnostic in scope it applies the diagnostic's own
/// action with the requested equivalence key or, when the diagnostic offers no such action (or no
/// key was requested), its first action; diagnostics without an action are skipped. The results are
/// merged per document like <c>WellKnownFixAllProviders.BatchFixer</c> does (a change that overlaps
/// an earlier, different change is dropped with the rest of its action's changes).
/// </summary>
/// <remarks>
/// Why not the BatchFixer: <c>dotnet format</c> asks the fix for the actions of the first diagnostic it
/// finds, takes the first action's equivalence key (null when that diagnostic has no fix) and runs the
/// Fix All with it. The BatchFixer only applies actions whose key equals the requested one, so a first
/// occurrence without a fix, or with a different kind of action, left the rule unfixed project-wide.
/// Which diagnostic comes first is up to the analyzer driver; with this provider every fixable
/// occurrence is fixed whatever the order (an occurrence offering the requested kind still gets that
/// kind, as the IDE's Fix All does).
/// Fixes implementing <see cref="IFixAllInDocument"/> get each document's diagnostics grouped by the
/// chosen key, so their edits are made in one pass rather than merged as text.
/// </remarks>
internal static class EveryOccurrenceFixAllProvider
{
    public static FixAllProvider Instance { get; } = FixAllProvider.Create(FixDocumentAsync);

    private static async Task<Document?> FixDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var cancellationToken = context.CancellationToken;
        var fixer = context.CodeFixProvider;
        var groups = await ChooseActionsAsync(fixer, context.CodeActionEquivalenceKey, document, diagnostics, cancellationToken)
            .ConfigureAwait(false);

        var changed = new List<Document>(groups.Count);
        foreach (var group in groups)
        {
            var result = fixer is IFixAllInDocument batch && group.Key is not null
                ? await batch.FixAllInDocumentAsync(document, group.Key, group.Diagnostics.ToImmutable(), cancellationToken).ConfigureAwait(false)
                : await ApplyAsync(group.Action, document, cancellationToken).ConfigureAwait(false);
            if (result is not null && result != document)
            {
                changed.Add(result);
            }
        }

        if (changed.Count <= 1)
        {
            return changed.Count == 0 ? null : changed[0];
        }

        var original = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        var merger = new TextChangeMerger(original);
        foreach (var result in changed)
        {
            var cleaned = await CleanUpAsync(result, cancellationToken).ConfigureAwait(false);
            merger.TryAdd(TextDiff.Changes(original, await cleaned.GetTextAsync(cancellationToken).ConfigureAwait(false)));
        }

        return document.WithText(merger.Apply());
    }

    /// <summary>Per diagnostic (in source order), the action to apply; grouped by key for batch fixes, one group per diagnostic otherwise.</summary>
    private static async Task<List<ChosenGroup>> ChooseActionsAsync(
        CodeFixProvider fixer, string? requestedKey, Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var ordered = diagnostics.ToBuilder();
        ordered.Sort(static (a, b) => a.Location.SourceSpan.Start.CompareTo(b.Location.SourceSpan.Start));
        var batched = fixer is IFixAllInDocument;
        var groups = new List<ChosenGroup>();
        var actions = new List<CodeAction>();
        foreach (var diagnostic in ordered)
        {
            actions.Clear();
            var fixContext = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
            await fixer.RegisterCodeFixesAsync(fixContext).ConfigureAwait(false);
            if (Choose(actions, requestedKey) is not { } chosen)
            {
                continue;
            }

            var group = batched && chosen.EquivalenceKey is not null ? groups.Find(g => g.Key == chosen.EquivalenceKey) : null;
            if (group is null)
            {
                group = new ChosenGroup(chosen.EquivalenceKey, chosen);
                groups.Add(group);
            }

            group.Diagnostics.Add(diagnostic);
        }

        return groups;
    }

    private static CodeAction? Choose(List<CodeAction> actions, string? requestedKey)
    {
        if (requestedKey is not null)
        {
            foreach (var action in actions)
            {
                if (action.EquivalenceKey == requestedKey)
                {
                    return action;
                }
            }
        }

        return actions.Count > 0 ? actions[0] : null;
    }

    private static async Task<Document?> ApplyAsync(CodeAction action, Document document, CancellationToken cancellationToken)
    {
        foreach (var operation in await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (operation is ApplyChangesOperation apply)
            {
                return apply.ChangedSolution.GetDocument(document.Id);
            }
        }

        return null;
    }

    /// <summary>What applying a code action does to annotated nodes, done before the text is diffed and merged.</summary>
    private static async Task<Document> CleanUpAsync(Document document, CancellationToken cancellationToken)
    {
        document = await ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        document = await Simplifier.ReduceAsync(document, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Formatter.FormatAsync(document, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private sealed class ChosenGroup
    {
        public ChosenGroup(string? key, CodeAction action)
        {
            Key = key;
            Action = action;
        }

        public string? Key { get; }

        /// <summary>The first diagnostic's action; applied as is when the fix is not batched.</summary>
        public CodeAction Action { get; }

        public ImmutableArray<Diagnostic>.Builder Diagnostics { get; } = ImmutableArray.CreateBuilder<Diagnostic>();
    }
}
