namespace AsyncGuide.CodeFixes;

/// <summary>
/// AG0003 fixes, for a WhenAny whose result is thrown away (<c>await Task.WhenAny(a, b);</c> or
/// <c>_ = await …</c>): await the winner (<c>await await Task.WhenAny(a, b)</c>), or with the runtime,
/// wait for the first completion and gather everything done (<c>Async.Wait(…, ReturnWhen.FirstCompleted)</c>).
/// Both rethrow the winner's exception: that is the point.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp)]
public sealed class AG0003WhenAnyWinnerNotObservedCodeFix : DocumentRewriteCodeFix
{
    public const string AwaitWinnerKey = "AG0003.AwaitWinner";
    public const string WaitFactoryKey = "AG0003.UseAsyncWaitFactory";
    public const string WaitFirstCompletedKey = "AG0003.WaitFirstCompleted";

    // One editor for the whole document, so the import adder runs once.
    public AG0003WhenAnyWinnerNotObservedCodeFix()
        : base(RuleIds.WhenAnyWinnerNotObserved)
    {
    }

    private protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (FindDroppedWinner(root, diagnostic) is not { } found)
        {
            return;
        }

        // The default (first) action is the one that also ends the losers, where one exists.
        if (found.Await.Expression == found.WhenAny && RuntimeSyntax.HasRuntime(model.Compilation) &&
            diagnostic.Properties.TryGetValue(AG0003WhenAnyWinnerNotObservedAnalyzer.FactoryTokenArgumentsKey, out var indexes) &&
            indexes is not null &&
            WaitFactorySyntax.Build(context.Document, model, found.WhenAny, indexes, context.CancellationToken) is not null)
        {
            Offer(context, diagnostic, "Use Async.Wait with operations: cancel the losers, await what is done", WaitFactoryKey);
        }

        Offer(context, diagnostic, "Await the winning task (the others keep running)", AwaitWinnerKey);

