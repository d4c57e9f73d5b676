namespace AsyncGuide.Analyzers;

/// <summary>
/// A statement that awaits exactly one Task-returning invocation at top level, with simple,
/// side-effect-free receiver and arguments. Anything else is not an <see cref="AwaitedCall"/>.
/// </summary>
internal sealed class AwaitedCall
{
    private AwaitedCall(
        StatementSyntax statement,
        IInvocationOperation call,
        AwaitedResultKind kind,
        ISymbol? target,
        IOperation? configureAwaitValue,
        List<TouchedRoot> roots)
    {
        Statement = statement;
        Call = call;
        Kind = kind;
        Target = target;
        ConfigureAwaitValue = configureAwaitValue;
        ConfigureAwaitArgument = configureAwaitValue?.Syntax as ExpressionSyntax;
        Roots = roots;
        ShapeHash = AwaitIndependence.ShapeHash(call);
        IsKnownWrite = CallVerbs.IsKnownWrite(call.TargetMethod);
        WaitsForNext = CallVerbs.WaitsForNext(call.TargetMethod);
    }

    public StatementSyntax Statement { get; }

    /// <summary>The awaited invocation (inside <c>ConfigureAwait</c>, when there is one).</summary>
    public IInvocationOperation Call { get; }

    public AwaitedResultKind Kind { get; }

    /// <summary>The declared local or assigned variable; null for a discarded result.</summary>
    public ISymbol? Target { get; }

    /// <summary>The argument of <c>.ConfigureAwait(…)</c>, or null when the task is awaited directly.</summary>
    public ExpressionSyntax? ConfigureAwaitArgument { get; }

    /// <summary>The operation of <see cref="ConfigureAwaitArgument"/> (any bool expression), or null.</summary>
    public IOperation? ConfigureAwaitValue { get; }

    public List<TouchedRoot> Roots { get; }

    /// <summary>
    /// <c>using var c = await OpenAsync();</c> of a resource: each call hands out its own (a pooled connection), so the same
    /// call twice is two resources, not the next items of one sequence.
    /// </summary>
    public bool OpensResource { get; private set; }

    /// <summary>What the call's locals (receiver and arguments) were read from; computed on first use.</summary>
    public List<ISymbol> Origins
    {
        get
        {
            if (_origins is null)
            {
                var origins = new List<ISymbol>(0);
                foreach (var root in Roots)
                {
                    if (root.Symbol is ILocalSymbol local && (root.IsReceiver || !AwaitIndependence.IsIncidental(root.ValueType)))
                    {
                        LocalOrigins.Collect(local, Call.SemanticModel, origins);
                    }
                }

                _origins = origins;
            }

            return _origins;
        }
    }

    private List<ISymbol>? _origins;

    /// <summary>
    /// The receiver may reach a non-concurrent object the call site cannot see (a repository over a DbContext): at most one
    /// such call per run (<see cref="AwaitIndependence"/>).
    /// </summary>
    public bool ReachesNonConcurrentState { get; private set; }

    /// <summary><c>var x = await F() ?? throw …;</c>: the statement does more with the result than keep it.</summary>
    public bool IsPostProcessed { get; private set; }

    /// <summary>
    /// The method's name reads (<see cref="CallVerbs.IsRead"/>) and, for a method whose source is seen, it keeps nothing in its
    /// object's state (<see cref="ReceiverSafety.WritesOwnState"/>); classified once per call.
    /// </summary>
    public bool IsRead { get; private set; }

    /// <summary>The method's name is known to write (<see cref="CallVerbs.IsKnownWrite"/>).</summary>
    public bool IsKnownWrite { get; }

    /// <summary>The method waits for the next event (<see cref="CallVerbs.WaitsForNext"/>).</summary>
    public bool WaitsForNext { get; }

    /// <summary>Equal for two calls with equivalent syntax (see <see cref="AwaitIndependence.ShapeHash"/>).</summary>
    public int ShapeHash { get; }

