using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuide.Analyzers;

/// <summary>
/// AG0004's facts about one operation tree: which locals hold a WhenAll task, and where each local
/// or parameter is last read. Built in one walk when the first awaited WhenAll inside a try is
/// analyzed, so bodies without one pay nothing.
/// </summary>
internal sealed class WhenAllBodyFacts
{
    private WhenAllBodyFacts(Dictionary<ILocalSymbol, IInvocationOperation> whenAllLocals, Dictionary<ISymbol, int> lastReads)
    {
        WhenAllLocals = whenAllLocals;
        LastReads = lastReads;
    }

    public IReadOnlyDictionary<ILocalSymbol, IInvocationOperation> WhenAllLocals { get; }

    public IReadOnlyDictionary<ISymbol, int> LastReads { get; }

    /// <summary>One walk over the tree; for an <see cref="OperationTreeCache{T}"/>.</summary>
    public static WhenAllBodyFacts Build(IOperation root, AsyncTypes types)
    {
        var whenAllLocals = new Dictionary<ILocalSymbol, IInvocationOperation>(SymbolEqualityComparer.Default);
        var reads = new List<IOperation>();
        foreach (var operation in root.DescendantsAndSelf())
        {
            switch (operation.Kind)
            {
                case OperationKind.VariableDeclarator when operation is IVariableDeclaratorOperation declarator:
                    if (TaskObservation.SkipImplicitConversions(declarator.Initializer?.Value) is IInvocationOperation call &&
                        TaskObservation.IsWhenAll(call.TargetMethod, types))
                    {
                        whenAllLocals[declarator.Symbol] = call;
                    }

                    break;
                case OperationKind.LocalReference:
                case OperationKind.ParameterReference:
                    reads.Add(operation);
                    break;
            }
        }

        return new WhenAllBodyFacts(whenAllLocals, WhenAllCatchInspection.LastReads(reads));
    }
}
