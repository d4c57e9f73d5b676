using System.Linq;

namespace AsyncGuide.CodeFixes;

/// <summary>
/// The cancel fix's first step where the analyzer planned it (<see cref="RacedCallHoistingFixPlan"/>): each planned raced
/// call written inline becomes a local declared right before the race's statement,
/// <c>var fetchTask = FetchAsync(1, cts.Token);</c>, and the race names it, so that the cancelled work can be
/// awaited like a task local. Names as AG0201's (<see cref="FreshNames.TaskNameFor"/>). Fix All is the
/// BatchFixer, which computes every fix on the original document: a name is also kept from each inline call
/// raced earlier in the member that a fix could hoist, so two races never get the same name, and fixing one
/// by one gives the same names as Fix All.
/// </summary>
internal static class RacedCallLocals
{
    /// <summary>
    /// The root with the calls hoisted and the race marked with <paramref name="raceMark"/>, and the new names;
    /// null when the race no longer has the planned shape.
    /// </summary>
    public static (SyntaxNode Root, IReadOnlyList<string> Names)? Hoist(
        SyntaxNode root,
        SemanticModel model,
        InvocationExpressionSyntax whenAny,
        string planned,
        SyntaxAnnotation raceMark,
        CancellationToken cancellationToken)
    {
        if (RacedCallHoistingFixPlan.StatementEvaluatingRaceFirst(whenAny) is not { } statement ||
            RacedCallHoistingFixPlan.WrittenElements(whenAny) is not { } elements ||
            PlannedCalls(elements, planned) is not { } calls)
        {
            return null;
        }

        var names = new FreshNames();
        KeepNamesOfEarlierRaces(names, whenAny, statement, model, cancellationToken);
        var nameOf = new Dictionary<SyntaxNode, string>();
        var hoistedNames = new List<string>();
        foreach (var call in calls)
        {
            var name = names.Next(FreshNames.TaskNameFor(null, call), statement, model);
            nameOf[call] = name;
            hoistedNames.Add(name);
        }

        var raced = statement.ReplaceNodes(
            calls.Cast<SyntaxNode>().Append(whenAny),
            (original, rewritten) => original == whenAny
                ? rewritten.WithAdditionalAnnotations(raceMark)
                : SyntaxFactory.IdentifierName(nameOf[original]).WithTriviaFrom(original));

        // The statement's comments and blank lines go before the first local; each line keeps its indentation.
        var leading = statement.GetLeadingTrivia();
        var indentation = IndentationOf(leading);
        // The statement's line break, else the file's (a statement sharing its line with the next).
        var endOfLine = statement.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        if (endOfLine == default)
        {
            endOfLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            endOfLine = endOfLine == default ? SyntaxFactory.ElasticCarriageReturnLineFeed : endOfLine;
        }

        var topLevel = statement.Parent as GlobalStatementSyntax;
        var replacement = new List<SyntaxNode>();
        for (var i = 0; i < calls.Count; i++)
        {
            StatementSyntax declaration = Declaration(nameOf[calls[i]], calls[i].WithoutTrivia())
                .WithLeadingTrivia(i == 0 ? leading : indentation)
                .WithTrailingTrivia(endOfLine);

            // Top-level statements: the formatter would surround the statement with blank lines.
            replacement.Add(topLevel is null
                ? declaration.WithAdditionalAnnotations(Formatter.Annotation)
                : SyntaxFactory.GlobalStatement(declaration));
        }

        raced = raced.WithLeadingTrivia(indentation);
        replacement.Add(topLevel is null ? raced : topLevel.WithStatement(raced));
        return (root.ReplaceNode(topLevel ?? (SyntaxNode)statement, replacement), hoistedNames);
    }

    /// <summary>The named and the hoisted tasks to await, in the order they are raced; names not raced by name (a collection) last.</summary>
    public static string[] InRaceOrder(InvocationExpressionSyntax whenAny, IReadOnlyList<string> named, IReadOnlyList<string> hoisted)
    {
        var wanted = new HashSet<string>(named.Concat(hoisted));
        var ordered = new List<string>();
        foreach (var element in RacedCallHoistingFixPlan.WrittenElements(whenAny) ?? System.Array.Empty<ExpressionSyntax>())
        {
            if (element is IdentifierNameSyntax identifier && wanted.Remove(identifier.Identifier.ValueText))
            {
                ordered.Add(identifier.Identifier.ValueText);
            }
        }

        foreach (var name in named)
        {
            if (wanted.Remove(name))
            {
                ordered.Add(name);
            }
        }

        return ordered.ToArray();
    }

