using System.Collections.Concurrent;

namespace AsyncGuide.Analyzers;

/// <summary>
/// Whether a method of the compilation returns a task that cannot fault (a <c>void</c> one: cannot throw), decided once per method
/// per compilation: an async or <c>void</c> body wholly handled (<see cref="FailureHandling"/>); a non-async body
/// whose every return is an already-completed task, a fault-only continuation (an
/// <c>ObserveErrors()</c>-style helper), a task parameter the body gave a fault-only continuation, or the task
/// of a local <c>TaskCompletionSource</c> that is
/// never given an exception. Methods of other assemblies are unknown, hence never exempt.
/// </summary>
internal sealed class CalleeFaultFacts
{
    private readonly Compilation _compilation;
    private readonly AsyncTypes _types;
    private readonly INamedTypeSymbol? _taskCompletionSource;
    private readonly INamedTypeSymbol? _taskCompletionSourceOfT;
    private readonly INamedTypeSymbol? _continuationOptions;
    private readonly INamedTypeSymbol? _cancellationTokenRegistration;
    private readonly INamedTypeSymbol? _exception;
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _cannotFault = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _completesAtOnce = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _throwsBeyondGuards = new(SymbolEqualityComparer.Default);
    private readonly System.Func<IMethodSymbol, bool> _computeThrowsBeyondGuards;
    private readonly System.Func<IMethodSymbol, bool> _computeCompletesAtOnce;
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _ownBodyCannotFault = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<DecidingKey, byte> _deciding = new();
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _virtualNoThrow = new(SymbolEqualityComparer.Default);
    private readonly System.Func<IMethodSymbol, bool> _computeVirtualNoThrow;
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _cannotThrow = new(SymbolEqualityComparer.Default);
    private readonly System.Func<IMethodSymbol, bool> _compute;
    private readonly System.Func<IMethodSymbol, bool> _computeCannotThrow;
    private readonly ConcurrentDictionary<IMethodSymbol, IMethodSymbol?> _forwardedTo = new(SymbolEqualityComparer.Default);
    private readonly System.Func<IMethodSymbol, IMethodSymbol?> _computeForwarded;
    private readonly System.Func<IMethodSymbol, bool> _computeThroughImplementations;
    private readonly System.Func<IMethodSymbol, bool> _computeThroughOverrides;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, CalleeFaultFacts> Shared = new();
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _trivial = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _neverReturns = new(SymbolEqualityComparer.Default);
    private readonly System.Func<IMethodSymbol, bool> _computeNeverReturns;
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _selectsFatal = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _cannotFaultShallow = new(SymbolEqualityComparer.Default);
    private readonly System.Func<IMethodSymbol, bool> _computeShallow;
    private readonly System.Func<IMethodSymbol, bool> _computeSelectsFatal;
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _admitsAllButFatal = new(SymbolEqualityComparer.Default);
    private readonly System.Func<IMethodSymbol, bool> _computeAdmitsAllButFatal;
    private readonly ConcurrentDictionary<IFieldSymbol, ITypeSymbol?> _typeFields = new(SymbolEqualityComparer.Default);
    private readonly System.Func<IFieldSymbol, ITypeSymbol?> _computeTypeField;
    private readonly System.Func<IOperation, ITypeSymbol?> _typeNamedBy;
    private readonly System.Func<IMethodSymbol, bool> _computeTrivial;
    // One cache per depth: a callee read three calls down is checked more shallowly than at the top, and sharing one cache
    // made the answer depend on which chain (and which thread) asked first.
    private readonly ConcurrentDictionary<IMethodSymbol, bool>[] _noThrowAt =
    {
        new(SymbolEqualityComparer.Default), new(SymbolEqualityComparer.Default),
        new(SymbolEqualityComparer.Default), new(SymbolEqualityComparer.Default),
    };
    private readonly ConcurrentDictionary<IFieldSymbol, bool> _fieldSourceIsClean = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IFieldSymbol, SyntaxNode?> _onlyCompletion = new(SymbolEqualityComparer.Default);
    private readonly System.Func<IFieldSymbol, SyntaxNode?> _computeOnlyCompletion;
    private readonly ConfinedCompletionSources _confinedSources;
    private readonly ConcurrentDictionary<IFieldSymbol, bool> _fieldHoldsSafeTasks = new(SymbolEqualityComparer.Default);
    private readonly System.Func<IFieldSymbol, bool> _computeFieldHoldsSafeTasks;
    private readonly System.Func<IFieldSymbol, bool> _computeFieldSourceIsClean;
    private readonly System.Func<IMethodSymbol, bool> _computeNoThrow;

    /// <summary>The compilation's task types.</summary>
    public AsyncTypes Types => _types;

    /// <summary>
    /// The delegate readings of this compilation (<see cref="ObservingDelegates"/>), one instance shared by the rules and by the
    /// callee decisions that read a handed-back continuation, so their caches are shared too.
    /// </summary>
    public ObservingDelegates Delegates { get; }

    /// <summary>The assembly the compilation builds: its methods' bodies are the ones that run.</summary>
    public IAssemblySymbol Assembly => _compilation.Assembly;

    /// <summary>
    /// A method of the compilation whose declarations contain no <c>throw</c> (statement or expression; lambdas and local
    /// functions are not part of its run) but checks of the use (<see cref="ContractGuards"/>), no
    /// delegate call and no library work (<see cref="FailureHandling.IsLibraryWork"/>), nor do those of the methods of the
    /// compilation it calls, about three calls deep. Once per method per compilation.
    /// </summary>
    public bool BodyHasNoThrow(IMethodSymbol method)
    {
        method = (method.ReducedFrom ?? method).OriginalDefinition;
        // A default constructor the compiler made (`new Result { Success = false }`) runs only field initializers.
        return (method.IsImplicitlyDeclared && method.MethodKind == MethodKind.Constructor) ||
               (!method.DeclaringSyntaxReferences.IsEmpty && _noThrowAt[0].GetOrAdd(method, _computeNoThrow));
    }

