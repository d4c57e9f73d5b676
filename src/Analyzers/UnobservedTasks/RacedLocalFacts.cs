namespace AsyncGuide.Analyzers;

/// <summary>
/// AG0003's facts about one operation tree: the locals that hold work this method started, and the
/// locals that are observed somewhere. Built in one walk when the first awaited WhenAny of the
/// tree is analyzed, so bodies without one pay nothing.
/// </summary>
internal sealed class RacedLocalFacts
{
    private RacedLocalFacts(HashSet<ILocalSymbol> startedLocals, HashSet<ILocalSymbol> observedLocals)
    {
        StartedLocals = startedLocals;
        ObservedLocals = observedLocals;
    }

    /// <summary>Raced locals count only when they hold work this method started (not a delay, parameter or field).</summary>
    public HashSet<ILocalSymbol> StartedLocals { get; }

    public HashSet<ILocalSymbol> ObservedLocals { get; }

    /// <summary>One walk over the tree; for an <see cref="OperationTreeCache{T}"/>.</summary>
    public static RacedLocalFacts Build(
        IOperation root, AsyncTypes types, ExistingTaskCallees? callees = null, PlaceholderTasks? placeholders = null)
    {
        var started = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        var observed = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        foreach (var operation in root.DescendantsAndSelf())
        {
            switch (operation.Kind)
            {
                case OperationKind.VariableDeclarator when operation is IVariableDeclaratorOperation declarator:
                    if (AG0003WhenAnyWinnerNotObservedAnalyzer.StartsFaultableWork(
                        TaskObservation.SkipImplicitConversions(declarator.Initializer?.Value), types, callees, placeholders))
                    {
                        started.Add(declarator.Symbol);
                    }

                    break;
                case OperationKind.LocalReference when operation is ILocalReferenceOperation reference:
                    if (AG0003WhenAnyWinnerNotObservedAnalyzer.ObservesTask(reference, types))
                    {
                        observed.Add(reference.Local);
                    }

                    break;
            }
        }

        return new RacedLocalFacts(started, observed);
    }
}
