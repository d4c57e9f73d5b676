namespace AsyncGuide.CodeFixes;

/// <summary>
/// AG0001 fixes, the default first: gather a run of consecutive dropped tasks into one
/// <c>await Async.Gather(a, b)</c> / <c>await Task.WhenAll(a, b)</c> (they keep running concurrently, as
/// the unfixed code did); <c>await</c> the dropped task; or, where an await cannot go (synchronous code)
/// or is not wanted, keep it running and observe its failure (<c>Async.Forget(t)</c>, or
/// <c>_ = t.ContinueWith(x =&gt; _ = x.Exception, TaskContinuationOptions.OnlyOnFaulted)</c> without the
/// runtime: the same text for every target framework).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp)]
public sealed class AG0001DroppedTaskCodeFix : DocumentRewriteCodeFix
{
    public const string GatherKey = "AG0001.Gather";
    public const string AwaitKey = "AG0001.Await";
    public const string ObserveKey = "AG0001.Observe";

    // One rewrite per document: gathering merges neighbouring statements, and per-diagnostic edits merged as text would conflict.
    public AG0001DroppedTaskCodeFix()
        : base(RuleIds.DroppedTask)
    {
    }

    private protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (DroppedShape.FromProperties(diagnostic.Properties) is not { } shape)
        {
            return;
        }

        var awaitable = new DroppedTaskStatements(model).FindAwaitableStatement(root, diagnostic.Location.SourceSpan);
        if (awaitable is not null &&
            DroppedTaskStatements.FindGatherableRun(root, awaitable, diagnostic.AdditionalLocations, null) is { } run)
        {
            Offer(context, diagnostic, UsesGather(model, run) ? "Gather with Async.Gather" : "Gather with Task.WhenAll", GatherKey);
        }

        if (awaitable is not null)
        {
            Offer(context, diagnostic, "Await it", AwaitKey);
        }

