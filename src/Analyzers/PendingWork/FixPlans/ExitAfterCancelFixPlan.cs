namespace AsyncGuide.Analyzers;

/// <summary>
/// Whether the "cancel the existing token source" fix may also wait for the cancelled tasks to exit and
/// observe their exceptions, as <c>Async.Wait</c>'s factory form and asyncio's <c>wait_for</c> do, and
/// which tasks: passed on the diagnostic as <see cref="TasksKey"/> (comma-separated task or collection
/// locals, empty when only hoisted calls are awaited), <see cref="RacedCallHoistingFixPlan.ElementsKey"/> (raced
/// calls written inline that the fix first declares as locals) and <see cref="OnCapturedContextKey"/>
/// (whether the wait's own await resumes on the context).
/// Only where the added <c>await</c> means what the wait's own did: the wait is awaited (with no or a
/// constant ConfigureAwait) where <c>await</c> is legal. Only tasks whose exit the cancel brings about:
/// work started here with the cancelled source's token, never a timer the cancel does not stop or a
/// signal (awaiting those could wait out the timeout, or forever).
/// </summary>
internal static class ExitAfterCancelFixPlan
{
    public const string TasksKey = "AG01.ObserveTasks";
    public const string OnCapturedContextKey = "AG01.ObserveOnCapturedContext";

    // How deep task locals are followed (new[] { a, b } with a = F(b), …): the shapes worth fixing are shallow.
    private const int MaxLocalDepth = 4;

    /// <summary>
    /// <paramref name="cancel"/> plus the observe keys when some of <paramref name="candidates"/> or of the inline raced
    /// calls qualify.
    /// </summary>
    public static ImmutableDictionary<string, string?> AddTo(
        ImmutableDictionary<string, string?> cancel,
        IInvocationOperation wait,
        CancelledTokens source,
        IEnumerable<ILocalSymbol> candidates,
        CancellationFlow flow)
    {
        if (ResumesOnCapturedContext(wait) is not { } onCapturedContext || !AwaitLegality.IsAllowedAt(wait.Syntax))
        {
            return cancel;
        }

        var names = new List<string>();
        foreach (var task in candidates)
        {
            var exitFollowsCancel = IsTaskCollection(task, flow)
                ? CollectionExitFollowsCancel(task, wait, source, flow)
                : TaskExitFollowsCancel(task, source, flow);
            if (exitFollowsCancel && !names.Contains(task.Name))
            {
                names.Add(task.Name);
            }
        }

        // Raced calls written inline qualify by the same rule as a task local's initializer, once the fix names them.
        var hoisted = RacedCallHoistingFixPlan.Elements(wait, flow, call => WorkExitFollowsCancel(call, source, flow));
        if (names.Count == 0 && hoisted is null)
        {
            return cancel;
        }

        var properties = cancel.Add(TasksKey, string.Join(",", names)).Add(OnCapturedContextKey, onCapturedContext ? "true" : "false");
        return hoisted is null ? properties : properties.Add(RacedCallHoistingFixPlan.ElementsKey, hoisted);
    }

    /// <summary>
    /// The raced task locals (or the raced collection local) of a race; inline calls get a name through
    /// <see cref="RacedCallHoistingFixPlan"/>.
    /// </summary>
    public static IEnumerable<ILocalSymbol> NamedTasksOf(RaceFacts race)
    {
        if (race.CollectionLocal is not null)
        {
            yield return race.CollectionLocal;
            yield break;
        }

        foreach (var element in race.Elements)
        {
            if (element is ILocalReferenceOperation { Local: var task })
            {
                yield return task;
            }
        }
    }

