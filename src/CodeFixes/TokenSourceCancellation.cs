using System.Linq;
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
/// The AG01xx "cancel the existing token source" fix: inserts <c>source.Cancel();</c> where the
/// analyzer found it safe (<see cref="CancelAfterWaitPlan"/>), after the wait's statement or first
/// in the branch where the work lost. The same BCL code with or without the AsyncGuide runtime.
/// </summary>
internal static class TokenSourceCancellation
{
    public static void Register(CodeFixContext context, Diagnostic diagnostic, string equivalenceKey)
    {
        if (!diagnostic.Properties.TryGetValue(CancelAfterWaitPlan.SourceKey, out var source) || string.IsNullOrEmpty(source) ||
            !diagnostic.Properties.TryGetValue(CancelAfterWaitPlan.PlacementKey, out var placement) || string.IsNullOrEmpty(placement))
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                placement == CancelAfterWaitPlan.AfterStatement ? $"Cancel '{source}' after the wait" : $"Cancel '{source}' when the timeout wins",
                token => InsertCancelAsync(context.Document, diagnostic, source!, placement!, token),
                equivalenceKey),
            diagnostic);
    }

    private static async Task<Document> InsertCancelAsync(Document document, Diagnostic diagnostic, string source, string placement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node)
        {
            return document;
        }

        var cancel = SyntaxFactory.ExpressionStatement(
                SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(
                        SyntaxKind.SimpleMemberAccessExpression,
                        SyntaxFactory.IdentifierName(source),
                        SyntaxFactory.IdentifierName("Cancel"))))
            .WithAdditionalAnnotations(Formatter.Annotation);

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        if (placement == CancelAfterWaitPlan.AfterStatement)
        {
            var statement = node.FirstAncestorOrSelf<StatementSyntax>();
            switch (statement?.Parent)
            {
                case BlockSyntax:
                    editor.InsertAfter(statement, cancel);
                    break;
                case GlobalStatementSyntax global:
                    // Top-level statements: the formatter would surround an elastic statement with blank lines.
                    var endOfLine = global.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
                    var plain = cancel.WithoutAnnotations(Formatter.Annotation).WithoutTrivia();
                    editor.InsertAfter(global, SyntaxFactory.GlobalStatement(endOfLine == default ? plain : plain.WithTrailingTrivia(endOfLine)));
                    break;
                default:
                    return document;
            }

            return editor.GetChangedDocument();
        }

        if (node.FirstAncestorOrSelf<IfStatementSyntax>() is not { } ifStatement)
        {
            return document;
        }

        var branch = placement == CancelAfterWaitPlan.InWhenTrue ? ifStatement.Statement : ifStatement.Else?.Statement;
        if (branch is null)
        {
            return document;
        }

        var newBranch = branch is BlockSyntax block
            ? block.WithStatements(block.Statements.Insert(0, cancel))
            : SyntaxFactory.Block(cancel, branch.WithoutLeadingTrivia()).WithLeadingTrivia(branch.GetLeadingTrivia()).WithAdditionalAnnotations(Formatter.Annotation);
        editor.ReplaceNode(branch, newBranch);
        return editor.GetChangedDocument();
    }
}
