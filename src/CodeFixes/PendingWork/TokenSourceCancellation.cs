using System.Linq;

namespace AsyncGuide.CodeFixes;

/// <summary>
/// The AG01xx "cancel the existing token source" fix: inserts <c>source.Cancel();</c> where the
/// analyzer found it safe (<see cref="CancelAfterWaitFixPlan"/>), after the wait's statement or first
/// in the branch where the work lost, followed, where the analyzer found the named tasks and a legal
/// place to await (<see cref="ExitAfterCancelFixPlan"/>), by an await of their exit that observes their
/// exceptions (<see cref="LoserExitSyntax"/>); raced calls written inline are first declared as locals
/// where the analyzer found that safe (<see cref="RacedCallLocals"/>), so they are awaited too. For AG0102, where the
/// analyzer found AG0104's plan, the raced timer is ended where the work won (<see cref="RacedTimer"/>).
/// The same BCL code with or without the AsyncGuide runtime.
/// </summary>
internal static class TokenSourceCancellation
{
    public static void Register(CodeFixContext context, Diagnostic diagnostic, string equivalenceKey)
    {
        if (!diagnostic.Properties.TryGetValue(CancelAfterWaitFixPlan.SourceKey, out var source) || string.IsNullOrEmpty(source) ||
            !diagnostic.Properties.TryGetValue(CancelAfterWaitFixPlan.PlacementKey, out var placement) || string.IsNullOrEmpty(placement))
        {
            return;
        }

        var observe = ObservedTasks(diagnostic);

        // A source linked to the caller's token is created first (LinkedSourceFixPlan).
        var link = LinkedSource.Read(diagnostic);
        var named = link is null ? $"'{source}'" : $"a new '{source}' linked to '{link.Value.From}'";
        var title = (placement == CancelAfterWaitFixPlan.AfterStatement, observe is not null) switch
        {
            _ when placement == CancelAfterWaitFixPlan.BeforeLoopExits => observe is null
                ? $"Cancel {named} before leaving the loop"
                : $"Cancel {named} and await the rest's exit before leaving the loop",
            (true, false) => $"Cancel {named} after the wait",
            (true, true) => $"Cancel {named} and await the losers' exit",
            (false, false) => $"Cancel {named} when the timeout wins",
            (false, true) => $"Cancel {named} and await the work's exit when the timeout wins",
        };
        context.RegisterCodeFix(
            CodeAction.Create(title, token => InsertCancelAsync(context.Document, diagnostic, source!, placement!, observe, token), equivalenceKey),
            diagnostic);
    }

    /// <summary>The tasks to await after the cancel and whether to resume on the captured context; null for cancel only.</summary>
    private static (string[] Tasks, bool OnCapturedContext)? ObservedTasks(Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(ExitAfterCancelFixPlan.TasksKey, out var tasks) || tasks is null ||
            !diagnostic.Properties.TryGetValue(ExitAfterCancelFixPlan.OnCapturedContextKey, out var context) ||
            !bool.TryParse(context, out var onCapturedContext))
        {
            return null;
        }