    /// <summary>
    /// True / false for <c>await wait</c> / <c>await wait.ConfigureAwait(constant)</c>; null when the wait is not
    /// awaited where it stands (<c>Task.WaitAny</c>, <c>.Result</c>) or its ConfigureAwait is not a constant.
    /// </summary>
    private static bool? ResumesOnCapturedContext(IInvocationOperation wait)
    {
        IOperation current = wait;
        var onCapturedContext = true;
        while (current.Parent is { } parent)
        {
            switch (parent)
            {
                case IConversionOperation or IParenthesizedOperation:
                    current = parent;
                    continue;
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Arguments.Length: 1 } configure when configure.Instance == current:
                    // ConfigureAwait(bool), or ConfigureAwait(ConfigureAwaitOptions) whose ContinueOnCapturedContext flag is 1.
                    switch (configure.Arguments[0].Value.ConstantValue)
                    {
                        case { HasValue: true, Value: bool continueOnCapturedContext }:
                            onCapturedContext = continueOnCapturedContext;
                            break;
                        case { HasValue: true, Value: int options }:
                            onCapturedContext = (options & 1) != 0;
                            break;
                        default:
                            return null;
                    }

                    current = parent;
                    continue;
                case IAwaitOperation:
                    return onCapturedContext;
                default:
                    return null;
            }
        }

