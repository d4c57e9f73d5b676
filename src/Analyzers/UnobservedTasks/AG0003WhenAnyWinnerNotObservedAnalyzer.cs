namespace AsyncGuide.Analyzers;

/// <summary>
/// AG0003: <c>await Task.WhenAny(…)</c> whose winner is dropped or only compared, while the tasks it
/// raced are not observed anywhere else either, so a failed winner's exception is never seen.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AG0003WhenAnyWinnerNotObservedAnalyzer : AsyncGuideAnalyzer
{
    /// <summary>"true" when WhenAny takes one collection of tasks (passed through as is), not tasks written out.</summary>
    public const string TasksAreCollectionKey = "AG0003.TasksAreCollection";

    /// <summary>
    /// Present when the raced tasks are calls written inline that each take the same token ("1,0": the index of the
    /// token argument in each call), so the factory form of <c>Async.Wait</c> can start, cancel and await them.
    /// </summary>
    public const string FactoryTokenArgumentsKey = "AG0003.FactoryTokenArguments";

    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIds.WhenAnyWinnerNotObserved,
        title: "WhenAny winner never observed",
        messageFormat: "The task that wins Task.WhenAny is never awaited or inspected, so its exception is lost",
        description: "Task.WhenAny completes with the first finished task and never throws. " +
            "Unless that task is awaited (or its Result/Exception read), a failure is silently ignored.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types)
    {
        // Triggered by an awaited WhenAny; the body's facts are collected only then, once per body.
        var callees = ExistingTaskCallees.For(start.Compilation);
        var compilation = start.Compilation;

        // Work that handles its own failures (a lambda with a catch-all, an async callee that cannot fault): resolved on
        // the first awaited WhenAny of the compilation, not at its start.
        var placeholders = new System.Lazy<PlaceholderTasks>(() => new PlaceholderTasks(compilation, types));
        var facts = new OperationTreeCache<RacedLocalFacts>(root => RacedLocalFacts.Build(root, types, callees, placeholders.Value));
        start.RegisterOperationAction(
            context =>
            {
                var awaitOperation = (IAwaitOperation)context.Operation;
                if (WhenAnyOf(awaitOperation, types) is not { } whenAny)
                {
                    return;
                }

                var body = facts.For(awaitOperation);
                if (!WinnerIsObserved(awaitOperation, body.ObservedLocals) &&
                    SomeRacedTaskIsUnobserved(whenAny, body, types, callees, placeholders.Value))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rule, whenAny.Syntax.GetLocation(), FixProperties(whenAny, types)));
                }
            },
            OperationKind.Await);
    }

    /// <summary>What the fix needs to know about the race, computed here so the fix never resolves types again.</summary>
    private static ImmutableDictionary<string, string?> FixProperties(IInvocationOperation whenAny, AsyncTypes types)
    {
        var properties = ImmutableDictionary<string, string?>.Empty;
        var elements = new List<IOperation>();
        if (!RacedTasks.TryGetElements(whenAny, types, elements, out var collection))
        {
            return properties;
        }

        if (collection is not null)
        {
            return properties.Add(TasksAreCollectionKey, "true");
        }

        return AG0101LosersFixPlan.FactoryTokenArguments(whenAny, elements, types) is { } indexes
            ? properties.Add(FactoryTokenArgumentsKey, indexes)
            : properties;
    }

    /// <summary>The <c>Task.WhenAny</c> call awaited by <paramref name="awaitOperation"/>, through ConfigureAwait.</summary>
    internal static IInvocationOperation? WhenAnyOf(IAwaitOperation awaitOperation, AsyncTypes types) =>
        TaskObservation.SkipImplicitConversions(awaitOperation.Operation) is { } operand &&
        TaskObservation.UnwrapConfigureAwait(operand, types) is IInvocationOperation invocation &&
        TaskObservation.IsWhenAny(invocation.TargetMethod, types)
            ? invocation
            : null;

    /// <summary>Where the awaited winner goes: dropped, compared, or into a local that is (not) observed.</summary>
    private static bool WinnerIsObserved(IAwaitOperation awaitOperation, HashSet<ILocalSymbol> observedLocals)
    {
        IOperation winner = awaitOperation;
        while (winner.Parent is IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
        {
            winner = winner.Parent;
        }

        switch (winner.Parent)
        {
            case IExpressionStatementOperation:
            case ISimpleAssignmentOperation { Target: IDiscardOperation }:
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals }:
                return false;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: { } local } }:
                return observedLocals.Contains(local);
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == winner:
                return observedLocals.Contains(target.Local);
            default:
                return true;
        }
    }

    /// <summary>
    /// True when at least one raced task can fault and is not observed anywhere else. Tasks we cannot
    /// follow (parameters, fields, properties) are assumed observed; Task.Delay is assumed harmless.
    /// </summary>
    private static bool SomeRacedTaskIsUnobserved(
        IInvocationOperation whenAny, RacedLocalFacts facts, AsyncTypes types, ExistingTaskCallees callees, PlaceholderTasks placeholders,
        int depth = 0)
    {
        foreach (var argument in whenAny.Arguments)
        {
            var value = TaskObservation.SkipImplicitConversions(argument.Value);
            if (TaskObservation.TryGetPackedElements(value, out var elements))
            {
                foreach (var element in elements)
                {
                    if (IsUnobservedTask(TaskObservation.SkipImplicitConversions(element), facts, types, callees, placeholders, depth))
                    {
                        return true;
                    }
                }
            }
            else if (IsUnobservedTask(value, facts, types, callees, placeholders, depth))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Locals count only when they hold work this method started (not a delay, parameter or field) or are task collections.
    /// A <c>Task.WhenAll(…)</c> raced inline is judged by the tasks it gathers: <c>WhenAny(Task.Delay(1000), Task.WhenAll(tasks))</c>
    /// followed by a loop that logs each task's <c>Exception</c> observes them all.
    /// </summary>
    private static bool IsUnobservedTask(
        IOperation? value, RacedLocalFacts facts, AsyncTypes types, ExistingTaskCallees callees, PlaceholderTasks placeholders, int depth) =>
        value switch
    {
        // A local holding `Task.WhenAll(tasks)` that nothing observes is judged by the tasks it gathers, like one raced inline
        // (WalletWasabi's coinjoin test inspects each gathered task's Result and Exception after the race).
        ILocalReferenceOperation local when depth < 2 && !facts.ObservedLocals.Contains(local.Local) &&
                                            facts.GatheringLocals.TryGetValue(local.Local, out var gathering) =>
            SomeRacedTaskIsUnobserved(gathering, facts, types, callees, placeholders, depth + 1),
        // A collection made empty and filled only with work that cannot fail (`tasks.Add(Task.Run(() => Scheduled(id)))` whose
        // local function handles its failures, WalletWasabi's provider) holds nothing to lose.
        ILocalReferenceOperation local when IsTaskCollection(local.Local) && !facts.ObservedLocals.Contains(local.Local) &&
                                            facts.AddedTo.TryGetValue(local.Local, out var added) =>
            AnyFaultable(added, types, callees, placeholders),
        ILocalReferenceOperation local =>
            (facts.StartedLocals.Contains(local.Local) || IsTaskCollection(local.Local)) && !facts.ObservedLocals.Contains(local.Local),
        IInvocationOperation gathered when depth < 2 && TaskObservation.IsWhenAll(gathered.TargetMethod, types) =>
            SomeRacedTaskIsUnobserved(gathered, facts, types, callees, placeholders, depth + 1),
        IInvocationOperation projection when SelectedCall(projection) is { } selected => StartsFaultableWork(selected, types, callees, placeholders),
        _ => StartsFaultableWork(value, types, callees, placeholders),
    };

    private static bool AnyFaultable(List<IOperation> added, AsyncTypes types, ExistingTaskCallees callees, PlaceholderTasks placeholders)
    {
        foreach (var value in added)
        {
            if (StartsFaultableWork(value, types, callees, placeholders) || value is not IInvocationOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>items.Select(e =&gt; e.EnsureResultAsync())</c> (System.Linq's <c>Enumerable.Select</c>) whose lambda only returns a call:
    /// the raced tasks are that call's, judged like one written out (NuGet's package pre-fetcher races results that store their
    /// own failure).
    /// </summary>
    private static IInvocationOperation? SelectedCall(IInvocationOperation projection)
    {
        if (projection.TargetMethod is not { Name: "Select", ContainingType: { Name: "Enumerable" } enumerable } ||
            enumerable.ContainingNamespace?.ToDisplayString() != "System.Linq" || projection.Arguments.Length != 2)
        {
            return null;
        }

        var selector = TaskObservation.SkipImplicitConversions(projection.Arguments[1].Value);
        if (selector is IDelegateCreationOperation creation)
        {
            selector = creation.Target;
        }

        return selector is IAnonymousFunctionOperation { Symbol.IsAsync: false, Body.Operations.Length: 1 } lambda &&
               lambda.Body.Operations[0] is IReturnOperation { ReturnedValue: { } returned } &&
               TaskObservation.SkipImplicitConversions(returned) is IInvocationOperation selected
            ? selected
            : null;
    }

    /// <summary>
    /// A call that starts work which can fail: not Task.Delay or another wait that only ends in cancellation
    /// (<see cref="IsCancellableWait"/>), not an existing or completed task.
    /// </summary>
    internal static bool StartsFaultableWork(
        IOperation? value, AsyncTypes types, ExistingTaskCallees? callees = null, PlaceholderTasks? placeholders = null) =>
        value is IInvocationOperation invocation &&
        !TaskObservation.IsUnbound(invocation) &&
        !TaskObservation.IsStaticMethodOf(invocation.TargetMethod, types.Task, "Delay") &&
        !IsCancellableWait(invocation) &&
        !TaskObservation.ReturnsTaskThatNeedsNoObserver(invocation.TargetMethod, types) &&
        !(callees is not null && callees.StartsNoWork(invocation, types)) &&
        !(placeholders is not null && placeholders.HandlesItsOwnFailure(invocation));

    /// <summary>
    /// A signal wait (<see cref="SignalWaits"/>), a durable orchestration's timer (<see cref="DurableTimers"/>), or
    /// <c>timeProvider.Delay(…)</c>: like Task.Delay, a wait that ends only
    /// in success or cancellation.
    /// </summary>
    private static bool IsCancellableWait(IInvocationOperation invocation) =>
        SignalWaits.IsSignalWait(invocation) || DurableTimers.IsDurableTimer(invocation) ||
        invocation.TargetMethod is
        {
            Name: "Delay",
            ContainingType: { Name: "TimeProviderTaskExtensions", ContainingNamespace: { Name: "Tasks", ContainingNamespace.Name: "Threading" } },
        };

    /// <summary>A local collection raced as a whole (<c>WhenAny(tasks)</c>); its elements are judged by the collection's reads.</summary>
    private static bool IsTaskCollection(ILocalSymbol local) =>
        local.Type is IArrayTypeSymbol || local.Type is INamedTypeSymbol { IsGenericType: true, Name: not "Task" and not "ValueTask" };

    /// <summary>
    /// A read that may observe a task (or a collection of tasks): anything except writes, comparisons,
    /// <c>IsCompleted</c> (unless a test asserts it false)/<c>Id</c>/<c>Count</c>, collection bookkeeping and being raced by another
    /// WhenAny.
    /// </summary>
    internal static bool ObservesTask(ILocalReferenceOperation reference, AsyncTypes types)
    {
        var parent = reference.Parent;
        while (parent is IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        switch (parent)
        {
            // A test asserting the task still pending (`r1Task.IsCompleted.Should().BeFalse()`, `Assert.False(t.IsCompleted)`)
            // fails if it faulted: the assertion observes it (SlimMessageBus' request-cleanup test).
            case IPropertyReferenceOperation { Property.Name: "IsCompleted" } isCompleted when TestFrameworkApis.IsAssertedFalse(isCompleted):
                return true;
            case ISimpleAssignmentOperation assignment when assignment.Target == reference:
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals }:
            case IPropertyReferenceOperation { Property.Name: "IsCompleted" or "Id" or "Count" or "Length" }:
            case IInvocationOperation { TargetMethod.Name: "Add" or "Remove" or "Clear" } bookkeeping when bookkeeping.Instance == reference:
                return false;
            case IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "Remove" } remove }
                when remove.Instance is ILocalReferenceOperation:
                return false;
            case IArgumentOperation { Parent: IInvocationOperation raced } when IsRacedCall(raced, types):
                return false;
            case IArrayInitializerOperation { Parent: IArrayCreationOperation { Parent: { } creation } }:
                var argument = creation is IConversionOperation ? creation.Parent : creation;
                return !(argument is IArgumentOperation { Parent: IInvocationOperation outer } && IsRacedCall(outer, types));
            case { } packed when TaskObservation.IsCollectionExpression(packed):
                var packedArgument = packed.Parent is IConversionOperation ? packed.Parent.Parent : packed.Parent;
                return !(packedArgument is IArgumentOperation { Parent: IInvocationOperation packedOuter } && IsRacedCall(packedOuter, types));
            default:
                return true;
        }
    }

    /// <summary>
    /// A <c>WhenAny</c>, or a <c>WhenAll</c> that is itself raced (<c>WhenAny(Task.WhenAll(a, b), timeout)</c>): handing a task to
    /// either observes nothing by itself.
    /// </summary>
    private static bool IsRacedCall(IInvocationOperation call, AsyncTypes types)
    {
        if (TaskObservation.IsWhenAny(call.TargetMethod, types))
        {
            return true;
        }

        if (!TaskObservation.IsWhenAll(call.TargetMethod, types))
        {
            return false;
        }

        var parent = call.Parent;
        while (parent is IConversionOperation or IArrayInitializerOperation or IArrayCreationOperation ||
               (parent is not null && TaskObservation.IsCollectionExpression(parent)))
        {
            parent = parent.Parent;
        }

        return parent is IArgumentOperation { Parent: IInvocationOperation outer } && TaskObservation.IsWhenAny(outer.TargetMethod, types);
    }
}
