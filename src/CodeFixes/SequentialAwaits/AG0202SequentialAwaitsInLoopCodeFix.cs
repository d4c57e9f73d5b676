using System.Linq;

namespace AsyncGuide.CodeFixes;

/// <summary>
/// AG0202: <c>foreach (var item in items) results.Add(await F(item));</c> becomes
/// <c>results.AddRange(await Async.Gather(items.Select(item => F(item))));</c> (or <c>Task.WhenAll</c>
/// without the runtime). Loops over an index get no fix: copying back into existing slots would
/// change which exception a length mismatch throws. Loops never overlap, so BatchFixer is correct.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp)]
public sealed class AG0202SequentialAwaitsInLoopCodeFix : AsyncGuideCodeFix
{
    public const string GatherKey = "AG0202.Gather";
    public const string WhenAllKey = "AG0202.WhenAll";

    public AG0202SequentialAwaitsInLoopCodeFix()
        : base(RuleIds.SequentialAwaitsInLoop)
    {
    }

    private protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax call ||
            // The reported loop is the nearest one: a `for` inside a `foreach` gets no fix (not the outer loop's).
            call.FirstAncestorOrSelf<StatementSyntax>(s => s is ForEachStatementSyntax or ForStatementSyntax or WhileStatementSyntax
                    or DoStatementSyntax or ForEachVariableStatementSyntax) is not ForEachStatementSyntax loop ||
            root.ContainsDiagnostics)
        {
            return;
        }

        // `list.Add(await F(x))` alone becomes AddRange; every other store (or a body with comments) keeps its loop.
        var addOnly = diagnostic.Properties.TryGetValue(AG0202SequentialAwaitsInLoopAnalyzer.StoreKey, out var store) &&
                      store == AG0202SequentialAwaitsInLoopAnalyzer.StoreAdd &&
                      !(diagnostic.Properties.TryGetValue(AG0202SequentialAwaitsInLoopAnalyzer.DeclaredKey, out var declared)
                        && declared == "true");
        var replacement = (addOnly ? TryBuildReplacement(loop, call, model, context.CancellationToken) : null) ??
                          GatheredForEach.TryBuild(loop, call, model, new FreshNames(), context.CancellationToken);
        if (replacement is null)
        {
            return;
        }

        var gather = RuntimeSyntax.HasRuntime(model.Compilation);
        context.RegisterCodeFix(
            CodeAction.Create(
                gather ? "Gather with Async.Gather" : "Gather with Task.WhenAll",
                async ct => await GatheredForEach.FinishAsync(
                    await RuntimeSyntax.AddImportsAsync(
                        context.Document.WithSyntaxRoot(root.ReplaceNode(loop, replacement)),
                        ct).ConfigureAwait(false),
                    ct).ConfigureAwait(false),
                gather ? GatherKey : WhenAllKey),
            diagnostic);
    }

    private static StatementSyntax? TryBuildReplacement(
        ForEachStatementSyntax loop,
        InvocationExpressionSyntax call,
        SemanticModel model,
        CancellationToken cancellationToken)
    {
        var body = loop.Statement is BlockSyntax { Statements.Count: 1 } block ? block.Statements[0] : loop.Statement;
        if (body is not ExpressionStatementSyntax
            {
                Expression: InvocationExpressionSyntax
                {
                    Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Add" } add,
                    ArgumentList.Arguments.Count: 1,
                } addCall,
            } ||
            addCall.ArgumentList.Arguments[0].Expression is not AwaitExpressionSyntax awaitExpression ||
            !awaitExpression.Expression.Span.Contains(call.Span) ||
            loop.AwaitKeyword.RawKind != 0 ||
            HasInnerTrivia(loop))
        {
            return null;
        }

        // ConfigureAwait moves from the item's task to the gathered one.
        ExpressionSyntax? configureAwaitArgument = null;
        if (awaitExpression.Expression != call)
        {
            if (awaitExpression.Expression is not InvocationExpressionSyntax
                {
                    Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } member,
                    ArgumentList.Arguments.Count: 1,
                } configure ||
                member.Expression != call)
            {
                return null;
            }

            configureAwaitArgument = configure.ArgumentList.Arguments[0].Expression;
        }

        // The lambda's parameter must be exactly the loop variable, and results must take T[].
        var info = model.GetForEachStatementInfo(loop);
        var item = model.GetDeclaredSymbol(loop, cancellationToken);
        var enumerableOfT = TypeLookup.For(model.Compilation).Find("System.Collections.Generic.IEnumerable`1");
        var collectionType = model.GetTypeInfo(loop.Expression, cancellationToken).Type;
        var resultType = SingleTypeArgument(model.GetTypeInfo(call, cancellationToken).Type);
        var listElement = SingleTypeArgument(model.GetTypeInfo(add.Expression, cancellationToken).Type);
        if (item is null || info.ElementType is null || enumerableOfT is null ||
            collectionType is null || resultType is null || listElement is null ||
            !SymbolEqualityComparer.Default.Equals(item.Type, info.ElementType) ||
            !info.ElementConversion.IsIdentity ||
            !model.Compilation.ClassifyConversion(collectionType, enumerableOfT.Construct(info.ElementType)).IsImplicit ||
            !SymbolEqualityComparer.IncludeNullability.Equals(resultType, listElement))
        {
            return null;
        }

        var runtime = RuntimeSyntax.HasRuntime(model.Compilation);
        ExpressionSyntax all;
        if (UnrolledCalls(loop, call, item, info.ElementType, model, cancellationToken) is { } calls &&
            (!runtime || ElementTypeSyntax(resultType, loop, model) is not null))
        {
            // A literal list of constants: one call per element, as asyncio's gather(f("a"), f("b")) (and no
            // constant array moved into an argument, which CA1861 would then report).
            var unrolled = SyntaxFactory.SeparatedList(calls.ConvertAll(SyntaxFactory.Argument));
            all = runtime
                ? SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(
                        SyntaxKind.SimpleMemberAccessExpression,
                        RuntimeSyntax.AsyncType(),
                        SyntaxFactory.GenericName(
                            SyntaxFactory.Identifier("Gather"),
                            SyntaxFactory.TypeArgumentList(
                                SyntaxFactory.SingletonSeparatedList(ElementTypeSyntax(resultType, loop, model)!)))),
                    SyntaxFactory.ArgumentList(unrolled))
                : RuntimeSyntax.CallTask("WhenAll", unrolled);
        }
        else
        {
            var select = GatheredForEach.Select(
                loop.Expression,
                SyntaxFactory.SimpleLambdaExpression(SyntaxFactory.Parameter(loop.Identifier.WithoutTrivia()), call.WithoutTrivia()));
            var arguments = SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(select));
            all = runtime ? RuntimeSyntax.CallAsync("Gather", arguments) : RuntimeSyntax.CallTask("WhenAll", arguments);
        }

        if (configureAwaitArgument is not null)
        {
            all = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, all, SyntaxFactory.IdentifierName("ConfigureAwait")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(configureAwaitArgument.WithoutTrivia()))));
        }

        var addRange = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                add.Expression.WithoutTrivia(),
                SyntaxFactory.IdentifierName("AddRange")),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.AwaitExpression(all)))));
        return SyntaxFactory.ExpressionStatement(addRange)
            .WithLeadingTrivia(loop.GetLeadingTrivia())
            .WithTrailingTrivia(loop.GetTrailingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>At most this many elements are unrolled; a longer literal list keeps its Select.</summary>
    private const int MaxUnrolled = 8;

    /// <summary>
    /// <c>F(x)</c> once per element of <c>foreach (var x in new[] { c1, c2 })</c>, with <c>x</c> replaced by the element,
    /// when every element is a constant of exactly the loop variable's type (no conversion, so overload resolution
    /// is unchanged) and <c>x</c> is only read as a value; null otherwise.
    /// </summary>
    private static List<ExpressionSyntax>? UnrolledCalls(
        ForEachStatementSyntax loop,
        InvocationExpressionSyntax call,
        ILocalSymbol item,
        ITypeSymbol elementType,
        SemanticModel model,
        CancellationToken cancellationToken)
    {
        var initializer = loop.Expression switch
        {
            ImplicitArrayCreationExpressionSyntax implicitArray => implicitArray.Initializer,
            ArrayCreationExpressionSyntax { Type.RankSpecifiers.Count: 1 } array => array.Initializer,
            _ => null,
        };
        if (initializer is null || initializer.Expressions.Count is 0 or > MaxUnrolled)
        {
            return null;
        }

        foreach (var element in initializer.Expressions)
        {
            if (!model.GetConstantValue(element, cancellationToken).HasValue ||
                !SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(element, cancellationToken).Type, elementType))
            {
                return null;
            }
        }

        var references = new List<IdentifierNameSyntax>();
        foreach (var node in call.DescendantNodes())
        {
            if (node is IdentifierNameSyntax name && name.Identifier.ValueText == item.Name &&
                SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, item))
            {
                // A constant cannot be passed by reference, and nameof(x) names the variable.
                if (name.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not 0 } ||
                    name.Ancestors().Any(a =>
                        a is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } nameOf &&
                        model.GetSymbolInfo(nameOf, cancellationToken).Symbol is null))
                {
                    return null;
                }

                references.Add(name);
            }
        }

        var calls = new List<ExpressionSyntax>(initializer.Expressions.Count);
        foreach (var element in initializer.Expressions)
        {
            var value = SyntaxFactory.ParenthesizedExpression(element.WithoutTrivia()).WithAdditionalAnnotations(Simplifier.Annotation);
            calls.Add(call.ReplaceNodes(references, (_, _) => value).WithoutTrivia());
        }

        return calls;
    }

    /// <summary>The task's result type as written at the loop, for <c>Async.Gather&lt;T&gt;</c>; null when it cannot be written.</summary>
    private static TypeSyntax? ElementTypeSyntax(ITypeSymbol type, ForEachStatementSyntax loop, SemanticModel model)
    {
        if (type.IsAnonymousType || type.TypeKind == TypeKind.Error || ContainsAnonymousOrError(type))
        {
            return null;
        }

        var format = SymbolDisplayFormat.MinimallyQualifiedFormat.AddMiscellaneousOptions(
            SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);
        var syntax = SyntaxFactory.ParseTypeName(type.ToMinimalDisplayString(model, loop.SpanStart, format));
        return syntax.ContainsDiagnostics ? null : syntax;
    }

    private static bool ContainsAnonymousOrError(ITypeSymbol type) =>
        type switch
        {
            { IsAnonymousType: true } or { TypeKind: TypeKind.Error } => true,
            IArrayTypeSymbol array => ContainsAnonymousOrError(array.ElementType),
            INamedTypeSymbol named => named.TypeArguments.Any(ContainsAnonymousOrError),
            _ => false,
        };

    private static ITypeSymbol? SingleTypeArgument(ITypeSymbol? type) =>
        type is INamedTypeSymbol { TypeArguments.Length: 1 } named ? named.TypeArguments[0] : null;

    /// <summary>Comments or directives inside the loop would be lost: no fix then.</summary>
    private static bool HasInnerTrivia(ForEachStatementSyntax loop)
    {
        foreach (var trivia in loop.DescendantTrivia())
        {
            if (trivia.SpanStart > loop.SpanStart && trivia.Span.End <= loop.Span.End &&
                !trivia.IsKind(SyntaxKind.WhitespaceTrivia) && !trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return true;
            }
        }

        return false;
    }
}
