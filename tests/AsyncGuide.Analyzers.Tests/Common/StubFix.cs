using System.Collections.Immutable;
using System.Threading.Tasks;
using AsyncGuide.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>
/// Mixed action kinds for the shared Fix All: <c>N()</c> has no fix, <c>A()</c> offers only
/// "TEST01.Alpha", <c>B()</c> offers "TEST01.Beta" then "TEST01.Alpha". Each renames the call.
/// </summary>
internal sealed class StubFix : CodeFixProvider
{
    public const string AlphaKey = "TEST01.Alpha";
    public const string BetaKey = "TEST01.Beta";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("TEST01");

    public override FixAllProvider GetFixAllProvider() => EveryOccurrenceFixAllProvider.Instance;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = (await context.Document.GetSyntaxRootAsync(context.CancellationToken))!;
        foreach (var diagnostic in context.Diagnostics)
        {
            var call = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>()!;
            var name = ((IdentifierNameSyntax)call.Expression).Identifier.ValueText;
            if (name == "B")
            {
                context.RegisterCodeFix(Rename(context.Document, root, call, "Beta", BetaKey), diagnostic);
            }

            if (name is "A" or "B")
            {
                context.RegisterCodeFix(Rename(context.Document, root, call, "Alpha", AlphaKey), diagnostic);
            }
        }
    }

    private static CodeAction Rename(Document document, SyntaxNode root, InvocationExpressionSyntax call, string to, string key) =>
        CodeAction.Create(
            $"Call {to}",
            _ => Task.FromResult(document.WithSyntaxRoot(
                root.ReplaceNode(call.Expression, SyntaxFactory.IdentifierName(to).WithTriviaFrom(call.Expression)))),
            key);
}
