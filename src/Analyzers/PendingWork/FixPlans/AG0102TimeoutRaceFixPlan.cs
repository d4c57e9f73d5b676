namespace AsyncGuide.Analyzers;

/// <summary>
/// Where AG0102's fix may cancel the work's token source so that the meaning of the code after the
/// race is unchanged except that a losing operation is cancelled:
/// <c>if (await Task.WhenAny(work, Task.Delay(t)) == work) { … } else { /* here */ }</c>, or right after
/// <c>var winner = await Task.WhenAny(…);</c> when the work is only used where it has won.
/// </summary>
internal static class AG0102TimeoutRaceFixPlan
{
    public static ImmutableDictionary<string, string?>? PropertiesFor(
        IInvocationOperation race, IOperation work, IOperation delayElement, CancellationFlow flow)
    {
        var origin = RacedTasks.OriginOf(work, flow);
        if (CancelAfterWaitFixPlan.SingleSource(new[] { origin }, flow) is not { } source || !flow.IsInScopeAt(source, race))
        {
            return null;
        }

        var workLocal = (work as ILocalReferenceOperation)?.Local;
        var delayLocal = (delayElement as ILocalReferenceOperation)?.Local;

        IOperation current = race;
        while (current.Parent is IConversionOperation or IAwaitOperation ||
               (current.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance == current))
        {
            current = current.Parent;
        }

        if (current.Parent is IBinaryOperation { Parent: IConditionalOperation { Type: null } conditional } comparison &&
            conditional.Condition == comparison)
        {
            if (LostIsTrueBranch(comparison, workLocal, delayLocal) is not { } lostIsTrue ||
                (lostIsTrue ? conditional.WhenTrue : conditional.WhenFalse) is null)
            {
                return null;
            }

            var wonBranch = lostIsTrue ? conditional.WhenFalse : conditional.WhenTrue;
            var position = comparison.Syntax.Span.End;

            // When the timeout branch leaves (throw/return), code after the if only runs when the work won.
            var end = EndsInExit((lostIsTrue ? conditional.WhenTrue : conditional.WhenFalse)!) ? conditional.Syntax.Span.End : int.MaxValue;
            if (!CancelAfterWaitFixPlan.SourceUnusedAfter(source, position, flow, except: wonBranch, end) ||
                (workLocal is not null && !CancelAfterWaitFixPlan.TaskUnusedAfter(workLocal, position, flow, except: wonBranch, end)))
            {
                return null;
            }

            return ExitAfterCancelFixPlan.AddTo(
                CancelAfterWaitFixPlan.Properties(source, lostIsTrue ? CancelAfterWaitFixPlan.InWhenTrue : CancelAfterWaitFixPlan.InWhenFalse),
                race,
                CancelledTokens.Of(source),
                WorkOf(workLocal),
                flow);
        }

        if (CancelAfterWaitFixPlan.StatementOf(race) is not (IVariableDeclarationGroupOperation or IExpressionStatementOperation) ||
            CancelAfterWaitFixPlan.StatementOf(race) is not { } statement ||
            !CancelAfterWaitFixPlan.SourceUnusedAfter(source, statement.Syntax.Span.End, flow))
        {
            return null;
        }

        if (workLocal is not null)
        {
            foreach (var reference in flow.ReferencesTo(workLocal))
            {
                if (reference.Syntax.SpanStart >= statement.Syntax.Span.End &&
                    !CancelAfterWaitFixPlan.IsComparisonOnly(reference) &&
                    !IsWhereWorkWon(reference, workLocal, delayLocal))
                {
                    return null;
                }
            }
        }

        return ExitAfterCancelFixPlan.AddTo(
            CancelAfterWaitFixPlan.Properties(source, CancelAfterWaitFixPlan.AfterStatement),
            race,
            CancelledTokens.Of(source),
            WorkOf(workLocal),
            flow);
    }

    /// <summary>The work to await after cancelling it: its local, never the timer; an inline call has no name.</summary>
    private static ILocalSymbol[] WorkOf(ILocalSymbol? workLocal) =>
        workLocal is null ? System.Array.Empty<ILocalSymbol>() : new[] { workLocal };

    /// <summary><c>x == work</c> / <c>x != delay</c> / <c>work.IsCompleted</c> and their negations: which branch runs when the timer won.</summary>
    private static bool? LostIsTrueBranch(IOperation condition, ILocalSymbol? work, ILocalSymbol? delay)
    {
        condition = CancellationFlow.Unwrap(condition);
        if (condition is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
        {
            return !LostIsTrueBranch(not.Operand, work, delay);
        }

        if (condition is IPropertyReferenceOperation { Property.Name: "IsCompleted" or "IsCompletedSuccessfully" } completed)
        {
            return IsLocal(completed.Instance, work) ? false : null;
        }

        if (condition is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison)
        {
            return null;
        }

        var equals = comparison.OperatorKind == BinaryOperatorKind.Equals;
        if (IsLocal(comparison.LeftOperand, work) || IsLocal(comparison.RightOperand, work))
        {
            return !equals;
        }

        if (IsLocal(comparison.LeftOperand, delay) || IsLocal(comparison.RightOperand, delay))
        {
            return equals;
        }

        return null;
    }

    private static bool IsLocal(IOperation? operation, ILocalSymbol? local) =>
        local is not null && operation is not null &&
        CancellationFlow.Unwrap(operation) is ILocalReferenceOperation reference &&
        SymbolEqualityComparer.Default.Equals(reference.Local, local);

    /// <summary>Inside the branch where the work won, or after <c>if (lost) { …; return/throw; }</c>.</summary>
    private static bool IsWhereWorkWon(IOperation reference, ILocalSymbol work, ILocalSymbol? delay)
    {
        for (var current = reference; current.Parent is { } parent; current = parent)
        {
            switch (parent)
            {
                case IConditionalOperation conditional when conditional.Condition != current:
                    if (LostIsTrueBranch(conditional.Condition, work, delay) is { } lostIsTrue)
                    {
                        return (current == conditional.WhenTrue) != lostIsTrue;
                    }

                    break;
                case IBlockOperation block:
                    foreach (var statement in block.Operations)
                    {
                        if (statement == current)
                        {
                            break;
                        }

                        if (statement is IConditionalOperation { WhenFalse: null } guard &&
                            LostIsTrueBranch(guard.Condition, work, delay) == true &&
                            EndsInExit(guard.WhenTrue))
                        {
                            return true;
                        }
                    }

                    break;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return false;
            }
        }

        return false;
    }

    private static bool EndsInExit(IOperation branch)
    {
        if (branch is IBlockOperation block)
        {
            if (block.Operations.Length == 0)
            {
                return false;
            }

            branch = block.Operations[block.Operations.Length - 1];
        }

        return branch is IReturnOperation or IExpressionStatementOperation { Operation: IThrowOperation } or IThrowOperation;
    }
}
