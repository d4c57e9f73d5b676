namespace AsyncGuide.Analyzers;

/// <summary>
/// Facts about token sources, tasks and their uses in one operation tree, collected in a single
/// walk when the first relevant call of the tree is analyzed: which token sources are
/// cancelled (or may be, because they escape), where each local is initialized and referenced.
/// </summary>
internal sealed class CancellationFlow
{
    private const int MaxResolveDepth = 6;

    private readonly AsyncTypes _types;
    private readonly Dictionary<ILocalSymbol, IOperation> _initializers = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILocalSymbol, IVariableDeclaratorOperation> _declarators = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILocalSymbol, LocalReferences> _references = new(SymbolEqualityComparer.Default);

    // Sources on which Cancel/CancelAsync/CancelAfter is called, or that escape our sight (may be cancelled elsewhere).
    private readonly HashSet<ISymbol> _cancelledSources = new(SymbolEqualityComparer.Default);

    private CancellationFlow(AsyncTypes types) => _types = types;

    public AsyncTypes Types => _types;

    /// <summary>Per-block memo for <see cref="ObservationPaths.RunsOnEveryPathAfter"/>.</summary>
    public Dictionary<IOperation, bool> CanLeaveCache { get; } = new();

    /// <summary>One pre-order walk over the tree (the order the analyzer driver visits operations in).</summary>
    public static CancellationFlow Build(IOperation root, AsyncTypes types)
    {
        var flow = new CancellationFlow(types);
        foreach (var operation in root.DescendantsAndSelf())
        {
            // By kind: one virtual call per node; a type test only on the few that match.
            switch (operation.Kind)
            {
                case OperationKind.VariableDeclarator when operation is IVariableDeclaratorOperation declarator:
                    flow.OnDeclarator(declarator);
                    break;
                case OperationKind.LocalReference when operation is ILocalReferenceOperation localReference:
                    flow.OnLocalReference(localReference);
                    break;
                case OperationKind.Invocation when operation is IInvocationOperation invocation:
                    flow.OnInvocation(invocation);
                    break;
                case OperationKind.MethodReference when operation is IMethodReferenceOperation methodReference:
                    flow.OnMethodReference(methodReference);
                    break;
            }
        }

        return flow;
    }

    public IOperation? InitializerOf(ILocalSymbol local) => _initializers.TryGetValue(local, out var value) ? value : null;

    public IReadOnlyList<ILocalReferenceOperation> ReferencesTo(ILocalSymbol local) =>
        _references.TryGetValue(local, out var list) ? list : (IReadOnlyList<ILocalReferenceOperation>)System.Array.Empty<ILocalReferenceOperation>();

    private void OnDeclarator(IVariableDeclaratorOperation declarator)
    {
        if (declarator.Symbol is not { } local)
        {
            return;
        }

        _declarators[local] = declarator;
        var value = declarator.GetVariableInitializer()?.Value;
        if (value is not null)
        {
            _initializers[local] = value;
        }
    }

    /// <summary>True when <paramref name="local"/> is declared in a block (or using statement) that contains <paramref name="operation"/>.</summary>
    public bool IsInScopeAt(ILocalSymbol local, IOperation operation)
    {
        if (!_declarators.TryGetValue(local, out var declarator))
        {
            return false;
        }

        for (var current = declarator.Parent; current is not null; current = current.Parent)
        {
            if (current is IBlockOperation or IUsingOperation or ISwitchCaseOperation)
            {
                return ObservationPaths.Contains(current, operation);
            }
        }

        return false;
    }

    /// <summary>Locals of type CancellationToken that hold the token of <paramref name="source"/>.</summary>
    public IEnumerable<ILocalSymbol> TokenLocalsOf(ISymbol source)
    {
        foreach (var pair in _initializers)
        {
            if (IsToken(pair.Key.Type) && SymbolEqualityComparer.Default.Equals(DirectSourceOf(pair.Value), source))
            {
                yield return pair.Key;
            }
        }
    }