    /// <summary>Recognizes the three statement shapes; null for anything else (including half-typed code).</summary>
    public static AwaitedCall? TryCreate(
        IOperation statement,
        AsyncTypes types,
        NonConcurrentTypes nonConcurrent,
        HashSet<INamedTypeSymbol> configured,
        ReceiverSafety safety,
        bool strict)
    {
        if (statement.Syntax is not StatementSyntax syntax || statement.HasErrors())
        {
            return null;
        }

        IAwaitOperation? awaitOperation;
        AwaitedResultKind kind;
        ISymbol? target = null;
        var opensResource = false;
        var postProcessed = false;
        switch (statement)
        {
            case IExpressionStatementOperation { Operation: IAwaitOperation discarded }:
                awaitOperation = discarded;
                kind = AwaitedResultKind.Discarded;
                break;
            case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { IsRef: false } assignment }:
                target = assignment.Target switch
                {
                    ILocalReferenceOperation { Local.RefKind: RefKind.None } local => local.Local,
                    IParameterReferenceOperation { Parameter.RefKind: RefKind.None } parameter => parameter.Parameter,
                    _ => null,
                };
                awaitOperation = AwaitOf(assignment.Value, nonConcurrent, configured, ref postProcessed);
                kind = AwaitedResultKind.Assigned;
                break;
            // `var (a, b) = await F();`: fresh locals (or discards) only; the statement is read back whole after the gather.
            case IExpressionStatementOperation { Operation: IDeconstructionAssignmentOperation deconstruction }:
                var declaredLocals = 0;
                target = DeclaresOnly(deconstruction.Target, ref declaredLocals) && declaredLocals > 0
                    ? FirstDeclared(deconstruction.Target)
                    : null;
                awaitOperation = SkipImplicitConversion(deconstruction.Value) as IAwaitOperation;
                kind = AwaitedResultKind.Declared;
                postProcessed = true;
                break;
            case IVariableDeclarationGroupOperation { Declarations.Length: 1 } group
                when syntax is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0, AwaitKeyword.RawKind: 0, IsConst: false } &&
                     group.Declarations[0].Declarators.Length == 1:
                var declarator = group.Declarations[0].Declarators[0];
                target = declarator.Symbol is { RefKind: RefKind.None } declared ? declared : null;
                awaitOperation = AwaitOf(declarator.Initializer?.Value, nonConcurrent, configured, ref postProcessed);
                kind = AwaitedResultKind.Declared;
                break;

