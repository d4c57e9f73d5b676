namespace AsyncGuide.CodeFixes;

/// <summary>
/// AG0005: inserts <c>await scope.JoinAsync();</c> where the path leaves the scope unjoined: at the end of
/// its block (before the statement that disposes it, for a local disposed by hand), or right before the
/// <c>return</c>, <c>break</c> or <c>continue</c> that leaves it. <c>JoinAsync</c> takes no token (the
/// scope's children get the token the scope was created with), so the join has no argument.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp)]
public sealed class AG0005ScopeNeverJoinedCodeFix : AsyncGuideCodeFix
{
    public const string JoinKey = "AG0005.Join";

    // Each diagnostic inserts one statement at its own place; a batch of them never overlaps.
    public AG0005ScopeNeverJoinedCodeFix()
        : base(RuleIds.ScopeNeverJoined)
    {
    }

    private protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (Plan(root, diagnostic) is not null)
        {
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Join the scope: wait for its tasks and surface their failures",
                    ct => ApplyAsync(context.Document, diagnostic, ct),
                    JoinKey),
                diagnostic);
        }
    }

    /// <summary>The scope's name and the place of the join, or null when the analyzer said no fix.</summary>
    private static (string Name, StatementSyntax Anchor)? Plan(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.ContainsKey(AG0005ScopeNeverJoinedAnalyzer.FixableKey) ||
            diagnostic.AdditionalLocations.Count == 0 ||
            root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan) is not VariableDeclaratorSyntax declarator)
        {
            return null;
        }

        var exit = diagnostic.Properties.TryGetValue(AG0005ScopeNeverJoinedAnalyzer.ExitKey, out var value) ? value : null;
        var anchor = exit switch
        {
            AG0005ScopeNeverJoinedAnalyzer.StatementExit => root.FindNode(diagnostic.Location.SourceSpan) as StatementSyntax,
            AG0005ScopeNeverJoinedAnalyzer.EndExit when diagnostic.AdditionalLocations.Count > 1 =>
                root.FindNode(diagnostic.AdditionalLocations[1].SourceSpan) switch
                {
                    BlockSyntax block => block,
                    StatementSyntax { Parent: BlockSyntax } disposing => disposing,
                    _ => null,
                },
            _ => null,
        };

        return anchor is null ? null : (declarator.Identifier.ValueText, anchor);
    }

    private static async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || Plan(root, diagnostic) is not { } plan)
        {
            return document;
        }

        var join = JoinStatement(plan.Name, diagnostic.Properties.ContainsKey(AG0005ScopeNeverJoinedAnalyzer.ConfigureAwaitFalseKey));
        var exit = diagnostic.Properties[AG0005ScopeNeverJoinedAnalyzer.ExitKey];
        SyntaxNode newRoot;
        if (exit == AG0005ScopeNeverJoinedAnalyzer.EndExit && plan.Anchor is BlockSyntax block)
        {
            newRoot = root.ReplaceNode(block, block.WithStatements(block.Statements.Add(join)));
        }
        else if (plan.Anchor.Parent is BlockSyntax or SwitchSectionSyntax)
        {
            newRoot = root.InsertNodesBefore(plan.Anchor, new[] { join });
        }
        else
        {
            // An embedded statement (`if (done) return;`): the join and the statement become a block.
            var statement = plan.Anchor;
            var wrapped = SyntaxFactory.Block(join, statement.WithoutLeadingTrivia().WithoutTrailingTrivia())
                .WithLeadingTrivia(statement.GetLeadingTrivia())
                .WithTrailingTrivia(statement.GetTrailingTrivia())
                .WithAdditionalAnnotations(Formatter.Annotation);
            newRoot = root.ReplaceNode(statement, wrapped);
        }

        return document.WithSyntaxRoot(newRoot);
    }

    private static StatementSyntax JoinStatement(string scope, bool configureAwaitFalse)
    {
        ExpressionSyntax call = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                SyntaxFactory.IdentifierName(scope),
                SyntaxFactory.IdentifierName("JoinAsync")));
        if (configureAwaitFalse)
        {
            call = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, call, SyntaxFactory.IdentifierName("ConfigureAwait")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(
                    SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression)))));
        }

        return SyntaxFactory.ExpressionStatement(SyntaxFactory.AwaitExpression(call)).WithAdditionalAnnotations(Formatter.Annotation);
    }
}
