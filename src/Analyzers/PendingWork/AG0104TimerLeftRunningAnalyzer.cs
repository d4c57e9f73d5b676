namespace AsyncGuide.Analyzers;

/// <summary>
/// AG0104: <c>await Task.WhenAny(work, Task.Delay(timeout))</c> where the work is awaited afterwards or is not
/// ours to cancel (a <c>TaskCompletionSource</c> task, a parameter, a field): only the timer is left running,
/// one live timer (and its closure) per race for the whole timeout.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AG0104TimerLeftRunningAnalyzer : PendingWorkAnalyzer
{
    /// <summary>
    /// Where the fix cancels the timer: <see cref="CancelAfterStatement"/> or <see cref="CancelInBranches"/>;
    /// absent when there is no fix.
    /// </summary>
    public const string CancelPlacementKey = "AG0104.CancelPlacement";

    /// <summary><c>timerCts.Cancel();</c> right after the statement holding the race.</summary>
    public const string CancelAfterStatement = "AfterStatement";

    /// <summary>The race is an <c>if</c> condition: first thing in the then-branch, and in the else-branch (or after the <c>if</c>).</summary>
    public const string CancelInBranches = "Branches";

    /// <summary>"true" when the timer is a local: the additional location 1 is its declaration statement, where the token source goes.</summary>
    public const string DelayIsLocalKey = "AG0104.DelayIsLocal";

    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIds.TimerLeftRunning,
        title: "The timer of a Task.Delay race is left running",
        messageFormat: "The Task.Delay raced against '{0}' keeps its timer running until it expires: cancel it when the race ends",
        description: "Task.WhenAny stops waiting, not the tasks it raced. When the other task wins, the Task.Delay keeps a live timer " +
                     "(and its closure) until the timeout expires: one per race, so on a hot path (one race per message, or per " +
                     "iteration of a test's loop) they pile up. " +
                     "Pending tasks must be cancelled: give the delay a token and cancel it after the race, or use WaitAsync / Async.WaitFor.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override bool IsCandidate(IInvocationOperation race, AsyncTypes types) =>
        TaskObservation.IsStaticMethodOf(race.TargetMethod, types.Task, "WhenAny") &&
        (RacedTasks.ContainsTaskCall(race, types, "Delay") || HasLocalArgument(race));

    private protected override void Analyze(OperationAnalysisContext context, IInvocationOperation race, CancellationFlow flow)
    {
        if (TryGetTimerRace(race, flow, out var work, out var delayElement, out var delay) &&
            IsOnlyTheTimerLeft(race, work!, delayElement!, delay!, flow) &&
            !TimerWinAssertion.AssertsTheTimerWon(race, work!, flow) &&
            !IsOneRaceOfATest(race, context.ContainingSymbol, context.Compilation))
        {
            var locations = new List<Location> { delay!.Syntax.GetLocation() };
            var properties = FixPropertiesFor(race, delayElement!, delay!, flow, locations);
            context.ReportDiagnostic(Diagnostic.Create(Rule, race.Syntax.GetLocation(), locations, properties, work!.Syntax.ToString()));
        }
    }

    /// <summary>
    /// A race in test code (a test method or another member of a test class, or a project referencing a test framework: a
    /// helper of the test suite) outside any loop: one timer per test run, gone when it expires (round 10's reviewers
    /// rejected every such report in DotNetty's, SlimMessageBus' and the Service Bus client's tests). A race in a loop of a
    /// test piles timers up as product code does, and is still reported.
    /// </summary>
    private static bool IsOneRaceOfATest(IInvocationOperation race, ISymbol containing, Compilation compilation)
    {
        for (var parent = race.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is ILoopOperation)
            {
                return false;
            }
        }

        return (containing is IMethodSymbol method && TestFrameworkApis.IsInTestClass(method)) ||
               TestFrameworkApis.IsReferencedBy(compilation);
    }

    private static bool HasLocalArgument(IInvocationOperation race)
    {
        foreach (var argument in race.Arguments)
        {
            if (CancellationFlow.Unwrap(argument.Value) is ILocalReferenceOperation)
            {
                return true;
            }
        }

        return race.Arguments.Length == 1;
    }

    /// <summary>Exactly two raced tasks: one finite <c>Task.Delay</c>, the other anything but a timer or a completed task.</summary>
    private static bool TryGetTimerRace(
        IInvocationOperation race,
        CancellationFlow flow,
        out IOperation? work,
        out IOperation? delayElement,
        out IInvocationOperation? delay)
    {
        if (!RacedTasks.TryGetDelayRace(race, flow, out work, out delayElement, out delay))
        {
            return false;
        }

        // A completed task (Task.FromResult, Task.CompletedTask) or a nested WhenAny: not the idiom.
        var origin = RacedTasks.OriginOf(work!, flow);
        if (origin is IPropertyReferenceOperation { Property.IsStatic: true } property &&
            SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, flow.Types.Task))
        {
            return false;
        }

        // A component's completion wait (JasperFx blocks' WaitForCompletionAsync) is not ours to cancel, like block.Completion.
        return origin is not IInvocationOperation || RacedTasks.IsStartedOperation(origin, flow.Types) ||
               CompletionWaits.IsCompletionWait(origin);
    }

    private static bool IsOnlyTheTimerLeft(
        IInvocationOperation race, IOperation work, IOperation delayElement, IInvocationOperation delay, CancellationFlow flow)
    {
        // The timer's own token is cancelled in this method: the author ends it by hand.
        var delayTokens = new List<IOperation>();
        flow.CollectTokens(delay, delayTokens);
        foreach (var token in delayTokens)
        {
            if (flow.IsCancelledHere(token))
            {
                return false;
            }
        }

        // A timer local used for more than the race (awaited as a minimum duration, raced again): the author wants it.
        if (delayElement is ILocalReferenceOperation delayLocal && !IsUsedOnlyInRaces(delayLocal.Local, flow))
        {
            return false;
        }

        // Started work left running is AG0102's report (its message covers the timer too): one report per race. A held signal
        // handed back by a helper (RacedTasks.IsStartedWork) is no work: its timer is reported here.
        return !RacedTasks.IsStartedWork(RacedTasks.OriginOf(work, flow), flow) ||
               !AG0102TimeoutByRacingDelayAnalyzer.IsLeftRunning(race, work, delayElement, delay, flow);
    }

    internal static bool IsUsedOnlyInRaces(ILocalSymbol local, CancellationFlow flow)
    {
        foreach (var reference in flow.ReferencesTo(local))
        {
            var parent = reference.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation or IArrayInitializerOperation or IArrayCreationOperation)
            {
                parent = parent.Parent;
            }

            if (parent is IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } ||
                parent is IArgumentOperation { Parent: IInvocationOperation call }
                    && TaskObservation.IsStaticMethodOf(call.TargetMethod, flow.Types.Task, "WhenAny"))
            {
                continue;
            }

            return false;
        }

        return true;
    }

    /// <summary>
    /// The cancel fix's placement: the race's statement sits directly in a block, is an expression statement, a local
    /// declaration or an <c>if</c> whose condition holds the race, and the timer is inline or a local declared earlier
    /// in the same block. Its token argument, if any, is a value that reads the same earlier (it moves to the source).
    /// AG0102's cancel fix ends the timer too with these properties (<paramref name="locations"/> starts with the delay's).
    /// </summary>
    internal static ImmutableDictionary<string, string?> FixPropertiesFor(
        IInvocationOperation race,
        IOperation delayElement,
        IInvocationOperation delay,
        CancellationFlow flow,
        List<Location> locations)
    {
        var properties = ImmutableDictionary<string, string?>.Empty;
        IOperation statement = race;
        while (statement.Parent is { } parent && parent is not IBlockOperation)
        {
            statement = parent;
        }

        if (statement.Parent is not IBlockOperation block || statement.Syntax.Parent is not BlockSyntax)
        {
            return properties;
        }

        string placement;
        switch (statement)
        {
            case IExpressionStatementOperation:
            case IVariableDeclarationGroupOperation
                when statement.Syntax is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0, AwaitKeyword.RawKind: 0 }:
                placement = CancelAfterStatement;
                break;
            case IConditionalOperation conditional when ObservationPaths.Contains(conditional.Condition, race):
                placement = CancelInBranches;
                break;
            default:
                return properties;
        }

        foreach (var argument in delay.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.Explicit
                && flow.IsToken(argument.Parameter?.Type)
                && !AG0101LosersFixPlan.IsSimple(argument.Value))
            {
                return properties;
            }
        }

        if (delayElement is ILocalReferenceOperation delayLocal)
        {
            // The local is declared by a statement of the same block, before the race, with the delay as its only declarator.
            if (flow.InitializerOf(delayLocal.Local) is not { } initializer ||
                !TryGetDeclarationStatement(initializer, block, out var declaration) ||
                declaration!.Syntax.SpanStart >= statement.Syntax.SpanStart ||
                CancellationFlow.Unwrap(initializer) != delay)
            {
                return properties;
            }

            locations.Add(declaration.Syntax.GetLocation());
            properties = properties.Add(DelayIsLocalKey, "true");
        }
        else if (delayElement != delay)
        {
            return properties;
        }

        return properties.Add(CancelPlacementKey, placement);
    }

    private static bool TryGetDeclarationStatement(IOperation initializer, IBlockOperation block, out IOperation? declaration)
    {
        declaration = null;
        IOperation current = initializer;
        while (current.Parent is { } parent && parent != block)
        {
            current = parent;
        }

        if (current.Parent != block ||
            current is not IVariableDeclarationGroupOperation { Declarations.Length: 1 } group ||
            group.Declarations[0].Declarators.Length != 1 ||
            current.Syntax is not LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0, AwaitKeyword.RawKind: 0 })
        {
            return false;
        }

        declaration = current;
        return true;
    }
}
