namespace AsyncGuide.Analyzers;

/// <summary>What one statement reads and writes, from the semantic model's data-flow analysis.</summary>
internal sealed class StatementFlow
{
    private StatementFlow(ImmutableArray<ISymbol> reads, ImmutableArray<ISymbol> writes, ImmutableArray<ISymbol> declared)
    {
        Reads = reads;
        Writes = writes;
        Declared = declared;
    }

    public ImmutableArray<ISymbol> Reads { get; }

    public ImmutableArray<ISymbol> Writes { get; }

    public ImmutableArray<ISymbol> Declared { get; }

    /// <summary>
    /// The flow of an <see cref="AwaitedCall"/> statement. Its receiver and arguments are simple values
    /// (no invocations, assignments, lambdas, ref/out), so its operations give the same locals and
    /// parameters as data-flow analysis at a fraction of the cost (that analysis walks the whole method
    /// each time); only the shapes where they could differ, and a post-processed result (<c>?? throw new E(id)</c>
    /// reads more than the call), fall back to the semantic model.
    /// </summary>
    public static StatementFlow? Analyze(SemanticModel model, AwaitedCall call) =>
        (call.IsPostProcessed ? null : FromOperations(call)) ?? Analyze(model, call.Statement);

    /// <summary>Null when the analysis does not succeed (half-typed code): the statement is then never gathered.</summary>
    public static StatementFlow? Analyze(SemanticModel model, StatementSyntax statement)
    {
        var flow = model.AnalyzeDataFlow(statement);
        if (flow is null || !flow.Succeeded)
        {
            return null;
        }

        return new StatementFlow(flow.ReadInside, flow.WrittenInside, flow.VariablesDeclared);
    }

    /// <summary>
    /// Reads: the locals and parameters referenced by the call and the ConfigureAwait argument
    /// (<c>this</c> is left out: outside a struct nothing can write it). Writes: the target.
    /// Null (ask the semantic model) when a value-type receiver is involved (a call on a struct
    /// variable may count as writing it) or an operation is not one of the simple shapes.
    /// </summary>
    private static StatementFlow? FromOperations(AwaitedCall call)
    {
        // Most calls read one local or none: the builder is only made for the first.
        ImmutableArray<ISymbol>.Builder? reads = null;
        if (!CollectReads(call.Call, ref reads) || (call.ConfigureAwaitValue is { } configure && !CollectReads(configure, ref reads)))
        {
            return null;
        }

        var target = call.Target is { } written ? ImmutableArray.Create(written) : ImmutableArray<ISymbol>.Empty;
        var declared = call.Kind == AwaitedResultKind.Declared ? target : ImmutableArray<ISymbol>.Empty;
        return new StatementFlow(reads?.ToImmutable() ?? ImmutableArray<ISymbol>.Empty, target, declared);
    }

    /// <summary>A recursive walk over the struct enumerator of ChildOperations (no iterator, no stack allocated).</summary>
    private static bool CollectReads(IOperation operation, ref ImmutableArray<ISymbol>.Builder? reads)
    {
        if (!CollectRead(operation, ref reads))
        {
            return false;
        }

        foreach (var child in operation.ChildOperations)
        {
            if (!CollectReads(child, ref reads))
            {
                return false;
            }
        }

        return true;
    }

    private static bool CollectRead(IOperation operation, ref ImmutableArray<ISymbol>.Builder? reads)
    {
        switch (operation)
        {
            case ILocalReferenceOperation local:
                (reads ??= ImmutableArray.CreateBuilder<ISymbol>()).Add(local.Local);
                break;
            case IParameterReferenceOperation parameter:
                (reads ??= ImmutableArray.CreateBuilder<ISymbol>()).Add(parameter.Parameter);
                break;
            case IInstanceReferenceOperation instance when IsReferenceType(instance):
            // A local function call also reads and writes what the function captures.
            case IInvocationOperation invocation
                when invocation.TargetMethod.MethodKind != MethodKind.LocalFunction
                     && (invocation.Instance is null || IsReferenceType(invocation.Instance)):
            case IFieldReferenceOperation field when field.Instance is null || IsReferenceType(field.Instance):
            case IPropertyReferenceOperation property when property.Instance is null || IsReferenceType(property.Instance):
            case IArgumentOperation { Parameter.RefKind: RefKind.None }:
            case IConversionOperation or ILiteralOperation or IDefaultValueOperation or ITypeOfOperation:
            case IInterpolatedStringOperation or IInterpolatedStringTextOperation or IInterpolationOperation:
                break;
            default:
                if (!operation.ConstantValue.HasValue)
                {
                    return false;
                }

                break;
        }

        return true;
    }

    private static bool IsReferenceType(IOperation operation) => operation.Type is { IsReferenceType: true };
}
