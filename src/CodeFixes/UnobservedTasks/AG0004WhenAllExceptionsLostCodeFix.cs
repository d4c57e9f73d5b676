using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuide.CodeFixes;

/// <summary>
/// AG0004 fix: keep the WhenAll task in a local declared before the try, and hand the catch's
/// consumers <c>whenAll.Exception ?? ex</c> (an AggregateException with every inner exception).
/// Offered only when every use of the caught exception is an argument of type Exception/object
/// (logging), so nothing that tests the exception's type or message changes meaning.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp)]
public sealed class AG0004WhenAllExceptionsLostCodeFix : DocumentRewriteCodeFix
{
    public const string SurfaceAllKey = "AG0004.SurfaceAllExceptions";

    // Fresh local names must not collide across fixes in one method: one editor per document.
    public AG0004WhenAllExceptionsLostCodeFix()
        : base(RuleIds.WhenAllExceptionsLost)
    {
    }

    private protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (Plan.TryCreate(root, model, diagnostic, context.CancellationToken) is not null)
        {
            Offer(context, diagnostic, "Keep the WhenAll task and surface all its exceptions", SurfaceAllKey);
        }
    }

    private protected override async Task<Document> RewriteAsync(
        Document document, SyntaxNode root, SemanticModel model,
        string key, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
        var handledCatches = new HashSet<CatchClauseSyntax>();
        var takenNames = new HashSet<string>();
        foreach (var diagnostic in diagnostics)
        {
            // Two WhenAlls feeding one catch: fix the first; the second is reported again and fixed on the next pass.
            if (Plan.TryCreate(root, model, diagnostic, cancellationToken) is not { } plan || !handledCatches.Add(plan.Catch))
            {
                continue;
            }

            string local;
            if (plan.ExistingLocal is not null)
            {
                local = plan.ExistingLocal;
            }
            else
            {
                local = FreshName(plan.Try, takenNames);
                var declaration = SyntaxFactory.LocalDeclarationStatement(
                        SyntaxFactory.VariableDeclaration(
                            SyntaxFactory.IdentifierName("var"),
                            SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(local).WithInitializer(
                                SyntaxFactory.EqualsValueClause(plan.WhenAll.WithoutTrivia())))))
                    .WithAdditionalAnnotations(Formatter.Annotation);
                editor.InsertBefore(plan.Try, declaration);
                editor.ReplaceNode(plan.WhenAll, SyntaxFactory.IdentifierName(local).WithTriviaFrom(plan.WhenAll));
            }

            foreach (var use in plan.ExceptionUses)
            {
                // Every use is a whole argument (checked by the plan), so no parentheses are needed. A typed
                // catch (`catch (TimeoutException ex)`) has no common type with AggregateException: `?? (Exception)ex`.
                ExpressionSyntax caught = use.WithoutTrivia();
                if (plan.CaughtTypeNeedsCast)
                {
                    caught = SyntaxFactory.CastExpression(RuntimeSyntax.BclType("System", "Exception"), caught);
                }

                editor.ReplaceNode(use, SyntaxFactory.BinaryExpression(
                    SyntaxKind.CoalesceExpression,
                    SyntaxFactory.MemberAccessExpression(
                        SyntaxKind.SimpleMemberAccessExpression,
                        SyntaxFactory.IdentifierName(local),
                        SyntaxFactory.IdentifierName("Exception")),
                    caught).WithTriviaFrom(use));
            }
        }

        return document.WithSyntaxRoot(editor.GetChangedRoot());
    }

    private static string FreshName(TryStatementSyntax tryStatement, HashSet<string> takenNames)
    {
        var scope = (SyntaxNode?)tryStatement.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? tryStatement.SyntaxTree.GetRoot();
        var used = new HashSet<string>();
        foreach (var token in scope.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken))
            {
                used.Add(token.ValueText);
            }
        }

        var name = "whenAll";
        for (var i = 2; used.Contains(name) || takenNames.Contains(name); i++)
        {
            name = "whenAll" + i;
        }

        takenNames.Add(name);
        return name;
    }

    private sealed class Plan
    {
        private Plan(
            TryStatementSyntax tryStatement,
            CatchClauseSyntax catchClause,
            ExpressionSyntax whenAll,
            string? existingLocal,
            List<IdentifierNameSyntax> exceptionUses,
            bool caughtTypeNeedsCast)
        {
            CaughtTypeNeedsCast = caughtTypeNeedsCast;
            Try = tryStatement;
            Catch = catchClause;
            WhenAll = whenAll;
            ExistingLocal = existingLocal;
            ExceptionUses = exceptionUses;
        }

        public TryStatementSyntax Try { get; }
        public CatchClauseSyntax Catch { get; }

        /// <summary>The inline <c>Task.WhenAll(…)</c> to hoist, or the local reference when it is already in one.</summary>
        public ExpressionSyntax WhenAll { get; }
        public string? ExistingLocal { get; }
        public List<IdentifierNameSyntax> ExceptionUses { get; }

        /// <summary>The catch variable is neither Exception nor AggregateException.</summary>
        public bool CaughtTypeNeedsCast { get; }

        public static Plan? TryCreate(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (diagnostic.AdditionalLocations.Count != 1 ||
                root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax squiggled ||
                root.FindToken(diagnostic.AdditionalLocations[0].SourceSpan.Start).Parent is not CatchClauseSyntax
                {
                    Declaration.Identifier.ValueText: { Length: > 0 } exceptionName
                } catchClause ||
                catchClause.Parent is not TryStatementSyntax { Parent: BlockSyntax } tryStatement)
            {
                return null;
            }

            string? existingLocal = null;
            if (squiggled is IdentifierNameSyntax identifier)
            {
                // Already a local: usable in the catch only if declared before the try.
                if (model.GetSymbolInfo(identifier, cancellationToken).Symbol is not ILocalSymbol { DeclaringSyntaxReferences: { Length: 1 } refs } ||
                    refs[0].Span.Start >= tryStatement.SpanStart)
                {
                    return null;
                }

                existingLocal = identifier.Identifier.ValueText;
            }
            else if (squiggled is not InvocationExpressionSyntax invocation || !ArgumentsAreSimpleNames(invocation))
            {
                return null; // hoisting calls out of the try would let their synchronous exceptions escape the catch
            }
            else if (!ArgumentsAreInScopeBefore(invocation, tryStatement, model, cancellationToken))
            {
                return null; // a local declared inside the try does not exist above it; one used there may change
            }

            var uses = new List<IdentifierNameSyntax>();
            foreach (var node in catchClause.Block.DescendantNodes())
            {
                if (node is IdentifierNameSyntax name && name.Identifier.ValueText == exceptionName)
                {
                    var operation = model.GetOperation(name, cancellationToken);
                    var parent = operation?.Parent;
                    while (parent is IConversionOperation { IsImplicit: true })
                    {
                        parent = parent.Parent;
                    }

                    if (operation is not ILocalReferenceOperation || parent is not IArgumentOperation { Parameter.Type: { } parameterType } ||
                        !(parameterType.SpecialType == SpecialType.System_Object ||
                          parameterType is
                          {
                              Name: "Exception",
                              ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true }
                          }))
                    {
                        return null;
                    }

                    uses.Add(name);
                }
            }

            if (uses.Count == 0 || model.GetDeclaredSymbol(catchClause.Declaration!, cancellationToken) is not { Type: { } caughtType })
            {
                return null;
            }

            var needsCast = !(caughtType is
            {
                Name: "Exception" or "AggregateException",
                ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true }
            });
            return new Plan(tryStatement, catchClause, squiggled, existingLocal, uses, needsCast);
        }

        /// <summary>
        /// Every argument is a parameter or a local declared before the try, and none is used in the try before the
        /// WhenAll (assigned, or a list filled there): hoisting it then reads the same value.
        /// </summary>
        private static bool ArgumentsAreInScopeBefore(
            InvocationExpressionSyntax invocation, TryStatementSyntax tryStatement, SemanticModel model, CancellationToken cancellationToken)
        {
            var symbols = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var argument in invocation.ArgumentList.Arguments)
            {
                switch (model.GetSymbolInfo(argument.Expression, cancellationToken).Symbol)
                {
                    case IParameterSymbol parameter:
                        symbols.Add(parameter);
                        break;
                    case ILocalSymbol { DeclaringSyntaxReferences: { Length: 1 } refs } local when refs[0].Span.Start < tryStatement.SpanStart:
                        symbols.Add(local);
                        break;
                    default:
                        return false;
                }
            }

            foreach (var node in tryStatement.Block.DescendantNodes())
            {
                if (node.SpanStart >= invocation.SpanStart)
                {
                    break;
                }

                if (node is IdentifierNameSyntax name && model.GetSymbolInfo(name, cancellationToken).Symbol is { } used && symbols.Contains(used))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool ArgumentsAreSimpleNames(InvocationExpressionSyntax invocation)
        {
            foreach (var argument in invocation.ArgumentList.Arguments)
            {
                if (argument.Expression is not IdentifierNameSyntax || argument.RefKindKeyword.RawKind != 0 || argument.NameColon is not null)
                {
                    return false;
                }
            }

            return invocation.ArgumentList.Arguments.Count > 0;
        }
    }
}
