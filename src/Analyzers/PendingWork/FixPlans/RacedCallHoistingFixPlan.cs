using System;

namespace AsyncGuide.Analyzers;

/// <summary>
/// Which raced calls written inline the cancel fix may give a name, so that it can await their exit as it
/// does for task locals: <c>var first = await Task.WhenAny(FetchAsync(1, cts.Token), FetchAsync(2, cts.Token));</c>
/// gets <c>var fetchTask = FetchAsync(1, cts.Token);</c> and <c>var fetchTask2 = …;</c> right before it.
/// Passed as <see cref="ElementsKey"/>: the indexes of those calls among the raced tasks as written.
/// Only where moving them evaluates nothing in another order: the statement evaluates the race first
/// (<see cref="StatementEvaluatingRaceFirst"/>), and everything raced before a hoisted call is a hoisted
/// call or a local nothing can change. Syntax where the fix must re-check the same thing.
/// </summary>
internal static class RacedCallHoistingFixPlan
{
    public const string ElementsKey = "AG01.HoistElements";

    /// <summary>
    /// The indexes of the calls to hoist, comma-separated: inline Task.WhenAny elements that pass
    /// <paramref name="exitFollowsCancel"/>, in the longest run of elements that are such calls or
    /// locals assigned once; null when there are none or the statement's shape does not allow it.
    /// </summary>
    public static string? Elements(IInvocationOperation wait, CancellationFlow flow, Func<IInvocationOperation, bool> exitFollowsCancel)
    {
        if (!TaskObservation.IsWhenAny(wait.TargetMethod, flow.Types) || wait.Syntax is not InvocationExpressionSyntax syntax ||
            StatementEvaluatingRaceFirst(syntax) is null || WrittenElements(syntax) is not { } written || !ReadsOnlyLocalsAfterTheRace(wait))
        {
            return null;
        }

        var elements = new List<IOperation>();
        if (!RacedTasks.TryGetElements(wait, flow.Types, elements, out var collection) || collection is not null || elements.Count != written.Count)
        {
            return null;
        }

        var indexes = new List<string>();
        for (var i = 0; i < elements.Count; i++)
        {
            var element = elements[i];
            if (element.Syntax != written[i])
            {
                return null;
            }

            if (element is IInvocationOperation call && !DeclaresVariables(call.Syntax) && exitFollowsCancel(call))
            {
                indexes.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (element is not ILocalReferenceOperation { Local: var local } || ExitAfterCancelFixPlan.IsWrittenAgain(local, flow))
            {
                // Moving a later call before this element would evaluate them in another order.
                break;
            }
        }

        return indexes.Count == 0 ? null : string.Join(",", indexes);
    }

    /// <summary>
    /// The statement holding <c>await whenAny</c> (optionally <c>.ConfigureAwait(…)</c>) as its first evaluation, in a block
    /// or top-level: <c>await …;</c>, <c>var x = await …;</c>, <c>x = await …;</c>, <c>if (await … == y)</c> / <c>!=</c>.
    /// </summary>
    public static StatementSyntax? StatementEvaluatingRaceFirst(InvocationExpressionSyntax whenAny)
    {
        ExpressionSyntax current = whenAny;
        if (current.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } access && access.Expression == current &&
            access.Parent is InvocationExpressionSyntax configure && configure.Expression == access)
        {
            current = configure;
        }

        if (current.Parent is not AwaitExpressionSyntax awaited)
        {
            return null;
        }

        StatementSyntax? statement = awaited.Parent switch
        {
            ExpressionStatementSyntax expressionStatement => expressionStatement,
            EqualsValueClauseSyntax
            {
                Parent: VariableDeclaratorSyntax
                {
                    Parent: VariableDeclarationSyntax
                    {
                        Variables.Count: 1, Parent: LocalDeclarationStatementSyntax { Modifiers.Count: 0 } declaration
                    },
                },
            } when declaration.UsingKeyword.IsKind(SyntaxKind.None) => declaration,
            AssignmentExpressionSyntax { Left: IdentifierNameSyntax, Parent: ExpressionStatementSyntax assignment } simple
                when simple.IsKind(SyntaxKind.SimpleAssignmentExpression) && simple.Right == awaited => assignment,
            BinaryExpressionSyntax { Parent: IfStatementSyntax ifStatement } comparison
                when (comparison.IsKind(SyntaxKind.EqualsExpression) || comparison.IsKind(SyntaxKind.NotEqualsExpression)) &&
                     comparison.Left == awaited && ifStatement.Condition == comparison => ifStatement,
            _ => null,
        };

        return statement?.Parent is BlockSyntax or GlobalStatementSyntax ? statement : null;
    }

    /// <summary>
    /// The raced tasks as written: the arguments, or the elements of the one <c>new[] { … }</c> /
    /// <c>new Task&lt;T&gt;[] { … }</c>; null for named arguments.
    /// </summary>
    public static IReadOnlyList<ExpressionSyntax>? WrittenElements(InvocationExpressionSyntax whenAny)
    {
        var arguments = whenAny.ArgumentList.Arguments;
        var elements = new List<ExpressionSyntax>();
        foreach (var argument in arguments)
        {
            if (argument.NameColon is not null || !argument.RefKindKeyword.IsKind(SyntaxKind.None))
            {
                return null;
            }

            elements.Add(argument.Expression);
        }

        if (elements.Count == 1)
        {
            var initializer = elements[0] switch
            {
                ArrayCreationExpressionSyntax { Initializer: { } explicitArray } creation when HasNoSizes(creation.Type) => explicitArray,
                ImplicitArrayCreationExpressionSyntax implicitArray => implicitArray.Initializer,
                _ => null,
            };
            if (initializer is not null)
            {
                return initializer.Expressions;
            }
        }

        return elements;
    }

    /// <summary>What the statement reads after the race, in operations: an assigned local, a compared local or constant.</summary>
    private static bool ReadsOnlyLocalsAfterTheRace(IInvocationOperation wait)
    {
        var awaited = RacedTasks.AwaitedResultOf(wait);
        return awaited.Parent switch
        {
            ISimpleAssignmentOperation assignment => assignment.Target is ILocalReferenceOperation,
            IBinaryOperation comparison =>
                CancellationFlow.Unwrap(comparison.RightOperand) is ILocalReferenceOperation || comparison.RightOperand.ConstantValue.HasValue,
            _ => true,
        };
    }

    /// <summary>An out variable or pattern variable outside a lambda: its scope would move with the call.</summary>
    private static bool DeclaresVariables(SyntaxNode call)
    {
        foreach (var node in call.DescendantNodes(
            descendIntoChildren: n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
        {
            if (node is VariableDesignationSyntax)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasNoSizes(ArrayTypeSyntax type)
    {
        foreach (var rank in type.RankSpecifiers)
        {
            foreach (var size in rank.Sizes)
            {
                if (!size.IsKind(SyntaxKind.OmittedArraySizeExpression))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
