using System.Linq;

namespace AsyncGuide.CodeFixes;

/// <summary>
/// The AG0202 rewrite that keeps the loop and its store: the calls start together, then the loop
/// stores each result in input order (<c>Task.WhenAll</c> and <c>Async.Gather</c> keep it).
/// <code>
/// foreach (var id in ids) { var r = await F(id); list.Add(r); }   // or map[id] = await F(id); total += await F(id);
/// foreach (var r in await Task.WhenAll(ids.Select(id => F(id)))) { list.Add(r); }
/// foreach (var (id, r) in await Task.WhenAll(ids.Select(async id => (id, await F(id))))) { map[id] = r; }
/// </code>
/// The body's comments and layout stay where they were: only the awaited call becomes a name.
/// </summary>
internal static class GatheredForEach
{
    private const string DeconstructionKind = "AG0202.Deconstruct";

    /// <summary>Simplifies the document, then turns the marked loop into <c>foreach (var (x, r) in …)</c>.</summary>
    public static async Task<Document> FinishAsync(Document document, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || !root.GetAnnotatedNodes(DeconstructionKind).Any())
        {
            return document;
        }

        document = await Simplifier.ReduceAsync(document, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        root = root.ReplaceNodes(root.GetAnnotatedNodes(Simplifier.Annotation), (_, node) => node.WithoutAnnotations(Simplifier.Annotation));
        root = root.ReplaceNodes(root.GetAnnotatedNodes(DeconstructionKind).OfType<ForEachStatementSyntax>(), (_, loop) =>
        {
            var item = loop.GetAnnotations(DeconstructionKind).First().Data!;
            return SyntaxFactory.ForEachVariableStatement(
                    loop.AttributeLists,
                    default,
                    loop.ForEachKeyword,
                    loop.OpenParenToken,
                    SyntaxFactory.DeclarationExpression(
                        loop.Type,
                        SyntaxFactory.ParenthesizedVariableDesignation(SyntaxFactory.SeparatedList<VariableDesignationSyntax>(new[]
                        {
                            SyntaxFactory.SingleVariableDesignation(SyntaxFactory.Identifier(item)),
                            SyntaxFactory.SingleVariableDesignation(loop.Identifier.WithoutTrivia()),
                        }))).WithTrailingTrivia(loop.Identifier.TrailingTrivia),
                    loop.InKeyword,
                    loop.Expression,
                    loop.CloseParenToken,
                    loop.Statement)
                .WithTriviaFrom(loop)
                .WithAdditionalAnnotations(Formatter.Annotation);
        });
        return document.WithSyntaxRoot(root);
    }

