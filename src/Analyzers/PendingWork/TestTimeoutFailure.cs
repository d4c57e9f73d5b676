namespace AsyncGuide.Analyzers;

/// <summary>
/// A test's timeout: after <c>await Task.WhenAny(work, Task.Delay(t))</c>, an <c>if</c> that runs on every path says which task
/// won (<see cref="RaceOutcome"/>), and its branch where the work may not have finished ends, on every path, by failing the
/// test: <c>Assert.Fail</c> (or <c>Assert.True(false)</c>) of xUnit, NUnit or MSTest, or a <c>throw</c> in test code (a test
/// method, or an assembly that references a test framework). The work left running belongs to a test that has failed; the
/// report is the failure (seen in duplicati's tests).
/// </summary>
internal static class TestTimeoutFailure
{
    public static bool FailsWhenTheTimerWins(
        IInvocationOperation race, ILocalSymbol work, IReadOnlyList<IOperation> racedElements, CancellationFlow flow)
    {
        // A throw fails a test only in test code (a test method, or any method of an assembly that references a test
        // framework); a test framework's Assert.Fail fails it anywhere.
        var test = IsInTestCode(race);

        // The race in the condition itself: `if (await Task.WhenAny(work, delay) == work) … else Assert.Fail(…)`.
        if (ConditionHolding(race) is { } direct)
        {
            return LostBranchFails(direct, race, work, racedElements, test, flow);
        }

        // The winner compared, the verdict local read (`var timedOut = await Task.WhenAny(…) == delay`), or the work's state
        // read, in the condition of a later `if`.
        var winner = RaceOutcome.WinnerLocalOf(race);
        var verdict = VerdictLocalOf(race);
        return (winner is not null && AnyLaterConditionFails(flow.ReferencesTo(winner), race, work, racedElements, test, flow)) ||
               (verdict is not null && AnyLaterConditionFails(flow.ReferencesTo(verdict), race, work, racedElements, test, flow)) ||
               AnyLaterConditionFails(flow.ReferencesTo(work), race, work, racedElements, test, flow);
    }

    /// <summary>The <c>bool</c> local declared with the race in its initializer: <c>var timedOut = await Task.WhenAny(…) == delay</c>.</summary>
    private static ILocalSymbol? VerdictLocalOf(IOperation race)
    {
        for (var current = race; current.Parent is { } parent; current = parent)
        {
            switch (parent)
            {
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
                    when declarator.Symbol.Type.SpecialType == SpecialType.System_Boolean:
                    return declarator.Symbol;
                case IAwaitOperation or IConversionOperation or IParenthesizedOperation or IBinaryOperation or IInvocationOperation
                    or IArgumentOperation:
                    continue;
                default:
                    return null;
            }
        }

        return null;
    }

    private static bool AnyLaterConditionFails(
        IReadOnlyList<ILocalReferenceOperation> references,
        IInvocationOperation race,
        ILocalSymbol work,
        IReadOnlyList<IOperation> racedElements,
        bool test,
        CancellationFlow flow)
    {
        foreach (var reference in references)
        {
            if (reference.Syntax.SpanStart > race.Syntax.Span.End && ConditionHolding(reference) is { } ifElse &&
                ObservationPaths.RunsOnEveryPathAfter(ifElse, race, flow.CanLeaveCache) &&
                LostBranchFails(ifElse, race, work, racedElements, test, flow))
            {
                return true;
            }
        }

        return false;
    }

    private static bool LostBranchFails(
        IConditionalOperation ifElse,
        IInvocationOperation race,
        ILocalSymbol work,
        IReadOnlyList<IOperation> racedElements,
        bool test,
        CancellationFlow flow)
    {
        // The condition must say which branch the work may have lost in: then that branch, or, for an `if` without `else`
        // whose body is where the work finished, the statements after the `if` must fail the test.
        if (RaceOutcome.FinishedWhenTrue(ifElse, work, race, racedElements, flow) is not { } finishedWhenTrue)
        {
            return false;
        }

        if ((finishedWhenTrue ? ifElse.WhenFalse : ifElse.WhenTrue) is { } lost)
        {
            return EndsByFailing(Statements(lost), 0, test, depth: 0);
        }

        return ifElse.Parent is IBlockOperation enclosing && enclosing.Operations.IndexOf(ifElse) is var index and >= 0 &&
               EndsByFailing(enclosing.Operations, index + 1, test, depth: 0);
    }

