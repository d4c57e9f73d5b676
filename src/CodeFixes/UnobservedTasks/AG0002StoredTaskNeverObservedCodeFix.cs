namespace AsyncGuide.CodeFixes;

/// <summary>
/// AG0002 fix: await the forgotten tasks together at the end of the async body that declares them
/// (<c>await Async.Gather(t1, t2)</c> / <c>await Task.WhenAll(t1, t2)</c>, <c>await t</c> for one).
/// Offered only where the body ends by falling through (no return, goto or trailing throw), so every
/// path reaches the new await.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp)]
public sealed class AG0002StoredTaskNeverObservedCodeFix : DocumentRewriteCodeFix
{
    public const string GatherAtEndKey = "AG0002.GatherAtEnd";

    // Several diagnostics in one body share one appended statement: batch merging would append it twice.
    public AG0002StoredTaskNeverObservedCodeFix()
        : base(RuleIds.StoredTaskNeverObserved)
    {
    }

    private protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (FindGatherable(root, model, diagnostic, context.CancellationToken) is { Count: > 0 } locals)
        {
            // What it does to concurrency: the task(s) keep running alongside the rest of the method and are joined once at its end.
            var title = locals.Count == 1
                ? $"Await '{locals[0].Identifier.ValueText}' at the end of the method (it keeps running meanwhile)"
                : "Gather the stored tasks at the end of the method (they keep running meanwhile)";
            Offer(context, diagnostic, title, GatherAtEndKey);
        }
    }

    private protected override async Task<Document> RewriteAsync(
        Document document, SyntaxNode root, SemanticModel model,
        string key, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        // One appended statement per body, naming each local once, in declaration order.
        var byBlock = new Dictionary<BlockSyntax, SortedDictionary<int, VariableDeclaratorSyntax>>();
        foreach (var diagnostic in diagnostics)
        {
            if (FindGatherable(root, model, diagnostic, cancellationToken) is not { Count: > 0 } locals)
            {
                continue;
            }

            var block = (BlockSyntax)locals[0].Parent!.Parent!.Parent!;
            if (!byBlock.TryGetValue(block, out var set))
            {
                byBlock[block] = set = new SortedDictionary<int, VariableDeclaratorSyntax>();
            }

            foreach (var local in locals)
            {
                set[local.SpanStart] = local;
            }
        }

        var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
        foreach (var pair in byBlock)
        {
            if (AwaitStatement(pair.Value.Values, model, pair.Key.Statements[pair.Key.Statements.Count - 1].SpanStart) is { } statement)
            {
                editor.ReplaceNode(pair.Key, (current, _) => ((BlockSyntax)current).AddStatements(statement));
            }
        }

        return await RuntimeSyntax.AddImportsAsync(document.WithSyntaxRoot(editor.GetChangedRoot()), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The reported local and its forgotten neighbours, when all can be awaited together at the end of their body.</summary>
    private static List<VariableDeclaratorSyntax>? FindGatherable(
        SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var types = AsyncTypes.For(model.Compilation);
        if (types is null)
        {
            return null;
        }

        var locals = new List<VariableDeclaratorSyntax>();
        var collections = 0;
        var valueTasks = 0;
        var locations = new List<Location> { diagnostic.Location };
        locations.AddRange(diagnostic.AdditionalLocations);
        foreach (var location in locations)
        {
            if (root.FindToken(location.SourceSpan.Start).Parent is not VariableDeclaratorSyntax { Initializer: not null } declarator ||
                declarator.Parent?.Parent is not LocalDeclarationStatementSyntax { Parent: BlockSyntax block } ||
                !EndsByFallingThrough(block) ||
                model.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol local)
            {
                return null;
            }

            if (types.IsValueTask(local.Type))
            {
                // `await v;` alone; with others it cannot be gathered, and awaiting it after them would be the (await a, await b) trap.
                valueTasks++;
            }
            else if (local.Type is IArrayTypeSymbol or INamedTypeSymbol { IsGenericType: true } && !types.IsTask(local.Type))
            {
                collections++;
            }
            else if (!types.IsTask(local.Type))
            {
                return null;
            }

            locals.Add(declarator);
        }

        // A collection and single tasks do not fit one WhenAll call; leave that to the user.
        if ((collections != 0 || valueTasks != 0) && locals.Count != 1)
        {
            return null;
        }

        // A Span-like local in the body may be alive across the appended await (CS4007 under C# 13).
        foreach (var node in locals[0].Parent!.Parent!.Parent!.DescendantNodes())
        {
            if (node is VariableDeclaratorSyntax other &&
                model.GetDeclaredSymbol(other, cancellationToken) is ILocalSymbol { Type.IsRefLikeType: true })
            {
                return null;
            }
        }

        return locals;
    }

    private static StatementSyntax? AwaitStatement(IEnumerable<VariableDeclaratorSyntax> locals, SemanticModel model, int position)
    {
        var arguments = new List<ArgumentSyntax>();
        foreach (var local in locals)
        {
            arguments.Add(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(local.Identifier.ValueText)));
        }

        if (arguments.Count == 0)
        {
            return null;
        }

        // One task: `await t;`. One collection or several tasks: one gathering await.
        ExpressionSyntax awaited;
        if (arguments.Count == 1 && AsyncTypes.For(model.Compilation) is { } types &&
            model.GetDeclaredSymbol(FirstOf(locals)) is ILocalSymbol only && (types.IsTask(only.Type) || types.IsValueTask(only.Type)))
        {
            awaited = arguments[0].Expression;
        }
        else
        {
            var list = SyntaxFactory.SeparatedList(arguments);
            var probe = SyntaxFactory.InvocationExpression(
                SyntaxFactory.ParseExpression("global::AsyncGuide.Async.Gather"), SyntaxFactory.ArgumentList(list));
            awaited = RuntimeSyntax.HasRuntime(model.Compilation) &&
                      model.GetSpeculativeSymbolInfo(position, probe, SpeculativeBindingOption.BindAsExpression).Symbol is IMethodSymbol
                ? RuntimeSyntax.CallAsync("Gather", list)
                : RuntimeSyntax.CallTask("WhenAll", list);
        }

        return SyntaxFactory.ExpressionStatement(SyntaxFactory.AwaitExpression(awaited)).WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static VariableDeclaratorSyntax FirstOf(IEnumerable<VariableDeclaratorSyntax> locals)
    {
        foreach (var local in locals)
        {
            return local;
        }

        throw new System.InvalidOperationException();
    }

    /// <summary>The body of an async function returning Task/ValueTask/void, with no return, goto or trailing throw.</summary>
    private static bool EndsByFallingThrough(BlockSyntax block)
    {
        var isAsync = block.Parent switch
        {
            BaseMethodDeclarationSyntax method => method.Modifiers.Any(SyntaxKind.AsyncKeyword),
            LocalFunctionStatementSyntax function => function.Modifiers.Any(SyntaxKind.AsyncKeyword),
            AnonymousFunctionExpressionSyntax lambda => lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword),
            _ => false,
        };
        if (!isAsync || block.Statements.Count == 0 || block.Statements[block.Statements.Count - 1] is ThrowStatementSyntax)
        {
            return false;
        }

        foreach (var node in block.DescendantNodes(n => n is not AnonymousFunctionExpressionSyntax and not LocalFunctionStatementSyntax))
        {
            if (node is ReturnStatementSyntax or GotoStatementSyntax or YieldStatementSyntax)
            {
                return false;
            }
        }

        return true;
    }
}