            // `using var c = await OpenAsync();` of a resource one uses (a connection, a response), not of a
            // releaser (`using var _ = await gate.LockAsync();`, which starts a lock-like region instead).
            // `await using` too, when the resource is an IAsyncDisposable (the fix disposes it through the interface).
            case IUsingDeclarationOperation { DeclarationGroup.Declarations.Length: 1 } usingDeclaration
                when syntax is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 } declaration &&
                     usingDeclaration.IsAsynchronous == (declaration.AwaitKeyword.RawKind != 0) &&
                     usingDeclaration.DeclarationGroup.Declarations[0].Declarators.Length == 1:
                var resource = usingDeclaration.DeclarationGroup.Declarations[0].Declarators[0];
                target = resource.Symbol is { RefKind: RefKind.None } resourceLocal &&
                         (!usingDeclaration.IsAsynchronous || types.IsAsyncDisposable(resourceLocal.Type))
                    ? resourceLocal
                    : null;
                awaitOperation = SkipImplicitConversion(resource.Initializer?.Value) as IAwaitOperation;
                if (target is null
                    || LockLikeRegions.IsLockLikeUsing(
                        resource.Symbol,
                        SplitConfigureAwait(awaitOperation?.Operation as IInvocationOperation, types, out _)?.TargetMethod))
                {
                    return null;
                }

                kind = AwaitedResultKind.Declared;
                opensResource = true;
                break;
            default:
                return null;
        }

        if (awaitOperation is null || (kind != AwaitedResultKind.Discarded && target is null))
        {
            return null;
        }

        var call = SplitConfigureAwait(awaitOperation.Operation as IInvocationOperation, types, out var configureAwaitValue);

        if (call is null || !IsGatherableTask(call, types))
        {
            return null;
        }

        var roots = new List<TouchedRoot>();
        if (!AwaitedCallValues.TryCollectRoots(call, nonConcurrent, configured, roots, strict))
        {
            return null;
        }

        // A receiver that may reach a DbContext: strict, never; otherwise one such call may join a run whose other calls
        // reach none (AwaitIndependence), since then no two concurrent calls can share it.
        var reachesNonConcurrent = false;
        foreach (var root in roots)
        {
            if (MayHideNonConcurrentState(root, call.TargetMethod, nonConcurrent, configured, safety, strict))
            {
                if (strict)
                {
                    return null;
                }

                reachesNonConcurrent = true;
            }
        }

        return new AwaitedCall(syntax, call, kind, target, configureAwaitValue, roots)
        {
            // A "read" that keeps what it made in its object's fields (a lazily created client) changes that object.
            IsRead = CallVerbs.IsRead(call.TargetMethod) && !safety.WritesOwnState(call.TargetMethod),
            OpensResource = opensResource,
            IsPostProcessed = postProcessed,
            ReachesNonConcurrentState = reachesNonConcurrent,
        };
    }

    /// <summary>
    /// The await of <c>await F(…)</c>, of <c>(await F(…)).Member</c> (a property or field of the result), or of
    /// <c>await F(…) ?? throw new E(…)</c> / <c>?? fallback</c> whose fallback has no effect but the throw (a constant,
    /// a fresh object): the result is then post-processed after the gather.
    /// </summary>
    private static IAwaitOperation? AwaitOf(
        IOperation? value, NonConcurrentTypes nonConcurrent, HashSet<INamedTypeSymbol> configured, ref bool postProcessed)
    {
        value = SkipImplicitConversion(value);

        // `(await F()).Items`: a property or field of the result, read after the gather instead of between the calls.
        if (value is IPropertyReferenceOperation { Arguments.IsEmpty: true, Instance: { } propertyOwner } &&
            SkipImplicitConversion(propertyOwner) is IAwaitOperation ownerAwait)
        {
            postProcessed = true;
            return ownerAwait;
        }

        if (value is IFieldReferenceOperation { Instance: { } fieldOwner } && SkipImplicitConversion(fieldOwner) is IAwaitOperation fieldAwait)
        {
            postProcessed = true;
            return fieldAwait;
        }

        if (value is ICoalesceOperation coalesce &&
            SkipImplicitConversion(coalesce.Value) is IAwaitOperation coalesced &&
            IsQuietFallback(coalesce.WhenNull, nonConcurrent, configured))
        {
            postProcessed = true;
            return coalesced;
        }

        return value as IAwaitOperation;
    }

    /// <summary>The deconstruction's targets are new locals and discards only (<c>var (a, _)</c>, <c>(int a, var b)</c>).</summary>
    private static bool DeclaresOnly(IOperation target, ref int declared)
    {
        switch (target)
        {
            case IDeclarationExpressionOperation declaration:
                return DeclaresOnly(declaration.Expression, ref declared);
            case ITupleOperation tuple:
                foreach (var element in tuple.Elements)
                {
                    if (!DeclaresOnly(element, ref declared))
                    {
                        return false;
                    }
                }

                return true;
            case ILocalReferenceOperation { IsDeclaration: true, Local.RefKind: RefKind.None }:
                declared++;
                return true;
            case IDiscardOperation:
                return true;
            default:
                return false;
        }
    }

    private static ISymbol? FirstDeclared(IOperation target)
    {
        switch (target)
        {
            case IDeclarationExpressionOperation declaration:
                return FirstDeclared(declaration.Expression);
            case ITupleOperation tuple:
                foreach (var element in tuple.Elements)
                {
                    if (FirstDeclared(element) is { } local)
                    {
                        return local;
                    }
                }

                return null;
            case ILocalReferenceOperation local:
                return local.Local;
            default:
                return null;
        }
    }

    /// <summary><c>throw new E(…)</c> without an await in it, or a value whose evaluation has no effect.</summary>
    private static bool IsQuietFallback(IOperation whenNull, NonConcurrentTypes nonConcurrent, HashSet<INamedTypeSymbol> configured)
    {
        whenNull = SkipImplicitConversion(whenNull)!;
        if (whenNull is IThrowOperation thrown)
        {
            return !ContainsAwait(thrown);
        }

        return AwaitedCallValues.IsEffectFree(whenNull, nonConcurrent, configured);
    }

    private static bool ContainsAwait(IOperation operation)
    {
        if (operation is IAwaitOperation)
        {
            return true;
        }

        foreach (var child in operation.ChildOperations)
        {
            if (ContainsAwait(child))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A receiver that may reach a DbContext or a connection the call site cannot see. Strict: any
    /// receiver but a thread-safe client once EF Core is referenced (the behaviour before 0.3).
    /// </summary>
    internal static bool MayHideNonConcurrentState(
        TouchedRoot root,
        IMethodSymbol target,
        NonConcurrentTypes nonConcurrent,
        HashSet<INamedTypeSymbol> configured,
        ReceiverSafety safety,
        bool strict) =>
        root.IsReceiver &&
        (strict
            ? nonConcurrent.ReferencesEntityFramework && !safety.IsThreadSafeByContract(root.ValueType)
            : IsCallOnThisOfItsType(root, target)
                ? safety.MayReachNonConcurrentStateThroughOwnCall(target, configured)
                : safety.MayReachNonConcurrentStateThroughCall(root.ValueType, target, configured));

    /// <summary>
    /// <c>Helper(x)</c> / <c>this.Helper(x)</c>: the root of a <c>this</c> receiver is its type; the method is of that type or a base.
    /// </summary>
    private static bool IsCallOnThisOfItsType(TouchedRoot root, IMethodSymbol target)
    {
        if (root.Symbol is not INamedTypeSymbol self || target.IsStatic || target.IsExtensionMethod)
        {
            return false;
        }

        for (var type = (INamedTypeSymbol?)self; type is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, target.ContainingType?.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Task or Task&lt;T&gt; from a method that is not itself a combinator or a timing primitive.</summary>
    internal static bool IsGatherableTask(IInvocationOperation call, AsyncTypes types)
    {
        var returned = call.TargetMethod.ReturnType;
        if (returned is null || returned.TypeKind == TypeKind.Error || !types.IsTask(returned))
        {
            return false;
        }

        // `await selector(item)` of a delegate handed in (a parameter, a field): nothing is known of the callee, and a
        // helper taking one (`SelectAsync(items, selector)`) chose to run it one at a time.
        if (call.TargetMethod.MethodKind == MethodKind.DelegateInvoke &&
            call.Instance is IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation)
        {
            return false;
        }

        // Task.Delay/Yield/WhenAll..., TaskFactory and AsyncGuide.Async: sequencing or already concurrent.
        var owner = call.TargetMethod.ContainingType?.OriginalDefinition;
        return !(types.IsTask(owner) ||
                 SymbolEqualityComparer.Default.Equals(owner, types.TaskFactory) ||
                 SymbolEqualityComparer.Default.Equals(owner, types.AsyncGuideAsync));
    }

    internal static IOperation? SkipImplicitConversion(IOperation? operation) =>
        operation is IConversionOperation { IsImplicit: true, Conversion.IsUserDefined: false } conversion ? conversion.Operand : operation;

    /// <summary>
    /// For <c>call.ConfigureAwait(bool)</c> on a Task, the inner call and the bool argument; for any other
    /// invocation, itself. Only the bool form: it is the shape the AG02 fixes can rebuild.
    /// </summary>
    internal static IInvocationOperation? SplitConfigureAwait(IInvocationOperation? call, AsyncTypes types, out IOperation? configureAwaitValue)
    {
        configureAwaitValue = null;
        if (call is { TargetMethod.Name: "ConfigureAwait", Arguments.Length: 1, Instance: IInvocationOperation inner } &&
            types.IsTask(call.TargetMethod.ContainingType) &&
            call.Arguments[0].Value.Type?.SpecialType == SpecialType.System_Boolean)
        {
            configureAwaitValue = call.Arguments[0].Value;
            return inner;
        }

        return call;
    }
}