    /// <summary>
    /// Every path through <paramref name="statements"/> from <paramref name="start"/> ends in a failing assertion or a throw, and
    /// none leaves otherwise.
    /// </summary>
    private static bool EndsByFailing(ImmutableArray<IOperation> statements, int start, bool test, int depth)
    {
        if (depth > 8 || start >= statements.Length)
        {
            return false;
        }

        for (var i = start; i < statements.Length - 1; i++)
        {
            if (ObservationPaths.CanLeaveOtherThanByThrow(statements[i]))
            {
                return false;
            }
        }

        switch (statements[statements.Length - 1])
        {
            case IThrowOperation:
            case IExpressionStatementOperation { Operation: IThrowOperation }:
                return test;
            case IExpressionStatementOperation { Operation: IInvocationOperation call }:
                return TestFrameworkApis.FailsTheTest(call);
            case IConditionalOperation { WhenFalse: { } whenFalse, IsRef: false } nested:
                return EndsByFailing(Statements(nested.WhenTrue), 0, test, depth + 1) &&
                       EndsByFailing(Statements(whenFalse), 0, test, depth + 1);
            case IBlockOperation nestedBlock:
                return EndsByFailing(nestedBlock.Operations, 0, test, depth + 1);
            default:
                return false;
        }
    }

    private static ImmutableArray<IOperation> Statements(IOperation region) =>
        region is IBlockOperation block ? block.Operations : ImmutableArray.Create(region);

