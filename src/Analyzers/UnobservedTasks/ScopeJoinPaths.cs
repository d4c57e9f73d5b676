namespace AsyncGuide.Analyzers;

/// <summary>
/// One pass over a scope's region, statement by statement, tracking whether a child started by
/// <c>Run</c> may still be unjoined ("pending") on some path. It finds the statements that leave the
/// region while pending (<c>return</c>, <c>throw</c>, <c>break</c>, <c>continue</c>, <c>yield break</c>)
/// and whether the end of the region is reached pending. A <c>try</c> whose <c>finally</c> joins on every
/// path covers everything in it. <c>goto</c> is not followed (the path ends there, unreported).
/// </summary>
internal sealed class ScopeJoinPaths
{
    private readonly List<ScopeReference> _references;
    private readonly List<ScopeExit> _exits = new();
    private readonly HashSet<IOperation> _reported = new();
    private readonly List<Frame> _frames = new();
    private int _catchingTries;
    private int _locks;
    private bool _recording = true;

    private ScopeJoinPaths(List<ScopeReference> references) => _references = references;

    private enum State : byte
    {
        Unreachable,
        Clear,
        Pending,
    }

    /// <summary>The statements leaving the region while a child may be unjoined, in the order met.</summary>
    public IReadOnlyList<ScopeExit> Exits => _exits;

    /// <summary>The end of the region is reached with a child possibly unjoined.</summary>
    public bool EndsPending { get; private set; }

    public static ScopeJoinPaths Walk(ImmutableArray<IOperation> statements, List<ScopeReference> references)
    {
        var paths = new ScopeJoinPaths(references);
        paths.EndsPending = paths.WalkSequence(statements, State.Clear) == State.Pending;
        return paths;
    }

    private static State Merge(State a, State b) => a > b ? a : b;

    private State WalkSequence(ImmutableArray<IOperation> statements, State state)
    {
        foreach (var statement in statements)
        {
            if (state == State.Unreachable)
            {
                break;
            }

            state = WalkStatement(statement, state);
        }

        return state;
    }

    private State WalkStatement(IOperation? statement, State state)
    {
        if (statement is null || state == State.Unreachable)
        {
            return state;
        }

        switch (statement)
        {
            case IBlockOperation block:
                return WalkSequence(block.Operations, state);
            case IConditionalOperation conditional:
                state = Scan(conditional.Condition, state);
                return Merge(
                    WalkStatement(conditional.WhenTrue, state),
                    conditional.WhenFalse is null ? state : WalkStatement(conditional.WhenFalse, state));
            case ILoopOperation loop:
                return WalkLoop(loop, state);
            case ISwitchOperation switchStatement:
                return WalkSwitch(switchStatement, Scan(switchStatement.Value, state));
            case ITryOperation tryStatement:
                return WalkTry(tryStatement, state);
            case IUsingOperation usingStatement:
                return WalkStatement(usingStatement.Body, Scan(usingStatement.Resources, state));
            case ILockOperation lockStatement:
                _locks++;
                state = WalkStatement(lockStatement.Body, Scan(lockStatement.LockedValue, state));
                _locks--;
                return state;
            case ILabeledOperation labeled:
                return WalkStatement(labeled.Operation, state);
            case ILocalFunctionOperation:
                return state;
            case IReturnOperation { IsImplicit: true, ReturnedValue: null }:
                // The end of a lambda's block: the same as reaching the end of the region.
                return state;
            case IReturnOperation { Kind: OperationKind.YieldReturn } yieldReturn:
                return Scan(yieldReturn.ReturnedValue, state);
            case IReturnOperation returnStatement:
                state = Scan(returnStatement.ReturnedValue, state);
                Leave(returnStatement, state, fixable: returnStatement.ReturnedValue is null || !Mentions(returnStatement.ReturnedValue));
                return State.Unreachable;
            case IBranchOperation branch:
                return WalkBranch(branch, state);
            case IExpressionStatementOperation { Operation: IThrowOperation thrown }:
                return WalkThrow(statement, thrown, state);
            case IThrowOperation thrown:
                return WalkThrow(statement, thrown, state);
            default:
                return Scan(statement, state);
        }
    }

    private State WalkThrow(IOperation statement, IThrowOperation thrown, State state)
    {
        state = Scan(thrown.Exception, state);

        // Inside a try with catch clauses the exception may be caught and the region not left.
        if (_catchingTries == 0)
        {
            // Joining before a throw would wait for the children instead of cancelling them: no fix.
            Leave(statement, state, fixable: false);
        }

        return State.Unreachable;
    }

    private State WalkBranch(IBranchOperation branch, State state)
    {
        switch (branch.BranchKind)
        {
            case BranchKind.Break:
            case BranchKind.Continue:
                var isContinue = branch.BranchKind == BranchKind.Continue;
                for (var i = _frames.Count - 1; i >= 0; i--)
                {
                    if (!isContinue || _frames[i].IsLoop)
                    {
                        _frames[i].Add(isContinue, state);
                        return State.Unreachable;
                    }
                }

                Leave(branch, state, fixable: true);
                return State.Unreachable;
            default:
                return State.Unreachable;
        }
    }

