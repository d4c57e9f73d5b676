using System.Linq;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuide.CodeFixes;

/// <summary>
/// Finds, for an AG0001 diagnostic, the statement that drops the task and the expression to await,
/// and the run of neighbouring dropped-task statements (the diagnostic's additional locations) that
/// can be gathered into one await. Everything the analyzer decided comes from the diagnostic.
/// </summary>
internal sealed class DroppedTaskStatements
{
    private readonly SemanticModel _model;

    public DroppedTaskStatements(SemanticModel model) => _model = model;

    /// <summary>The statement holding the squiggled expression, when it is one this fix can rewrite.</summary>
    public static StatementSyntax? FindDroppingStatement(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        var node = root.FindNode(span, getInnermostNodeForTie: true);
        var statement = node.FirstAncestorOrSelf<StatementSyntax>();

        // `await Should.NotThrowAsync(async () => _ = SendAsync());`: the drop is the body of a lambda inside the statement,
        // not the statement's own dropped expression.
        if (statement is null ||
            (node.FirstAncestorOrSelf<AnonymousFunctionExpressionSyntax>() is { } function && statement.Span.Contains(function.Span)))
        {
            return null;
        }

        return DroppedExpression(statement) is { } dropped && dropped.Span.Contains(span) ? statement : null;
    }

    /// <summary>The statement holding the squiggled expression, when it can take an <c>await</c> in its place.</summary>
    public StatementSyntax? FindAwaitableStatement(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        if (FindDroppingStatement(root, span) is not { } statement || !IsInAsyncContext(statement))
        {
            return null;
        }

        // `await a?.SendAsync()` throws when a is null: no fix rather than a wrong one.
        return DroppedExpression(statement) is ConditionalAccessExpressionSyntax || HasRefLikeLocalInScope(statement) ? null : statement;
    }
    /// <summary>A Span-like local declared earlier in the function may be live across the new await (CS4007/CS4012).</summary>
    private bool HasRefLikeLocalInScope(StatementSyntax statement)
    {
        var function = statement.Ancestors().FirstOrDefault(n =>
            n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or CompilationUnitSyntax);
        if (function is null)
        {
            return false;
        }

        foreach (var declarator in function.DescendantNodes().OfType<VariableDeclaratorSyntax>())
        {
            if (declarator.SpanStart < statement.SpanStart &&
                _model.GetDeclaredSymbol(declarator) is ILocalSymbol { Type.IsRefLikeType: true })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>await x;</c> (<paramref name="awaitDepth"/> times: twice for a Task&lt;Task&gt;) replacing the statement that drops x.</summary>
    public static StatementSyntax AwaitStatement(StatementSyntax statement, int awaitDepth)
    {
        ExpressionSyntax awaited = DroppedExpression(statement)!.WithoutTrivia();
        for (var i = 0; i < awaitDepth; i++)
        {
            awaited = SyntaxFactory.AwaitExpression(awaited);
        }

        return SyntaxFactory.ExpressionStatement(awaited).WithTriviaFrom(statement);
    }

    /// <summary>The dropped expression of a statement (<c>x;</c>, <c>_ = x;</c>, <c>var _ = x;</c>), without trivia.</summary>
    public static ExpressionSyntax? Dropped(StatementSyntax statement) => DroppedExpression(statement)?.WithoutTrivia();

    /// <summary>
    /// The run of consecutive statements around <paramref name="statement"/> that the analyzer found
    /// dropping a gatherable Task (<paramref name="runLocations"/>: the diagnostic's additional locations),
    /// cut where a comment sits between two of them, or where <paramref name="flagged"/> (Fix All) lacks one.
    /// Null when fewer than two remain.
    /// </summary>
    public static List<ExpressionStatementSyntax>? FindGatherableRun(
        SyntaxNode root, StatementSyntax statement, IReadOnlyList<Location> runLocations, ISet<StatementSyntax>? flagged)
    {
        if (runLocations.Count == 0 || statement is not ExpressionStatementSyntax || statement.Parent is not BlockSyntax block ||
            DroppedExpression(statement) is null or ConditionalAccessExpressionSyntax or AwaitExpressionSyntax)
        {
            return null;
        }

        var members = new HashSet<StatementSyntax> { statement };
        foreach (var location in runLocations)
        {
            if (location.SourceTree == root.SyntaxTree &&
                FindDroppingStatement(root, location.SourceSpan) is ExpressionStatementSyntax member &&
                member.Parent == block && (flagged is null || flagged.Contains(member)))
            {
                members.Add(member);
            }
        }

        var statements = block.Statements;
        var index = statements.IndexOf(statement);
        var first = index;
        while (first > 0 && members.Contains(statements[first - 1]) && !HasComments(statements[first - 1], statements[first]))
        {
            first--;
        }

        var last = index;
        while (last < statements.Count - 1 && members.Contains(statements[last + 1]) && !HasComments(statements[last], statements[last + 1]))
        {
            last++;
        }

        if (last == first)
        {
            return null;
        }

        var run = new List<ExpressionStatementSyntax>(last - first + 1);
        for (var i = first; i <= last; i++)
        {
            run.Add((ExpressionStatementSyntax)statements[i]);
        }

        return run;
    }

    /// <summary>The expression of the run's statements, for <c>Gather(a, b, …)</c>.</summary>
    public static ExpressionSyntax GatheredExpression(ExpressionStatementSyntax statement) => DroppedExpression(statement)!.WithoutTrivia();

    private static bool HasComments(StatementSyntax before, StatementSyntax after)
    {
        foreach (var trivia in before.GetTrailingTrivia())
        {
            if (!trivia.IsKind(SyntaxKind.WhitespaceTrivia) && !trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return true;
            }
        }

        foreach (var trivia in after.GetLeadingTrivia())
        {
            if (!trivia.IsKind(SyntaxKind.WhitespaceTrivia) && !trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>x;</c>, <c>_ = x;</c>, <c>var _ = x;</c> → x.</summary>
    private static ExpressionSyntax? DroppedExpression(StatementSyntax statement) => statement switch
    {
        ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } assignment }
            when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) => assignment.Right,
        ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax } => null,
        ExpressionStatementSyntax expressionStatement => expressionStatement.Expression,
        LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0, Declaration.Variables: { Count: 1 } variables }
            when variables[0].Identifier.ValueText == "_" => variables[0].Initializer?.Value,
        _ => null,
    };

    public static bool IsInAsyncContext(StatementSyntax statement)
    {
        for (SyntaxNode? node = statement.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case LockStatementSyntax:
                case QueryExpressionSyntax:
                case UnsafeStatementSyntax:
                    return false;
                case AnonymousFunctionExpressionSyntax function:
                    return function.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                case LocalFunctionStatementSyntax localFunction:
                    return localFunction.Modifiers.Any(SyntaxKind.AsyncKeyword) && !localFunction.Modifiers.Any(SyntaxKind.UnsafeKeyword);
                case BaseMethodDeclarationSyntax method:
                    return method.Modifiers.Any(SyntaxKind.AsyncKeyword) && !method.Modifiers.Any(SyntaxKind.UnsafeKeyword);
                case GlobalStatementSyntax:
                    return true;
                case AccessorDeclarationSyntax:
                case MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }
}
