using System.Linq;

namespace AsyncGuide.CodeFixes;

/// <summary>
/// The timer of a race AG0102's cancel fix rewrites, when the analyzer added AG0104's plan
/// (<see cref="AG0104TimerLeftRunningAnalyzer.CancelPlacementKey"/>): the race, its <c>Task.Delay</c> and the
/// timer local's declaration are marked before the cancel is inserted, and found again afterwards to end the
/// timer where the work won (<see cref="TimerCancellation"/>). Without it the fixed race would be AG0104's
/// report, which one <c>dotnet format</c> run does not fix.
/// </summary>
internal readonly struct RacedTimer
{
    private readonly SyntaxAnnotation _race;
    private readonly SyntaxAnnotation _delay;
    private readonly SyntaxAnnotation? _declaration;

    private RacedTimer(SyntaxNode root, SyntaxAnnotation race, SyntaxAnnotation delay, SyntaxAnnotation? declaration)
    {
        Root = root;
        _race = race;
        _delay = delay;
        _declaration = declaration;
    }

    /// <summary>The root with the nodes marked.</summary>
    public SyntaxNode Root { get; }

    /// <summary>The marked nodes in <paramref name="root"/>; null when the diagnostic has no timer plan or its nodes are not found.</summary>
    public static RacedTimer? Mark(SyntaxNode root, SyntaxNode race, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.ContainsKey(AG0104TimerLeftRunningAnalyzer.CancelPlacementKey) ||
            race is not InvocationExpressionSyntax ||
            diagnostic.AdditionalLocations.Count == 0 ||
            root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax delay ||
            delay.ArgumentList.Arguments.Count is not (1 or 2) ||
            ((CSharpParseOptions)root.SyntaxTree.Options).LanguageVersion < LanguageVersion.CSharp8)
        {
            return null;
        }

        LocalDeclarationStatementSyntax? declaration = null;
        if (diagnostic.Properties.ContainsKey(AG0104TimerLeftRunningAnalyzer.DelayIsLocalKey) &&
            (diagnostic.AdditionalLocations.Count < 2 ||
             (declaration = root.FindNode(diagnostic.AdditionalLocations[1].SourceSpan, getInnermostNodeForTie: true)
                 as LocalDeclarationStatementSyntax) is null))
        {
            return null;
        }

        var raceMark = new SyntaxAnnotation();
        var delayMark = new SyntaxAnnotation();
        var declarationMark = declaration is null ? null : new SyntaxAnnotation();
        var marked = root.ReplaceNodes(
            declaration is null ? new SyntaxNode[] { race, delay } : new SyntaxNode[] { race, delay, declaration },
            (original, rewritten) =>
                rewritten.WithAdditionalAnnotations(original == race ? raceMark : original == delay ? delayMark : declarationMark!));
        return new RacedTimer(marked, raceMark, delayMark, declarationMark);
    }

    /// <summary>The marked race in <paramref name="root"/>.</summary>
    public SyntaxNode? Race(SyntaxNode root) => root.GetAnnotatedNodes(_race).FirstOrDefault();

    /// <summary>
    /// <paramref name="document"/> (the cancel fix's result) with the timer given a source of its own, cancelled at
    /// <paramref name="placement"/>; unchanged when the marked nodes are no longer where the plan put them.
    /// </summary>
    public async Task<Document> CancelAsync(Document document, TimerCancellation.Placement placement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null ||
            Race(root) is not InvocationExpressionSyntax race ||
            root.GetAnnotatedNodes(_delay).FirstOrDefault() is not InvocationExpressionSyntax delay ||
            race.FirstAncestorOrSelf<StatementSyntax>(s => s.Parent is BlockSyntax) is not { } statement)
        {
            return document;
        }

        StatementSyntax sourceBefore = statement;
        if (_declaration is not null)
        {
            if (root.GetAnnotatedNodes(_declaration).FirstOrDefault() is not LocalDeclarationStatementSyntax declaration
                || declaration.Parent != statement.Parent)
            {
                return document;
            }

            sourceBefore = declaration;
        }

        var names = new FreshNames();
        KeepNamesOfEarlierTimers(names, race, sourceBefore, model, cancellationToken);
        var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
        TimerCancellation.Apply(editor, names.Next(TimerCancellation.SourceName, sourceBefore, model), statement, sourceBefore, delay, placement);
        return document.WithSyntaxRoot(editor.GetChangedRoot());
    }

    /// <summary>
    /// Fix All computes each race's fix on the original document and merges the texts: a name is kept for each
    /// race earlier in the member whose inline timer has no token source of its own yet, so that two fixed races
    /// never declare the same source.
    /// </summary>
    private static void KeepNamesOfEarlierTimers(
        FreshNames names, InvocationExpressionSyntax race, StatementSyntax position, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var earlier in RacedCallLocals.CallsBefore(race, cancellationToken))
        {
            if (!RacedCallLocals.IsTaskMethod(earlier, "WhenAny", model, cancellationToken))
            {
                continue;
            }

            foreach (var argument in earlier.ArgumentList.Arguments)
            {
                if (HasUnfixedDelay(argument.Expression, model, cancellationToken))
                {
                    names.Next(TimerCancellation.SourceName, position, model);
                    break;
                }
            }
        }
    }

    /// <summary>A raced element (or an array of them) that is an unfixed <c>Task.Delay</c>, written inline or as a local's initializer.</summary>
    private static bool HasUnfixedDelay(ExpressionSyntax raced, SemanticModel model, CancellationToken cancellationToken)
    {
        var initializer = raced switch
        {
            ImplicitArrayCreationExpressionSyntax implicitArray => implicitArray.Initializer,
            ArrayCreationExpressionSyntax array => array.Initializer,
            _ => null,
        };
        if (initializer is not null)
        {
            foreach (var element in initializer.Expressions)
            {
                if (HasUnfixedDelay(element, model, cancellationToken))
                {
                    return true;
                }
            }

            return false;
        }

        if (raced is IdentifierNameSyntax &&
            model.GetSymbolInfo(raced, cancellationToken).Symbol is ILocalSymbol local &&
            local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken)
                is VariableDeclaratorSyntax { Initializer.Value: var value })
        {
            raced = value;
        }

        return raced is InvocationExpressionSyntax delay && IsUnfixedDelay(delay, model, cancellationToken);
    }

    /// <summary>A <c>Task.Delay</c> call whose token, if any, is not that of a source declared with <c>using</c> (what the fixes write).</summary>
    private static bool IsUnfixedDelay(InvocationExpressionSyntax delay, SemanticModel model, CancellationToken cancellationToken)
    {
        if (!RacedCallLocals.IsTaskDelay(delay, model, cancellationToken))
        {
            return false;
        }

        var arguments = delay.ArgumentList.Arguments;
        return arguments.Count != 2 ||
               arguments[1].Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Token", Expression: var source } ||
               model.GetSymbolInfo(source, cancellationToken).Symbol is not ILocalSymbol local ||
               local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken).FirstAncestorOrSelf<LocalDeclarationStatementSyntax>()
                   is not { UsingKeyword.RawKind: not 0 };
    }
}