        return null;
    }

    private static bool IsTaskCollection(ILocalSymbol local, CancellationFlow flow) => !flow.Types.IsTask(local.Type);

    /// <summary>Assigned once, from work started with the source's token.</summary>
    private static bool TaskExitFollowsCancel(ILocalSymbol task, CancelledTokens source, CancellationFlow flow, int depth = 0) =>
        depth <= MaxLocalDepth && flow.InitializerOf(task) is { } initializer && !IsWrittenAgain(task, flow) &&
        WorkExitFollowsCancel(initializer, source, flow, depth);

    /// <summary>
    /// Work started by <paramref name="work"/> (a task local's initializer or a raced call) with the source's token,
    /// and nothing else.
    /// </summary>
    private static bool WorkExitFollowsCancel(IOperation work, CancelledTokens source, CancellationFlow flow, int depth = 0) =>
        RacedTasks.IsStartedOperation(CancellationFlow.Unwrap(work), flow.Types) && StartsOnlyCancellableWork(work, source, flow, depth);

    /// <summary>
    /// An array or list (a lazy sequence would start its tasks again), filled only by its initializer and
    /// Add/AddRange/Insert calls, each starting only work fed by the source, and not touched otherwise.
    /// </summary>
    private static bool CollectionExitFollowsCancel(ILocalSymbol collection, IInvocationOperation wait, CancelledTokens source, CancellationFlow flow)
    {
        if ((collection.Type is not IArrayTypeSymbol && !flow.Types.IsListOfT(collection.Type)) ||
            flow.InitializerOf(collection) is not { } initializer || !StartsOnlyCancellableWork(initializer, source, flow))
        {
            return false;
        }

        foreach (var reference in flow.ReferencesTo(collection))
        {
            if (ObservationPaths.Contains(wait, reference) || CancelAfterWaitFixPlan.IsComparisonOnly(reference) || AddsNoTask(reference))
            {
                continue;
            }

            if (reference.Parent is not IInvocationOperation { TargetMethod.Name: "Add" or "AddRange" or "Insert" } fill ||
                fill.Instance != reference)
            {
                return false;
            }

            foreach (var argument in fill.Arguments)
            {
                if (!StartsOnlyCancellableWork(argument.Value, source, flow))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Reads the collection or takes a task out of it (<c>pending.Count</c>, <c>pending.Remove(done)</c> in a WhenAny
    /// loop): no task it holds comes from elsewhere.
    /// </summary>
    private static bool AddsNoTask(ILocalReferenceOperation reference) => reference.Parent switch
    {
        IPropertyReferenceOperation { Property.Name: "Count" or "Length" } property => property.Instance == reference,
        IInvocationOperation { TargetMethod.Name: "Remove" or "RemoveAt" or "Contains" or "IndexOf" } call => call.Instance == reference,
        _ => false,
    };

    /// <summary>Written after its declaration, or passed by reference.</summary>
    public static bool IsWrittenAgain(ILocalSymbol local, CancellationFlow flow)
    {
        foreach (var reference in flow.ReferencesTo(local))
        {
            if (ObservationPaths.IsWrite(reference) || reference.Parent is IArgumentOperation { Parameter.RefKind: not RefKind.None })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Every task under <paramref name="root"/> is started there (work or a Task.Delay) with a token from
    /// <paramref name="source"/>, already complete (Task.FromResult), or a task local that qualifies on its own;
    /// sequences of tasks are arrays, lists and LINQ over those tasks. No timer the cancel does not stop, and
    /// no task or sequence read from a field, parameter, property or other local, nor made by a call from
    /// nothing we can see (a method returning tasks): the cancel does not bring their exit about.
    /// </summary>
    private static bool StartsOnlyCancellableWork(IOperation root, CancelledTokens source, CancellationFlow flow, int depth = 0)
    {
        var tokens = new List<IOperation>();
        foreach (var operation in root.DescendantsAndSelf())
        {
            if (!CarriesTasks(operation.Type, flow.Types))
            {
                continue;
            }

            switch (operation)
            {
                case IConversionOperation or IParenthesizedOperation or IConditionalOperation or IArrayCreationOperation:
                case IObjectCreationOperation creation when flow.Types.IsListOfT(creation.Type):
                case IObjectOrCollectionInitializerOperation or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }:
                case var _ when TaskObservation.IsCollectionExpression(operation):
                    // Their tasks are descendants, checked in turn.
                    break;
                case IInvocationOperation call when flow.Types.IsTask(call.Type):
                    // Work and timers must take the source's token; Task.FromResult & co. are complete.
                    if (RacedTasks.IsStartedOperation(call, flow.Types) ||
                        TaskObservation.IsStaticMethodOf(call.TargetMethod, flow.Types.Task, "Delay"))
                    {
                        tokens.Clear();
                        flow.CollectTokens(call, tokens);
                        if (!IsFedBy(tokens, source, flow))
                        {
                            return false;
                        }
                    }

                    break;
                case IInvocationOperation sequence when HasTaskInput(sequence, flow.Types):
                    // Select, ToList, Append…: they pass on tasks that are descendants, checked in turn.
                    break;
                case ILocalReferenceOperation { Local: var local }
                    when flow.Types.IsTask(local.Type) && TaskExitFollowsCancel(local, source, flow, depth + 1):
                    // new[] { a, b } of task locals that qualify on their own.
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    /// <summary>A task, or an array or <c>IEnumerable&lt;T&gt;</c> of tasks.</summary>
    private static bool CarriesTasks(ITypeSymbol? type, AsyncTypes types)
    {
        if (type is null || type.SpecialType != SpecialType.None)
        {
            return false;
        }

        if (types.IsTask(type))
        {
            return true;
        }

        if (type is IArrayTypeSymbol array)
        {
            return types.IsTask(array.ElementType);
        }

        if (IsSequenceOfTasks(type, types))
        {
            return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (IsSequenceOfTasks(implemented, types))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsSequenceOfTasks(ITypeSymbol type, AsyncTypes types) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Collections_Generic_IEnumerable_T } sequence &&
        types.IsTask(sequence.TypeArguments[0]);

    /// <summary>Some task or sequence of tasks goes into the call (receiver, arguments, lambdas): it does not make tasks of its own.</summary>
    private static bool HasTaskInput(IInvocationOperation call, AsyncTypes types)
    {
        foreach (var descendant in call.Descendants())
        {
            if (CarriesTasks(descendant.Type, types))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsFedBy(List<IOperation> tokens, CancelledTokens source, CancellationFlow flow)
    {
        foreach (var token in tokens)
        {
            if (source.Feeds(token, flow))
            {
                return true;
            }
        }

        return false;
    }
}
