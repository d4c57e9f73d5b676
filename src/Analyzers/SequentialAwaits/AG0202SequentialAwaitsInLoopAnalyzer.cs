using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuide.Analyzers;

/// <summary>
/// AG0202: a loop whose only statement awaits one call per item and stores the result
/// (<c>foreach (var item in items) results.Add(await F(item));</c>,
/// <c>for (var i = 0; i &lt; items.Length; i++) results[i] = await F(items[i]);</c>) runs the
/// calls one at a time although no iteration needs another's result. See docs/rules/AG0202.md.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AG0202SequentialAwaitsInLoopAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIds.SequentialAwaitsInLoop,
        "Independent awaits run one per loop iteration",
        "Each iteration waits for the previous one although none uses another's result; start all calls and await them together",
        description: "The loop only awaits one call per item and stores its result. Started together (Async.Gather or Task.WhenAll over the items) the loop takes as long as the slowest call. Info by default: it also starts every call at once, which an API or a database may not welcome.");

    internal static readonly AnalyzerOption<ImmutableArray<string>> NonConcurrentTypesOption = NonConcurrentTypes.OptionFor(RuleIds.SequentialAwaitsInLoop);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var types = AsyncTypes.For(start.Compilation);
            if (types is null)
            {
                return;
            }

            var nonConcurrent = new NonConcurrentTypes(start.Compilation);
            start.RegisterOperationAction(c => AnalyzeLoop(c, types, nonConcurrent), OperationKind.Loop);
        });
    }

    private static void AnalyzeLoop(OperationAnalysisContext context, AsyncTypes types, NonConcurrentTypes nonConcurrent)
    {
        var loop = (ILoopOperation)context.Operation;
        if (SingleStatement(loop.Body) is not IExpressionStatementOperation { Operation: { } statement } || loop.HasErrors())
        {
            return;
        }

        ISymbol? perItem;
        ILocalSymbol? loopIndex = null;
        IOperation? stored;
        ISymbol? results;
        switch (loop)
        {
            case IForEachLoopOperation { IsAsynchronous: false, LoopControlVariable: IVariableDeclaratorOperation { Symbol: { } item } }
                when statement is IInvocationOperation { TargetMethod.Name: "Add", Arguments.Length: 1, Instance: { } list } add &&
                     types.IsListOfT(add.TargetMethod.ContainingType):
                perItem = item;
                stored = add.Arguments[0].Value;
                results = RootOf(list);

                // Adding to the list being enumerated throws; gathered, it would not.
                if (results is not null && SymbolEqualityComparer.Default.Equals(RootOf(AwaitedCall.SkipImplicitConversion(((IForEachLoopOperation)loop).Collection)!), results))
                {
                    return;
                }

                break;
            case IForLoopOperation forLoop when TryReadIndexLoop(forLoop, out var index) &&
                                                statement is ISimpleAssignmentOperation { Target: { } target } assignment &&
                                                IsElementAt(target, index, types, out var array):
                perItem = loopIndex = index;
                stored = assignment.Value;
                results = RootOf(array);
                break;
            default:
                return;
        }

        if (results is null ||
            AwaitedCall.SkipImplicitConversion(stored) is not IAwaitOperation awaited ||
            AwaitedCall.SplitConfigureAwait(awaited.Operation as IInvocationOperation, types, out _) is not { } call ||
            !AwaitedCall.IsGatherableTask(call, types))
        {
            return;
        }

        var options = context.Options.AnalyzerConfigOptionsProvider.GetOptions(loop.Syntax.SyntaxTree);
        var configured = nonConcurrent.ConfiguredFor(options, NonConcurrentTypesOption);
        var roots = new List<TouchedRoot>();
        if (!AwaitedCallValues.TryCollectRoots(call, nonConcurrent, configured, roots, loopIndex) ||
            !AreIndependentAcrossIterations(roots, perItem, results, nonConcurrent) ||
            loop.Syntax is not StatementSyntax loopStatement ||
            loop.SemanticModel is not { } model ||
            LockLikeRegions.IsInside(loopStatement, model, nonConcurrent))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, call.Syntax.GetLocation()));
    }

    /// <summary>
    /// Every iteration gets its own item; everything else the call touches is shared by all
    /// iterations, so it must be immutable, or a receiver known to be safe for concurrent calls.
    /// Reading the results collection is an accumulator: dependent.
    /// </summary>
    private static bool AreIndependentAcrossIterations(List<TouchedRoot> roots, ISymbol perItem, ISymbol results, NonConcurrentTypes nonConcurrent)
    {
        foreach (var root in roots)
        {
            if (SymbolEqualityComparer.Default.Equals(root.Symbol, results))
            {
                return false;
            }

            if (nonConcurrent.MayHideSharedContext(root))
            {
                return false;
            }

            if (SymbolEqualityComparer.Default.Equals(root.Symbol, perItem))
            {
                continue;
            }

            var shared = root.IsReceiver ? nonConcurrent.IsKnownConcurrentSafe(root.ValueType) : AwaitIndependence.IsImmutableLooking(root.ValueType);
            if (!shared)
            {
                return false;
            }
        }

        return true;
    }

    private static IOperation? SingleStatement(IOperation? body) => body switch
    {
        IBlockOperation { Operations.Length: 1 } block => block.Operations[0],
        IBlockOperation => null,
        _ => body,
    };


    /// <summary><c>for (int i = 0; i &lt; x.Length|Count; i++)</c> (or <c>++i</c>, <c>i += 1</c>).</summary>
    private static bool TryReadIndexLoop(IForLoopOperation loop, out ILocalSymbol index)
    {
        index = null!;
        if (loop.Before.Length != 1 ||
            loop.Before[0] is not IVariableDeclarationGroupOperation { Declarations.Length: 1 } group ||
            group.Declarations[0].Declarators.Length != 1 ||
            group.Declarations[0].Declarators[0] is not { Symbol: { Type.SpecialType: SpecialType.System_Int32 } local, Initializer.Value.ConstantValue: { HasValue: true, Value: 0 } } ||
            loop.Condition is not IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThan, LeftOperand: ILocalReferenceOperation left, RightOperand: IPropertyReferenceOperation { Property.Name: "Length" or "Count", Arguments.Length: 0 } } ||
            !SymbolEqualityComparer.Default.Equals(left.Local, local) ||
            loop.AtLoopBottom.Length != 1 ||
            !IsIncrementByOne(loop.AtLoopBottom[0], local))
        {
            return false;
        }

        index = local;
        return true;
    }

    private static bool IsIncrementByOne(IOperation operation, ILocalSymbol local)
    {
        var value = operation is IExpressionStatementOperation statement ? statement.Operation : operation;
        return value switch
        {
            IIncrementOrDecrementOperation { Kind: OperationKind.Increment, Target: ILocalReferenceOperation target } => SymbolEqualityComparer.Default.Equals(target.Local, local),
            ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add, Target: ILocalReferenceOperation target, Value.ConstantValue: { HasValue: true, Value: 1 } } => SymbolEqualityComparer.Default.Equals(target.Local, local),
            _ => false,
        };
    }

    /// <summary><c>results[i]</c> on an array or a List&lt;T&gt;.</summary>
    private static bool IsElementAt(IOperation target, ILocalSymbol index, AsyncTypes types, out IOperation collection)
    {
        collection = null!;
        switch (target)
        {
            case IArrayElementReferenceOperation { Indices.Length: 1 } element when element.Indices[0] is ILocalReferenceOperation i && SymbolEqualityComparer.Default.Equals(i.Local, index):
                collection = element.ArrayReference;
                return true;
            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1, Instance: { } instance } indexer
                when indexer.Arguments[0].Value is ILocalReferenceOperation i && SymbolEqualityComparer.Default.Equals(i.Local, index) && types.IsListOfT(indexer.Property.ContainingType):
                collection = instance;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The local, parameter or field holding the results; null for anything more complex.</summary>
    private static ISymbol? RootOf(IOperation operation) => operation switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field,
        _ => null,
    };
}
