using System.Globalization;
using Microsoft.CodeAnalysis.Text;

namespace AsyncGuide.CodeFixes;

/// <summary>
/// AG0101 partial cancellation: passes <c>source.Token</c> to the raced calls that did not get it, at the spans and
/// in the form <see cref="PassTokenFixPlan"/> checked (a trailing argument, a named optional argument, or in place
/// of a token the source is linked from); in a stop-signal race, passes the signal's token to the one operation.
/// The same BCL code with or without the runtime, in every target framework.
/// </summary>
internal static class CancelledTokenPassing
{
    public static void Register(CodeFixContext context, Diagnostic diagnostic, string equivalenceKey)
    {
        if (!diagnostic.Properties.TryGetValue(PassTokenFixPlan.TokenKey, out var text) || string.IsNullOrEmpty(text) ||
            !diagnostic.Properties.TryGetValue(PassTokenFixPlan.EditsKey, out var edits) || Parse(edits) is not { Count: > 0 } parsed)
        {
            return;
        }

        var title = diagnostic.Properties.ContainsKey(PassTokenFixPlan.StopSignalKey)
            ? $"Pass '{text}' to the raced call (it stops with the signal)"
            : parsed.Count == 1
                ? $"Pass '{text}' to the raced call left running (cancelled with the rest)"
                : $"Pass '{text}' to the raced calls left running (cancelled with the rest)";
        context.RegisterCodeFix(
            CodeAction.Create(title, token => PassAsync(context.Document, text!, parsed, token), equivalenceKey),
            diagnostic);
    }

    private static List<(TextSpan Span, string Kind)>? Parse(string? edits)
    {
        if (edits is null)
        {
            return null;
        }

        var parsed = new List<(TextSpan, string)>();
        foreach (var edit in edits.Split(';'))
        {
            var parts = edit.Split(new[] { ':' }, 3);
            if (parts.Length != 3 ||
                !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start) ||
                !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            {
                return null;
            }

            parsed.Add((new TextSpan(start, length), parts[2]));
        }

        return parsed;
    }

    private static async Task<Document> PassAsync(
        Document document, string text, List<(TextSpan Span, string Kind)> edits, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
        foreach (var (span, kind) in edits)
        {
            var token = SyntaxFactory.ParseExpression(text);
            var node = root.FindNode(span, getInnermostNodeForTie: true);
            if (kind == PassTokenFixPlan.Replace && node is ArgumentSyntax { Expression: var expression } && expression.Span == span)
            {
                node = expression;
            }

            if (node.Span != span)
            {
                return document;
            }

            if (kind == PassTokenFixPlan.Replace && node is ExpressionSyntax)
            {
                replacements[node] = token.WithTriviaFrom(node);
            }
            else if (node is InvocationExpressionSyntax invocation
                     && (kind == PassTokenFixPlan.Append || kind.StartsWith("=", System.StringComparison.Ordinal)))
            {
                var argument = kind == PassTokenFixPlan.Append
                    ? SyntaxFactory.Argument(token)
                    : SyntaxFactory.Argument(SyntaxFactory.NameColon(kind.Substring(1)), default, token);
                replacements[invocation.ArgumentList] = AddArgument(invocation.ArgumentList, argument);
            }
            else
            {
                return document;
            }
        }

        return document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]));
    }

    /// <summary>Appends <paramref name="argument"/> after a comma and one space, keeping the closing parenthesis's trivia.</summary>
    private static ArgumentListSyntax AddArgument(ArgumentListSyntax list, ArgumentSyntax argument)
    {
        if (list.Arguments.Count == 0)
        {
            return list.WithArguments(SyntaxFactory.SingletonSeparatedList(argument));
        }

        var last = list.Arguments[list.Arguments.Count - 1];
        var separators = new List<SyntaxToken>(list.Arguments.GetSeparators())
        {
            SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space),
        };
        var nodes = new List<ArgumentSyntax>(list.Arguments) { argument };
        nodes[nodes.Count - 2] = last.WithoutTrailingTrivia();
        return list.WithArguments(SyntaxFactory.SeparatedList(nodes, separators))
            .WithCloseParenToken(list.CloseParenToken.WithLeadingTrivia(last.GetTrailingTrivia().AddRange(list.CloseParenToken.LeadingTrivia)));
    }
}
