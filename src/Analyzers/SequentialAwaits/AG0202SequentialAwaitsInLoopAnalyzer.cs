namespace AsyncGuide.Analyzers;

/// <summary>
/// AG0202: a loop whose only statement awaits one call per item and stores the result
/// (<c>foreach (var item in items) results.Add(await F(item));</c>,
/// <c>for (var i = 0; i &lt; items.Length; i++) results[i] = await F(items[i]);</c>) runs the
/// calls one at a time although no iteration needs another's result. See docs/rules/AG0202.md.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AG0202SequentialAwaitsInLoopAnalyzer : AsyncGuideAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIds.SequentialAwaitsInLoop,
        "Independent awaits run one per loop iteration",
        "Each iteration waits for the previous one although none uses another's result; start all calls and await them together",
        description: "The loop only awaits one call per item and stores its result. Started together (Async.Gather or Task.WhenAll "
            + "over the items) the loop takes as long as the slowest call. Info by default: it also starts every call at once, "
            + "which an API or a database may not welcome.");

    internal static readonly AnalyzerOption<ImmutableArray<string>> NonConcurrentTypesOption =
        NonConcurrentTypes.OptionFor(RuleIds.SequentialAwaitsInLoop);

    /// <summary>Diagnostic property: how the body stores each result (one of the <c>Store…</c> values).</summary>
    public const string StoreKey = "Store";

    /// <summary><c>results.Add(await F(x));</c></summary>
    public const string StoreAdd = "Add";

    /// <summary><c>map[key] = await F(x);</c></summary>
    public const string StoreIndex = "Index";

    /// <summary><c>total += await F(x);</c></summary>
    public const string StoreAccumulate = "Accumulate";

    /// <summary><c>var r = await F(x);</c> and any statements after it that use <c>r</c>.</summary>
    public const string StoreStatements = "Statements";

    /// <summary>Diagnostic property, "true" when the body is <c>var r = await F(x); …</c>.</summary>
    public const string DeclaredKey = "Declared";

    /// <summary>Diagnostic property, "true" when local declarations come before the awaiting statement.</summary>
    public const string PrefixKey = "Prefix";

    /// <summary><c>strict</c>: a loop's calls go through one receiver only when it is documented as thread-safe.</summary>
    public const string ReceiversOption = "asyncguide.AG0202.receivers";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types)
    {
        var nonConcurrent = new NonConcurrentTypes(start.Compilation);
        var safety = new ReceiverSafety(start.Compilation, nonConcurrent);
        start.RegisterOperationAction(c => AnalyzeLoop(c, types, nonConcurrent, safety), OperationKind.Loop);
    }

    private static void AnalyzeLoop(OperationAnalysisContext context, AsyncTypes types, NonConcurrentTypes nonConcurrent, ReceiverSafety safety)
    {
        var loop = (ILoopOperation)context.Operation;
        if (LoopBody.TryRead(loop.Body, loop) is not { } body || loop.HasErrors())
        {
            return;
        }

        ISymbol perItem;
        ILocalSymbol? loopIndex = null;
        IOperation? stored;
        var mutated = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var mutatesThis = false;
        string store;
        switch (loop)
        {
            case IForEachLoopOperation { IsAsynchronous: false, LoopControlVariable: IVariableDeclaratorOperation { Symbol: { } item } }:
                perItem = item;
                break;
            case IForLoopOperation forLoop when TryReadIndexLoop(forLoop, out var index):
                perItem = loopIndex = index;
                break;
            default:
                return;
        }

        if (body.Declared is { } declared)
        {
            // `var r = await F(x); …`: the statements after it run after the gather, once per result.
            stored = declared.Initializer!.Value;
            store = body.HasSingleRest && IsStoreOf(body.Operations[body.AwaitAt + 1], declared.Symbol, types, out var kind) ? kind : StoreStatements;
        }
        else if (loopIndex is null
                     ? TryReadStore(body.Store!, types, out store, out stored, out var resultsOperation)
                     : TryReadSlotStore(body.Store!, loopIndex, types, out store, out stored, out resultsOperation))
        {
            if (RootOf(resultsOperation) is not { } results)
            {
                return;
            }

            mutated.Add(results);
        }
        else
        {
            return;
        }

        body.CollectMutated(mutated, out var restMutatesThis);
        mutatesThis |= restMutatesThis;

        // Adding to (or indexing into) the collection being enumerated throws; gathered, it would not.
        if (loop is IForEachLoopOperation forEach &&
            RootOf(AwaitedCall.SkipImplicitConversion(forEach.Collection)!) is { } enumerated &&
            mutated.Contains(enumerated) &&
            store != StoreAccumulate)
        {
            return;
        }

        if (AwaitedCall.SkipImplicitConversion(stored) is not IAwaitOperation awaited ||
            AwaitedCall.SplitConfigureAwait(awaited.Operation as IInvocationOperation, types, out _) is not { } call ||
            !AwaitedCall.IsGatherableTask(call, types) ||
            CalleeFaultFacts.For(context.Compilation, types).CompletesAtOnce(call.TargetMethod))
        {
            return;
        }

        var options = context.Options.AnalyzerConfigOptionsProvider.GetOptions(loop.Syntax.SyntaxTree);
        var configured = nonConcurrent.ConfiguredFor(options, NonConcurrentTypesOption);
        var strict = safety.IsStrict(options, RuleIds.SequentialAwaitsInLoop);
        var roots = new List<TouchedRoot>();
        var perItemLocals = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        if (body.HasPrefix)
        {
            body.CollectPerItemLocals(perItem, perItemLocals);
        }

        var iteration = new Iteration(perItem, perItemLocals, body, mutated, mutatesThis);
        if (IsOwnImplementationOfTheItem(call, perItem) ||
            !AwaitedCallValues.TryCollectRoots(call, nonConcurrent, configured, roots, strict, loopIndex) ||
            !AreIndependentAcrossIterations(roots, call.TargetMethod, iteration, nonConcurrent, configured, safety, strict) ||
            WritesOneResource(call, roots, iteration, safety) ||
            loop.Syntax is not StatementSyntax loopStatement ||
            loop.SemanticModel is not { } model ||
            LockLikeRegions.IsInside(loopStatement, model, nonConcurrent))
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(StoreKey, store)
            .Add(DeclaredKey, body.Declared is null ? "false" : "true")
            .Add(PrefixKey, body.HasPrefix ? "true" : "false");
        context.ReportDiagnostic(Diagnostic.Create(Rule, call.Syntax.GetLocation(), properties));
    }

    /// <summary>
    /// <c>foreach (var check in checks) { var ok = await check.ExecuteChecksAsync(ctx); … }</c> (DSharpPlus' slash-command checks):
    /// an abstract, virtual or interface member called on the item runs each item's own implementation, written by whoever
    /// made the item (a user's check sharing the context). As with a delegate handed in, nothing is known of the callees,
    /// and the loop chose to run them one at a time.
    /// </summary>
    private static bool IsOwnImplementationOfTheItem(IInvocationOperation call, ISymbol perItem) =>
        AwaitedCall.SkipImplicitConversion(call.Instance) is ILocalReferenceOperation { Local: var receiver } &&
        SymbolEqualityComparer.Default.Equals(receiver, perItem) &&
        call.TargetMethod is { IsStatic: false } target &&
        (target.IsAbstract || target.IsVirtual || (target.IsOverride && !target.IsSealed) ||
         target.ContainingType.TypeKind == TypeKind.Interface);

    /// <summary>What one iteration has of its own, and what its other statements change.</summary>
    private readonly struct Iteration
    {
        public Iteration(ISymbol perItem, HashSet<ISymbol> perItemLocals, LoopBody body, HashSet<ISymbol> mutated, bool mutatesThis)
        {
            PerItem = perItem;
            PerItemLocals = perItemLocals;
            Body = body;
            Mutated = mutated;
            MutatesThis = mutatesThis;
        }

        public ISymbol PerItem { get; }

        public HashSet<ISymbol> PerItemLocals { get; }

        public LoopBody Body { get; }

        public HashSet<ISymbol> Mutated { get; }

        public bool MutatesThis { get; }

        /// <summary>The item, a local computed from it, or a local the body declares before the call: each iteration has its own.</summary>
        public bool Owns(ISymbol symbol) =>
            SymbolEqualityComparer.Default.Equals(symbol, PerItem) || PerItemLocals.Contains(symbol) ||
            (Body.HasPrefix && Body.IsPrefixLocal(symbol));
    }

    /// <summary><c>results.Add(r)</c>, <c>map[k] = r</c>, <c>total += r</c> reading the declared result once, as the stored value.</summary>
    private static bool IsStoreOf(IOperation statement, ILocalSymbol local, AsyncTypes types, out string store)
    {
        if (statement is IExpressionStatementOperation { Operation: { } expression } &&
            TryReadStore(expression, types, out store, out var stored, out _) &&
            AwaitedCall.SkipImplicitConversion(stored) is ILocalReferenceOperation { Local: { } read } &&
            SymbolEqualityComparer.Default.Equals(read, local) &&
            CountReferences(expression, local) == 1)
        {
            return true;
        }

        store = StoreStatements;
        return false;
    }

    /// <summary>
    /// Every iteration gets its own item; everything else the call touches is shared by all
    /// iterations: a receiver must not reach a non-concurrent object (strict: be thread-safe by
    /// contract), an argument must not be a buffer or collection (strict: must be immutable).
    /// Reading the results or the accumulator is dependent; so is a call that does not use the
    /// item at all (the same call every time).
    /// </summary>
    private static bool AreIndependentAcrossIterations(
        List<TouchedRoot> roots,
        IMethodSymbol target,
        Iteration iteration,
        NonConcurrentTypes nonConcurrent,
        HashSet<INamedTypeSymbol> configured,
        ReceiverSafety safety,
        bool strict)
    {
        var usesItem = false;
        foreach (var root in roots)
        {
            if (AwaitedCall.MayHideNonConcurrentState(root, target, nonConcurrent, configured, safety, strict))
            {
                return false;
            }

            if (SymbolEqualityComparer.Default.Equals(root.Symbol, iteration.PerItem) || iteration.PerItemLocals.Contains(root.Symbol))
            {
                usesItem = true;
                continue;
            }

            // A local the body declares before the call is the iteration's own (a fresh object, a value of the item).
            if (iteration.Body.HasPrefix && iteration.Body.IsPrefixLocal(root.Symbol))
            {
                continue;
            }

            // The other statements change what the next iteration's call reads (the results, a field, the receiver).
            if (iteration.Mutated.Contains(root.Symbol) || (iteration.MutatesThis && IsOfThis(root.Symbol)))
            {
                return false;
            }

            // `Get(options, options.PageSize)`: the call gets the object whose settable member the next iteration reads.
            if (root.ReadsMutableMember && IsHandedOn(root.Symbol, roots))
            {
                return false;
            }

            var shared = root.IsReceiver
                ? !strict || safety.IsThreadSafeByContract(root.ValueType)
                : AwaitIndependence.IsImmutableLooking(root.ValueType) || (!strict && !AwaitIndependence.IsBufferLike(root.ValueType));
            if (!shared)
            {
                return false;
            }
        }

        return usesItem;
    }

    /// <summary>
    /// Order through the receiver, as in AG0201: every iteration names the same resource (a key, id or object shared by all
    /// of them, or a string constant) and the call is known to write (<c>Reaction.Create(owner, repo, commentId, reaction)</c>
    /// for each reaction type), or the call is not known to read and goes through one receiver shared by all iterations (or
    /// is static). Writes that each name their own resource (<c>Invite(repo.Owner, repo.Name)</c> per repository) stay
    /// gathered. A method that writes its own object's state (<see cref="ReceiverSafety.WritesOwnState"/>) on a receiver every
    /// iteration shares is never gathered.
    /// </summary>
    private static bool WritesOneResource(IInvocationOperation call, List<TouchedRoot> roots, Iteration iteration, ReceiverSafety safety)
    {
        var sharesResource = false;
        var sharedReceiver = call.Instance is null;
        foreach (var root in roots)
        {
            var own = iteration.Owns(root.Symbol);
            if (root.IsReceiver)
            {
                sharedReceiver |= !own;
            }
            else if (!own && !AwaitIndependence.IsIncidental(root.ValueType))
            {
                sharesResource = true;
            }
        }

        foreach (var argument in call.Arguments)
        {
            sharesResource |= !argument.IsImplicit && argument.Value.ConstantValue is { HasValue: true, Value: string };
        }

        // A method that keeps what it makes in its object's fields (a lazily created client, a cache it fills) races with
        // itself when every iteration calls it on one object.
        if (sharedReceiver && call.Instance is not null && safety.WritesOwnState(call.TargetMethod))
        {
            return true;
        }

        return sharesResource &&
               (CallVerbs.IsKnownWrite(call.TargetMethod) || (sharedReceiver && !CallVerbs.IsRead(call.TargetMethod)));
    }

    private static bool IsHandedOn(ISymbol symbol, List<TouchedRoot> roots)
    {
        foreach (var root in roots)
        {
            if (!root.ReadsMutableMember && SymbolEqualityComparer.Default.Equals(root.Symbol, symbol))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A member of <c>this</c> or the <c>this</c> type (the root of a call on <c>this</c>).</summary>
    private static bool IsOfThis(ISymbol symbol) =>
        symbol is INamedTypeSymbol || (symbol is IFieldSymbol or IPropertySymbol && !symbol.IsStatic);

    /// <summary><c>list.Add(v)</c> on a List&lt;T&gt;, <c>map[key] = v</c> on a BCL collection, <c>total += v</c> on a variable.</summary>
    private static bool TryReadStore(IOperation statement, AsyncTypes types, out string store, out IOperation stored, out IOperation results)
    {
        switch (statement)
        {
            case IInvocationOperation { TargetMethod.Name: "Add", Arguments.Length: 1, Instance: { } list } add
                when types.IsListOfT(add.TargetMethod.ContainingType):
                store = StoreAdd;
                stored = add.Arguments[0].Value;
                results = list;
                return true;
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } map } indexer } assignment
                when indexer.Property.ContainingType?.ContainingNamespace?.ToDisplayString()
                         is "System.Collections.Generic" or "System.Collections.Concurrent" &&
                     !HasInvocation(indexer):
                store = StoreIndex;
                stored = assignment.Value;
                results = map;
                return true;
            case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add, OperatorMethod: null, Target: { } total } accumulation
                when total is ILocalReferenceOperation
                    or IParameterReferenceOperation { Parameter.RefKind: RefKind.None }
                    or IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation }:
                store = StoreAccumulate;
                stored = accumulation.Value;
                results = total;
                return true;
            default:
                store = null!;
                stored = null!;
                results = null!;
                return false;
        }
    }

    /// <summary>A key computed by a call could depend on what the gathered calls did: not rewritten.</summary>
    private static bool HasInvocation(IPropertyReferenceOperation indexer)
    {
        foreach (var argument in indexer.Arguments)
        {
            foreach (var operation in argument.Value.DescendantsAndSelf())
            {
                if (operation is IInvocationOperation or IAwaitOperation or IIncrementOrDecrementOperation or IAssignmentOperation)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static int CountReferences(IOperation statement, ILocalSymbol local)
    {
        var count = 0;
        foreach (var operation in statement.DescendantsAndSelf())
        {
            if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary><c>slots[i] = await F(…)</c> in a loop over the index <c>i</c>.</summary>
    private static bool TryReadSlotStore(
        IOperation statement, ILocalSymbol index, AsyncTypes types, out string store, out IOperation stored, out IOperation results)
    {
        store = StoreIndex;
        stored = null!;
        results = null!;
        if (statement is not ISimpleAssignmentOperation { Target: { } target } assignment || !IsElementAt(target, index, types, out results))
        {
            return false;
        }

        stored = assignment.Value;
        return true;
    }

    /// <summary><c>for (int i = 0; i &lt; x.Length|Count; i++)</c> (or <c>++i</c>, <c>i += 1</c>).</summary>
    private static bool TryReadIndexLoop(IForLoopOperation loop, out ILocalSymbol index)
    {
        index = null!;
        if (loop.Before.Length != 1 ||
            loop.Before[0] is not IVariableDeclarationGroupOperation { Declarations.Length: 1 } group ||
            group.Declarations[0].Declarators.Length != 1 ||
            group.Declarations[0].Declarators[0] is not
            {
                Symbol: { Type.SpecialType: SpecialType.System_Int32 } local,
                Initializer.Value.ConstantValue: { HasValue: true, Value: 0 },
            } ||
            loop.Condition is not IBinaryOperation
            {
                OperatorKind: BinaryOperatorKind.LessThan,
                LeftOperand: ILocalReferenceOperation left,
                RightOperand: IPropertyReferenceOperation { Property.Name: "Length" or "Count", Arguments.Length: 0 },
            } ||
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
            IIncrementOrDecrementOperation { Kind: OperationKind.Increment, Target: ILocalReferenceOperation target } =>
                SymbolEqualityComparer.Default.Equals(target.Local, local),
            ICompoundAssignmentOperation
            {
                OperatorKind: BinaryOperatorKind.Add,
                Target: ILocalReferenceOperation target,
                Value.ConstantValue: { HasValue: true, Value: 1 },
            } => SymbolEqualityComparer.Default.Equals(target.Local, local),
            _ => false,
        };
    }

    /// <summary><c>results[i]</c> on an array or a List&lt;T&gt;.</summary>
    private static bool IsElementAt(IOperation target, ILocalSymbol index, AsyncTypes types, out IOperation collection)
    {
        collection = null!;
        switch (target)
        {
            case IArrayElementReferenceOperation { Indices.Length: 1 } element
                when element.Indices[0] is ILocalReferenceOperation i && SymbolEqualityComparer.Default.Equals(i.Local, index):
                collection = element.ArrayReference;
                return true;
            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1, Instance: { } instance } indexer
                when indexer.Arguments[0].Value is ILocalReferenceOperation i
                     && SymbolEqualityComparer.Default.Equals(i.Local, index)
                     && types.IsListOfT(indexer.Property.ContainingType):
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
