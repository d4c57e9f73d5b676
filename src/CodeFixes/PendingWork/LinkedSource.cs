using System;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis.Text;

namespace AsyncGuide.CodeFixes;

/// <summary>
/// The first edit of the cancel fix when the analyzer planned a source linked to the caller's token
/// (<see cref="LinkedSourceFixPlan"/>): <c>using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);</c>
/// before the statement that starts the first raced task, and <c>cts.Token</c> in place of each planned token argument.
/// </summary>
internal readonly struct LinkedSource
{
    private readonly int _before;
    private readonly TextSpan[] _tokens;

    private LinkedSource(string from, int before, TextSpan[] tokens)
    {
        From = from;
        _before = before;
        _tokens = tokens;
    }

    /// <summary>The token the source is linked to, as C#.</summary>
    public string From { get; }

    /// <summary>The plan in the diagnostic's properties; null when there is none (the source exists) or it does not parse.</summary>
    public static LinkedSource? Read(Diagnostic diagnostic)
    {
        var properties = diagnostic.Properties;
        if (!properties.TryGetValue(LinkedSourceFixPlan.FromKey, out var from) || string.IsNullOrEmpty(from) ||
            !properties.TryGetValue(LinkedSourceFixPlan.BeforeKey, out var beforeText) ||
            !int.TryParse(beforeText, NumberStyles.None, CultureInfo.InvariantCulture, out var before) ||
            !properties.TryGetValue(LinkedSourceFixPlan.TokensKey, out var tokensText) || string.IsNullOrEmpty(tokensText))
        {
            return null;
        }

        var parts = tokensText!.Split(';');
        var tokens = new TextSpan[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var pair = parts[i].Split(':');
            if (pair.Length != 2 ||
                !int.TryParse(pair[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start) ||
                !int.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            {
                return null;
            }

            tokens[i] = new TextSpan(start, length);
        }

        return new LinkedSource(from!, before, tokens);
    }

    /// <summary>The document with the source declared and its token passed; the wait found again. Null when the code moved.</summary>
    public async Task<(Document Document, SyntaxNode Root, SyntaxNode Wait)?> ApplyAsync(
        Document document, SyntaxNode root, SyntaxNode wait, string source, CancellationToken cancellationToken)
    {
        if (root.FindToken(_before).Parent?.FirstAncestorOrSelf<StatementSyntax>() is not { } first)
        {
            return null;
        }

        // The innermost statement starting at the planned position whose parent is a block.
        var before = _before;
        var statement = first.AncestorsAndSelf().OfType<StatementSyntax>().FirstOrDefault(s => s.SpanStart == before && s.Parent is BlockSyntax);
        if (statement is null)
        {
            return null;
        }

        var tokens = new List<SyntaxNode>(_tokens.Length);
        foreach (var span in _tokens)
        {
            if (root.FindNode(span, getInnermostNodeForTie: true) is not IdentifierNameSyntax token || token.Span != span)
            {
                return null;
            }

            tokens.Add(token);
        }

        var waitMark = new SyntaxAnnotation();
        var statementMark = new SyntaxAnnotation();
        var replaced = new HashSet<SyntaxNode>(tokens);
        var marked = root.ReplaceNodes(
            tokens.Append(wait).Append(statement),
            (original, rewritten) =>
            {
                if (replaced.Contains(original))
                {
                    rewritten = SyntaxFactory.MemberAccessExpression(
                            SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(source), SyntaxFactory.IdentifierName("Token"))
                        .WithTriviaFrom(original);
                }

                if (original == wait)
                {
                    rewritten = rewritten.WithAdditionalAnnotations(waitMark);
                }

                return original == statement ? rewritten.WithAdditionalAnnotations(statementMark) : rewritten;
            });

        if (marked.GetAnnotatedNodes(statementMark).FirstOrDefault() is not StatementSyntax markedStatement ||
            markedStatement.Parent is not BlockSyntax block)
        {
            return null;
        }

        // using (var cts = …) { the statements from the first raced start to the block's end }: C# 7.3 syntax, so every
        // target framework of a project compiles it (`using var` needs C# 8, the default only from .NET Core 3.0 on).
        var index = block.Statements.IndexOf(markedStatement);
        var moved = block.Statements.Skip(index).ToList();
        foreach (var token in moved.SelectMany(m => m.DescendantTokens()))
        {
            // A string over several lines (verbatim, raw) would get the new indentation inside it.
            if (token.IsKind(SyntaxKind.InterpolatedStringTextToken) || token.IsKind(SyntaxKind.StringLiteralToken) ||
                token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken) || token.IsKind(SyntaxKind.InterpolatedMultiLineRawStringStartToken))
            {
                if (token.Text.IndexOf('\n') >= 0 || token.IsKind(SyntaxKind.InterpolatedMultiLineRawStringStartToken))
                {
                    return null;
                }
            }
        }

        var scope = Scope(source, moved);
        var linked = document.WithSyntaxRoot(
            marked.ReplaceNode(block, block.WithStatements(SyntaxFactory.List(block.Statements.Take(index).Append<StatementSyntax>(scope)))));

        // The document's own root (WithSyntaxRoot may give the tree a copy), and the wait in it.
        if (await linked.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } newRoot ||
            newRoot.GetAnnotatedNodes(waitMark).FirstOrDefault() is not { } newWait)
        {
            return null;
        }

        return (linked, newRoot, newWait);
    }

    /// <summary>
    /// <c>using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct)) { … }</c> around <paramref name="moved"/>,
    /// indented one level deeper; comments and blank lines between them stay.
    /// </summary>
    private UsingStatementSyntax Scope(string source, List<StatementSyntax> moved)
    {
        var first = moved[0];
        var leading = first.GetLeadingTrivia();
        var indentation = leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
            ? leading[leading.Count - 1].ToString()
            : string.Empty;
        var unit = indentation.Length > 0 && indentation[0] == '\t' ? "\t" : "    ";
        var endOfLine = first.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var eol = endOfLine == default ? "\n" : endOfLine.ToString();

        var header = $"{indentation}using (var {source} = CancellationTokenSource.CreateLinkedTokenSource({From})){eol}" +
                     $"{indentation}{{{eol}{indentation}}}{eol}";
        var parsed = (UsingStatementSyntax)AsyncStatementParser.ParseStatement(header);

        // The type as the other fixes write BCL names: in full, shortened by the simplifier where the file's usings allow.
        if (parsed.Declaration?.Variables[0].Initializer?.Value is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax create })
        {
            parsed = parsed.ReplaceNode(
                create.Expression,
                RuntimeSyntax.BclTypeExpression("System.Threading", "CancellationTokenSource").WithTriviaFrom(create.Expression));
        }

        var indenter = new Indenter(unit);
        var body = ((BlockSyntax)parsed.Statement).WithStatements(SyntaxFactory.List(moved.Select(m => (StatementSyntax)indenter.Visit(m))));
        return parsed.WithStatement(body);
    }

    /// <summary>One more indentation unit at the start of every line of the statements it visits (their nodes and marks kept).</summary>
    private sealed class Indenter : CSharpSyntaxRewriter
    {
        private readonly string _unit;

        public Indenter(string unit) => _unit = unit;

        public override SyntaxToken VisitToken(SyntaxToken token)
        {
            var previous = token.GetPreviousToken();
            var atLineStart = previous == default || previous.TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            var leading = new List<SyntaxTrivia>(token.LeadingTrivia.Count + 1);
            foreach (var trivia in token.LeadingTrivia)
            {
                if (atLineStart && trivia.IsKind(SyntaxKind.WhitespaceTrivia))
                {
                    leading.Add(SyntaxFactory.Whitespace(_unit + trivia.ToString()));
                }
                else
                {
                    if (atLineStart && !trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                    {
                        leading.Add(SyntaxFactory.Whitespace(_unit));
                    }

                    leading.Add(trivia);
                }

                atLineStart = trivia.IsKind(SyntaxKind.EndOfLineTrivia);
            }

            // A token at the very start of a line (column 0, no whitespace before it).
            if (atLineStart && (token.LeadingTrivia.Count == 0 || token.LeadingTrivia.Last().IsKind(SyntaxKind.EndOfLineTrivia)))
            {
                leading.Add(SyntaxFactory.Whitespace(_unit));
            }

            return token.WithLeadingTrivia(leading);
        }
    }


}