    private State WalkLoop(ILoopOperation loop, State state)
    {
        var endless = false;
        switch (loop)
        {
            case IWhileLoopOperation { ConditionIsTop: true } whileLoop:
                state = Scan(whileLoop.Condition, state);
                endless = whileLoop.Condition?.ConstantValue is { HasValue: true, Value: true };
                break;
            case IForLoopOperation forLoop:
                foreach (var before in forLoop.Before)
                {
                    state = Scan(before, state);
                }

                state = Scan(forLoop.Condition, state);
                endless = forLoop.Condition is null || forLoop.Condition.ConstantValue is { HasValue: true, Value: true };
                break;
            case IForEachLoopOperation forEachLoop:
                state = Scan(forEachLoop.Collection, state);
                break;
        }

        var frame = new Frame(isLoop: true);
        _frames.Add(frame);
        var end = WalkStatement(loop.Body, state);
        var again = Merge(state, Merge(end, frame.Continues));
        if (again != state)
        {
            // Second iteration from the merged state: a Run in the body is pending at the top of the next.
            state = again;
            end = WalkStatement(loop.Body, state);
        }

        _frames.RemoveAt(_frames.Count - 1);
        var exit = endless ? State.Unreachable : Merge(state, Merge(end, frame.Continues));
        return Merge(exit, frame.Breaks);
    }

    private State WalkSwitch(ISwitchOperation switchStatement, State state)
    {
        var frame = new Frame(isLoop: false);
        _frames.Add(frame);
        var exit = State.Unreachable;
        var hasDefault = false;
        foreach (var section in switchStatement.Cases)
        {
            foreach (var clause in section.Clauses)
            {
                hasDefault |= clause.CaseKind == CaseKind.Default;
            }

            exit = Merge(exit, WalkSequence(section.Body, state));
        }

        _frames.RemoveAt(_frames.Count - 1);
        return Merge(hasDefault ? exit : Merge(exit, state), frame.Breaks);
    }

    private State WalkTry(ITryOperation tryStatement, State state)
    {
        if (tryStatement.Finally is { } finallyBlock)
        {
            // A finally that joins on every path joins before the scope is disposed, whatever the try does.
            var recording = _recording;
            _recording = false;
            var afterFinally = WalkStatement(finallyBlock, State.Pending);
            _recording = recording;
            if (afterFinally == State.Clear)
            {
                return State.Clear;
            }
        }

        var catches = tryStatement.Catches.Length > 0;
        _catchingTries += catches ? 1 : 0;
        var end = WalkStatement(tryStatement.Body, state);
        _catchingTries -= catches ? 1 : 0;

        // A catch is pending when the try starts pending, ends pending, or never ends normally after a Run. An
        // exception thrown between a Run and a join inside the try is not followed: that would flag every catch.
        var catchEntry = state == State.Pending || end == State.Pending || (end == State.Unreachable && StartsChild(tryStatement.Body))
            ? State.Pending
            : State.Clear;
        foreach (var catchClause in tryStatement.Catches)
        {
            end = Merge(end, WalkStatement(catchClause.Handler, Scan(catchClause.Filter, catchEntry)));
        }

        return tryStatement.Finally is null ? end : WalkStatement(tryStatement.Finally, end);
    }

    private void Leave(IOperation statement, State state, bool fixable)
    {
        if (state == State.Pending && _recording && _reported.Add(statement))
        {
            _exits.Add(new ScopeExit(statement, fixable && _locks == 0));
        }
    }

    /// <summary>Applies the scope's references inside <paramref name="operation"/>, in source order.</summary>
    private State Scan(IOperation? operation, State state)
    {
        if (operation is null || state == State.Unreachable)
        {
            return state;
        }

        var span = operation.Syntax.Span;
        for (var i = FirstAtOrAfter(span.Start); i < _references.Count && _references[i].Position < span.End; i++)
        {
            switch (_references[i].Use)
            {
                case ScopeUse.Run:
                    state = State.Pending;
                    break;
                case ScopeUse.Join:
                    state = State.Clear;
                    break;
            }
        }

        return state;
    }

    private State Scan(ImmutableArray<IOperation> operations, State state)
    {
        foreach (var operation in operations)
        {
            state = Scan(operation, state);
        }

        return state;
    }

    private bool StartsChild(IOperation operation) => Scan(operation, State.Clear) == State.Pending;

    private bool Mentions(IOperation operation)
    {
        var span = operation.Syntax.Span;
        var i = FirstAtOrAfter(span.Start);
        return i < _references.Count && _references[i].Position < span.End;
    }

    private int FirstAtOrAfter(int position)
    {
        int low = 0, high = _references.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_references[middle].Position < position)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>A loop or switch inside the region: where its break (and, for a loop, continue) states go.</summary>
    private sealed class Frame
    {
        public Frame(bool isLoop) => IsLoop = isLoop;

        public bool IsLoop { get; }

        public State Breaks { get; private set; }

        public State Continues { get; private set; }

        public void Add(bool isContinue, State state)
        {
            if (isContinue)
            {
                Continues = Merge(Continues, state);
            }
            else
            {
                Breaks = Merge(Breaks, state);
            }
        }
    }
}
