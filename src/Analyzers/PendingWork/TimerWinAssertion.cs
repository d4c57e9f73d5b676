namespace AsyncGuide.Analyzers;

/// <summary>
/// A test that asserts the timer won the race: <c>Assert.NotSame(work, await Task.WhenAny(work, Task.Delay(t)))</c>, or the
/// winner local handed to <c>Assert.NotSame(work, winner)</c> in a statement of the race's block (xUnit <c>NotSame</c>, NUnit
/// and MSTest <c>AreNotSame</c>, by the declaring type's full name). When the test passes the delay has completed, so no
/// timer is left running; the race checks that the work does not finish early (seen in vs-threading's tests).
/// </summary>
internal static class TimerWinAssertion
{
    public static bool AssertsTheTimerWon(IInvocationOperation race, IOperation work, CancellationFlow flow)
    {
        var workSymbol = SymbolOf(work);
        if (workSymbol is null)
        {
            return false;
        }

        // The awaited race itself is an argument of the assertion.
        IOperation current = race;
        while (current.Parent is IConversionOperation or IParenthesizedOperation or IAwaitOperation ||
               (current.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance == current))
        {
            current = current.Parent;
        }

        if (current is IAwaitOperation or IConversionOperation &&
            current.Parent is IArgumentOperation { Parent: IInvocationOperation direct } &&
            IsNotSameAssertion(direct, workSymbol, current.Parent))
        {
            return true;
        }

        if (RaceOutcome.WinnerLocalOf(race) is not { } winner || StatementInBlock(race) is not { } raceStatement)
        {
            return false;
        }

        foreach (var reference in flow.ReferencesTo(winner))
        {
            IOperation value = reference;
            while (value.Parent is IConversionOperation or IParenthesizedOperation)
            {
                value = value.Parent;
            }

            if (value.Parent is IArgumentOperation { Parent: IInvocationOperation assertion } argument &&
                assertion.Parent is IExpressionStatementOperation { Parent: IBlockOperation block } &&
                block == raceStatement.Parent &&
                assertion.Syntax.SpanStart > raceStatement.Syntax.SpanStart &&
                IsNotSameAssertion(assertion, workSymbol, argument))
            {
                return true;
            }
        }

        return false;
    }

    private static IOperation? StatementInBlock(IOperation operation)
    {
        var statement = operation;
        while (statement.Parent is { } parent && parent is not IBlockOperation)
        {
            statement = parent;
        }

        return statement.Parent is IBlockOperation ? statement : null;
    }

    /// <summary>
    /// <c>NotSame(work, x)</c>/<c>AreNotSame(work, x)</c> where x is <paramref name="raceArgument"/>, on a test framework's Assert.
    /// </summary>
    private static bool IsNotSameAssertion(IInvocationOperation call, ISymbol work, IOperation raceArgument)
    {
        if (call.Arguments.Length < 2 || !TestFrameworkApis.IsFrameworkAssertion(call, "NotSame", "AreNotSame"))
        {
            return false;
        }

        IArgumentOperation? other = null;
        var sawRace = false;
        foreach (var argument in call.Arguments)
        {
            if (argument == raceArgument)
            {
                sawRace = true;
            }
            else if (argument.Parameter?.Ordinal is 0 or 1)
            {
                other = argument;
            }
        }

        return sawRace && raceArgument is IArgumentOperation { Parameter.Ordinal: 0 or 1 } &&
               other is not null && SymbolEqualityComparer.Default.Equals(SymbolOf(other.Value), work);
    }

    private static ISymbol? SymbolOf(IOperation operation) => CancellationFlow.Unwrap(operation) switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        _ => null,
    };
}