        var named = tasks.Split(new[] { ',' }, System.StringSplitOptions.RemoveEmptyEntries);
        return named.Length == 0 && HoistedElements(diagnostic) is null ? null : (named, onCapturedContext);
    }

    /// <summary>The indexes of the inline raced calls to declare as locals first (<see cref="RacedCallHoistingFixPlan"/>).</summary>
    private static string? HoistedElements(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(RacedCallHoistingFixPlan.ElementsKey, out var elements) && !string.IsNullOrEmpty(elements)
            ? elements
            : null;

    /// <summary>Where the work won: after the wait's statement, or the branch other than the one where it lost.</summary>
    private static TimerCancellation.Placement TimerPlacement(string placement) =>
        placement switch
        {
            CancelAfterWaitFixPlan.InWhenTrue => TimerCancellation.Placement.ElseBranch,
            CancelAfterWaitFixPlan.InWhenFalse => TimerCancellation.Placement.ThenBranch,
            _ => TimerCancellation.Placement.AfterStatement,
        };

    private static async Task<Document> InsertCancelAsync(
        Document document,
        Diagnostic diagnostic,
        string source,
        string placement,
        (string[] Tasks, bool OnCapturedContext)? observe,
        CancellationToken cancellationToken)
    {
        var original = document;
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node)
        {
            return original;
        }

        // The linked source first: declared before the first raced start, its token handed to the raced calls.
        if (LinkedSource.Read(diagnostic) is { } link)
        {
            if (await link.ApplyAsync(document, root, node, source, cancellationToken).ConfigureAwait(false) is not { } linked)
            {
                return original;
            }

            (document, root, node) = linked;
        }

        // AG0102: the timer is ended where the work won; its nodes are marked to be found again after the edits.
        var timer = RacedTimer.Mark(root, node, diagnostic);
        if (timer is not null)
        {
            document = document.WithSyntaxRoot(timer.Value.Root);
            root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || timer.Value.Race(root) is not { } markedRace)
            {
                return original;
            }

            node = markedRace;
        }

        // Inline raced calls get a name first, so that they are awaited like the named tasks.
        if (observe is { } named && HoistedElements(diagnostic) is { } hoist)
        {
            var raceMark = new SyntaxAnnotation();
            if (node is not InvocationExpressionSyntax whenAny ||
                await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } originalModel ||
                RacedCallLocals.Hoist(root, originalModel, whenAny, hoist, raceMark, cancellationToken) is not { } hoisted)
            {
                return original;
            }

            document = document.WithSyntaxRoot(hoisted.Root);
            root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root?.GetAnnotatedNodes(raceMark).FirstOrDefault() is not InvocationExpressionSyntax race)
            {
                return original;
            }

            node = race;
            observe = (RacedCallLocals.InRaceOrder(race, named.Tasks, hoisted.Names), named.OnCapturedContext);
        }

        if (placement == CancelAfterWaitFixPlan.BeforeLoopExits)
        {
            return await CancelBeforeLoopExitsAsync(document, node, source, observe, cancellationToken).ConfigureAwait(false) ?? original;
        }

        // Where the statements go: after the wait's statement, or first in the branch where the work lost.
        SyntaxNode? after = null;
        StatementSyntax? branch = null;
        if (placement == CancelAfterWaitFixPlan.AfterStatement)
        {
            after = node.FirstAncestorOrSelf<StatementSyntax>() switch
            {
                { Parent: BlockSyntax } statement => statement,
                { Parent: GlobalStatementSyntax topLevel } => topLevel,
                _ => null,
            };
        }
        else if (node.FirstAncestorOrSelf<IfStatementSyntax>() is { } ifStatement)
        {
            branch = placement == CancelAfterWaitFixPlan.InWhenTrue ? ifStatement.Statement : ifStatement.Else?.Statement;
        }

        if (after is null && branch is null)
        {
            return original;
        }

        var inserted = new List<StatementSyntax> { CancelStatement(source) };

        // Offered as "cancel and await": when the await cannot be written as planned, no change rather than half of it.
        if (observe is { } planned)
        {
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var insertAt = after?.Span.End ?? (branch is BlockSyntax block ? block.OpenBraceToken.Span.End : branch!.SpanStart);
            if (model is null || node is not ExpressionSyntax wait || !AwaitLegality.IsAwaited(wait) || !AwaitLegality.IsAllowedAt(wait) ||
                LoserExitSyntax.AwaitExit(model, wait, insertAt, planned.Tasks, planned.OnCapturedContext, cancellationToken) is not { } awaitExit)
            {
                return original;
            }

            inserted.Add(awaitExit);
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        if (after is GlobalStatementSyntax global)
        {
            // Top-level statements: the formatter would surround an elastic statement with blank lines.
            var endOfLine = global.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            editor.InsertAfter(global, inserted.Select(statement =>
            {
                var plain = statement.WithoutAnnotations(Formatter.Annotation).NormalizeWhitespace().WithoutTrivia();
                return SyntaxFactory.GlobalStatement(endOfLine == default ? plain : plain.WithTrailingTrivia(endOfLine));
            }));
        }
        else if (after is not null)
        {
            editor.InsertAfter(after, inserted);
        }
        else
        {
            var lost = branch!;
            var newBranch = lost is BlockSyntax block
                ? block.WithStatements(block.Statements.InsertRange(0, inserted))
                : Prepend(inserted, lost);
            editor.ReplaceNode(lost, newBranch);
        }

        var changed = editor.GetChangedDocument();
        return timer is { } marked
            ? await marked.CancelAsync(changed, TimerPlacement(placement), cancellationToken).ConfigureAwait(false)
            : changed;
    }

    /// <summary>
    /// The WhenAny loop (<see cref="CancelBeforeLoopExitFixPlan"/>): <c>source.Cancel();</c>, and the await of the rest's exit
    /// when planned, right before each <c>return</c> and <c>break</c> out of the loop after the wait; null when the
    /// exits or the await cannot be written as planned.
    /// </summary>
    private static async Task<Document?> CancelBeforeLoopExitsAsync(
        Document document, SyntaxNode node, string source, (string[] Tasks, bool OnCapturedContext)? observe, CancellationToken cancellationToken)
    {
        if (LoopExits.After(node) is not { Count: > 0 } exits)
        {
            return null;
        }

        var model = observe is null ? null : await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (var exit in exits)
        {
            var inserted = new List<StatementSyntax> { CancelStatement(source) };
            if (observe is { } planned)
            {
                if (model is null || node is not ExpressionSyntax wait || !AwaitLegality.IsAwaited(wait) || !AwaitLegality.IsAllowedAt(exit) ||
                    LoserExitSyntax.AwaitExit(model, wait, exit.SpanStart, planned.Tasks, planned.OnCapturedContext, cancellationToken)
                        is not { } awaitExit)
                {
                    return null;
                }

                inserted.Add(awaitExit);
            }

            if (exit.Parent is BlockSyntax or SwitchSectionSyntax)
            {
                // The exit's comments stay above the statements that now lead to it.
                inserted[0] = inserted[0].WithLeadingTrivia(exit.GetLeadingTrivia());
                editor.InsertBefore(exit, inserted);
                editor.ReplaceNode(
                    exit,
                    (current, _) => current.WithLeadingTrivia(SyntaxFactory.ElasticMarker).WithAdditionalAnnotations(Formatter.Annotation));
            }
            else
            {
                editor.ReplaceNode(exit, Prepend(inserted, exit));
            }
        }

        return editor.GetChangedDocument();
    }

    private static StatementSyntax CancelStatement(string source) =>
        SyntaxFactory.ExpressionStatement(
                SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(
                        SyntaxKind.SimpleMemberAccessExpression,
                        SyntaxFactory.IdentifierName(source),
                        SyntaxFactory.IdentifierName("Cancel"))))
            .WithAdditionalAnnotations(Formatter.Annotation);

    /// <summary>A block of <paramref name="inserted"/> then <paramref name="statement"/>, standing where the embedded statement stood.</summary>
    private static BlockSyntax Prepend(List<StatementSyntax> inserted, StatementSyntax statement) =>
        SyntaxFactory.Block(inserted.Append(statement.WithoutLeadingTrivia()))
            .WithLeadingTrivia(statement.GetLeadingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);
}