        if (ObservableStatement(root, model, diagnostic, shape) is not null)
        {
            Offer(context, diagnostic, "Observe its failure, keep it running", ObserveKey);
        }
    }

    private protected override async Task<Document> RewriteAsync(
        Document document, SyntaxNode root, SemanticModel model,
        string key, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var statements = new DroppedTaskStatements(model);
        var flagged = new Dictionary<StatementSyntax, Diagnostic>();
        foreach (var diagnostic in diagnostics)
        {
            if (DroppedTaskStatements.FindDroppingStatement(root, diagnostic.Location.SourceSpan) is { } statement)
            {
                flagged[statement] = diagnostic;
            }
        }

        var flaggedSet = new HashSet<StatementSyntax>(flagged.Keys);
        var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
        var done = new HashSet<StatementSyntax>();
        foreach (var pair in flagged)
        {
            var (statement, diagnostic) = (pair.Key, pair.Value);
            if (done.Contains(statement) || DroppedShape.FromProperties(diagnostic.Properties) is not { } shape)
            {
                continue;
            }

            var awaitable = statements.FindAwaitableStatement(root, diagnostic.Location.SourceSpan);

            // A single fix gathers the whole run it sits in; Fix All only gathers what it was given.
            var run = key == GatherKey && awaitable is not null
                ? DroppedTaskStatements.FindGatherableRun(
                    root, awaitable, diagnostic.AdditionalLocations, diagnostics.Length == 1 ? null : flaggedSet)
                : null;
            if (run is not null)
            {
                editor.ReplaceNode(run[0], GatherStatement(run, model));
                done.Add(run[0]);
                for (var i = 1; i < run.Count; i++)
                {
                    editor.RemoveNode(run[i], SyntaxRemoveOptions.KeepNoTrivia);
                    done.Add(run[i]);
                }

                continue;
            }

            if (awaitable is not null && key == AwaitKey)
            {
                editor.ReplaceNode(
                    statement,
                    DroppedTaskStatements.AwaitStatement(statement, shape.AwaitDepth).WithAdditionalAnnotations(Formatter.Annotation));
                done.Add(statement);
            }
            else if (key == ObserveKey &&
                     ObservableStatement(root, model, diagnostic, shape) is { } observable)
            {
                editor.ReplaceNode(statement, ObserveStatement(observable, shape, model).WithAdditionalAnnotations(Formatter.Annotation));
                done.Add(statement);
            }
        }

        return await RuntimeSyntax.AddImportsAsync(document.WithSyntaxRoot(editor.GetChangedRoot()), cancellationToken).ConfigureAwait(false);
    }

    private static bool UsesGather(SemanticModel model, List<ExpressionStatementSyntax> run)
    {
        var arguments = new List<ArgumentSyntax>(run.Count);
        foreach (var statement in run)
        {
            arguments.Add(SyntaxFactory.Argument(DroppedTaskStatements.GatheredExpression(statement)));
        }

        return RuntimeSyntax.HasRuntime(model.Compilation) && Binds(model, run[0].SpanStart, "Gather", SyntaxFactory.SeparatedList(arguments));
    }

    private static StatementSyntax GatherStatement(List<ExpressionStatementSyntax> run, SemanticModel model)
    {
        var arguments = new List<ArgumentSyntax>(run.Count);
        foreach (var statement in run)
        {
            arguments.Add(SyntaxFactory.Argument(DroppedTaskStatements.GatheredExpression(statement)));
        }

        var list = SyntaxFactory.SeparatedList(arguments);
        var call = UsesGather(model, run)
            ? RuntimeSyntax.CallAsync("Gather", list)
            : RuntimeSyntax.CallTask("WhenAll", list);
        return SyntaxFactory.ExpressionStatement(SyntaxFactory.AwaitExpression(call))
            .WithLeadingTrivia(run[0].GetLeadingTrivia())
            .WithTrailingTrivia(run[run.Count - 1].GetTrailingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>The statement dropping a plain Task or ValueTask, which can be kept running with an observer.</summary>
    private static StatementSyntax? ObservableStatement(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, DroppedShape shape)
    {
        if (shape.Kind is not (DroppedShape.TaskKind or DroppedShape.ValueTaskKind) || shape.AwaitDepth != 1 ||
            DroppedTaskStatements.FindDroppingStatement(root, diagnostic.Location.SourceSpan) is not { } statement ||
            DroppedTaskStatements.Dropped(statement) is null or AwaitExpressionSyntax or ConditionalAccessExpressionSyntax)
        {
            return null;
        }

        // The BCL form writes `_ = …` and `t => _ = t.Exception`: a local named `_` in scope would take the assignment.
        return HasForget(model, statement.SpanStart) || !DeclaresOrSeesUnderscore(model, statement) ? statement : null;
    }

    private static bool DeclaresOrSeesUnderscore(SemanticModel model, StatementSyntax statement)
    {
        foreach (var symbol in model.LookupSymbols(statement.SpanStart, name: "_"))
        {
            // `var _ = x;` itself goes away with the rewrite.
            if (symbol.Locations.Length == 0 || !statement.Span.Contains(symbol.Locations[0].SourceSpan))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasForget(SemanticModel model, int position) =>
        RuntimeSyntax.HasRuntime(model.Compilation) &&
        Binds(
            model,
            position,
            "Forget",
            SyntaxFactory.SingletonSeparatedList(
                SyntaxFactory.Argument(RuntimeSyntax.BclTypeExpression("System.Threading.Tasks.Task", "CompletedTask"))));

    /// <summary><c>Async.Forget(t);</c> with the runtime, <c>_ = t.ContinueWith(x =&gt; _ = x.Exception, OnlyOnFaulted);</c> without.</summary>
    private static StatementSyntax ObserveStatement(StatementSyntax statement, DroppedShape shape, SemanticModel model)
    {
        var task = DroppedTaskStatements.Dropped(statement)!;
        if (shape.Kind == DroppedShape.ValueTaskKind)
        {
            task = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression, Parenthesize(task), SyntaxFactory.IdentifierName("AsTask")));
        }

        StatementSyntax observe;
        if (HasForget(model, statement.SpanStart))
        {
            observe = SyntaxFactory.ExpressionStatement(
                RuntimeSyntax.CallAsync("Forget", SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(task))));
        }
        else
        {
            var parameter = FreeName(model, statement.SpanStart, "t");
            var lambda = SyntaxFactory.SimpleLambdaExpression(
                SyntaxFactory.Parameter(SyntaxFactory.Identifier(parameter)),
                SyntaxFactory.AssignmentExpression(
                    SyntaxKind.SimpleAssignmentExpression,
                    RuntimeSyntax.Discard(),
                    SyntaxFactory.MemberAccessExpression(
                        SyntaxKind.SimpleMemberAccessExpression,
                        SyntaxFactory.IdentifierName(parameter),
                        SyntaxFactory.IdentifierName("Exception"))));
            var options = SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                RuntimeSyntax.BclTypeExpression("System.Threading.Tasks", "TaskContinuationOptions"),
                SyntaxFactory.IdentifierName("OnlyOnFaulted"));
            var continueWith = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression, Parenthesize(task), SyntaxFactory.IdentifierName("ContinueWith")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[] { SyntaxFactory.Argument(lambda), SyntaxFactory.Argument(options) })));
            observe = SyntaxFactory.ExpressionStatement(
                SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, RuntimeSyntax.Discard(), continueWith));
        }

        return observe.WithTriviaFrom(statement);
    }

    private static ExpressionSyntax Parenthesize(ExpressionSyntax expression) =>
        expression is InvocationExpressionSyntax or MemberAccessExpressionSyntax or IdentifierNameSyntax or ElementAccessExpressionSyntax
            ? expression
            : SyntaxFactory.ParenthesizedExpression(expression);

    /// <summary><paramref name="preferred"/>, or with a number appended, so the lambda parameter shadows nothing (CS0136 before C# 8).</summary>
    private static string FreeName(SemanticModel model, int position, string preferred)
    {
        var name = preferred;
        for (var i = 1; !model.LookupSymbols(position, name: name).IsEmpty; i++)
        {
            name = preferred + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }

    /// <summary>Overload resolution check, so the fix never emits a runtime call that does not compile.</summary>
    private static bool Binds(SemanticModel model, int position, string method, SeparatedSyntaxList<ArgumentSyntax> arguments)
    {
        var probe = SyntaxFactory.InvocationExpression(
            SyntaxFactory.ParseExpression("global::AsyncGuide.Async." + method),
            SyntaxFactory.ArgumentList(arguments));
        return model.GetSpeculativeSymbolInfo(position, probe, SpeculativeBindingOption.BindAsExpression).Symbol is IMethodSymbol;
    }
}
