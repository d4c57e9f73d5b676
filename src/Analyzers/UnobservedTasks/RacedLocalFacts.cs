namespace AsyncGuide.Analyzers;

/// <summary>
/// AG0003's facts about one operation tree: the locals that hold work this method started, and the
/// locals that are observed somewhere. Built in one walk when the first awaited WhenAny of the
/// tree is analyzed, so bodies without one pay nothing.
/// </summary>
internal sealed class RacedLocalFacts
{
    private RacedLocalFacts(
        HashSet<ILocalSymbol> startedLocals,
        HashSet<ILocalSymbol> observedLocals,
        Dictionary<ILocalSymbol, IInvocationOperation> gatheringLocals,
        Dictionary<ILocalSymbol, List<IOperation>> addedTo)
    {
        StartedLocals = startedLocals;
        ObservedLocals = observedLocals;
        GatheringLocals = gatheringLocals;
        AddedTo = addedTo;
    }

    /// <summary>Raced locals count only when they hold work this method started (not a delay, parameter or field).</summary>
    public HashSet<ILocalSymbol> StartedLocals { get; }

    public HashSet<ILocalSymbol> ObservedLocals { get; }

    /// <summary>Locals declared with <c>Task.WhenAll(tasks)</c> over a collection local, with that call.</summary>
    public Dictionary<ILocalSymbol, IInvocationOperation> GatheringLocals { get; }

    /// <summary>
    /// Collection locals made empty (<c>new List&lt;Task&gt;()</c>) and filled only by <c>Add(task)</c>, with what was added.
    /// </summary>
    public Dictionary<ILocalSymbol, List<IOperation>> AddedTo { get; }

    /// <summary>The local declared with the <c>Task.WhenAll(…)</c> that <paramref name="reference"/> is an argument of, if any.</summary>
    private static ILocalSymbol? GatheringLocalOf(ILocalReferenceOperation reference, AsyncTypes types)
    {
        var current = (IOperation)reference;
        while (current.Parent is IConversionOperation or IArrayInitializerOperation or IArrayCreationOperation ||
               (current.Parent is not null && TaskObservation.IsCollectionExpression(current.Parent)))
        {
            current = current.Parent;
        }

        if (current.Parent is not IArgumentOperation { Parent: IInvocationOperation whenAll } ||
            !TaskObservation.IsWhenAll(whenAll.TargetMethod, types))
        {
            return null;
        }

        var value = (IOperation)whenAll;
        while (value.Parent is IConversionOperation)
        {
            value = value.Parent;
        }

        return value.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } ? declarator.Symbol : null;
    }

    /// <summary>One walk over the tree; for an <see cref="OperationTreeCache{T}"/>.</summary>
    public static RacedLocalFacts Build(
        IOperation root, AsyncTypes types, ExistingTaskCallees? callees = null, PlaceholderTasks? placeholders = null)
    {
        var started = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        var observed = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        var gathering = new Dictionary<ILocalSymbol, IInvocationOperation>(SymbolEqualityComparer.Default);
        List<(ILocalSymbol Task, ILocalSymbol Gatherer)>? gatheredInto = null;
        var addedTo = new Dictionary<ILocalSymbol, List<IOperation>>(SymbolEqualityComparer.Default);
        var madeEmpty = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        foreach (var operation in root.DescendantsAndSelf())
        {
            switch (operation.Kind)
            {
                case OperationKind.VariableDeclarator when operation is IVariableDeclaratorOperation declarator:
                    var initial = TaskObservation.SkipImplicitConversions(declarator.Initializer?.Value);
                    if (AG0003WhenAnyWinnerNotObservedAnalyzer.StartsFaultableWork(initial, types, callees, placeholders))
                    {
                        started.Add(declarator.Symbol);
                    }

                    // Only over a collection local (`Task.WhenAll(tasks)`): a collection handed on is read element by element,
                    // while a task local passed to some call (`Assert.Same(a, b)`) need not be observed there.
                    if (initial is IInvocationOperation whenAll && TaskObservation.IsWhenAll(whenAll.TargetMethod, types) &&
                        whenAll.Arguments.Length == 1 &&
                        TaskObservation.SkipImplicitConversions(whenAll.Arguments[0].Value) is ILocalReferenceOperation
                        {
                            Local.Type: not INamedTypeSymbol { Name: "Task" },
                        })
                    {
                        gathering[declarator.Symbol] = whenAll;
                    }

                    // `new List<Task>()` or `[]`.
                    if (initial is IObjectCreationOperation { Initializer: null } ||
                        (TaskObservation.IsCollectionExpression(initial) && TaskObservation.TryGetPackedElements(initial, out var packed) &&
                         packed.IsEmpty))
                    {
                        madeEmpty.Add(declarator.Symbol);
                    }

                    break;
                case OperationKind.LocalReference when operation is ILocalReferenceOperation reference:
                    if (reference.Parent is IInvocationOperation { TargetMethod.Name: "Add", Arguments.Length: 1 } add && add.Instance == reference)
                    {
                        if (!addedTo.TryGetValue(reference.Local, out var added))
                        {
                            addedTo[reference.Local] = added = new List<IOperation>();
                        }

                        added.Add(TaskObservation.SkipImplicitConversions(add.Arguments[0].Value) ?? add.Arguments[0].Value);
                    }

                    if (AG0003WhenAnyWinnerNotObservedAnalyzer.ObservesTask(reference, types))
                    {
                        // Handed to `var all = Task.WhenAll(a, b)`: observed only if `all` is.
                        if (GatheringLocalOf(reference, types) is { } gatherer)
                        {
                            (gatheredInto ??= new List<(ILocalSymbol, ILocalSymbol)>()).Add((reference.Local, gatherer));
                        }
                        else
                        {
                            observed.Add(reference.Local);
                        }
                    }

                    break;
            }
        }

        if (gatheredInto is not null)
        {
            foreach (var (task, gatherer) in gatheredInto)
            {
                if (observed.Contains(gatherer))
                {
                    observed.Add(task);
                }
            }
        }

        foreach (var local in new List<ILocalSymbol>(addedTo.Keys))
        {
            if (!madeEmpty.Contains(local))
            {
                addedTo.Remove(local);
            }
        }

        return new RacedLocalFacts(started, observed, gathering, addedTo);
    }
}