    /// <summary>
    /// Lambdas and local functions run when called, not where they are written (`new Timer(s =&gt; ((T)s).Tick(), …)` in
    /// azure-signalr's timer awaitable): their bodies are not part of the method's own run.
    /// </summary>
    private static readonly System.Func<SyntaxNode, bool> RunsInPlace =
        static node => node is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax);

    /// <summary>A callee met while deciding another: its decision is reused and kept, so each method is read about once.</summary>
    private bool CalleeHasNoThrow(IMethodSymbol callee, int depth)
    {
        var cache = _noThrowAt[System.Math.Min(depth, _noThrowAt.Length - 1)];
        if (cache.TryGetValue(callee, out var known))
        {
            return known;
        }

        var decided = DeclarationsHaveNoThrow(callee, depth);
        cache.TryAdd(callee, decided);
        return decided;
    }

    /// <summary>
    /// A method of the compilation whose own declarations throw other than to guard their use (<see cref="ContractGuards"/>):
    /// <c>static async Task ReportAndRethrowAsync(Exception e) { Log(e); throw new WrappedException(e); }</c>. Its callees are not
    /// read. Once per method per compilation.
    /// </summary>
    public bool ThrowsBeyondGuards(IMethodSymbol method)
    {
        method = (method.ReducedFrom ?? method).OriginalDefinition;
        return !method.DeclaringSyntaxReferences.IsEmpty &&
               SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly) &&
               _throwsBeyondGuards.GetOrAdd(method, _computeThrowsBeyondGuards);
    }

    private bool HasThrowBeyondGuards(IMethodSymbol method)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax();
            SemanticModel? model = null;
            foreach (var node in declaration.DescendantNodes(RunsInPlace))
            {
                if ((node.IsKind(SyntaxKind.ThrowStatement) || node.IsKind(SyntaxKind.ThrowExpression)) &&
                    !ContractGuards.IsGuard(node, model ??= ModelOf(declaration)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private bool DeclarationsHaveNoThrow(IMethodSymbol method, int depth)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax();
            SemanticModel? model = null;
            foreach (var node in declaration.DescendantNodes(RunsInPlace))
            {
                if (node.IsKind(SyntaxKind.ThrowStatement) || node.IsKind(SyntaxKind.ThrowExpression))
                {
                    // A check of the object's use (`if (!_isInitialized) throw new InvalidOperationException(…)`) is the
                    // project's own ThrowIf helper, housekeeping like the framework's.
                    model ??= ModelOf(declaration);
                    if (!ContractGuards.IsGuard(node, model))
                    {
                        return false;
                    }
                }
            }

            if (depth >= 3)
            {
                continue;
            }

            // The compilation's own calls, three deep (a helper that throws two calls down).
            model ??= ModelOf(declaration);
            foreach (var node in declaration.DescendantNodes(RunsInPlace))
            {
                if (node is not (InvocationExpressionSyntax or ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax) ||
                    model.GetSymbolInfo(node).Symbol is not IMethodSymbol callee)
                {
                    continue;
                }

                // Library work (`new Uri(…)`, `File.Delete`) and a callback (unknown code) can throw too.
                if (callee.MethodKind == MethodKind.DelegateInvoke ||
                    (!SymbolEqualityComparer.Default.Equals(callee.ContainingAssembly, _compilation.Assembly) &&
                     FailureHandling.IsLibraryWork(callee)))
                {
                    return false;
                }

                if (!callee.IsAbstract && SymbolEqualityComparer.Default.Equals(callee.ContainingAssembly, _compilation.Assembly) &&
                    !callee.DeclaringSyntaxReferences.IsEmpty &&
                    !SymbolEqualityComparer.Default.Equals(callee.OriginalDefinition, method) &&
                    !CalleeHasNoThrow((callee.ReducedFrom ?? callee).OriginalDefinition, depth + 1))
                {
                    return false;
                }
            }
        }

        return true;
    }

#pragma warning disable RS1030 // Once per callee per compilation, cached; the callee has no analysis context of its own here.
    private SemanticModel ModelOf(SyntaxNode declaration) => _compilation.GetSemanticModel(declaration.SyntaxTree);
#pragma warning restore RS1030

    /// <summary>The instance of a compilation, shared by every rule so each callee is decided once.</summary>
    public static CalleeFaultFacts For(Compilation compilation, AsyncTypes types) =>
        Shared.TryGetValue(compilation, out var facts) ? facts : Shared.GetValue(compilation, c => new CalleeFaultFacts(c, types));

    /// <summary>
    /// An async method of the compilation whose body is only trivial awaits and plain stores (<see cref="IsTrivialAsyncBody"/>):
    /// it completes at once, waiting on nothing, so there is nothing to cancel. Once per method per compilation.
    /// </summary>
    public bool IsTrivialAsyncMethod(IMethodSymbol method)
    {
        method = (method.ReducedFrom ?? method).OriginalDefinition;
        return method.IsAsync && method.DeclaringSyntaxReferences.Length == 1 &&
               SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly) &&
               _trivial.GetOrAdd(method, _computeTrivial);
    }

    private CalleeFaultFacts(Compilation compilation, AsyncTypes types)
    {
        _computeTrivial = method => BodyOf(method) is { } body && IsTrivialAsyncBody(body);
        _computeNoThrow = method => DeclarationsHaveNoThrow(method, depth: 0);
        _computeFieldSourceIsClean = ComputeFieldSourceIsClean;
        _computeOnlyCompletion = ComputeOnlyCompletion;
        _confinedSources = new ConfinedCompletionSources(compilation, IsTaskCompletionSource);
        _computeFieldHoldsSafeTasks = ComputeFieldHoldsSafeTasks;
        _computeShallow = method => Compute(method, followAwaits: false);
        _computeSelectsFatal = method => BodyOf(method) is { } body && FatalExceptions.BodySelects(body, method.Parameters[0]);
        _typeNamedBy = TypeNamedBy;
        _computeCompletesAtOnce = ComputeCompletesAtOnce;
        _computeThrowsBeyondGuards = method => HasThrowBeyondGuards(method);
        _computeAdmitsAllButFatal = method =>
            BodyOf(method) is { } body && CatchableExceptions.BodyAdmits(body, method.Parameters[0], _typeNamedBy);
        _computeTypeField = ComputeTypeField;
        _compilation = compilation;
        _types = types;
        _taskCompletionSource = TypeLookup.For(compilation).Find("System.Threading.Tasks.TaskCompletionSource");
        _taskCompletionSourceOfT = TypeLookup.For(compilation).Find("System.Threading.Tasks.TaskCompletionSource`1");
        _continuationOptions = TypeLookup.For(compilation).Find("System.Threading.Tasks.TaskContinuationOptions");
        _cancellationTokenRegistration = TypeLookup.For(compilation).Find("System.Threading.CancellationTokenRegistration");
        _exception = TypeLookup.For(compilation).Find("System.Exception");
        _compute = method => Compute(method, followAwaits: true);
        _computeNeverReturns = ComputeNeverReturns;
        _computeCannotThrow = method => BodyCannotThrow(method, depth: 1);
        _computeForwarded = ComputeForwarded;
        _computeThroughImplementations = ComputeThroughImplementations;
        _computeThroughOverrides = ComputeThroughOverrides;
        _computeVirtualNoThrow = ComputeVirtualNoThrow;
        Delegates = new ObservingDelegates(types, this);
    }

    /// <summary>
    /// <c>static bool IsFatal(this Exception e)</c> of the compilation whose body is true only for exceptions a process does not
    /// survive (<see cref="FatalExceptions.BodySelects"/>): <c>catch (Exception e) when (!e.IsFatal())</c> handles every other
    /// failure. Once per method per compilation.
    /// </summary>
    public bool SelectsOnlyFatal(IMethodSymbol method)
    {
        method = (method.ReducedFrom ?? method).OriginalDefinition;
        return IsExceptionTest(method) && _selectsFatal.GetOrAdd(method, _computeSelectsFatal);
    }

    /// <summary>
    /// <c>static bool IsCatchableExceptionType(this Exception e)</c> of the compilation whose body is false only for exceptions a
    /// process does not survive (<see cref="CatchableExceptions.BodyAdmits"/>): <c>catch (Exception e) when
    /// (e.IsCatchableExceptionType())</c> handles every other failure. Once per method per compilation.
    /// </summary>
    public bool AdmitsAllButFatal(IMethodSymbol method)
    {
        method = (method.ReducedFrom ?? method).OriginalDefinition;
        return IsExceptionTest(method) && _admitsAllButFatal.GetOrAdd(method, _computeAdmitsAllButFatal);
    }

    /// <summary>A <c>typeof(T)</c>, or a <c>static readonly Type</c> field of the compilation made from one: <c>T</c>.</summary>
    public ITypeSymbol? TypeNamedBy(IOperation operand) => TaskObservation.SkipImplicitConversions(operand) switch
    {
        ITypeOfOperation typeOf => typeOf.TypeOperand,
        IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } field } when
            field.DeclaringSyntaxReferences.Length == 1 &&
            SymbolEqualityComparer.Default.Equals(field.ContainingAssembly, _compilation.Assembly) =>
            _typeFields.GetOrAdd(field.OriginalDefinition, _computeTypeField),
        _ => null,
    };

    private ITypeSymbol? ComputeTypeField(IFieldSymbol field)
    {
        if (field.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax
            {
                Initializer.Value: TypeOfExpressionSyntax { Type: var named },
            })
        {
            return null;
        }

#pragma warning disable RS1030 // Once per field per compilation, cached; the field's tree has no analysis context here.
        return _compilation.GetSemanticModel(named.SyntaxTree).GetTypeInfo(named).Type;
#pragma warning restore RS1030
    }

    private bool IsExceptionTest(IMethodSymbol method) =>
        method is { IsStatic: true, IsAsync: false, IsExtern: false, MethodKind: MethodKind.Ordinary, Parameters.Length: 1 } &&
        method.ReturnType.SpecialType == SpecialType.System_Boolean && method.Parameters[0].RefKind == RefKind.None &&
        method.DeclaringSyntaxReferences.Length == 1 &&
        SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly);

    /// <summary>
    /// The method a non-async method of the compilation only forwards to: <c>Task CompleteAsync() =&gt; _ready.TrySetResultAsync(true);</c>
    /// (a body that is one returned call, through <c>ConfigureAwait</c>); null otherwise. Once per method per compilation.
    /// </summary>
    public IMethodSymbol? ForwardedCallee(IMethodSymbol method)
    {
        method = (method.ReducedFrom ?? method).OriginalDefinition;
        return !method.IsAsync && method.DeclaringSyntaxReferences.Length == 1 &&
               SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly)
            ? _forwardedTo.GetOrAdd(method, _computeForwarded)
            : null;
    }

    private IMethodSymbol? ComputeForwarded(IMethodSymbol method)
    {
        if (BodyOf(method) is not { Operations.Length: 1 } block ||
            block.Operations[0] is not IReturnOperation { ReturnedValue: { } returned } ||
            TaskObservation.SkipImplicitConversions(returned) is not { } value ||
            TaskObservation.UnwrapConfigureAwait(value, _types) is not IInvocationOperation call)
        {
            return null;
        }

        return call.TargetMethod;
    }

    /// <summary>
    /// The task of a call of <paramref name="method"/> cannot fault, whatever body the call dispatches to in this compilation: an
    /// interface member through every implementation (<see cref="ComputeThroughImplementations"/>), a virtual, abstract or
    /// unsealed override member through its own body and every override (<see cref="ComputeThroughOverrides"/>), any other
    /// method through its body. Once per method per compilation.
    /// </summary>
    public bool CannotFault(IMethodSymbol method)
    {
        method = (method.ReducedFrom ?? method).OriginalDefinition;
        if (!SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly))
        {
            return false;
        }

        if (method is { IsAbstract: true, ContainingType.TypeKind: TypeKind.Interface })
        {
            return _cannotFault.GetOrAdd(method, _computeThroughImplementations);
        }

        if (IsOverridable(method))
        {
            return _cannotFault.GetOrAdd(method, _computeThroughOverrides);
        }

        return OwnBodyCannotFault(method);
    }

    private bool OwnBodyCannotFault(IMethodSymbol method) =>
        method.DeclaringSyntaxReferences.Length == 1 && Decide(_ownBodyCannotFault, method, _compute);

    /// <summary>
    /// A body's decision, cached. A decision that needs itself (a composite whose <c>WhenAll</c> gathers calls of the interface
    /// it implements, a method handing back a run of itself) is taken as "can fault" there, and not cached. Every cycle of
    /// decisions passes through a body (an interface or override decision only reads bodies), so guarding bodies is enough.
    /// Decisions run synchronously on the analyzing thread: a body being decided on this thread is part of the same chain.
    /// </summary>
    private bool Decide(ConcurrentDictionary<IMethodSymbol, bool> cache, IMethodSymbol method, System.Func<IMethodSymbol, bool> compute)
    {
        if (cache.TryGetValue(method, out var known))
        {
            return known;
        }

        var deciding = new DecidingKey(method, System.Threading.Thread.CurrentThread.ManagedThreadId);
        if (!_deciding.TryAdd(deciding, 0))
        {
            return false;
        }

        try
        {
            return cache.GetOrAdd(method, compute(method));
        }
        finally
        {
            _deciding.TryRemove(deciding, out _);
        }
    }

    /// <summary>A body being decided, and the thread deciding it.</summary>
    private readonly struct DecidingKey : System.IEquatable<DecidingKey>
    {
        private readonly IMethodSymbol _method;
        private readonly int _thread;

        public DecidingKey(IMethodSymbol method, int thread)
        {
            _method = method;
            _thread = thread;
        }

        public bool Equals(DecidingKey other) =>
            _thread == other._thread && SymbolEqualityComparer.Default.Equals(_method, other._method);

        public override bool Equals(object? obj) => obj is DecidingKey other && Equals(other);

        public override int GetHashCode() => (SymbolEqualityComparer.Default.GetHashCode(_method) * 31) + _thread;
    }

    private static bool IsOverridable(IMethodSymbol method) =>
        (method.IsVirtual || method.IsAbstract || method.IsOverride) && !method.IsSealed && !method.ContainingType.IsSealed &&
        method.ContainingType.TypeKind == TypeKind.Class;

    /// <summary>Another assembly may implement or override it: a public or protected member of a type it can see.</summary>
    private static bool IsExtensibleOutside(IMethodSymbol member) =>
        member.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal &&
        IsVisibleOutside(member.ContainingType);

    /// <summary>
    /// A body that does no asynchronous work: a non-async one whose every return is <c>Task.CompletedTask</c>,
    /// <c>Task.FromResult(x)</c> or <c>default</c> (whatever it does before, as azure-signalr's default event handler logs the
    /// event and completes), or an async body of trivial awaits and stores. A null object or a default hook, standing in for
    /// implementations that do the work. A body that calls library work first (<see cref="FailureHandling.IsLibraryWork"/>:
    /// vstest's channel writes the message with a <c>BinaryWriter</c>, then completes) is the work, done synchronously.
    /// </summary>
    private bool IsPlaceholderBody(IMethodSymbol method)
    {
        if (method.IsAsync)
        {
            return IsTrivialAsyncMethod(method);
        }

        if (method.DeclaringSyntaxReferences.Length != 1 || BodyOf(method) is not { } block)
        {
            return false;
        }

        var returns = 0;
        foreach (var operation in block.Descendants())
        {
            if (operation is IInvocationOperation call && FailureHandling.IsLibraryWork(call.TargetMethod))
            {
                return false;
            }

            if (operation is not IReturnOperation { ReturnedValue: var value } returnOperation ||
                !TaskObservation.IsDirectlyIn(returnOperation, block))
            {
                continue;
            }

            returns++;
            if (!TaskObservation.IsCompletedTaskValue(value, _types))
            {
                return false;
            }
        }

        return returns > 0;
    }

    /// <summary>
    /// A virtual or abstract member (or an unsealed override) of a class: its own body, unless abstract, and every override in the
    /// compilation cannot fault, with at least one body. When another assembly can override it, the bodies here must include
    /// one that does work (not only placeholders, <see cref="IsPlaceholderBody"/>): a no-op hook is there to be overridden
    /// elsewhere.
    /// </summary>
    private bool ComputeThroughOverrides(IMethodSymbol member)
    {
        var bodies = 0;
        var working = 0;
        if (!member.IsAbstract && !CountBody(member, ref bodies, ref working))
        {
            return false;
        }

        foreach (var candidate in OverridesInCompilation(member))
        {
            if (!candidate.IsAbstract && !CountBody(candidate, ref bodies, ref working))
            {
                return false;
            }
        }

        return bodies > 0 && (working > 0 || !IsExtensibleOutside(member));
    }

    /// <summary>
    /// <c>if (Settings.AutoStartConsumers ?? true)</c> with <c>public virtual MessageBusSettings Settings { get; }</c>
    /// (SlimMessageBus' bus): a virtual member (not abstract) whose own body and every override's in the compilation have no
    /// throw (<see cref="BodyHasNoThrow"/>) is housekeeping like a fixed one. Once per member per compilation.
    /// </summary>
    public bool VirtualBodiesHaveNoThrow(IMethodSymbol member)
    {
        member = (member.ReducedFrom ?? member).OriginalDefinition;
        return !member.IsAbstract && SymbolEqualityComparer.Default.Equals(member.ContainingAssembly, _compilation.Assembly) &&
               _virtualNoThrow.GetOrAdd(member, _computeVirtualNoThrow);
    }

    private bool ComputeVirtualNoThrow(IMethodSymbol member)
    {
        if (!BodyHasNoThrow(member))
        {
            return false;
        }

        foreach (var candidate in OverridesInCompilation(member))
        {
            if (!candidate.IsAbstract && !BodyHasNoThrow(candidate))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The overrides of <paramref name="member"/> in the compilation, found by name (a property's accessors by the property's).</summary>
    private IEnumerable<IMethodSymbol> OverridesInCompilation(IMethodSymbol member)
    {
        var property = member.AssociatedSymbol as IPropertySymbol;
        foreach (var symbol in _compilation.GetSymbolsWithName(property?.Name ?? member.Name, SymbolFilter.Member))
        {
            var candidate = symbol switch
            {
                IMethodSymbol method when property is null => method,
                IPropertySymbol other when property is not null =>
                    member.MethodKind == MethodKind.PropertyGet ? other.GetMethod : other.SetMethod,
                _ => null,
            };

            if (candidate is { IsOverride: true } && Overrides(candidate, member))
            {
                yield return candidate.OriginalDefinition;
            }
        }
    }

    private bool CountBody(IMethodSymbol method, ref int bodies, ref int working)
    {
        if (!OwnBodyCannotFault(method))
        {
            return false;
        }

        bodies++;
        if (!IsPlaceholderBody(method))
        {
            working++;
        }

        return true;
    }

    private static bool Overrides(IMethodSymbol candidate, IMethodSymbol member)
    {
        for (var overridden = candidate.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, member))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsVisibleOutside(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <c>_ = stateMachine.MoveToCandidateState(this);</c> through an internal interface (dotNext's Raft states): the call cannot
    /// fault when every implementation in the compilation cannot (at least one; an implementing virtual member through its
    /// overrides too). A public interface (reverse-proxy's <c>IActiveHealthCheckMonitor</c>) may have implementations elsewhere:
    /// the ones here must include one that does work, not only null objects (<see cref="IsPlaceholderBody"/>). Implementations
    /// are found by the member's name (an explicit one ends with <c>.Name</c>) and confirmed with
    /// <c>FindImplementationForInterfaceMember</c>.
    /// </summary>
    private bool ComputeThroughImplementations(IMethodSymbol member)
    {
        var implementations = 0;
        var working = 0;
        foreach (var implementation in ImplementationsInCompilation(member))
        {
            if (!CannotFault(implementation))
            {
                return false;
            }

            implementations++;
            if (!IsPlaceholderBody(implementation))
            {
                working++;
            }
        }

        return implementations > 0 && (working > 0 || !IsVisibleOutside(member.ContainingType));
    }

    /// <summary>
    /// The implementations in the compilation of an interface member (original definitions), found by the member's name (an
    /// explicit one ends with <c>.Name</c>) and confirmed with <c>FindImplementationForInterfaceMember</c>.
    /// </summary>
    private IEnumerable<IMethodSymbol> ImplementationsInCompilation(IMethodSymbol member)
    {
        var name = member.Name;
        var suffix = "." + name;
        var interfaceType = member.ContainingType.OriginalDefinition;
        foreach (var symbol in _compilation.GetSymbolsWithName(
                     candidate => candidate == name || candidate.EndsWith(suffix, System.StringComparison.Ordinal), SymbolFilter.Member))
        {
            if (symbol is not IMethodSymbol { IsAbstract: false } candidate || candidate.ContainingType is not { } implementer ||
                implementer.TypeKind == TypeKind.Interface)
            {
                continue;
            }

            foreach (var implemented in implementer.AllInterfaces)
            {
                if (!SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, interfaceType))
                {
                    continue;
                }

                foreach (var constructed in implemented.GetMembers(name))
                {
                    if (constructed is IMethodSymbol constructedMember &&
                        SymbolEqualityComparer.Default.Equals(constructedMember.OriginalDefinition, member) &&
                        SymbolEqualityComparer.Default.Equals(
                            implementer.FindImplementationForInterfaceMember(constructedMember)?.OriginalDefinition, candidate.OriginalDefinition))
                    {
                        yield return candidate.OriginalDefinition;
                    }
                }
            }
        }
    }

    /// <summary>
    /// A call of an interface member of the compilation hands back a task that is already complete: every implementation in the
    /// compilation (at least one, none overridable) has a placeholder body (<see cref="IsPlaceholderBody"/>: every return a completed
    /// task, no library work) or is async with only <c>await Task.Yield();</c>, plain statements and returns of plain values
    /// (<c>return this.message;</c>). DSharpPlus' pagination requests hand back their fields as <c>Task.FromResult(this.message)</c>:
    /// awaiting such calls one after another waits for nothing. Once per method per compilation.
    /// </summary>
    public bool CompletesAtOnce(IMethodSymbol method)
    {
        method = (method.ReducedFrom ?? method).OriginalDefinition;
        return SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly) &&
               _completesAtOnce.GetOrAdd(method, _computeCompletesAtOnce);
    }

    private bool ComputeCompletesAtOnce(IMethodSymbol method)
    {
        if (method.ContainingType.TypeKind == TypeKind.Interface && method.IsAbstract)
        {
            var implementations = 0;
            foreach (var implementation in ImplementationsInCompilation(method))
            {
                if (implementation.ContainingType.TypeKind == TypeKind.Interface || IsOverridable(implementation) ||
                    !CompletesAtOnceItself(implementation))
                {
                    return false;
                }

                implementations++;
            }

            return implementations > 0;
        }

        // A concrete method is left out: a stub that completes at once (`static Task<int> F(int x) => Task.FromResult(x);`) stands
        // for work more often than it is the work; an interface implemented here only by holders of values is the pattern seen.
        return false;
    }

    /// <summary><c>await Task.Yield();</c> or <c>await Task.CompletedTask;</c>: no wait (a delay is one).</summary>
    private bool IsYield(IOperation statement) =>
        IsTrivialAwait(statement) &&
        statement is IExpressionStatementOperation { Operation: IAwaitOperation { Operation: var awaited } } &&
        TaskObservation.SkipImplicitConversions(awaited) is not IInvocationOperation { TargetMethod.Name: "Delay" };

    private bool CompletesAtOnceItself(IMethodSymbol method)
    {
        if (method.IsExtern || method.DeclaringSyntaxReferences.Length != 1)
        {
            return false;
        }

        if (!method.IsAsync)
        {
            return IsPlaceholderBody(method);
        }

        if (BodyOf(method) is not { } body)
        {
            return false;
        }

        foreach (var statement in body.Operations)
        {
            var plain = statement is IReturnOperation { ReturnedValue: { } value }
                ? IsPlainValue(TaskObservation.SkipImplicitConversions(value) ?? value)
                : IsYield(statement) || StatementCannotThrow(statement) || IsPlainMemberStore(statement);
            if (!plain)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>ContinueWith(…, TaskContinuationOptions.OnlyOnFaulted)</c>: the continuation is the observer.</summary>
    public bool IsFaultOnlyContinuation(IInvocationOperation call)
    {
        if (call.TargetMethod.Name != "ContinueWith" || _continuationOptions is null || !_types.IsTask(call.TargetMethod.ContainingType))
        {
            return false;
        }

        const int OnlyOnFaulted = 0x50000; // NotOnRanToCompletion | NotOnCanceled
        foreach (var argument in call.Arguments)
        {
            if (SymbolEqualityComparer.Default.Equals(argument.Value.Type, _continuationOptions) &&
                argument.Value.ConstantValue is { HasValue: true, Value: int options } &&
                (options & OnlyOnFaulted) == OnlyOnFaulted)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <see cref="CannotFault"/> of a method of the compilation, deciding its body without following its own awaits of other
    /// callees: what an await after a handling <c>try</c> may wait on. No decision waits on another, so cycles cannot recurse.
    /// </summary>
    public bool CannotFaultWithoutFollowingAwaits(IMethodSymbol method)
    {
        method = (method.ReducedFrom ?? method).OriginalDefinition;
        return SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly) &&
               method.DeclaringSyntaxReferences.Length == 1 && _cannotFaultShallow.GetOrAdd(method, _computeShallow);
    }

    private bool Compute(IMethodSymbol method, bool followAwaits) =>
        BodyOf(method) is { } block &&
        (method.IsAsync || method.ReturnsVoid
            ? FailureHandling.HandlesOwnFailures(block, _types, this, FailureHandling.EndsCanceledOnCancellation(method), followAwaits) ||
              (!method.IsAsync && method.ReturnsVoid && ForwardsToAHandlingMethod(block)) ||
              (method.IsAsync && IsTrivialAsyncBody(block)) ||
              (method.IsAsync && !method.ReturnsVoid && FailureHandling.HandlesItsAwaitedWork(block, _types, this, followAwaits))
            : EveryReturnCannotFault(block, followAwaits));

    /// <summary>
    /// An async body of statements that cannot throw: <c>await Task.CompletedTask;</c>, <c>await Task.Yield();</c>,
    /// <c>await Task.Delay(5);</c> (a constant, no token), statements that cannot throw (<see cref="StatementCannotThrow"/>), and
    /// stores of plain values into an auto-property or field of a parameter or <c>this</c> (<c>entry.Value = value;</c>). Coyote's
    /// tests race such writers to test <c>WhenAny</c> itself.
    /// </summary>
    private bool IsTrivialAsyncBody(IBlockOperation block)
    {
        foreach (var statement in block.Operations)
        {
            if (!IsTrivialAwait(statement) && !StatementCannotThrow(statement) && !IsPlainMemberStore(statement))
            {
                return false;
            }
        }

        return true;
    }

    private bool IsTrivialAwait(IOperation statement)
    {
        if (statement is not IExpressionStatementOperation { Operation: IAwaitOperation { Operation: var awaited } })
        {
            return false;
        }

        awaited = TaskObservation.SkipImplicitConversions(awaited);
        return awaited switch
        {
            IPropertyReferenceOperation { Property: { Name: "CompletedTask", IsStatic: true } property } => _types.IsTask(property.ContainingType),
            IInvocationOperation { TargetMethod: { Name: "Yield", IsStatic: true } yield } => _types.IsTask(yield.ContainingType),
            IInvocationOperation { TargetMethod: { Name: "Delay", IsStatic: true } delay, Arguments.Length: 1 } call =>
                _types.IsTask(delay.ContainingType) &&
                call.Arguments[0].Value.ConstantValue is { HasValue: true, Value: int milliseconds } && milliseconds >= 0,
            _ => false,
        };
    }

    private static bool IsPlainMemberStore(IOperation statement)
    {
        if (statement is not IExpressionStatementOperation { Operation: ISimpleAssignmentOperation assignment } ||
            !IsPlainValue(assignment.Value))
        {
            return false;
        }

        return assignment.Target switch
        {
            IFieldReferenceOperation { Instance: IParameterReferenceOperation or IInstanceReferenceOperation } => true,
            IPropertyReferenceOperation { Instance: IParameterReferenceOperation or IInstanceReferenceOperation, Arguments.IsEmpty: true } property =>
                IsAutoProperty(property.Property),
            _ => false,
        };
    }

    private static bool IsAutoProperty(IPropertySymbol property)
    {
        if (property.SetMethod is not { DeclaringSyntaxReferences.Length: 1 } setter ||
            setter.DeclaringSyntaxReferences[0].GetSyntax() is not AccessorDeclarationSyntax accessor)
        {
            return false;
        }

        return accessor.Body is null && accessor.ExpressionBody is null;
    }

    /// <summary>
    /// <c>void Received(object s, SocketAsyncEventArgs e) =&gt; HandleReceive(s, e);</c>: a synchronous body whose only statement
    /// calls (plainly, see <see cref="IsPlainCallSite"/>) a fixed synchronous <c>void</c> method of the compilation whose body
    /// handles its own failures. One hop only, so forwarders that call each other cannot recurse.
    /// </summary>
    private bool ForwardsToAHandlingMethod(IBlockOperation block)
    {
        if (FailureHandling.OnlyCall(block) is not { } call)
        {
            return false;
        }

        var target = call.TargetMethod.OriginalDefinition;
        return target.ReturnsVoid && IsPlainCallSite(call) && IsFixedCalleeOfTheCompilation(target) &&
               BodyOf(target) is { } targetBody && FailureHandling.HandlesOwnFailures(targetBody, _types, this);
    }

    /// <summary>The operation body of a method of the compilation with one declaration, or null.</summary>
    private IBlockOperation? BodyOf(IMethodSymbol method)
    {
        var syntax = method.DeclaringSyntaxReferences[0].GetSyntax();
        SyntaxNode? body = syntax switch
        {
            BaseMethodDeclarationSyntax declaration => (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody,
            LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody,
            _ => null,
        };
        if (body is null)
        {
            return null;
        }

        // Once per callee per compilation, for a callee that may sit in another tree than the call.
#pragma warning disable RS1030 // The callee's tree has no analysis context of its own here; the result is cached.
        var model = _compilation.GetSemanticModel(body.SyntaxTree);
#pragma warning restore RS1030
        return model.GetOperation(syntax) is { } declared ? BodyOf(declared) : null;
    }

    /// <summary>
    /// A statement that cannot throw, so a handling body may end with it after its <c>try</c>: an assignment of a
    /// plain value (<see cref="IsPlainValue"/>) to a local, a field or an auto-property of <c>this</c>, or a call that cannot throw.
    /// </summary>
    public bool StatementCannotThrow(IOperation statement) => StatementCannotThrow(statement, depth: 0);

    private bool StatementCannotThrow(IOperation statement, int depth) => statement switch
    {
        IExpressionStatementOperation { Operation: ISimpleAssignmentOperation assignment } => IsPlainStore(assignment),
        IExpressionStatementOperation { Operation: IInvocationOperation call } => CallCannotThrow(call, depth),
        IReturnOperation { ReturnedValue: null } => true,
        // `ct => exit = true` handed a value-returning delegate type (azure-webjobs-sdk's executor tests): the store is the body.
        IReturnOperation { ReturnedValue: ISimpleAssignmentOperation stored } => IsPlainStore(stored),
        // `Task.Run(() => ((TaskCompletionSource<T>)state).TrySetResult(result))` binds to Func<bool>: the body returns the call's
        // value (Confluent.Kafka's admin client completes its sources off the callback thread). Not a task: its fault is a value.
        IReturnOperation { ReturnedValue: IInvocationOperation returned }
            when !_types.IsTask(returned.Type) && !_types.IsValueTask(returned.Type) => CallCannotThrow(returned, depth),
        // `lock (this.mutex) { this.tcs.TrySetResult(null); }` on a field or local: its body's statements cannot throw either.
        ILockOperation
        {
            LockedValue: ILocalReferenceOperation or IFieldReferenceOperation { Instance: IInstanceReferenceOperation or null },
        } locked =>
            depth < 3 && BlockCannotThrow(locked.Body, depth + 1),
        IBlockOperation block => depth < 3 && BlockCannotThrow(block, depth + 1),
        // `if (tcs.TrySetResult(releaser)) { registration.Dispose(); }` (EventFlow's AsyncLock continuation): a test that
        // cannot throw choosing between statements that cannot throw.
        IConditionalOperation { Condition: var condition, WhenTrue: var whenTrue, WhenFalse: var whenFalse } =>
            depth < 3 && ConditionCannotThrow(condition, depth + 1) && BlockCannotThrow(whenTrue, depth + 1) &&
            (whenFalse is null || BlockCannotThrow(whenFalse, depth + 1)),
        _ => false,
    };

    /// <summary>
    /// A condition that cannot throw: a plain value, a call that cannot throw, or <c>!</c>, <c>&amp;&amp;</c>, <c>||</c>,
    /// <c>==</c> and <c>!=</c> (built in, no user operator) over such conditions.
    /// </summary>
    /// <summary>A condition that cannot throw (see the overload with a depth).</summary>
    public bool ConditionCannotThrow(IOperation condition) => ConditionCannotThrow(condition, depth: 0);

    private bool ConditionCannotThrow(IOperation condition, int depth) => condition switch
    {
        IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, OperatorMethod: null } not => ConditionCannotThrow(not.Operand, depth),
        IBinaryOperation
        {
            OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.Equals or
                BinaryOperatorKind.NotEquals,
            OperatorMethod: null,
        } binary => ConditionCannotThrow(binary.LeftOperand, depth) && ConditionCannotThrow(binary.RightOperand, depth),
        IInvocationOperation call => CallCannotThrow(call, depth),
        _ => IsPlainValue(condition),
    };

    /// <summary>A plain value stored into a local, a field of <c>this</c>, or an auto-property of <c>this</c>.</summary>
    private static bool IsPlainStore(ISimpleAssignmentOperation assignment) =>
        (assignment.Target is ILocalReferenceOperation or IFieldReferenceOperation { Instance: IInstanceReferenceOperation } ||
         (assignment.Target is IPropertyReferenceOperation { Instance: IInstanceReferenceOperation, Arguments.IsEmpty: true } own &&
          IsAutoProperty(own.Property))) &&
        (IsPlainValue(assignment.Value) || IsStaticPropertyRead(assignment.Value));

    private bool BlockCannotThrow(IOperation body, int depth)
    {
        foreach (var statement in body is IBlockOperation block ? block.Operations : ImmutableArray.Create(body))
        {
            if (!StatementCannotThrow(statement, depth))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <c>GC.KeepAlive(_handle)</c>, or a call of a non-virtual, non-async method of the compilation on <c>this</c> or a
    /// value-type receiver (no null to dereference), with plain arguments, whose body is only such statements
    /// (<c>continuation.KeepAlive();</c> on a struct whose <c>KeepAlive() =&gt; GC.KeepAlive(_handle)</c>). Nested calls are
    /// followed three deep; the first level is cached per method.
    /// </summary>
    private bool CallCannotThrow(IInvocationOperation call, int depth)
    {
        // `tcs.TrySetException(new TimeoutException())`, `Interlocked.Increment(ref _count)`, `cts.Dispose()`: library calls that cannot throw.
        if (FailureHandling.IsNonThrowingLibraryCall(call) || IsCompletionWithAReport(call))
        {
            return true;
        }

        if (!IsPlainCallSite(call))
        {
            return false;
        }

        var method = call.TargetMethod.OriginalDefinition;
        if (method is { Name: "KeepAlive", IsStatic: true, ContainingType: { Name: "GC", ContainingNamespace: { Name: "System" } ns } } &&
            ns.ContainingNamespace.IsGlobalNamespace)
        {
            return true;
        }

        // `registration.Dispose()` of a CancellationTokenRegistration (a struct: the receiver cannot be null) only unhooks the
        // callback; it waits for a running callback but does not throw.
        if (method is { Name: "Dispose", IsStatic: false, Parameters.IsEmpty: true } &&
            SymbolEqualityComparer.Default.Equals(method.ContainingType, _cancellationTokenRegistration))
        {
            return true;
        }

        if (depth > 3 || !IsFixedCalleeOfTheCompilation(method))
        {
            return false;
        }

        return depth == 0 ? _cannotThrow.GetOrAdd(method, _computeCannotThrow) : BodyCannotThrow(method, depth + 1);
    }

    /// <summary>
    /// A completion source (read from a local, parameter or field, through a cast) given a value the compilation builds without
    /// throwing: <c>TrySetException(new CreateTopicsException(result))</c> with an exception type of the compilation, or
    /// <c>TrySetResult(new DescribeTopicsResult { TopicDescriptions = results.TopicDescriptions })</c>; constructors (base ones
    /// included), setters and helpers of the compilation with no throw (<see cref="BodyHasNoThrow"/>), over plain values
    /// (Confluent.Kafka's admin client completes its sources this way off the callback thread).
    /// </summary>
    private bool IsCompletionWithAReport(IInvocationOperation call)
    {
        if (call.TargetMethod is not { Name: "TrySetException" or "TrySetResult", IsStatic: false, Parameters.Length: 1 } method ||
            call.Arguments.Length != 1 || call.Instance is null || !FailureHandling.IsPlainRead(call.Instance) ||
            !(SymbolEqualityComparer.Default.Equals(method.ContainingType.OriginalDefinition, _taskCompletionSourceOfT) ||
              SymbolEqualityComparer.Default.Equals(method.ContainingType.OriginalDefinition, _taskCompletionSource)))
        {
            return false;
        }

        var value = TaskObservation.SkipImplicitConversions(call.Arguments[0].Value);
        return method.Name == "TrySetResult"
            ? value is not null && ReportPartsHaveNoThrow(value, depth: 0)
            : value is IObjectCreationOperation { Constructor: { } constructor } report &&
              IsExceptionType(constructor.ContainingType) && ReportPartsHaveNoThrow(report, depth: 0);
    }

    private bool ReportPartsHaveNoThrow(IOperation value, int depth)
    {
        switch (TaskObservation.SkipImplicitConversions(value))
        {
            case { } plain when FailureHandling.IsPlainRead(plain):
                return true;
            case IObjectCreationOperation { Constructor: { } constructor } creation when depth < 3:
                // `new DescribeTopicsResult() { TopicDescriptions = results.TopicDescriptions }`: members set from such values.
                return IsOwnMethod(constructor) && BodyHasNoThrow(constructor) && ArgumentsHaveNoThrow(creation.Arguments, depth) &&
                       (creation.Initializer is null || InitializerHasNoThrow(creation.Initializer, depth));
            case IInvocationOperation { TargetMethod: { IsVirtual: false, IsAbstract: false } target } invoked when depth < 3:
                return IsOwnMethod(target) && BodyHasNoThrow(target) &&
                       (invoked.Instance is null || FailureHandling.IsPlainRead(invoked.Instance)) && ArgumentsHaveNoThrow(invoked.Arguments, depth);
            default:
                return false;
        }
    }

    private bool ArgumentsHaveNoThrow(ImmutableArray<IArgumentOperation> arguments, int depth)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.RefKind is not (null or RefKind.None) || !ReportPartsHaveNoThrow(argument.Value, depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    private bool InitializerHasNoThrow(IObjectOrCollectionInitializerOperation initializer, int depth)
    {
        foreach (var member in initializer.Initializers)
        {
            if (member is not ISimpleAssignmentOperation { Target: var target, Value: var value } ||
                !(target is IFieldReferenceOperation ||
                  (target is IPropertyReferenceOperation { Arguments.IsEmpty: true, Property.SetMethod: { } setter } &&
                   IsOwnMethod(setter) && BodyHasNoThrow(setter))) ||
                !ReportPartsHaveNoThrow(value, depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A method of the compilation with a body to read, or the constructor the compiler made for one of its types.</summary>
    private bool IsOwnMethod(IMethodSymbol method) =>
        SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly) &&
        (!method.DeclaringSyntaxReferences.IsEmpty || (method.IsImplicitlyDeclared && method.MethodKind == MethodKind.Constructor));

    private bool IsExceptionType(INamedTypeSymbol? type)
    {
        for (var current = type; current is not null && _exception is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, _exception))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>Task.Run(() =&gt; SafeDispose(handle))</c>: a call of a synchronous <c>void</c> method of the compilation whose body
    /// handles its own failures (<see cref="FailureHandling"/>), on <c>this</c> or a value-type receiver, with plain arguments.
    /// </summary>
    public bool HandlingCallCannotThrow(IInvocationOperation call)
    {
        var method = call.TargetMethod.OriginalDefinition;
        return method.ReturnsVoid && IsPlainCallSite(call) && IsFixedCalleeOfTheCompilation(method) && CannotFault(method);
    }

    /// <summary>The call site of <see cref="IsPlainCallSite"/>: receiver and arguments cannot throw when evaluated.</summary>
    public bool HasPlainArguments(IInvocationOperation call) => IsPlainCallSite(call);

    /// <summary>The receiver is <c>this</c>, none, or a plain value-type value (no null to dereference); every argument is plain.</summary>
    private static bool IsPlainCallSite(IInvocationOperation call)
    {
        if (call.Instance is { } instance &&
            !(instance is IInstanceReferenceOperation || (instance.Type is { IsValueType: true } && IsPlainValue(instance))))
        {
            return false;
        }

        foreach (var argument in call.Arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Parameter?.RefKind != RefKind.None || !IsPlainValue(argument.Value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A non-virtual, non-async, ordinary method or local function declared once in this compilation: its body is the one that runs.
    /// </summary>
    private bool IsFixedCalleeOfTheCompilation(IMethodSymbol method) =>
        !(method.IsVirtual || method.IsAbstract || method.IsOverride || method.IsAsync || method.IsExtern) &&
        method.MethodKind is MethodKind.Ordinary or MethodKind.LocalFunction && method.DeclaringSyntaxReferences.Length == 1 &&
        SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly);

    private bool BodyCannotThrow(IMethodSymbol method, int depth)
    {
        if (BodyOf(method) is not { } block)
        {
            return false;
        }

        foreach (var statement in block.Operations)
        {
            if (!StatementCannotThrow(statement, depth))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Values whose evaluation cannot throw: constants, <c>default</c>, locals, parameters, <c>this</c>, fields of <c>this</c>,
    /// and implicit built-in conversions of those (a boxing or an upcast).
    /// </summary>
    /// <summary>
    /// <c>AsyncContext.Current</c>: a static property read without arguments. No receiver to be null, and by the .NET design
    /// guidelines a property getter does not throw; an indexer (arguments) or an instance property does not count.
    /// </summary>
    private static bool IsStaticPropertyRead(IOperation value) =>
        value is IConversionOperation { OperatorMethod: null, Conversion.IsImplicit: true } conversion
            ? IsStaticPropertyRead(conversion.Operand)
            : value is IPropertyReferenceOperation { Instance: null, Arguments.IsEmpty: true, Property.IsStatic: true };

    private static bool IsPlainValue(IOperation value) => value switch
    {
        { ConstantValue.HasValue: true } or IDefaultValueOperation => true,
        ILocalReferenceOperation or IParameterReferenceOperation or IInstanceReferenceOperation => true,
        IFieldReferenceOperation { Instance: IInstanceReferenceOperation } => true,
        IConversionOperation { OperatorMethod: null, Conversion.IsImplicit: true } conversion => IsPlainValue(conversion.Operand),
        _ => false,
    };

    private static IBlockOperation? BodyOf(IOperation declared) => declared switch
    {
        IMethodBodyOperation methodBody => methodBody.BlockBody ?? methodBody.ExpressionBody,
        ILocalFunctionOperation local => local.Body,
        _ => null,
    };

    private bool EveryReturnCannotFault(IBlockOperation block, bool followAwaits)
    {
        var returns = 0;
        foreach (var operation in block.Descendants())
        {
            if (operation.Kind is OperationKind.AnonymousFunction or OperationKind.LocalFunction)
            {
                continue;
            }

            if (operation is IReturnOperation { ReturnedValue: var value } returnOperation && TaskObservation.IsDirectlyIn(returnOperation, block))
            {
                returns++;
                if (!IsPlaceholderOrObserver(TaskObservation.SkipImplicitConversions(value), block, followAwaits))
                {
                    return false;
                }
            }
        }

        return returns > 0;
    }

    /// <summary>
    /// A call of <paramref name="method"/> never hands back a task: a non-async, non-overridable method of the compilation whose
    /// body has no <c>return</c> but of a throw expression, so every path throws (durable's test entity's <c>Task Throw(bool
    /// serializable, bool deserializable)</c>, <c>=&gt; throw new NotSupportedException()</c>) or loops forever. A call of it throws
    /// to its caller, where a drop or a store of its result loses nothing; inside <c>Task.Run(() =&gt; Throw(…))</c> the throw
    /// faults the run's task, which is judged on its own. Once per method per compilation.
    /// </summary>
    public bool NeverHandsBackATask(IMethodSymbol method)
    {
        method = (method.ReducedFrom ?? method).OriginalDefinition;
        // Not a default interface method: an implementation may do the work its default body refuses.
        return !method.IsAsync && !IsOverridable(method) && method.ContainingType.TypeKind != TypeKind.Interface &&
               method.DeclaringSyntaxReferences.Length == 1 &&
               SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly) &&
               _neverReturns.GetOrAdd(method, _computeNeverReturns);
    }

    private bool ComputeNeverReturns(IMethodSymbol method)
    {
        if (BodyOf(method) is not { Operations.IsEmpty: false } block)
        {
            return false;
        }

        foreach (var operation in block.Descendants())
        {
            if (operation is IReturnOperation { ReturnedValue: var value } returned && TaskObservation.IsDirectlyIn(returned, block) &&
                TaskObservation.SkipImplicitConversions(value) is not IThrowOperation)
            {
                return false;
            }
        }

        return true;
    }

    private bool IsPlaceholderOrObserver(IOperation? value, IBlockOperation block, bool followAwaits)
    {
        // `return default;`, `ValueTask.CompletedTask`, `Task.FromResult(x)` (MagicOnion's fire-and-forget writer queues the
        // message and returns `default`).
        if (TaskObservation.IsCompletedTaskValue(value, _types))
        {
            return true;
        }

        switch (value)
        {
            case IObjectCreationOperation { Arguments.Length: 1, Type: var created } creation when _types.IsValueTask(created):
                // `new ValueTask<T>(result)` is completed; `new ValueTask<T>(task)` holds what the task holds.
                var wrapped = creation.Arguments[0];
                return (wrapped.Parameter is { } wrappedAs && !_types.IsTask(wrappedAs.Type)) ||
                       IsPlaceholderOrObserver(TaskObservation.SkipImplicitConversions(wrapped.Value), block, followAwaits);
            case ICoalesceOperation coalesce:
                // `return task ?? Task.CompletedTask;`
                return IsPlaceholderOrObserver(TaskObservation.SkipImplicitConversions(coalesce.Value), block, followAwaits) &&
                       IsPlaceholderOrObserver(TaskObservation.SkipImplicitConversions(coalesce.WhenNull), block, followAwaits);
            case IConditionalOperation { WhenFalse: { } whenFalse, IsRef: false } choice:
                // `return isPromise ? source.Task : Task.FromResult(result);` (the MongoDB driver's task-extension tests): either
                // task, so both must hold no failure.
                return IsPlaceholderOrObserver(TaskObservation.SkipImplicitConversions(choice.WhenTrue), block, followAwaits) &&
                       IsPlaceholderOrObserver(TaskObservation.SkipImplicitConversions(whenFalse), block, followAwaits);
            case IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation, Field: var held } when followAwaits:
                return FieldHoldsOnlyTasksThatCannotFault(held);
            case ILocalReferenceOperation { Local: var local } when followAwaits:
                return LocalHoldsOnlyHeldTasks(local, block);
            case IPropertyReferenceOperation { Property.Name: "CompletedTask", Property.IsStatic: true } completed:
                return SymbolEqualityComparer.Default.Equals(completed.Property.ContainingType, _types.Task);
            case IPropertyReferenceOperation { Property.Name: "Task", Instance: ILocalReferenceOperation source }:
                return IsTaskCompletionSource(source.Local.Type) &&
                       (!GetsAnException(source.Local, block) ||
                        (IsOnlyMadeHere(source.Local, block) && _confinedSources.KeepsEverySourceFaultFree(source.Local.ContainingType)));
            case IPropertyReferenceOperation
            {
                Property.Name: "Task", Instance: IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation, Field: var field },
            }:
                return IsTaskCompletionSource(field.Type) && FieldSourceGetsNoException(field);
            case IParameterReferenceOperation parameter:
                return AttachesFaultObserver(parameter.Parameter, block);
            case IInvocationOperation call:
                var core = TaskObservation.UnwrapConfigureAwait(call, _types) as IInvocationOperation ?? call;
                return (core.TargetMethod.IsStatic && core.TargetMethod.Name == "FromResult" &&
                        TaskObservation.ReturnsTaskThatNeedsNoObserver(core.TargetMethod, _types)) ||
                       IsFaultOnlyContinuation(core) || IsRunOfAHandlingLambda(core, followAwaits) ||
                       IsObservingContinuation(core) ||
                       (followAwaits && TaskObservation.IsWhenAll(core.TargetMethod, _types) &&
                        WhenAllCatchInspection.GathersOnlyTasksThatCannotFault(core, block, this));
            default:
                return false;
        }
    }

    /// <summary>
    /// <c>return Task.Delay(ms, token).ContinueWith(task =&gt; LogTimeouts(task));</c> (omnisharp-roslyn's analyzer work queue): a
    /// handed-back continuation that would be silent dropped where it is made (<see cref="ObservingDelegates.ObserveTheirOwnFailure"/>:
    /// its antecedent holds no failure and its body cannot throw, or it reads its antecedent's outcome) is silent dropped by the
    /// caller too.
    /// </summary>
    /// <remarks>
    /// Not a continuation the caller hands in (<c>Task Attach(this Task task, Action&lt;Task&gt; action) =&gt;
    /// task.ContinueWith(action, …)</c>, Elastic APM's test helper): a delegate parameter is the caller's code, and its own
    /// failure (a test's assertion in it) lands in the task handed back.
    /// </remarks>
    private bool IsObservingContinuation(IInvocationOperation call)
    {
        if (call.TargetMethod.Name != "ContinueWith" || !_types.IsTask(call.TargetMethod.ContainingType))
        {
            return false;
        }

        foreach (var argument in call.Arguments)
        {
            var value = TaskObservation.SkipImplicitConversions(argument.Value);
            if (value is IDelegateCreationOperation { Target: var target })
            {
                value = target;
            }

            if (value is IParameterReferenceOperation { Parameter.Type.TypeKind: TypeKind.Delegate })
            {
                return false;
            }
        }

        return Delegates.ObserveTheirOwnFailure(call);
    }

    /// <summary>
    /// <c>return Task.Run(async () =&gt; { try { … } catch (Exception ex) { completion.SetException(ex); } });</c> (Coyote's siloed actor
    /// context routes the failure into the completion source its caller returns): <c>Task.Run</c> of a lambda that handles its own
    /// failures (<see cref="FailureHandling"/>), as an async method with that body would.
    /// </summary>
    public bool RunsAHandlingLambda(IInvocationOperation call) => IsRunOfAHandlingLambda(call, followAwaits: true);

    /// <summary>
    /// A task-returning lambda whose task cannot fault: an async one whose body handles its own failures, or one that returns a
    /// call of an async method of the compilation that cannot fault (<c>id =&gt; ProcessAsync(id)</c>).
    /// </summary>
    public bool LambdaCannotFault(IAnonymousFunctionOperation lambda)
    {
        if (FailureHandling.LambdaHandlesOwnFailures(lambda, _types, this))
        {
            return true;
        }

        return lambda.Body.Operations.Length == 1 &&
               lambda.Body.Operations[0] is IReturnOperation { ReturnedValue: { } returned } &&
               TaskObservation.SkipImplicitConversions(returned) is IInvocationOperation { TargetMethod.IsAsync: true } call &&
               CannotFault(call.TargetMethod);
    }

    private bool IsRunOfAHandlingLambda(IInvocationOperation call, bool followAwaits)
    {
        if (!TaskObservation.IsStaticMethodOf(call.TargetMethod, _types.Task, "Run") || call.Arguments.Length == 0)
        {
            return false;
        }

        var work = TaskObservation.SkipImplicitConversions(call.Arguments[0].Value);
        if (work is IDelegateCreationOperation creation)
        {
            work = creation.Target;
        }

        return work is IAnonymousFunctionOperation lambda && FailureHandling.LambdaHandlesOwnFailures(lambda, _types, this, followAwaits);
    }

    /// <summary>
    /// <c>task.ContinueWith(observe, TaskContinuationOptions.OnlyOnFaulted); return task;</c>: the returned
    /// parameter's fault is observed by a continuation the body attaches as a statement of its own.
    /// </summary>
    private bool AttachesFaultObserver(IParameterSymbol parameter, IBlockOperation block)
    {
        foreach (var statement in block.Operations)
        {
            if (statement is IExpressionStatementOperation { Operation: IInvocationOperation continuation } &&
                TaskObservation.SkipImplicitConversions(continuation.Instance) is IParameterReferenceOperation antecedent &&
                SymbolEqualityComparer.Default.Equals(antecedent.Parameter, parameter) &&
                IsFaultOnlyContinuation(continuation))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>Task task = null; lock (_lock) { task = this.receivePumpTask; … } return task ?? Task.CompletedTask;</c> (the Event Hubs
    /// receiver's pump shutdown): a local written only with <c>null</c> and reads of fields that hold only tasks that cannot
    /// fault (<see cref="FieldHoldsOnlyTasksThatCannotFault"/>), at least one.
    /// </summary>
    private bool LocalHoldsOnlyHeldTasks(ILocalSymbol local, IBlockOperation block)
    {
        var held = 0;
        foreach (var operation in block.Descendants())
        {
            IOperation? written = operation switch
            {
                IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local) =>
                    declarator.Initializer?.Value,
                ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                    when SymbolEqualityComparer.Default.Equals(target.Local, local) => assignment.Value,
                ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local) &&
                                                        reference.Parent is IArgumentOperation { Parameter.RefKind: not RefKind.None } =>
                    reference,
                _ => null,
            };
            switch (TaskObservation.SkipImplicitConversions(written))
            {
                case null or { ConstantValue: { HasValue: true, Value: null } } or IDefaultValueOperation:
                    continue;
                case IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation, Field: var field }
                    when FieldHoldsOnlyTasksThatCannotFault(field):
                    held++;
                    continue;
                default:
                    return false;
            }
        }

        return held > 0;
    }

    /// <summary>
    /// A private task field of the compilation whose every write in its type stores <c>null</c> or the task of a fixed method of
    /// the compilation that cannot fault (<c>this.receivePumpTask = this.ReceivePumpAsync(token, …);</c>, whose body is one
    /// handling try), at least one. Decided without following that method's own awaits; once per field per compilation.
    /// </summary>
    private bool FieldHoldsOnlyTasksThatCannotFault(IFieldSymbol field)
    {
        field = field.OriginalDefinition;
        return field.DeclaredAccessibility == Accessibility.Private && _types.IsTask(field.Type) &&
               SymbolEqualityComparer.Default.Equals(field.ContainingAssembly, _compilation.Assembly) &&
               _fieldHoldsSafeTasks.GetOrAdd(field, _computeFieldHoldsSafeTasks);
    }

    private bool ComputeFieldHoldsSafeTasks(IFieldSymbol field)
    {
        var stores = 0;
        foreach (var (use, model) in UsesOf(field))
        {
            ExpressionSyntax stored;
            if (use is VariableDeclaratorSyntax { Initializer.Value: { } initial })
            {
                stored = initial;
            }
            else if (use.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not 0 })
            {
                return false;
            }
            else if (use.Parent is AssignmentExpressionSyntax assignment && assignment.Left == use)
            {
                if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression))
                {
                    return false;
                }

                stored = assignment.Right;
            }
            else
            {
                continue;
            }

            switch (TaskObservation.SkipImplicitConversions(model.GetOperation(stored)))
            {
                case { ConstantValue: { HasValue: true, Value: null } } or IDefaultValueOperation:
                    continue;
                case IInvocationOperation { Instance: null or IInstanceReferenceOperation, TargetMethod: var method }
                    when method is { IsVirtual: false, IsAbstract: false, IsOverride: false } && CannotFaultWithoutFollowingAwaits(method):
                    stores++;
                    continue;
                default:
                    return false;
            }
        }

        return stores > 0;
    }

    /// <summary>
    /// Every place a field of the compilation is named in its type's declarations, with the semantic model of its tree: its
    /// declarator (with an initializer), and each use as <c>_f</c>, <c>this._f</c> or <c>other._f</c> (the member access then),
    /// confirmed by symbol. For the once-per-field decisions about what a type does with its own field.
    /// </summary>
    private List<(SyntaxNode Use, SemanticModel Model)> UsesOf(IFieldSymbol field)
    {
        var uses = new List<(SyntaxNode, SemanticModel)>();
        foreach (var reference in field.ContainingType.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax();
            SemanticModel? model = null;
            foreach (var node in declaration.DescendantNodes())
            {
                var named = node switch
                {
                    VariableDeclaratorSyntax { Initializer: not null } declarator => declarator.Identifier.ValueText == field.Name,
                    IdentifierNameSyntax identifier => identifier.Identifier.ValueText == field.Name,
                    _ => false,
                };
                if (!named)
                {
                    continue;
                }

#pragma warning disable RS1030 // Once per field per compilation, cached; the type's trees have no analysis context here.
                model ??= _compilation.GetSemanticModel(declaration.SyntaxTree);
#pragma warning restore RS1030
                var symbol = node is VariableDeclaratorSyntax ? model.GetDeclaredSymbol(node) : model.GetSymbolInfo(node).Symbol;
                if (!SymbolEqualityComparer.Default.Equals(symbol?.OriginalDefinition, field))
                {
                    continue;
                }

                var use = node.Parent is MemberAccessExpressionSyntax qualified && qualified.Name == node ? qualified : node;
                uses.Add((use, model));
            }
        }

        return uses;
    }

    /// <summary>
    /// <c>_releaseHandler.SetResult(true);</c> in a test method without parameters, where <c>_releaseHandler</c> is a private
    /// readonly completion-source field made at its declaration whose every other use in its type reads its <c>Task</c> (the MCP
    /// SDK's handler-lifecycle tests): a test framework runs a test method once per test class instance (xUnit makes one per
    /// test; a method without parameters is not run again with other data), so the one completion cannot find the source
    /// completed already. Outside a loop. Once per field per compilation.
    /// </summary>
    public bool IsOnlyCompletionOfATestFieldSource(IInvocationOperation completion)
    {
        if (completion is not
            {
                TargetMethod.Name: "SetResult" or "SetCanceled",
                Instance: IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation, Field: var field },
            } ||
            !IsTaskCompletionSource(field.Type) || field.DeclaredAccessibility != Accessibility.Private || !field.IsReadOnly ||
            !SymbolEqualityComparer.Default.Equals(field.ContainingAssembly, _compilation.Assembly) ||
            ObservationPaths.EnclosingLoop(completion) is not null ||
            completion.SemanticModel?.GetEnclosingSymbol(completion.Syntax.SpanStart) is not { } enclosing)
        {
            return false;
        }

        // The test method itself, or a lambda or local function in it.
        while (enclosing is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } inner &&
               inner.ContainingSymbol is { } outer)
        {
            enclosing = outer;
        }

        return enclosing is IMethodSymbol { Parameters.IsEmpty: true } test && TestFrameworkApis.IsTestMethod(test) &&
               _onlyCompletion.GetOrAdd(field.OriginalDefinition, _computeOnlyCompletion) is { } only &&
               only.Span == completion.Syntax.Span && only.SyntaxTree == completion.Syntax.SyntaxTree;
    }

    private SyntaxNode? ComputeOnlyCompletion(IFieldSymbol field)
    {
        SyntaxNode? only = null;
        var made = false;
        foreach (var (use, _) in UsesOf(field))
        {
            switch (use)
            {
                case VariableDeclaratorSyntax { Initializer.Value: BaseObjectCreationExpressionSyntax }:
                    made = true;
                    continue;
                case ExpressionSyntax when use.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Task" } read &&
                                           read.Expression == use:
                    continue;
                case ExpressionSyntax when only is null &&
                                           use.Parent is MemberAccessExpressionSyntax
                                           {
                                               Name.Identifier.ValueText: "SetResult" or "SetCanceled", Parent: InvocationExpressionSyntax call,
                                           } completing && completing.Expression == use:
                    only = call;
                    continue;
                default:
                    return null;
            }
        }

        return made ? only : null;
    }

    /// <summary>
    /// <c>lock (_mutex) { return _tcs.Task; }</c> (an async manual-reset event, as Foundatio vendors Nito.AsyncEx's): a private
    /// completion-source field whose every use in its type's declarations reads its <c>Task</c>, completes or cancels it
    /// (<c>TrySetResult</c>, <c>SetResult</c>, <c>TrySetCanceled</c>, <c>SetCanceled</c>) or stores a new source into it. Its
    /// task cannot fault. A <c>SetException</c>, or the field handed elsewhere, and it can. Once per field per compilation.
    /// </summary>
    private bool FieldSourceGetsNoException(IFieldSymbol field)
    {
        field = field.OriginalDefinition;
        return field.DeclaredAccessibility == Accessibility.Private &&
               SymbolEqualityComparer.Default.Equals(field.ContainingAssembly, _compilation.Assembly) &&
               _fieldSourceIsClean.GetOrAdd(field, _computeFieldSourceIsClean);
    }

    private bool ComputeFieldSourceIsClean(IFieldSymbol field)
    {
        foreach (var (use, _) in UsesOf(field))
        {
            // `_tcs`, `this._tcs` or `other._tcs` (a debugger view of the same type), then what is done with it; the
            // declarator's initializer only makes a new source.
            switch (use.Parent)
            {
                case VariableDeclarationSyntax:
                case MemberAccessExpressionSyntax member when member.Expression == use &&
                                                              member.Name.Identifier.ValueText is "Task" or "TrySetResult" or
                                                                  "SetResult" or "TrySetCanceled" or "SetCanceled":
                case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment
                    when assignment.Left == use:
                    continue;
                default:
                    return false;
            }
        }

        return true;
    }

    /// <summary><c>TaskCompletionSource</c> or <c>TaskCompletionSource&lt;T&gt;</c>, as the compilation binds them.</summary>
    public bool IsTaskCompletionSource(ITypeSymbol type) =>
        SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _taskCompletionSource) ||
        SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _taskCompletionSourceOfT);

    /// <summary>
    /// The local is only ever given new sources (<c>var tcs = new TaskCompletionSource&lt;T&gt;(…)</c>): one made here, not one a
    /// caller handed in and may fault.
    /// </summary>
    private static bool IsOnlyMadeHere(ILocalSymbol source, IBlockOperation block)
    {
        var made = false;
        foreach (var operation in block.Descendants())
        {
            var value = operation switch
            {
                IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, source) =>
                    declarator.GetVariableInitializer()?.Value,
                ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                    when SymbolEqualityComparer.Default.Equals(target.Local, source) => assignment.Value,
                _ => null,
            };
            if (value is null)
            {
                continue;
            }

            if (TaskObservation.SkipImplicitConversions(value) is not IObjectCreationOperation)
            {
                return false;
            }

            made = true;
        }

        return made;
    }

    /// <summary>Anything but completing or cancelling it (SetException, or the source handed elsewhere) counts.</summary>
    private static bool GetsAnException(ILocalSymbol source, IBlockOperation block)
    {
        foreach (var operation in block.Descendants())
        {
            if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, source))
            {
                switch (reference.Parent)
                {
                    case IInvocationOperation { TargetMethod.Name: "SetResult" or "TrySetResult" or "SetCanceled" or "TrySetCanceled" } call
                        when call.Instance == reference:
                    case IPropertyReferenceOperation { Property.Name: "Task" }:
                    case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                    case IVariableDeclaratorOperation:
                        continue;
                    default:
                        return true;
                }
            }
        }

        return false;
    }
}