    private void OnLocalReference(ILocalReferenceOperation reference)
    {
        if (!_references.TryGetValue(reference.Local, out var list))
        {
            list = new LocalReferences(IsTokenSource(reference.Local.Type));
            _references[reference.Local] = list;
        }

        list.Add(reference);
        if (list.OfTokenSource && EscapesOrCancels(reference))
        {
            _cancelledSources.Add(reference.Local);
        }
    }

    private void OnInvocation(IInvocationOperation invocation)
    {
        if (IsCancelMethod(invocation.TargetMethod) && SourceSymbol(invocation.Instance) is { } source)
        {
            _cancelledSources.Add(source);
        }
    }

    // `token.Register(cts.Cancel)`: a method group of Cancel counts as a cancellation.
    private void OnMethodReference(IMethodReferenceOperation reference)
    {
        if (IsCancelMethod(reference.Method) && SourceSymbol(reference.Instance) is { } source)
        {
            _cancelledSources.Add(source);
        }
    }

    private bool IsCancelMethod(IMethodSymbol method) =>
        method.Name is "Cancel" or "CancelAsync" or "CancelAfter" &&
        SymbolEqualityComparer.Default.Equals(method.ContainingType, _types.CancellationTokenSource);

    public bool IsTokenSource(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, _types.CancellationTokenSource))
            {
                return true;
            }
        }

        return false;
    }

    public bool IsToken(ITypeSymbol? type) =>
        type is not null && SymbolEqualityComparer.Default.Equals(type, _types.CancellationToken);

    /// <summary>A use of a token source local other than reading its token, disposing or cancelling it: it may be cancelled elsewhere.</summary>
    private bool EscapesOrCancels(ILocalReferenceOperation reference)
    {
        switch (reference.Parent)
        {
            case IPropertyReferenceOperation property when property.Instance == reference:
                return property.Property.Name is not ("Token" or "IsCancellationRequested");
            case IInvocationOperation call when call.Instance == reference:
                return call.TargetMethod.Name is not ("Dispose" or "DisposeAsync");
            case IUsingOperation:
                return false;
            default:
                return true;
        }
    }

    private static ISymbol? SourceSymbol(IOperation? instance) => instance switch
    {
        ILocalReferenceOperation local => local.Local,
        IFieldReferenceOperation field => field.Field,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IConversionOperation conversion => SourceSymbol(conversion.Operand),
        _ => null,
    };

    /// <summary>Every token (property Token, token local, parameter or field) used inside <paramref name="root"/>, lambdas included.</summary>
    public void CollectTokens(IOperation? root, List<IOperation> into)
    {
        if (root is null)
        {
            return;
        }

        if (IsToken(root.Type)
            && root is IPropertyReferenceOperation or ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation)
        {
            into.Add(root);
            return;
        }

        foreach (var child in root.ChildOperations)
        {
            CollectTokens(child, into);
        }
    }

    /// <summary>
    /// The tokens of <paramref name="origin"/> (<see cref="CollectTokens"/>), and those a local receiver of it was made with here:
    /// <c>var refresher = new PeriodicRefresher(interval, Refresh, _cts.Token); … WhenAny(refresher.RunLoopAsync(), …)</c>
    /// (duplicati's <c>KeepRemoteConnection</c>). The object keeps the token it was given; its loop ends when that is cancelled.
    /// Also those of the initializers of task locals a <c>Task.WhenAll</c> origin gathers.
    /// </summary>
    public void CollectTokensReaching(IOperation origin, List<IOperation> into)
    {
        CollectTokens(origin, into);
        if (Unwrap(origin) is IInvocationOperation { Instance: ILocalReferenceOperation receiver } &&
            InitializerOf(receiver.Local) is { } initializer &&
            Unwrap(initializer) is IObjectCreationOperation creation)
        {
            foreach (var argument in creation.Arguments)
            {
                CollectTokens(argument.Value, into);
            }
        }

        // `Task.WhenAll(tasks)` over a task local made here (`var tasks = items.Select(x => x.RunAsync(cts.Token)).ToArray();`):
        // the tokens its initializer hands out reach the gathered work (WalletWasabi's coinjoin tests).
        if (Unwrap(origin) is IInvocationOperation gathered && TaskObservation.IsWhenAll(gathered.TargetMethod, _types))
        {
            foreach (var argument in gathered.Arguments)
            {
                if (Unwrap(argument.Value) is ILocalReferenceOperation gatheredLocal && InitializerOf(gatheredLocal.Local) is { } made)
                {
                    CollectTokens(made, into);
                }
            }
        }
    }

    /// <summary>The token source whose <c>Token</c> this token operation is (through token locals), if it is visible here.</summary>
    public ISymbol? DirectSourceOf(IOperation token, int depth = 0)
    {
        if (depth > MaxResolveDepth)
        {
            return null;
        }

        switch (token)
        {
            case IConversionOperation conversion:
                return DirectSourceOf(conversion.Operand, depth + 1);
            case IPropertyReferenceOperation { Property.Name: "Token" } property when IsTokenSource(property.Instance?.Type):
                return SourceSymbol(property.Instance);
            case ILocalReferenceOperation local when IsToken(local.Type) && InitializerOf(local.Local) is { } initializer:
                return DirectSourceOf(initializer, depth + 1);
            default:
                return null;
        }
    }

    /// <summary>
    /// True when cancelling something in this block cancels the token: its source, or a source it is linked from,
    /// is cancelled, timed or escapes.
    /// </summary>
    public bool IsCancelledHere(IOperation token) => DirectSourceOf(token) is { } source && IsSourceCancelled(source, 0);

    /// <summary>
    /// A token source handed to the work itself counts as cancelled (<see cref="IsSourceCancelled"/>): handing it over is an
    /// escape, so the work may cancel it, as may this block (<c>createRouterTask(logger, launcher, linkedSource)</c>, whose parent
    /// dotnet/diagnostics' <c>dotnet-dsrouter</c> cancels before a one-second grace wait). A source argument of
    /// <paramref name="origin"/>, or of a lambda in it.
    /// </summary>
    public bool HandsACancelledSourceTo(IOperation origin)
    {
        foreach (var operation in origin.DescendantsAndSelf())
        {
            if (operation is IArgumentOperation { Value: var value } && IsTokenSource(value.Type) &&
                SourceSymbol(value) is { } source && IsSourceCancelled(source, 0))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsSourceCancelled(ISymbol source, int depth)
    {
        if (depth > MaxResolveDepth)
        {
            return false;
        }

        if (_cancelledSources.Contains(source))
        {
            return true;
        }

        if (source is not ILocalSymbol local || InitializerOf(local) is not { } initializer)
        {
            return false;
        }

        initializer = Unwrap(initializer);
        if (initializer is IObjectCreationOperation creation)
        {
            // new CancellationTokenSource(timeout): cancels itself.
            return creation.Arguments.Length > 0;
        }

        if (initializer is IInvocationOperation { TargetMethod.Name: "CreateLinkedTokenSource" } linked)
        {
            var parents = new List<IOperation>();
            CollectTokens(linked, parents);
            foreach (var parent in parents)
            {
                if (DirectSourceOf(parent) is { } parentSource && IsSourceCancelled(parentSource, depth + 1))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A local token source created in this block (new or linked), the only kind a fix may cancel.</summary>
    public bool IsLocalSourceCreatedHere(ISymbol? source) =>
        source is ILocalSymbol local && InitializerOf(local) is { } initializer &&
        Unwrap(initializer) is IObjectCreationOperation or IInvocationOperation { TargetMethod.Name: "CreateLinkedTokenSource" };

    public static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>The references to one local, and whether its type is a token source (decided once per local).</summary>
    private sealed class LocalReferences : List<ILocalReferenceOperation>
    {
        public LocalReferences(bool ofTokenSource) => OfTokenSource = ofTokenSource;

        public bool OfTokenSource { get; }
    }
}
