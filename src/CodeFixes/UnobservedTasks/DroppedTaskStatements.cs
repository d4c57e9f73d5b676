using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AsyncGuide.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuide.CodeFixes;

/// <summary>
/// Finds, for an AG0001 diagnostic, the statement that drops the task and the expression to await,
/// and the run of neighbouring dropped-task statements that can be gathered into one await.
/// </summary>
internal sealed class DroppedTaskStatements
{
    private readonly SemanticModel _model;
    private readonly AsyncTypes _types;
    private readonly DroppedTaskDetector _detector;

    private DroppedTaskStatements(SemanticModel model, AsyncTypes types, DroppedTaskDetector detector)
    {
        _model = model;
        _types = types;
        _detector = detector;
    }

    public static DroppedTaskStatements? Create(Document document, SemanticModel model)
    {
        var types = AsyncTypes.For(model.Compilation);
        return types is null
            ? null
            : new DroppedTaskStatements(model, types, new DroppedTaskDetector(types, document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider));
    }

    /// <summary>The statement holding the squiggled expression, when it can take an <c>await</c> in its place.</summary>
    public StatementSyntax? FindAwaitableStatement(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        var node = root.FindNode(span, getInnermostNodeForTie: true);
        var statement = node.FirstAncestorOrSelf<StatementSyntax>();
        if (statement is null || DroppedExpression(statement) is not { } dropped ||
            !dropped.Span.Contains(span) || !IsInAsyncContext(statement))
        {
            return null;
        }

        // `await a?.SendAsync()` throws when a is null: no fix rather than a wrong one.
        return dropped is ConditionalAccessExpressionSyntax || HasRefLikeLocalInScope(statement) ? null : statement;
    }

    /// <summary>A Span-like local declared earlier in the function may be live across the new await (CS4007/CS4012).</summary>
    private bool HasRefLikeLocalInScope(StatementSyntax statement)
    {
        var function = statement.Ancestors().FirstOrDefault(n => n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or CompilationUnitSyntax);
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

    /// <summary><c>await x;</c> (twice when x is a Task&lt;Task&gt;) replacing the statement that drops x.</summary>
    public StatementSyntax AwaitStatement(StatementSyntax statement, CancellationToken cancellationToken)
    {
        var dropped = DroppedExpression(statement)!;
        ExpressionSyntax awaited = dropped.WithoutTrivia();
        var type = _model.GetTypeInfo(dropped, cancellationToken).Type;
        var count = 0;
        do
        {
            awaited = SyntaxFactory.AwaitExpression(awaited);
            type = TaskObservation.AwaitResultType(type, _types);
        }
        while (++count < 3 && (_types.IsTask(type) || _types.IsValueTask(type)));

        return SyntaxFactory.ExpressionStatement(awaited).WithTriviaFrom(statement);
    }

    /// <summary>
    /// The maximal run of consecutive statements around <paramref name="statement"/> that each drop a
    /// Task (not ValueTask or a configured awaitable: <c>Task.WhenAll</c> takes Tasks) with nothing
    /// but whitespace between them. Null when the run has fewer than two.
    /// </summary>
    public List<ExpressionStatementSyntax>? FindGatherableRun(StatementSyntax statement, ISet<StatementSyntax>? flagged, CancellationToken cancellationToken)
    {
        if (statement.Parent is not BlockSyntax block || !IsGatherable(statement, flagged, cancellationToken))
        {
            return null;
        }

        var statements = block.Statements;
        var index = statements.IndexOf(statement);
        var first = index;
        while (first > 0 && IsGatherable(statements[first - 1], flagged, cancellationToken) && !HasComments(statements[first - 1], statements[first]))
        {
            first--;
        }

        var last = index;
        while (last < statements.Count - 1 && IsGatherable(statements[last + 1], flagged, cancellationToken) && !HasComments(statements[last], statements[last + 1]))
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

    private bool IsGatherable(StatementSyntax statement, ISet<StatementSyntax>? flagged, CancellationToken cancellationToken)
    {
        if (statement is not ExpressionStatementSyntax || (flagged is not null && !flagged.Contains(statement)) ||
            DroppedExpression(statement) is not { } dropped || dropped is ConditionalAccessExpressionSyntax or AwaitExpressionSyntax)
        {
            return false;
        }

        var type = _model.GetTypeInfo(dropped, cancellationToken).Type;
        var result = TaskObservation.AwaitResultType(type, _types);
        if (!_types.IsTask(type) || _types.IsTask(result) || _types.IsValueTask(result))
        {
            return false;
        }

        var operation = _model.GetOperation(dropped, cancellationToken);
        return _detector.FindDroppedAwaitable(operation) is not null;
    }

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

    private static bool IsInAsyncContext(StatementSyntax statement)
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