        if (WaitFirstCompleted(found.WhenAny, found.Await, model, diagnostic) is not null)
        {
            Offer(
                context,
                diagnostic,
                "Use Async.Wait(…, ReturnWhen.FirstCompleted) and await what is done (the others keep running)",
                WaitFirstCompletedKey);
        }
    }

    private protected override async Task<Document> RewriteAsync(
        Document document, SyntaxNode root, SemanticModel model,
        string key, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
        foreach (var diagnostic in diagnostics)
        {
            if (FindDroppedWinner(root, diagnostic) is not { } found)
            {
                continue;
            }

            var replacement = key switch
            {
                WaitFirstCompletedKey => WaitFirstCompleted(found.WhenAny, found.Await, model, diagnostic),
                WaitFactoryKey => WaitFactory(document, found.WhenAny, found.Await, model, diagnostic, cancellationToken),
                _ => AwaitWinner(found.Await),
            };
            if (replacement is not null)
            {
                editor.ReplaceNode(
                    found.Statement,
                    SyntaxFactory.ExpressionStatement(replacement).WithTriviaFrom(found.Statement).WithAdditionalAnnotations(Formatter.Annotation));
            }
        }

        return await RuntimeSyntax.AddImportsAsync(document.WithSyntaxRoot(editor.GetChangedRoot()), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The statement that drops <c>await Task.WhenAny(…)</c>; null when the winner goes anywhere else (no fix).</summary>
    private static (ExpressionStatementSyntax Statement, AwaitExpressionSyntax Await, InvocationExpressionSyntax WhenAny)? FindDroppedWinner(
        SyntaxNode root, Diagnostic diagnostic)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax whenAny ||
            whenAny.FirstAncestorOrSelf<AwaitExpressionSyntax>() is not { } awaitExpression)
        {
            return null;
        }

        return awaitExpression.Parent switch
        {
            ExpressionStatementSyntax statement => (statement, awaitExpression, whenAny),
            AssignmentExpressionSyntax
            {
                Left: IdentifierNameSyntax { Identifier.ValueText: "_" }, Parent: ExpressionStatementSyntax statement
            } assignment
                when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) => (statement, awaitExpression, whenAny),
            _ => null,
        };
    }

    /// <summary><c>await await Task.WhenAny(a, b)</c>, keeping <c>ConfigureAwait(x)</c> on both awaits.</summary>
    private static ExpressionSyntax AwaitWinner(AwaitExpressionSyntax awaitExpression)
    {
        var inner = awaitExpression.WithoutTrivia();
        if (awaitExpression.Expression is InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configure
            } configured)
        {
            return SyntaxFactory.AwaitExpression(
                SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(
                        SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.ParenthesizedExpression(inner), configure.Name),
                    configured.ArgumentList));
        }

        return SyntaxFactory.AwaitExpression(inner);
    }

    /// <summary>
    /// <c>await Async.Gather((await Async.Wait(new Task[] { a, b }, ReturnWhen.FirstCompleted)).Done)</c>:
    /// every task done at that moment is observed. Null without the runtime, with ConfigureAwait, or when it would not bind.
    /// </summary>
    private static ExpressionSyntax? WaitFirstCompleted(
        InvocationExpressionSyntax whenAny, AwaitExpressionSyntax awaitExpression, SemanticModel model, Diagnostic diagnostic)
    {
        if (!RuntimeSyntax.HasRuntime(model.Compilation) || awaitExpression.Expression != whenAny)
        {
            return null;
        }

        var arguments = whenAny.ArgumentList.Arguments;
        ExpressionSyntax tasks;
        if (arguments.Count == 1 && diagnostic.Properties.ContainsKey(AG0003WhenAnyWinnerNotObservedAnalyzer.TasksAreCollectionKey))
        {
            tasks = arguments[0].Expression.WithoutTrivia(); // already a collection of tasks
        }
        else
        {
            var elements = SyntaxFactory.SeparatedList<ExpressionSyntax>();
            foreach (var argument in arguments)
            {
                elements = elements.Add(argument.Expression.WithoutTrivia());
            }

            tasks = SyntaxFactory.ArrayCreationExpression(
                SyntaxFactory.ArrayType(
                    RuntimeSyntax.TaskType(),
                    SyntaxFactory.SingletonList(SyntaxFactory.ArrayRankSpecifier(
                        SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(SyntaxFactory.OmittedArraySizeExpression())))),
                SyntaxFactory.InitializerExpression(SyntaxKind.ArrayInitializerExpression, elements));
        }

        var wait = RuntimeSyntax.CallAsync("Wait", SyntaxFactory.SeparatedList(new[]
        {
            SyntaxFactory.Argument(tasks),
            SyntaxFactory.Argument(RuntimeSyntax.ReturnWhen("FirstCompleted")),
        }));
        var done = SyntaxFactory.MemberAccessExpression(
            SyntaxKind.SimpleMemberAccessExpression,
            SyntaxFactory.ParenthesizedExpression(SyntaxFactory.AwaitExpression(wait)),
            SyntaxFactory.IdentifierName("Done"));
        var gather = RuntimeSyntax.CallAsync("Gather", SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(done)));
        var result = SyntaxFactory.AwaitExpression(gather);

        var bound = model.GetSpeculativeSymbolInfo(awaitExpression.SpanStart, gather, SpeculativeBindingOption.BindAsExpression).Symbol;
        return bound is IMethodSymbol ? result : null;
    }

    /// <summary>
    /// <c>await Async.Gather((await Async.Wait(operations, ReturnWhen.FirstCompleted, cancellationToken: ct)).Done)</c>:
    /// the factory form cancels and awaits the losers, and the gather rethrows a failed winner.
    /// </summary>
    private static ExpressionSyntax? WaitFactory(
        Document document,
        InvocationExpressionSyntax whenAny,
        AwaitExpressionSyntax awaitExpression,
        SemanticModel model,
        Diagnostic diagnostic,
        CancellationToken cancellationToken)
    {
        if (awaitExpression.Expression != whenAny ||
            !diagnostic.Properties.TryGetValue(AG0003WhenAnyWinnerNotObservedAnalyzer.FactoryTokenArgumentsKey, out var indexes) || indexes is null ||
            WaitFactorySyntax.Build(document, model, whenAny, indexes, cancellationToken) is not { } wait)
        {
            return null;
        }

        var done = SyntaxFactory.MemberAccessExpression(
            SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.ParenthesizedExpression(wait), SyntaxFactory.IdentifierName("Done"));
        return SyntaxFactory.AwaitExpression(RuntimeSyntax.CallAsync("Gather", SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(done))))
            .WithAdditionalAnnotations(Simplifier.Annotation);
    }
}