    /// <summary>The <c>if</c> whose condition holds <paramref name="operation"/>, crossing no statement.</summary>
    private static IConditionalOperation? ConditionHolding(IOperation operation)
    {
        for (var current = operation; current.Parent is { } parent; current = parent)
        {
            if (parent is IConditionalOperation { IsRef: false } conditional && conditional.Condition == current &&
                conditional.Parent is IBlockOperation or IConditionalOperation)
            {
                return conditional;
            }

            if (parent is IBlockOperation or IExpressionStatementOperation or IVariableDeclarationGroupOperation or
                IAnonymousFunctionOperation or ILocalFunctionOperation or IConditionalOperation)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// After the race, on every path, a test asserts that the work finished: <c>Assert.True(work.IsCompleted)</c> (xUnit,
    /// NUnit, MSTest, <c>Debug.Assert</c>), for the work local or for every task an inline <c>Task.WhenAll(a, b)</c> gathers
    /// (Coyote's stress tests: <c>await await Task.WhenAny(Task.WhenAll(enqueue, dequeue), Task.Delay(3000));
    /// Assert.True(enqueue.IsCompleted); Assert.True(dequeue.IsCompleted);</c>), or that the winner is the work
    /// (<c>Assert.True(completed == all)</c>, <c>Assert.Same(all, completed)</c>). When the timer wins, the test fails there.
    /// </summary>
    public static bool AssertsTheWorkFinished(IInvocationOperation race, IOperation work, CancellationFlow flow)
    {
        var locals = new List<ILocalSymbol>(2);
        if (CancellationFlow.Unwrap(work) is ILocalReferenceOperation single)
        {
            locals.Add(single.Local);
        }
        else if (CancellationFlow.Unwrap(work) is IInvocationOperation gathered && TaskObservation.IsWhenAll(gathered.TargetMethod, flow.Types))
        {
            var elements = new List<IOperation>(2);
            if (!RacedTasks.TryGetElements(gathered, flow.Types, elements, out var collection))
            {
                return false;
            }

            // `Task.WhenAll(new List<Task> { t1, t2 })` (NetMQ's poller tests): the tasks its initializer adds.
            if (collection is not null)
            {
                if (!TaskObservation.TryGetInitializedElements(collection, out var initialized))
                {
                    return false;
                }

                foreach (var element in initialized)
                {
                    elements.Add(CancellationFlow.Unwrap(element));
                }
            }

            foreach (var element in elements)
            {
                if (element is not ILocalReferenceOperation gatheredLocal)
                {
                    return false;
                }

                locals.Add(gatheredLocal.Local);
            }
        }

        if (locals.Count == 0)
        {
            return false;
        }

        // `Assert.True(completed == all)`, `Assert.Same(all, completed)`: the winner asserted to be the work.
        if (CancellationFlow.Unwrap(work) is ILocalReferenceOperation workLocal && RaceOutcome.WinnerLocalOf(race) is { } winner &&
            IsWinnerAssertedToBe(winner, workLocal.Local, race, flow))
        {
            return true;
        }

        foreach (var local in locals)
        {
            if (!IsAssertedFinishedAfter(local, race, flow) && !IsEffectAssertedAfter(local, race, flow))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The task local was started here on a lambda (<c>Task.Run</c>, <c>Task.Factory.StartNew</c>) that writes a local of the test
    /// (<c>count1++</c>), and a test framework's assertion reads that local after the race on every path
    /// (<c>Assert.Equal(100, count1)</c>, NetMQ's poller tests): when the timer wins, the work has not finished its writes and
    /// the test fails there.
    /// </summary>
    private static bool IsEffectAssertedAfter(ILocalSymbol task, IInvocationOperation race, CancellationFlow flow)
    {
        if (flow.InitializerOf(task) is not { } initializer ||
            CancellationFlow.Unwrap(initializer) is not IInvocationOperation start ||
            TaskObservation.RunLambdaOf(start, flow.Types) is not { } lambda)
        {
            return false;
        }

        var span = lambda.Syntax.Span;
        foreach (var operation in lambda.Body.Descendants())
        {
            var target = operation switch
            {
                IIncrementOrDecrementOperation step => step.Target,
                ICompoundAssignmentOperation compound => compound.Target,
                ISimpleAssignmentOperation assignment => assignment.Target,
                _ => null,
            };
            if (target is ILocalReferenceOperation { Local: var written } &&
                written.DeclaringSyntaxReferences is { Length: 1 } declared && !span.Contains(declared[0].Span) &&
                IsReadByAnAssertionAfter(written, race, flow))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsReadByAnAssertionAfter(ILocalSymbol written, IInvocationOperation race, CancellationFlow flow)
    {
        foreach (var reference in flow.ReferencesTo(written))
        {
            if (reference.Syntax.SpanStart <= race.Syntax.Span.End)
            {
                continue;
            }

            IOperation value = reference;
            while (value.Parent is IConversionOperation or IParenthesizedOperation or IBinaryOperation)
            {
                value = value.Parent;
            }

            if (value.Parent is IArgumentOperation { Parent: IInvocationOperation assertion } &&
                TestFrameworkApis.IsAssertion(assertion.TargetMethod) &&
                ObservationPaths.RunsOnEveryPathAfter(assertion, race, flow.CanLeaveCache))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsWinnerAssertedToBe(ILocalSymbol winner, ILocalSymbol work, IInvocationOperation race, CancellationFlow flow)
    {
        foreach (var reference in flow.ReferencesTo(winner))
        {
            if (reference.Syntax.SpanStart <= race.Syntax.Span.End)
            {
                continue;
            }

            IOperation value = reference;
            while (value.Parent is IConversionOperation or IParenthesizedOperation)
            {
                value = value.Parent;
            }

            // Assert.True(winner == work)
            if (value.Parent is IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } comparison &&
                RaceOutcome.IsLocal(comparison.LeftOperand == value ? comparison.RightOperand : comparison.LeftOperand, work) &&
                TestFrameworkApis.IsAssertedTrue(comparison) &&
                ObservationPaths.RunsOnEveryPathAfter(comparison, race, flow.CanLeaveCache))
            {
                return true;
            }

            // Assert.Same(work, winner) / Assert.Equal(work, winner) / AreSame / AreEqual
            if (value.Parent is IArgumentOperation { Parent: IInvocationOperation assertion } &&
                (TestFrameworkApis.IsFrameworkAssertion(assertion, "Same", "AreSame") ||
                 TestFrameworkApis.IsFrameworkAssertion(assertion, "Equal", "AreEqual")) &&
                AnyArgumentIs(assertion, work) &&
                ObservationPaths.RunsOnEveryPathAfter(assertion, race, flow.CanLeaveCache))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AnyArgumentIs(IInvocationOperation call, ILocalSymbol local)
    {
        foreach (var argument in call.Arguments)
        {
            if (RaceOutcome.IsLocal(argument.Value, local))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// After the race, on every path, the test asserts the work is done: <c>Assert.True(work.IsCompleted)</c> (or
    /// <c>IsCompletedSuccessfully</c>, <c>IsFaulted</c>, <c>IsCanceled</c>), <c>Assert.Equal(TaskStatus.Faulted, work.Status)</c>
    /// with a final status, or the FluentAssertions (AwesomeAssertions) forms <c>work.IsFaulted.Should().BeTrue()</c> and
    /// <c>work.Status.Should().Be(TaskStatus.Faulted)</c> (Sentry's garbage-collection monitor test).
    /// </summary>
    private static bool IsAssertedFinishedAfter(ILocalSymbol local, IInvocationOperation race, CancellationFlow flow)
    {
        foreach (var reference in flow.ReferencesTo(local))
        {
            if (reference.Syntax.SpanStart <= race.Syntax.Span.End || reference.Parent is not IPropertyReferenceOperation state)
            {
                continue;
            }

            IOperation? assertion = state.Property.Name switch
            {
                "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled" =>
                    TestFrameworkApis.IsAssertedTrue(state) ? state : TestFrameworkApis.FluentAssertionOn(state, "BeTrue"),
                "Status" => FinalStatusAssertion(state),
                _ => null,
            };
            if (assertion is not null && ObservationPaths.RunsOnEveryPathAfter(assertion, race, flow.CanLeaveCache))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>Assert.Equal(TaskStatus.RanToCompletion, work.Status)</c> (xUnit <c>Equal</c>, NUnit and MSTest <c>AreEqual</c>) or
    /// <c>work.Status.Should().Be(TaskStatus.Faulted)</c>, with a final status: the call that asserts it.
    /// </summary>
    private static IInvocationOperation? FinalStatusAssertion(IPropertyReferenceOperation status)
    {
        IOperation value = status;
        while (value.Parent is IConversionOperation or IParenthesizedOperation)
        {
            value = value.Parent;
        }

        var assertion = value.Parent is IArgumentOperation { Parent: IInvocationOperation equal } &&
                        TestFrameworkApis.IsFrameworkAssertion(equal, "Equal", "AreEqual")
            ? equal
            : TestFrameworkApis.FluentAssertionOn(status, "Be");
        if (assertion is null)
        {
            return null;
        }

        foreach (var argument in assertion.Arguments)
        {
            if (CancellationFlow.Unwrap(argument.Value) is IFieldReferenceOperation
                {
                    Field.Name: "RanToCompletion" or "Faulted" or "Canceled",
                } final &&
                LoserStatusAssertion.IsTaskStatus(final.Field.ContainingType))
            {
                return assertion;
            }
        }

        return null;
    }

    private static bool IsInTestCode(IOperation race)
    {
        if (IsInTestMethod(race))
        {
            return true;
        }

        if (race.SemanticModel?.Compilation is not { } compilation)
        {
            return false;
        }

        var lookup = TypeLookup.For(compilation);
        return lookup.Find("Xunit.Assert") is not null || lookup.Find("NUnit.Framework.Assert") is not null ||
               lookup.Find("Microsoft.VisualStudio.TestTools.UnitTesting.Assert") is not null;
    }

    /// <summary>The race is in a test method's own body (not a lambda or local function in it).</summary>
    private static bool IsInTestMethod(IOperation race)
    {
        for (var current = race.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }

            if (current.Parent is null)
            {
                return current.Syntax.FirstAncestorOrSelf<MethodDeclarationSyntax>() is { } declaration &&
                       race.SemanticModel?.GetDeclaredSymbol(declaration) is IMethodSymbol method &&
                       TestFrameworkApis.IsTestMethod(method);
            }
        }

        return false;
    }
}
