namespace AsyncGuide.Analyzers;

/// <summary>
/// Tests that are true only for the exceptions a process does not survive (out of memory, stack overflow, access violation,
/// thread abort, SEH, execution engine): <c>e is OutOfMemoryException || e is StackOverflowException</c>,
/// <c>e is (OutOfMemoryException and not InsufficientMemoryException) or ThreadAbortException</c>. A catch-all filtered with
/// <c>when (!IsFatal(e))</c>, or one that rethrows only those, handles every failure a task could be left holding.
/// </summary>
internal static class FatalExceptions
{
    /// <summary>
    /// True when <paramref name="condition"/> can be true only if <paramref name="exception"/> (a local or parameter) is of a
    /// fatal type: type tests and patterns of those types, joined by <c>||</c> (both sides) or <c>&amp;&amp;</c> (either side);
    /// <c>false</c>. A negation or any other test could select a survivable exception, so it does not count.
    /// </summary>
    public static bool Selects(IOperation condition, ISymbol exception)
    {
        switch (condition)
        {
            case { ConstantValue: { HasValue: true, Value: false } }:
                return true;
            case IIsTypeOperation { IsNegated: false } test:
                return Is(test.ValueOperand, exception) && IsFatalType(test.TypeOperand);
            case IIsPatternOperation pattern:
                return Is(pattern.Value, exception) && PatternSelects(pattern.Pattern);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr, OperatorMethod: null } either:
                return Selects(either.LeftOperand, exception) && Selects(either.RightOperand, exception);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd, OperatorMethod: null } both:
                return Selects(both.LeftOperand, exception) || Selects(both.RightOperand, exception);
            default:
                return false;
        }
    }

    /// <summary>
    /// The body of an <c>IsFatal(Exception e)</c> method: returns of <c>false</c> or of a selecting test, <c>if (test) return
    /// true;</c>, and a <c>while</c> loop that walks <c>e = e.InnerException</c> (a wrapped fatal exception is fatal too).
    /// </summary>
    public static bool BodySelects(IBlockOperation body, IParameterSymbol exception) => StatementsSelect(body.Operations, exception, 0);

    private static bool StatementsSelect(ImmutableArray<IOperation> statements, IParameterSymbol exception, int depth)
    {
        foreach (var statement in statements)
        {
            if (!StatementSelects(statement, exception, depth))
            {
                return false;
            }
        }

        return true;
    }

    private static bool StatementSelects(IOperation statement, IParameterSymbol exception, int depth)
    {
        if (depth > 4)
        {
            return false;
        }

        switch (statement)
        {
            case IReturnOperation { ReturnedValue: { } value }:
                return Selects(value, exception);
            case IBlockOperation block:
                return StatementsSelect(block.Operations, exception, depth + 1);
            case IBranchOperation { BranchKind: BranchKind.Break }:
                return true;
            case IConditionalOperation { IsRef: false } branch:
                // `if (test) return true;`: the true return needs a selecting test; other branches only walk or leave.
                if (ReturnsTrue(branch.WhenTrue))
                {
                    return Selects(branch.Condition, exception) &&
                           (branch.WhenFalse is null || StatementSelects(branch.WhenFalse, exception, depth + 1));
                }

                return IsPlain(branch.Condition) && StatementSelects(branch.WhenTrue, exception, depth + 1) &&
                       (branch.WhenFalse is null || StatementSelects(branch.WhenFalse, exception, depth + 1));
            case ISwitchOperation { Value: var value } choice when Is(value, exception):
                // `switch (exception) { case OutOfMemoryException: case SEHException: return true; }`
                foreach (var section in choice.Cases)
                {
                    if (!SectionSelects(section, exception, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            case IWhileLoopOperation { Condition: { } condition, Body: { } loopBody } when IsPlain(condition):
                return StatementSelects(loopBody, exception, depth + 1);
            case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: IParameterReferenceOperation target } walk }:
                // `e = e.InnerException;`
                return SymbolEqualityComparer.Default.Equals(target.Parameter, exception) &&
                       walk.Value is IPropertyReferenceOperation { Instance: { } owner } && Is(owner, exception);
            default:
                return false;
        }
    }

    /// <summary>A section that returns true only under labels that are patterns of fatal types; other sections walk or leave.</summary>
    private static bool SectionSelects(ISwitchCaseOperation section, IParameterSymbol exception, int depth)
    {
        var returnsTrue = false;
        foreach (var statement in section.Body)
        {
            if (ReturnsTrue(statement))
            {
                returnsTrue = true;
            }
            else if (!StatementSelects(statement, exception, depth))
            {
                return false;
            }
        }

        if (!returnsTrue)
        {
            return true;
        }

        foreach (var clause in section.Clauses)
        {
            if (clause is not IPatternCaseClauseOperation { Pattern: var pattern } || !PatternSelects(pattern))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ReturnsTrue(IOperation branch) =>
        (branch is IBlockOperation { Operations.Length: 1 } block ? block.Operations[0] : branch) is
        IReturnOperation { ReturnedValue.ConstantValue: { HasValue: true, Value: true } };

    /// <summary>Conditions of walks and wrapper checks: only reads and type tests, which cannot throw.</summary>
    private static bool IsPlain(IOperation condition)
    {
        foreach (var operation in condition.DescendantsAndSelf())
        {
            if (operation is IInvocationOperation or IObjectCreationOperation or IThrowOperation)
            {
                return false;
            }
        }

        return true;
    }

    private static bool PatternSelects(IPatternOperation pattern) => pattern switch
    {
        ITypePatternOperation type => IsFatalType(type.MatchedType),
        IDeclarationPatternOperation { MatchedType: { } matched } => IsFatalType(matched),
        IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.Or } or => PatternSelects(or.LeftPattern) && PatternSelects(or.RightPattern),
        IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.And } and => PatternSelects(and.LeftPattern) || PatternSelects(and.RightPattern),
        _ => false,
    };

    private static bool Is(IOperation value, ISymbol exception) => TaskObservation.SkipImplicitConversions(value) switch
    {
        ILocalReferenceOperation local => SymbolEqualityComparer.Default.Equals(local.Local, exception),
        IParameterReferenceOperation parameter => SymbolEqualityComparer.Default.Equals(parameter.Parameter, exception),
        _ => false,
    };

    /// <summary>A type a process does not survive, or one derived from it.</summary>
    public static bool IsFatalType(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            var ns = current.ContainingNamespace?.ToDisplayString();
            var fatal = (ns, current.MetadataName) switch
            {
                ("System", "OutOfMemoryException" or "StackOverflowException" or "AccessViolationException" or "ExecutionEngineException") => true,
                ("System.Threading", "ThreadAbortException") => true,
                ("System.Runtime.InteropServices", "SEHException") => true,
                _ => false,
            };
            if (fatal)
            {
                return true;
            }
        }

        return false;
    }
}