    public static StatementSyntax? TryBuild(
        ForEachStatementSyntax loop,
        InvocationExpressionSyntax call,
        SemanticModel model,
        FreshNames names,
        CancellationToken cancellationToken)
    {
        if (loop.AwaitKeyword.RawKind != 0 || loop.ContainsDirectives)
        {
            return null;
        }

        // The awaited expression: the call, or call.ConfigureAwait(b).
        ExpressionSyntax awaitedTask = call;
        ExpressionSyntax? configureAwaitArgument = null;
        if (call.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } member &&
            member.Parent is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } configure)
        {
            awaitedTask = configure;
            configureAwaitArgument = configure.ArgumentList.Arguments[0].Expression;
        }

        if (awaitedTask.Parent is not AwaitExpressionSyntax awaitExpression || !IsTypeSafe(loop, model, cancellationToken))
        {
            return null;
        }

        // Local declarations before the statement that awaits (`var arg = args[i];`) move into each item's task.
        var block = loop.Statement as BlockSyntax;
        var awaitingAt = 0;
        if (block is not null)
        {
            while (awaitingAt < block.Statements.Count && !block.Statements[awaitingAt].Span.Contains(awaitExpression.Span))
            {
                if (block.Statements[awaitingAt] is not LocalDeclarationStatementSyntax)
                {
                    return null;
                }

                awaitingAt++;
            }
        }

        // `var r = await F(x);` in a block: its name is kept, the declaration goes, the statements after it stay.
        StatementSyntax newBody;
        string resultName;
        if (awaitExpression.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } &&
            declarator.Parent?.Parent is LocalDeclarationStatementSyntax declaration &&
            block is not null &&
            block.Statements.Count >= awaitingAt + 2 &&
            block.Statements[awaitingAt] == declaration &&
            declaration.Declaration.Type.IsVar)
        {
            resultName = declarator.Identifier.ValueText;
            var next = block.Statements[awaitingAt + 1];
            var first = block.Statements[0];
            var kept = block.Statements
                .Replace(next, next.WithLeadingTrivia(first.GetLeadingTrivia().AddRange(next.GetLeadingTrivia().SkipIndentationOnly())));
            newBody = block.WithStatements(SyntaxFactory.List(kept.Skip(awaitingAt + 1)));
        }
        else if (awaitExpression.Parent is not EqualsValueClauseSyntax)
        {
            resultName = names.Next("result", loop, model);
            newBody = loop.Statement.ReplaceNode(awaitExpression, SyntaxFactory.IdentifierName(resultName).WithTriviaFrom(awaitExpression));
            if (newBody is BlockSyntax newBlock && awaitingAt > 0)
            {
                newBody = newBlock.WithStatements(SyntaxFactory.List(newBlock.Statements.Skip(awaitingAt)));
            }
        }
        else
        {
            return null;
        }

        var prefix = block is null ? new List<StatementSyntax>() : block.Statements.Take(awaitingAt).ToList();
        var item = loop.Identifier.WithoutTrivia();
        var usesItem = false;
        foreach (var token in newBody.DescendantTokens())
        {
            usesItem |= token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == item.ValueText;
            if (token.IsKind(SyntaxKind.IdentifierToken) && DeclaresName(prefix, token.ValueText))
            {
                // The statements after the await read a local of the moved declarations: not rewritten.
                return null;
            }
        }

        // Each item's task: `x => F(x)`, or `async x => (x, await F(x))` when the store needs the item too,
        // or `async x => { var a = …; return await F(a); }` with the declarations that came first.
        ExpressionSyntax lambdaBody = usesItem
            ? SyntaxFactory.TupleExpression(SyntaxFactory.SeparatedList(new[]
            {
                SyntaxFactory.Argument(SyntaxFactory.IdentifierName(item)),
                SyntaxFactory.Argument(awaitExpression.WithoutTrivia()),
            }))
            : prefix.Count > 0 ? awaitExpression.WithoutTrivia() : call.WithoutTrivia();
        var lambda = prefix.Count > 0
            ? SyntaxFactory.SimpleLambdaExpression(SyntaxFactory.Parameter(item))
                .WithBlock(SyntaxFactory.Block(prefix.Select(p => p.WithoutLeadingTrivia().WithoutTrailingTrivia())
                    .Append(SyntaxFactory.ReturnStatement(lambdaBody))))
            : SyntaxFactory.SimpleLambdaExpression(SyntaxFactory.Parameter(item), lambdaBody);
        if (usesItem || prefix.Count > 0)
        {
            lambda = lambda.WithAsyncKeyword(SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space));
        }

        var arguments = SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(Select(loop.Expression, lambda)));
        ExpressionSyntax all = RuntimeSyntax.HasRuntime(model.Compilation)
            ? RuntimeSyntax.CallAsync("Gather", arguments)
            : RuntimeSyntax.CallTask("WhenAll", arguments);
        if (configureAwaitArgument is not null)
        {
            all = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, all, SyntaxFactory.IdentifierName("ConfigureAwait")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(configureAwaitArgument.WithoutTrivia()))));
        }

        var gathered = SyntaxFactory.AwaitExpression(all).WithTriviaFrom(loop.Expression);
        var var = SyntaxFactory.IdentifierName("var").WithTriviaFrom(loop.Type);
        // `foreach (var (x, r) in …)` is built after simplification (FinishAsync): Roslyn's simplifier
        // cannot analyse a deconstructing foreach. Until then the loop has one marked variable.
        StatementSyntax rewritten = loop.WithType(var)
            .WithIdentifier(SyntaxFactory.Identifier(resultName).WithTriviaFrom(loop.Identifier))
            .WithExpression(gathered)
            .WithStatement(newBody);
        if (usesItem)
        {
            rewritten = rewritten.WithAdditionalAnnotations(new SyntaxAnnotation(DeconstructionKind, item.ValueText));
        }

        return rewritten.WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static bool DeclaresName(List<StatementSyntax> prefix, string name)
    {
        foreach (var statement in prefix)
        {
            foreach (var variable in ((LocalDeclarationStatementSyntax)statement).Declaration.Variables)
            {
                if (variable.Identifier.ValueText == name)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The loop variable has the collection's element type, so the lambda's parameter gets the same type.</summary>
    private static bool IsTypeSafe(ForEachStatementSyntax loop, SemanticModel model, CancellationToken cancellationToken)
    {
        var info = model.GetForEachStatementInfo(loop);
        var item = model.GetDeclaredSymbol(loop, cancellationToken);
        var enumerableOfT = TypeLookup.For(model.Compilation).Find("System.Collections.Generic.IEnumerable`1");
        var collectionType = model.GetTypeInfo(loop.Expression, cancellationToken).Type;
        return item is not null && info.ElementType is not null && enumerableOfT is not null && collectionType is not null &&
               SymbolEqualityComparer.Default.Equals(item.Type, info.ElementType) &&
               info.ElementConversion.IsIdentity &&
               model.Compilation.ClassifyConversion(collectionType, enumerableOfT.Construct(info.ElementType)).IsImplicit;
    }

    private static SyntaxTriviaList SkipIndentationOnly(this SyntaxTriviaList trivia)
    {
        // The second statement's own indentation replaces the declaration's, which is already in front.
        var result = SyntaxFactory.TriviaList();
        foreach (var item in trivia)
        {
            if (!item.IsKind(SyntaxKind.WhitespaceTrivia))
            {
                result = result.Add(item);
            }
        }

        return result;
    }

    /// <summary>
    /// <c>collection.Select(lambda)</c>, written as <c>global::System.Linq.Enumerable.Select(collection, lambda)</c> for the
    /// simplifier, which reduces it to the extension call and adds <c>using System.Linq;</c> where needed.
    /// </summary>
    internal static ExpressionSyntax Select(ExpressionSyntax collection, LambdaExpressionSyntax lambda) =>
        SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    SyntaxFactory.ParseTypeName("global::System.Linq.Enumerable")
                        .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation),
                    SyntaxFactory.IdentifierName("Select")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
                {
                    SyntaxFactory.Argument(collection.WithoutTrivia()),
                    SyntaxFactory.Argument(lambda),
                })))
            .WithAdditionalAnnotations(Simplifier.Annotation);
}
