using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuide.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace AsyncGuide.CodeFixes;

/// <summary>
/// AG0104: gives the raced <c>Task.Delay</c> a token source of its own and cancels it when the race is over:
/// <code>
/// using var delayCts = new CancellationTokenSource();           // CreateLinkedTokenSource(ct) when the delay had a token
/// if (await Task.WhenAny(work, Task.Delay(timeout, delayCts.Token)) != work) { delayCts.Cancel(); throw …; }
/// delayCts.Cancel();
/// </code>
/// The same text for every target framework (no <c>WaitAsync</c>, which netstandard2.0 lacks), with or without the runtime,
/// and the race's branches are left as they are.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp)]
public sealed class AG0104TimerLeftRunningCodeFix : CodeFixProvider, IFixAllInDocument
{
    public const string CancelTimerKey = "AG0104.CancelTimer";

    private const string ThreadingNamespace = "System.Threading";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.TimerLeftRunning);

    // One editor and one set of fresh names per document: two races in one block get delayCts and delayCts2.
    public override FixAllProvider GetFixAllProvider() => EveryOccurrenceFixAllProvider.Instance;

    Task<Document> IFixAllInDocument.FixAllInDocumentAsync(Document document, string equivalenceKey, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
        ApplyAsync(document, diagnostics, cancellationToken);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Find(root, diagnostic) is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Cancel the timer when the race ends",
                        token => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), token),
                        CancelTimerKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
        var names = new FreshNames();
        foreach (var diagnostic in diagnostics)
        {
            if (Find(root, diagnostic) is not { } found)
            {
                continue;
            }

            var name = names.Next("delayCts", found.SourceBefore, model);
            var token = SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(name), SyntaxFactory.IdentifierName("Token"));
            ExpressionSyntax? linkedFrom = null;
            var arguments = found.Delay.ArgumentList.Arguments;
            if (arguments.Count == 2)
            {
                linkedFrom = arguments[1].Expression.WithoutTrivia();
                editor.ReplaceNode(arguments[1].Expression, token.WithTriviaFrom(arguments[1].Expression));
            }
            else
            {
                editor.ReplaceNode(found.Delay.ArgumentList, found.Delay.ArgumentList.AddArguments(SyntaxFactory.Argument(token)));
            }

            // Comments stay on the statement they describe; the declaration goes above them.
            editor.InsertBefore(found.SourceBefore, SourceDeclaration(name, linkedFrom));
            if (found.Placement == AG0104TimerLeftRunningAnalyzer.CancelInBranches && found.Statement is IfStatementSyntax ifStatement)
            {
                editor.ReplaceNode(ifStatement, (node, _) => CancelInBranches((IfStatementSyntax)node, name));
                if (ifStatement.Else is null)
                {
                    editor.InsertAfter(ifStatement, Cancel(name));
                }
            }
            else
            {
                editor.InsertAfter(found.Statement, Cancel(name));
            }
        }

        return document.WithSyntaxRoot(editor.GetChangedRoot());
    }

    private static (StatementSyntax Statement, StatementSyntax SourceBefore, InvocationExpressionSyntax Delay, string Placement)? Find(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(AG0104TimerLeftRunningAnalyzer.CancelPlacementKey, out var placement) || placement is null ||
            diagnostic.AdditionalLocations.Count == 0 ||
            root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax race ||
            root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax delay ||
            delay.ArgumentList.Arguments.Count is not (1 or 2) ||
            ((CSharpParseOptions)root.SyntaxTree.Options).LanguageVersion < LanguageVersion.CSharp8)
        {
            return null;
        }

        // The statement directly in a block that holds the race (the analyzer checked its shape).
        var statement = race.FirstAncestorOrSelf<StatementSyntax>(s => s.Parent is BlockSyntax);
        if (statement is null)
        {
            return null;
        }

        var sourceBefore = statement;
        if (diagnostic.Properties.ContainsKey(AG0104TimerLeftRunningAnalyzer.DelayIsLocalKey))
        {
            if (diagnostic.AdditionalLocations.Count < 2 ||
                root.FindNode(diagnostic.AdditionalLocations[1].SourceSpan, getInnermostNodeForTie: true) is not LocalDeclarationStatementSyntax declaration ||
                declaration.Parent != statement.Parent)
            {
                return null;
            }

            sourceBefore = declaration;
        }

        return (statement, sourceBefore, delay, placement);
    }

    private static StatementSyntax SourceDeclaration(string name, ExpressionSyntax? linkedFrom)
    {
        var sourceType = RuntimeSyntax.BclType(ThreadingNamespace, "CancellationTokenSource");
        ExpressionSyntax value = linkedFrom is null
            ? SyntaxFactory.ObjectCreationExpression(sourceType, SyntaxFactory.ArgumentList(), null)
            : SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    RuntimeSyntax.BclTypeExpression(ThreadingNamespace, "CancellationTokenSource"),
                    SyntaxFactory.IdentifierName("CreateLinkedTokenSource")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(linkedFrom))));
        return SyntaxFactory.LocalDeclarationStatement(
                SyntaxFactory.VariableDeclaration(
                    SyntaxFactory.IdentifierName("var"),
                    SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(name))
                        .WithInitializer(SyntaxFactory.EqualsValueClause(value)))))
            .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static StatementSyntax Cancel(string name) =>
        SyntaxFactory.ExpressionStatement(SyntaxFactory.InvocationExpression(SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(name), SyntaxFactory.IdentifierName("Cancel"))))
            .WithAdditionalAnnotations(Formatter.Annotation);

    private static IfStatementSyntax CancelInBranches(IfStatementSyntax ifStatement, string name)
    {
        var result = ifStatement.WithStatement(PrependCancel(ifStatement.Statement, name));
        return ifStatement.Else is { } elseClause
            ? result.WithElse(elseClause.WithStatement(PrependCancel(elseClause.Statement, name)))
            : result;
    }

    /// <summary>The cancel as the branch's first statement; an <c>else if</c> gets it in front of its own <c>if</c>.</summary>
    private static StatementSyntax PrependCancel(StatementSyntax branch, string name)
    {
        var statements = new List<StatementSyntax> { Cancel(name) };
        if (branch is BlockSyntax block)
        {
            statements.AddRange(block.Statements);
            return block.WithStatements(SyntaxFactory.List(statements));
        }

        statements.Add(branch.WithoutLeadingTrivia());
        return SyntaxFactory.Block(statements).WithTrailingTrivia(branch.GetTrailingTrivia()).WithAdditionalAnnotations(Formatter.Annotation);
    }
}