    /// <summary>The calls at the planned indexes, when everything raced before the last of them is one of them or a name.</summary>
    private static List<InvocationExpressionSyntax>? PlannedCalls(IReadOnlyList<ExpressionSyntax> elements, string planned)
    {
        var calls = new List<InvocationExpressionSyntax>();
        var last = -1;
        foreach (var text in planned.Split(','))
        {
            if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) ||
                index <= last || index >= elements.Count || elements[index] is not InvocationExpressionSyntax call)
            {
                return null;
            }

            for (var i = last + 1; i < index; i++)
            {
                if (elements[i] is not IdentifierNameSyntax)
                {
                    return null;
                }
            }

            calls.Add(call);
            last = index;
        }

        return calls.Count == 0 ? null : calls;
    }

    /// <summary>
    /// Reserves, in the order a fix of each would take them, the names of inline calls raced earlier in the member
    /// (see the class).
    /// </summary>
    private static void KeepNamesOfEarlierRaces(
        FreshNames names, InvocationExpressionSyntax whenAny, StatementSyntax statement, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var earlier in CallsBefore(whenAny, cancellationToken))
        {
            if (!IsNamedWhenAny(earlier) ||
                RacedCallHoistingFixPlan.StatementEvaluatingRaceFirst(earlier) is null ||
                RacedCallHoistingFixPlan.WrittenElements(earlier) is not { } elements)
            {
                continue;
            }

            // The same run of elements the analyzer considers: calls other than a timer, and names.
            foreach (var element in elements)
            {
                if (element is InvocationExpressionSyntax call && !IsTaskDelay(call, model, cancellationToken))
                {
                    names.Next(FreshNames.TaskNameFor(null, call), statement, model);
                }
                else if (element is not IdentifierNameSyntax)
                {
                    break;
                }
            }
        }
    }

    /// <summary>The calls that start before <paramref name="node"/> in its member (in the file, for top-level statements), in order.</summary>
    internal static IEnumerable<InvocationExpressionSyntax> CallsBefore(SyntaxNode node, CancellationToken cancellationToken)
    {
        var scope = node.FirstAncestorOrSelf<MemberDeclarationSyntax>() is { } member and not GlobalStatementSyntax
            ? member
            : node.SyntaxTree.GetRoot(cancellationToken);
        return scope.DescendantNodes().OfType<InvocationExpressionSyntax>().Where(call => call.SpanStart < node.SpanStart);
    }

    private static bool IsNamedWhenAny(InvocationExpressionSyntax call) =>
        call.Expression switch
        {
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText == "WhenAny",
            SimpleNameSyntax name => name.Identifier.ValueText == "WhenAny",
            _ => false,
        };

    internal static bool IsTaskDelay(InvocationExpressionSyntax call, SemanticModel model, CancellationToken cancellationToken) =>
        IsTaskMethod(call, "Delay", model, cancellationToken);

    /// <summary>A call to the static <c>System.Threading.Tasks.Task.{name}</c>.</summary>
    internal static bool IsTaskMethod(InvocationExpressionSyntax call, string name, SemanticModel model, CancellationToken cancellationToken) =>
        model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol { IsStatic: true, ContainingType: { Name: "Task" } task } method &&
        method.Name == name && task.ContainingNamespace.ToDisplayString() == "System.Threading.Tasks";

    private static LocalDeclarationStatementSyntax Declaration(string name, ExpressionSyntax value) =>
        SyntaxFactory.LocalDeclarationStatement(
            SyntaxFactory.VariableDeclaration(
                SyntaxFactory.IdentifierName(SyntaxFactory.Identifier("var").WithTrailingTrivia(SyntaxFactory.Space)),
                SyntaxFactory.SingletonSeparatedList(
                    SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(name).WithTrailingTrivia(SyntaxFactory.Space))
                        .WithInitializer(SyntaxFactory.EqualsValueClause(
                            SyntaxFactory.Token(SyntaxKind.EqualsToken).WithTrailingTrivia(SyntaxFactory.Space), value)))));

    /// <summary>The whitespace after the last line break of a statement's leading trivia: its indentation.</summary>
    private static SyntaxTriviaList IndentationOf(SyntaxTriviaList leading)
    {
        var start = leading.Count;
        while (start > 0 && leading[start - 1].IsKind(SyntaxKind.WhitespaceTrivia))
        {
            start--;
        }

        return SyntaxFactory.TriviaList(leading.Skip(start));
    }
}
