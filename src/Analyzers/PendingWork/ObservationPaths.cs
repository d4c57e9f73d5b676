namespace AsyncGuide.Analyzers;

/// <summary>
/// Whether a later use of a task observes it, and whether that use runs on every path after a
/// wait. A conservative approximation over the operation tree (no flow graph): a use inside a
/// branch, loop body, catch or lambda does not count, nor one after a statement that can leave.
/// </summary>
internal static partial class ObservationPaths
{
    /// <summary>Awaited, waited, its result read, passed on, returned or stored: its outcome is someone's concern.</summary>
    public static bool IsObservingUse(IOperation reference)
    {
        var current = reference;
        var parent = current.Parent;
        while (parent is IConversionOperation or IArrayInitializerOperation or IArrayCreationOperation ||
               (parent is not null && TaskObservation.IsCollectionExpression(parent)))
        {
            current = parent;
            parent = current.Parent;
        }

        switch (parent)
        {
            case IAwaitOperation:
            case IReturnOperation:
            case IForEachLoopOperation:
                return true;
            case IPropertyReferenceOperation property when property.Instance == current:
                return property.Property.Name == "Result";
            case IInvocationOperation call when call.Instance == current:
                return call.TargetMethod.Name is "Wait" or "GetAwaiter" or "ConfigureAwait" or "ContinueWith" or "WaitAsync";
            case IArgumentOperation { Parent: IInvocationOperation call }:
                return !IsRace(call);
            case IArgumentOperation:
                return true;
            case ISimpleAssignmentOperation assignment:
                return assignment.Value == current;
            case IVariableInitializerOperation:
                return true;
            default:
                return false;
        }
    }

    /// <summary>A call that races the tasks it is given: passing a task to it does not hand it on.</summary>
    private static bool IsRace(IInvocationOperation call) =>
        call.TargetMethod.Name is "WhenAny" or "WaitAny" || (call.TargetMethod.ContainingType?.Name == "Async" && call.TargetMethod.Name == "Wait");

    /// <summary>True when <paramref name="use"/> runs on every normal path after <paramref name="wait"/> (or in a finally around it).</summary>
    public static bool RunsOnEveryPathAfter(IOperation use, IOperation wait, Dictionary<IOperation, bool> canLeaveCache)
    {
        var current = use;
        while (current.Parent is { } parent)
        {
            switch (parent)
            {
                case IBlockOperation block when Contains(block, wait):
                    return FollowsWithoutExit(block, current, use, wait, canLeaveCache);
                case ITryOperation @try when @try.Finally == current:
                    if (Contains(@try.Body, wait))
                    {
                        return true;
                    }

                    break;
                case var _ when SkipsSomePaths(parent, current):
                    return false;
            }

            current = parent;
        }

        return false;
    }

    /// <summary>
    /// True when <paramref name="child"/> of <paramref name="parent"/> runs on some paths through it only
    /// (a branch, loop body, catch, lambda…).
    /// </summary>
    private static bool SkipsSomePaths(IOperation parent, IOperation child) => parent switch
    {
        IConditionalOperation conditional => conditional.Condition != child,
        ISwitchOperation or ISwitchExpressionArmOperation or ILoopOperation or ICatchClauseOperation => true,
        IAnonymousFunctionOperation or ILocalFunctionOperation => true,
        ICoalesceOperation coalesce => coalesce.WhenNull == child,
        IConditionalAccessOperation access => access.WhenNotNull == child,
        IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } logical =>
            logical.RightOperand == child,
        _ => false,
    };

    private static bool FollowsWithoutExit(
        IBlockOperation block, IOperation useStatement, IOperation use, IOperation wait, Dictionary<IOperation, bool> canLeaveCache)
    {
        var operations = block.Operations;
        var useIndex = operations.IndexOf(useStatement);
        var waitIndex = -1;
        for (var i = 0; i < operations.Length; i++)
        {
            if (Contains(operations[i], wait))
            {
                waitIndex = i;
                break;
            }
        }

        if (useIndex < 0 || waitIndex < 0)
        {
            return false;
        }

        if (useIndex == waitIndex)
        {
            // Same statement, no branch crossed on the way up: order decides.
            return FirstUseAfter(use, wait);
        }

        if (useIndex < waitIndex)
        {
            return false;
        }

        // In the wait's own statement only exits after the wait matter (an earlier `return` skips the wait too).
        if (CanLeave(operations[waitIndex], breakable: false, caught: false, wait.Syntax.Span.End))
        {
            return false;
        }

        for (var i = waitIndex + 1; i < useIndex; i++)
        {
            // Cached per statement: many uses after one wait stay linear in the method size.
            if (!canLeaveCache.TryGetValue(operations[i], out var leaves))
            {
                leaves = CanLeave(operations[i], breakable: false, caught: false, notBefore: 0);
                canLeaveCache[operations[i]] = leaves;
            }

            if (leaves)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A return, goto or a break/continue that leaves the statement; throws do not count.</summary>
    public static bool CanLeaveOtherThanByThrow(IOperation statement) => CanLeave(statement, breakable: false, caught: true, notBefore: 0);

    /// <summary>A return, throw, goto or a break/continue that leaves the statement (not caught inside it).</summary>
    private static bool CanLeave(IOperation operation, bool breakable, bool caught, int notBefore)
    {
        switch (operation)
        {
            case IAnonymousFunctionOperation:
            case ILocalFunctionOperation:
                return false;
            case IReturnOperation { Kind: OperationKind.Return or OperationKind.YieldBreak } exit:
                return exit.Syntax.SpanStart >= notBefore;
            case IThrowOperation exit when !caught:
                return exit.Syntax.SpanStart >= notBefore;
            case IBranchOperation branch:
                return branch.Syntax.SpanStart >= notBefore && (branch.BranchKind == BranchKind.GoTo || !breakable);
        }

        var childBreakable = breakable || operation is ILoopOperation or ISwitchOperation;
        var childCaught = caught || operation is ITryOperation { Catches.Length: > 0 };
        foreach (var child in operation.ChildOperations)
        {
            if (CanLeave(child, childBreakable, childCaught, notBefore))
            {
                return true;
            }
        }

        return false;
    }

    private static bool FirstUseAfter(IOperation use, IOperation wait) => use.Syntax.SpanStart >= wait.Syntax.Span.End;

    public static bool Contains(IOperation? outer, IOperation inner) =>
        outer is not null && outer.Syntax.SyntaxTree == inner.Syntax.SyntaxTree && outer.Syntax.Span.Contains(inner.Syntax.Span);

    /// <summary>The innermost loop around <paramref name="operation"/> in the same body (not crossing a lambda).</summary>
    public static ILoopOperation? EnclosingLoop(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is ILoopOperation loop)
            {
                return loop;
            }

            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>A write to the local: assigned, or mutated through Add/Remove/Clear on it.</summary>
    public static bool IsWrite(ILocalReferenceOperation reference) => reference.Parent switch
    {
        IAssignmentOperation assignment => assignment.Target == reference,
        IInvocationOperation call when call.Instance == reference =>
            call.TargetMethod.Name.StartsWith("Remove", System.StringComparison.Ordinal)
            || call.TargetMethod.Name is "Add" or "Clear" or "Insert",
        _ => reference.IsDeclaration,
    };
}
