namespace AsyncGuide.Analyzers;

/// <summary>
/// AG0004's facts about one operation tree: which locals hold a WhenAll task, and where each local
/// or parameter is last read. Built in one walk when the first awaited WhenAll inside a try is
/// analyzed, so bodies without one pay nothing.
/// </summary>
internal sealed class WhenAllBodyFacts
{
    private WhenAllBodyFacts(
        Dictionary<ILocalSymbol, IInvocationOperation> whenAllLocals,
        Dictionary<ILocalSymbol, IInvocationOperation> startedBy,
        Dictionary<ISymbol, int> lastReads,
        Dictionary<ISymbol, int> lastInspections)
    {
        WhenAllLocals = whenAllLocals;
        StartedBy = startedBy;
        LastReads = lastReads;
        LastInspections = lastInspections;
    }

    public IReadOnlyDictionary<ILocalSymbol, IInvocationOperation> WhenAllLocals { get; }

    /// <summary>The call that initialises each task local: what the task can throw.</summary>
    public IReadOnlyDictionary<ILocalSymbol, IInvocationOperation> StartedBy { get; }

    public IReadOnlyDictionary<ISymbol, int> LastReads { get; }

    /// <summary>
    /// Like <see cref="LastReads"/>, without the reads that only take a result (<c>t.Result</c>,
    /// <c>await t</c>): on the success path after a catch that returns, they look at no failure.
    /// </summary>
    public IReadOnlyDictionary<ISymbol, int> LastInspections { get; }

    /// <summary>One walk over the tree; for an <see cref="OperationTreeCache{T}"/>.</summary>
    public static WhenAllBodyFacts Build(IOperation root, AsyncTypes types)
    {
        var whenAllLocals = new Dictionary<ILocalSymbol, IInvocationOperation>(SymbolEqualityComparer.Default);
        var startedBy = new Dictionary<ILocalSymbol, IInvocationOperation>(SymbolEqualityComparer.Default);
        var reads = new List<IOperation>();
        var inspections = new List<IOperation>();
        foreach (var operation in root.DescendantsAndSelf())
        {
            switch (operation.Kind)
            {
                case OperationKind.VariableDeclarator when operation is IVariableDeclaratorOperation declarator:
                    if (TaskObservation.SkipImplicitConversions(declarator.Initializer?.Value) is IInvocationOperation call)
                    {
                        if (TaskObservation.IsWhenAll(call.TargetMethod, types))
                        {
                            whenAllLocals[declarator.Symbol] = call;
                        }
                        else if (types.IsTask(declarator.Symbol.Type))
                        {
                            startedBy[declarator.Symbol] = call;
                        }
                    }

                    break;
                case OperationKind.LocalReference:
                case OperationKind.ParameterReference:
                    reads.Add(operation);
                    if (!TakesOnlyTheResult(operation, types))
                    {
                        inspections.Add(operation);
                    }

                    break;
            }
        }

        return new WhenAllBodyFacts(whenAllLocals, startedBy, WhenAllCatchInspection.LastReads(reads), WhenAllCatchInspection.LastReads(inspections));
    }

    private static bool TakesOnlyTheResult(IOperation read, AsyncTypes types) =>
        types.IsTask(read.Type) &&
        (read.Parent is IPropertyReferenceOperation { Property.Name: "Result" } ||
         (read.Parent is IAwaitOperation) ||
         (read.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Parent is IAwaitOperation));
}
