using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace AsyncGuide.Analyzers;

/// <summary>
/// Which receivers the AG02xx rules may call twice at once. Never: a receiver that may reach a
/// non-concurrent object (<see cref="NonConcurrentTypes"/>) — a type of this compilation holding one
/// in its instance state (fields, auto-properties, captured primary-constructor parameters),
/// followed through the compilation's own types to <see cref="FollowDepth"/> levels, and the
/// interfaces and abstract bases such a type implements (a service only sees
/// <c>IOrderRepository</c>); and a type of a referenced application assembly judged the same way from
/// what its symbols show (fields, properties, and the parameters of its public and protected
/// constructors: what dependency injection hands it), or an interface or base such a type implements.
/// A repository whose constructor takes <c>IServiceScopeFactory</c> or <c>IDbContextFactory&lt;T&gt;</c> makes
/// a context per call and holds none: it may be shared. Everything else may be shared, subject to the order
/// rules of <see cref="AwaitIndependence"/>. Built once per compilation; the walk over the compilation's
/// types runs once per set of configured types, the first time a receiver is asked about; referenced types
/// are judged on demand, the receiver types asked about and what they hold, to <see cref="FollowDepth"/> levels.
/// </summary>
internal sealed class ReceiverSafety
{
    /// <summary><c>strict</c>: only thread-safe-by-contract clients may be called twice at once (the behaviour before 0.3).</summary>
    public const string ReceiversOptionSuffix = ".receivers";

    /// <summary>How far "holds a DbContext" is followed through fields of the compilation's own types.</summary>
    private const int FollowDepth = 3;

    private readonly Compilation _compilation;
    private readonly NonConcurrentTypes _nonConcurrent;
    private readonly List<INamedTypeSymbol> _contractSafe = new();
    private readonly ConditionalWeakTable<HashSet<INamedTypeSymbol>, HashSet<INamedTypeSymbol>> _tainted = new();
    private readonly ConditionalWeakTable<AnalyzerConfigOptions, object> _strict = new();
    private readonly ConditionalWeakTable<HashSet<INamedTypeSymbol>, ConcurrentDictionary<INamedTypeSymbol, bool>> _foreignUnsafe = new();
    private readonly Lazy<Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>> _foreignImplementations;
    private readonly ConditionalWeakTable<HashSet<INamedTypeSymbol>, ConcurrentDictionary<IMethodSymbol, bool>> _ownCallUnsafe = new();
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _writesOwnState = new(SymbolEqualityComparer.Default);

    public ReceiverSafety(Compilation compilation, NonConcurrentTypes nonConcurrent)
    {
        _compilation = compilation;
        _nonConcurrent = nonConcurrent;
        _foreignImplementations = new Lazy<Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>>(ComputeForeignImplementations);

        // Documented as safe for concurrent calls on one instance.
        foreach (var name in new[]
                 {
                     "System.Net.Http.HttpMessageInvoker",
                     "Grpc.Core.ClientBase",
                     "StackExchange.Redis.IConnectionMultiplexer",
                     "StackExchange.Redis.IDatabaseAsync",
                     "StackExchange.Redis.ISubscriber",
                     "Azure.Storage.Blobs.BlobServiceClient",
                     "Azure.Storage.Blobs.BlobContainerClient",
                     "Azure.Storage.Blobs.Specialized.BlobBaseClient",
                     "Azure.Messaging.ServiceBus.ServiceBusClient",
                     "Azure.Messaging.ServiceBus.ServiceBusSender",
                     "Azure.Data.Tables.TableClient",
                     "Azure.Security.KeyVault.Secrets.SecretClient",
                     "Microsoft.Azure.Cosmos.Container",
                     "Microsoft.Azure.Cosmos.CosmosClient",
                 })
        {
            if (TypeLookup.For(compilation).Find(name) is { } type)
            {
                _contractSafe.Add(type);
            }
        }
    }

    /// <summary>True when <c>asyncguide.&lt;rule&gt;.receivers = strict</c> applies to the options' file.</summary>
    public bool IsStrict(AnalyzerConfigOptions options, string ruleId)
    {
        if (_strict.TryGetValue(options, out var known))
        {
            return known is true;
        }

        return _strict.GetValue(options, o =>
            o.TryGetValue("asyncguide." + ruleId + ReceiversOptionSuffix, out var value) &&
            string.Equals(value?.Trim(), "strict", StringComparison.OrdinalIgnoreCase)) is true;
    }

    /// <summary>HttpClient, gRPC clients, Redis multiplexer handles, Azure SDK clients: documented as thread-safe.</summary>
    public bool IsThreadSafeByContract(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (IsContractSafe(current.OriginalDefinition))
            {
                return true;
            }
        }

        if (type is not null)
        {
            foreach (var @interface in type.AllInterfaces)
            {
                if (IsContractSafe(@interface.OriginalDefinition))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// True when a call on a receiver of this type may use a non-concurrent object the call site cannot
    /// see (a repository holding the DbContext). Such calls are never gathered, even on two receivers:
    /// two repositories usually share one scoped context.
    /// </summary>
    public bool MayReachNonConcurrentState(ITypeSymbol? type, HashSet<INamedTypeSymbol> configured)
    {
        if (type is not INamedTypeSymbol named || IsThreadSafeByContract(type))
        {
            return false;
        }

        var definition = named.OriginalDefinition;
        if (SymbolEqualityComparer.Default.Equals(definition.ContainingAssembly, _compilation.Assembly))
        {
            return TaintedTypes(configured).Contains(definition);
        }

        return IsForeignUnsafe(definition, configured);
    }

    /// <summary>
    /// A call on <c>this</c> to a method of the type: unsafe only when the instance state the method uses may reach a
    /// non-concurrent object, not whenever the type holds one somewhere. <c>GetUsersAsync(ids)</c>, a private helper
    /// over <c>_userRepository</c>, is gathered although the class also holds a service over a DbContext. Judged from
    /// the syntax of the method and of what it calls of the type (<see cref="OwnCallReaches"/>); a method that may be
    /// overridden, or that hands <c>this</c> on, is judged by the type as before.
    /// </summary>
    public bool MayReachNonConcurrentStateThroughOwnCall(IMethodSymbol method, HashSet<INamedTypeSymbol> configured)
    {
        var type = method.ContainingType;
        if (!MayReachNonConcurrentState(type, configured))
        {
            return false;
        }

        return !HasSource(type) || MethodMayReach(method, configured);
    }

    /// <summary>
    /// A call on another object (<c>controller.FromModel(store)</c> from a test, <c>_reports.GetSummary(id)</c> on a class of
    /// the compilation): when the receiver's type may reach a non-concurrent object, the call is still judged by what the
    /// method uses, as for a call on <c>this</c>, when the method is an ordinary method of a class whose source the
    /// compilation sees (its own types, and in the IDE the projects it references), and not one that may be overridden.
    /// Interface and abstract members, and types known only from metadata, are judged by the receiver's type.
    /// </summary>
    public bool MayReachNonConcurrentStateThroughCall(ITypeSymbol? receiverType, IMethodSymbol method, HashSet<INamedTypeSymbol> configured)
    {
        if (!MayReachNonConcurrentState(receiverType, configured))
        {
            return false;
        }

        return method.IsStatic || method.MethodKind != MethodKind.Ordinary ||
               method.ContainingType is not { TypeKind: TypeKind.Class } type || !HasSource(type) ||
               MethodMayReach(method, configured);
    }

    private bool MethodMayReach(IMethodSymbol method, HashSet<INamedTypeSymbol> configured)
    {
        var known = _ownCallUnsafe.GetValue(configured, _ => new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default));
        var definition = method.OriginalDefinition;
        if (known.TryGetValue(definition, out var unsafeCall))
        {
            return unsafeCall;
        }

        var visited = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        unsafeCall = OwnCallReaches(definition, TaintedTypes(configured), configured, visited);
        known.TryAdd(definition, unsafeCall);
        return unsafeCall;
    }

    /// <summary>
    /// True when a method of a class whose source is seen assigns instance state of its own type, directly or through the
    /// type's other methods it calls: <c>_httpClient = client;</c>, <c>_targetFolderId ??= id;</c>, <c>_cache[key] = v;</c>,
    /// <c>_count++</c>. Such a method is not a read, whatever its name: <c>GetClientAsync()</c> that creates and keeps the
    /// client, called at once with <c>FindFileEntryAsync()</c> that calls it too, races on the field (duplicati's backends).
    /// Names are matched on the safe side (a local that shadows a field counts as the field); cached per method.
    /// </summary>
    public bool WritesOwnState(IMethodSymbol method)
    {
        var definition = method.OriginalDefinition;
        if (definition.MethodKind != MethodKind.Ordinary || definition.IsStatic || definition.ContainingType is not { } type ||
            !HasSource(type))
        {
            return false;
        }

        if (_writesOwnState.TryGetValue(definition, out var known))
        {
            return known;
        }

        var visited = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        known = WritesOwnState(definition, visited);
        _writesOwnState.TryAdd(definition, known);
        return known;
    }

    private bool WritesOwnState(IMethodSymbol method, HashSet<ISymbol> visited)
    {
        if (!visited.Add(method) || visited.Count > OwnCallBudget || method.ContainingType is not { } type)
        {
            return false;
        }

        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax().DescendantNodes())
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax assignment when NamesInstanceState(assignment.Left, type):
                    case PrefixUnaryExpressionSyntax
                        {
                            RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression,
                        } prefix
                        when NamesInstanceState(prefix.Operand, type):
                    case PostfixUnaryExpressionSyntax
                        {
                            RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression,
                        } postfix when NamesInstanceState(postfix.Operand, type):
                        return true;
                    case InvocationExpressionSyntax
                        {
                            Expression: IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax },
                        } call:
                        var name = call.Expression is IdentifierNameSyntax identifier
                            ? identifier.Identifier.ValueText
                            : ((MemberAccessExpressionSyntax)call.Expression).Name.Identifier.ValueText;
                        foreach (var candidate in type.GetMembers(name))
                        {
                            if (candidate is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false } own && WritesOwnState(own, visited))
                            {
                                return true;
                            }
                        }

                        break;
                }
            }
        }

        return false;
    }

    /// <summary><c>_field</c>, <c>this._field</c>, <c>_map[key]</c>: an instance field or property of the type (or a base with source).</summary>
    private bool NamesInstanceState(ExpressionSyntax target, INamedTypeSymbol type)
    {
        var name = target switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var member } => member.Identifier.ValueText,
            ElementAccessExpressionSyntax { Expression: var collection } => collection switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var member } => member.Identifier.ValueText,
                _ => null,
            },
            _ => null,
        };
        if (name is null)
        {
            return false;
        }

        for (var current = type; current is not null && HasSource(current); current = current.BaseType)
        {
            foreach (var candidate in current.GetMembers(name))
            {
                if (candidate is IFieldSymbol { IsStatic: false, IsConst: false } or IPropertySymbol { IsStatic: false })
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The most members of the type one call on <c>this</c> is followed through.</summary>
    private const int OwnCallBudget = 32;

    /// <summary>
    /// True when <paramref name="member"/>'s body may use unsafe state: it names (by identifier) an instance field,
    /// property or captured primary-constructor parameter of its type whose type is unsafe, or a member of the type
    /// that does, or it may be overridden, has no body here, or uses <c>this</c>/<c>base</c> other than to name a member.
    /// Names are matched on the safe side: a local that shadows a field counts as the field.
    /// </summary>
    private bool OwnCallReaches(ISymbol member, HashSet<INamedTypeSymbol> tainted, HashSet<INamedTypeSymbol> configured, HashSet<ISymbol> visited)
    {
        if (!visited.Add(member))
        {
            return false;
        }

        var type = member.ContainingType;
        if (visited.Count > OwnCallBudget || type is null || !HasSource(type) ||
            (member.IsVirtual || member.IsAbstract || (member.IsOverride && !member.IsSealed)) && !type.IsSealed ||
            member.DeclaringSyntaxReferences.Length == 0)
        {
            return true;
        }

        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax();
            if (declaration is MethodDeclarationSyntax { Body: null, ExpressionBody: null })
            {
                return true;
            }

            foreach (var node in declaration.DescendantNodes())
            {
                switch (node)
                {
                    case ThisExpressionSyntax or BaseExpressionSyntax
                        when node.Parent is not MemberAccessExpressionSyntax access || access.Expression != node:
                        // `this` handed on (an argument, a capture into another object, `base.M()` of an unseen body).
                        return true;
                    case BaseExpressionSyntax:
                        return true;
                    case IdentifierNameSyntax identifier when NamedMemberReaches(identifier.Identifier.ValueText, type, tainted, configured, visited):
                        return true;
                }
            }
        }

        return false;
    }

    private bool NamedMemberReaches(
        string name, INamedTypeSymbol type, HashSet<INamedTypeSymbol> tainted, HashSet<INamedTypeSymbol> configured, HashSet<ISymbol> visited)
    {
        for (var current = type; current is not null && HasSource(current); current = current.BaseType)
        {
            foreach (var candidate in current.GetMembers(name))
            {
                switch (candidate)
                {
                    case IFieldSymbol { IsStatic: false } field when IsUnsafe(field.Type, tainted, configured) && !IsOwnLock(field):
                        return true;
                    case IPropertySymbol { IsStatic: false } property when IsUnsafe(property.Type, tainted, configured):
                        return true;
                    case IPropertySymbol property when property.DeclaringSyntaxReferences.Length > 0:
                        // A property with a body may read other state: follow it like a method.
                        if (OwnCallReaches(property, tainted, configured, visited))
                        {
                            return true;
                        }

                        break;
                    case IMethodSymbol { MethodKind: MethodKind.Ordinary } method when OwnCallReaches(method, tainted, configured, visited):
                        return true;
                }
            }

            foreach (var parameter in PrimaryConstructorParameters(current))
            {
                if (parameter.Name == name && IsUnsafe(parameter.Type, tainted, configured))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The parameters of a class's or struct's primary constructor (not a record's: those become properties).</summary>
    private static ImmutableArray<IParameterSymbol> PrimaryConstructorParameters(INamedTypeSymbol type)
    {
        foreach (var constructor in type.InstanceConstructors)
        {
            if (constructor.DeclaringSyntaxReferences.Length > 0 &&
                constructor.DeclaringSyntaxReferences[0].GetSyntax() is TypeDeclarationSyntax { ParameterList: { } } and not RecordDeclarationSyntax)
            {
                return constructor.Parameters;
            }
        }

        return ImmutableArray<IParameterSymbol>.Empty;
    }

    /// <summary>
    /// A type of a referenced application assembly: unsafe when it, or (for an interface or abstract class) one of its
    /// implementations in the referenced assemblies, holds a non-concurrent object as far as its symbols show
    /// (<see cref="HoldsForeignUnsafeState"/>). Cached per configured set; framework types are judged by
    /// <see cref="NonConcurrentTypes"/> alone.
    /// </summary>
    private bool IsForeignUnsafe(INamedTypeSymbol definition, HashSet<INamedTypeSymbol> configured)
    {
        if (!IsApplicationType(definition))
        {
            return false;
        }

        var known = _foreignUnsafe.GetValue(configured, _ => new ConcurrentDictionary<INamedTypeSymbol, bool>(SymbolEqualityComparer.Default));
        if (known.TryGetValue(definition, out var unsafeType))
        {
            return unsafeType;
        }

        var visiting = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        unsafeType = IsForeignUnsafe(definition, configured, depth: 0, visiting);
        known.TryAdd(definition, unsafeType);
        return unsafeType;
    }

    private bool IsForeignUnsafe(INamedTypeSymbol definition, HashSet<INamedTypeSymbol> configured, int depth, HashSet<INamedTypeSymbol> visiting)
    {
        if (depth > FollowDepth || !visiting.Add(definition) || IsThreadSafeByContract(definition))
        {
            return false;
        }

        // `visiting` is the current path only: a type met on one branch is judged again on another, so the verdict
        // does not depend on the order of members.
        try
        {
            return IsForeignUnsafeOnPath(definition, configured, depth, visiting);
        }
        finally
        {
            visiting.Remove(definition);
        }
    }

    private bool IsForeignUnsafeOnPath(
        INamedTypeSymbol definition,
        HashSet<INamedTypeSymbol> configured,
        int depth,
        HashSet<INamedTypeSymbol> visiting)
    {
        if (definition.TypeKind is TypeKind.Class or TypeKind.Struct && !definition.IsAbstract &&
            HoldsForeignUnsafeState(definition, configured, depth, visiting))
        {
            return true;
        }

        // A caller that only sees the interface or the base may be talking to any implementation.
        if (definition.TypeKind == TypeKind.Interface || definition.IsAbstract || !definition.IsSealed)
        {
            if (_foreignImplementations.Value.TryGetValue(definition, out var implementations))
            {
                foreach (var implementation in implementations)
                {
                    if (HoldsForeignUnsafeState(implementation, configured, depth, visiting))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The type or one of its application base types has a field, a property or a public or protected constructor
    /// parameter whose type is non-concurrent or, followed one level deeper, unsafe itself. Constructor parameters
    /// stand in for private fields, which reference assemblies do not show.
    /// </summary>
    private bool HoldsForeignUnsafeState(INamedTypeSymbol type, HashSet<INamedTypeSymbol> configured, int depth, HashSet<INamedTypeSymbol> visiting)
    {
        for (var current = type; current is not null && IsApplicationType(current); current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                switch (member)
                {
                    case IFieldSymbol { IsStatic: false, IsConst: false } field
                        when IsForeignMemberUnsafe(field.Type, configured, depth, visiting) && !IsOwnLock(field):
                    case IPropertySymbol { IsStatic: false, IsIndexer: false, ExplicitInterfaceImplementations.Length: 0 } property
                        when IsState(property) && IsForeignMemberUnsafe(property.Type, configured, depth, visiting):
                        return true;
                    case IMethodSymbol { MethodKind: MethodKind.Constructor, IsStatic: false } constructor
                        when constructor.DeclaredAccessibility
                            is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal:
                        foreach (var parameter in constructor.Parameters)
                        {
                            if (IsForeignMemberUnsafe(parameter.Type, configured, depth, visiting))
                            {
                                return true;
                            }
                        }

                        break;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// A property that may hold state: not an explicit interface implementation (a view, such as linq2db's
    /// <c>IOptionSet.Default</c>), and, where the source shows it, an auto-property (one with a body computes a view).
    /// </summary>
    private static bool IsState(IPropertySymbol property)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is PropertyDeclarationSyntax declaration &&
                (declaration.ExpressionBody is not null || (declaration.AccessorList is { } accessors && HasBody(accessors))))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasBody(AccessorListSyntax accessors)
    {
        foreach (var accessor in accessors.Accessors)
        {
            if (accessor.Body is not null || accessor.ExpressionBody is not null)
            {
                return true;
            }
        }

        return false;
    }

    private bool IsForeignMemberUnsafe(ITypeSymbol type, HashSet<INamedTypeSymbol> configured, int depth, HashSet<INamedTypeSymbol> visiting)
    {
        if (IsForeignMemberUnsafeItself(type, configured, depth, visiting))
        {
            return true;
        }

        // Elements and type arguments, one level, as for the compilation's own types (see IsUnsafe).
        switch (type)
        {
            case IArrayTypeSymbol array:
                return IsForeignMemberUnsafeItself(array.ElementType, configured, depth, visiting);
            case INamedTypeSymbol { IsGenericType: true } generic when HoldsItsTypeArguments(generic):
                foreach (var argument in generic.TypeArguments)
                {
                    if (IsForeignMemberUnsafeItself(argument, configured, depth, visiting))
                    {
                        return true;
                    }
                }

                break;
        }

        return false;
    }

    private bool IsForeignMemberUnsafeItself(ITypeSymbol type, HashSet<INamedTypeSymbol> configured, int depth, HashSet<INamedTypeSymbol> visiting)
    {
        if (_nonConcurrent.IsNonConcurrent(type, configured))
        {
            return true;
        }

        if (type is not INamedTypeSymbol named || IsThreadSafeByContract(named))
        {
            return false;
        }

        // A referenced assembly cannot see this compilation's types: only referenced ones are followed.
        var definition = named.OriginalDefinition;
        return !IsOwn(definition) && IsApplicationType(definition) && IsForeignUnsafe(definition, configured, depth + 1, visiting);
    }

    /// <summary>
    /// Once per compilation: for each application interface and base type, the classes of the referenced application
    /// assemblies that implement or derive from it (no members are loaded: only type lists and base types).
    /// </summary>
    private Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>> ComputeForeignImplementations()
    {
        var implementations = new Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>(SymbolEqualityComparer.Default);
        var types = new List<INamedTypeSymbol>();
        foreach (var assembly in _compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (!IsApplicationAssembly(assembly))
            {
                continue;
            }

            types.Clear();
            CollectTypes(assembly.GlobalNamespace, types);
            foreach (var type in types)
            {
                if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.IsAbstract)
                {
                    continue;
                }

                foreach (var @interface in type.AllInterfaces)
                {
                    AddImplementation(@interface, type, implementations);
                }

                for (var baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
                {
                    AddImplementation(baseType, type, implementations);
                }
            }
        }

        return implementations;
    }

    private static void AddImplementation(
        INamedTypeSymbol contract,
        INamedTypeSymbol type,
        Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>> implementations)
    {
        if (!IsApplicationType(contract))
        {
            return;
        }

        var definition = contract.OriginalDefinition;
        if (!implementations.TryGetValue(definition, out var list))
        {
            implementations[definition] = list = new List<INamedTypeSymbol>();
        }

        list.Add(type);
    }

    private bool IsContractSafe(ITypeSymbol type)
    {
        foreach (var safe in _contractSafe)
        {
            if (SymbolEqualityComparer.Default.Equals(safe, type))
            {
                return true;
            }
        }

        return false;
    }

    private HashSet<INamedTypeSymbol> TaintedTypes(HashSet<INamedTypeSymbol> configured)
    {
        if (_tainted.TryGetValue(configured, out var known))
        {
            return known;
        }

        return _tainted.GetValue(configured, ComputeTainted);
    }

    /// <summary>Once per compilation (and configured set): every type of the compilation that may reach a non-concurrent object.</summary>
    private HashSet<INamedTypeSymbol> ComputeTainted(HashSet<INamedTypeSymbol> configured)
    {
        var types = new List<INamedTypeSymbol>();
        CollectTypes(_compilation.Assembly.GlobalNamespace, types);

        var tainted = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        for (var round = 0; round < FollowDepth; round++)
        {
            var added = new List<INamedTypeSymbol>();
            foreach (var type in types)
            {
                if (!tainted.Contains(type) && HoldsUnsafeState(type, tainted, configured))
                {
                    added.Add(type);
                }
            }

            if (added.Count == 0)
            {
                break;
            }

            foreach (var type in added)
            {
                tainted.Add(type);

                // A caller that only sees the interface or the abstract base may be talking to this type.
                foreach (var @interface in type.AllInterfaces)
                {
                    if (IsOwn(@interface))
                    {
                        tainted.Add(@interface.OriginalDefinition);
                    }
                }

                for (var baseType = type.BaseType; baseType is not null && IsOwn(baseType); baseType = baseType.BaseType)
                {
                    tainted.Add(baseType.OriginalDefinition);
                }
            }
        }

        return tainted;
    }

    /// <summary>Framework types (IDisposable, IHostedService, object) say nothing about a DbContext behind them.</summary>
    private static bool IsApplicationType(INamedTypeSymbol type) => type.ContainingAssembly is { } assembly && IsApplicationAssembly(assembly);

    private static bool IsApplicationAssembly(IAssemblySymbol assembly)
    {
        var name = assembly.Name;
        return !(name.StartsWith("System", StringComparison.Ordinal) || name.StartsWith("Microsoft.", StringComparison.Ordinal) ||
                 name is "mscorlib" or "netstandard" or "Microsoft");
    }

    private bool IsOwn(INamedTypeSymbol type) =>
        SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, _compilation.Assembly);

    /// <summary>
    /// A type whose members' bodies can be read: this compilation's, or an application type of a project this one
    /// references as a compilation (the IDE, MSBuildWorkspace); a build that references the project's assembly sees none.
    /// </summary>
    private bool HasSource(INamedTypeSymbol type) =>
        IsOwn(type) || (type.DeclaringSyntaxReferences.Length > 0 && IsApplicationType(type));

    private static void CollectTypes(INamespaceOrTypeSymbol container, List<INamedTypeSymbol> types)
    {
        foreach (var member in container.GetMembers())
        {
            if (member is INamespaceSymbol ns)
            {
                CollectTypes(ns, types);
            }
            else if (member is INamedTypeSymbol type)
            {
                types.Add(type);
                CollectTypes(type, types);
            }
        }
    }

    private bool HoldsUnsafeState(INamedTypeSymbol type, HashSet<INamedTypeSymbol> tainted, HashSet<INamedTypeSymbol> configured)
    {
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || IsThreadSafeByContract(type))
        {
            return false;
        }

        if (type.BaseType is { } baseType && tainted.Contains(baseType.OriginalDefinition))
        {
            return true;
        }

        foreach (var member in type.GetMembers())
        {
            // Backing fields of auto-properties are fields too.
            if (member is IFieldSymbol { IsStatic: false, IsConst: false } field && IsUnsafe(field.Type, tainted, configured) &&
                !IsOwnLock(field))
            {
                return true;
            }

            if (member is IPropertySymbol { IsStatic: false, IsIndexer: false, ExplicitInterfaceImplementations.Length: 0 } property
                && IsUnsafe(property.Type, tainted, configured))
            {
                return true;
            }
        }

        // Captured primary-constructor parameters are fields the symbol model does not show.
        foreach (var parameter in PrimaryConstructorParameters(type))
        {
            if (IsUnsafe(parameter.Type, tainted, configured))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A <c>readonly SemaphoreSlim</c> field that every initializer and constructor of the type creates with an initial count
    /// of 1 (<c>new SemaphoreSlim(1, 1)</c>): the type's own lock. It makes calls that overlap queue up rather than collide,
    /// so it does not make the type unsafe to call twice at once. A semaphore made otherwise (a signal counting from 0, one
    /// handed in, one assigned elsewhere) still does. Read from syntax, so a referenced project's type is judged so only where
    /// its source is seen (the IDE); from metadata its lock still counts. Only fields of that type get here.
    /// </summary>
    private bool IsOwnLock(IFieldSymbol field)
    {
        if (!field.IsReadOnly || !_nonConcurrent.IsSemaphore(field.Type) || field.DeclaringSyntaxReferences.Length == 0)
        {
            return false;
        }

        var created = false;
        foreach (var reference in field.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } value })
            {
                if (!CreatesLock(value))
                {
                    return false;
                }

                created = true;
            }
        }

        foreach (var constructor in field.ContainingType.InstanceConstructors)
        {
            foreach (var reference in constructor.DeclaringSyntaxReferences)
            {
                foreach (var node in reference.GetSyntax().DescendantNodes())
                {
                    if (node is AssignmentExpressionSyntax assignment && NamesField(assignment.Left, field.Name))
                    {
                        if (!CreatesLock(assignment.Right))
                        {
                            return false;
                        }

                        created = true;
                    }
                }
            }
        }

        return created;
    }

    private static bool NamesField(ExpressionSyntax target, string name) => target switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var member } => member.Identifier.ValueText == name,
        _ => false,
    };

    private static bool CreatesLock(ExpressionSyntax value) =>
        value is BaseObjectCreationExpressionSyntax { ArgumentList.Arguments: { Count: >= 1 } arguments } &&
        arguments[0].Expression is LiteralExpressionSyntax { Token.Value: 1 };

    /// <summary>
    /// A collection (anything enumerable: <c>List&lt;IRule&gt;</c>, <c>Dictionary&lt;K, V&gt;</c>) or a <c>Lazy&lt;T&gt;</c> holds
    /// objects of its type arguments; a factory (<c>IDbContextFactory&lt;T&gt;</c>, <c>Func&lt;T&gt;</c>) makes a new one per call.
    /// </summary>
    private static bool HoldsItsTypeArguments(INamedTypeSymbol generic)
    {
        var definition = generic.OriginalDefinition;
        if (definition.SpecialType is SpecialType.System_Collections_Generic_IEnumerable_T ||
            (definition.Name == "Lazy" && definition.ContainingNamespace?.ToDisplayString() == "System"))
        {
            return true;
        }

        foreach (var @interface in generic.AllInterfaces)
        {
            if (@interface.SpecialType is SpecialType.System_Collections_IEnumerable)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The type, or the element or type argument of a collection or <c>Lazy&lt;T&gt;</c> held in its place (one level): rules
    /// kept in a <c>List&lt;IRule&gt;</c> are instance state like a rule kept in a field.
    /// </summary>
    private bool IsUnsafe(ITypeSymbol type, HashSet<INamedTypeSymbol> tainted, HashSet<INamedTypeSymbol> configured)
    {
        if (IsUnsafeItself(type, tainted, configured))
        {
            return true;
        }

        switch (type)
        {
            case IArrayTypeSymbol array:
                return IsUnsafeItself(array.ElementType, tainted, configured);
            case INamedTypeSymbol { IsGenericType: true } generic when HoldsItsTypeArguments(generic):
                foreach (var argument in generic.TypeArguments)
                {
                    if (IsUnsafeItself(argument, tainted, configured))
                    {
                        return true;
                    }
                }

                break;
        }

        return false;
    }

    private bool IsUnsafeItself(ITypeSymbol type, HashSet<INamedTypeSymbol> tainted, HashSet<INamedTypeSymbol> configured) =>
        _nonConcurrent.IsNonConcurrent(type, configured) ||
        (type is INamedTypeSymbol named &&
         (tainted.Contains(named.OriginalDefinition) ||
          (!IsOwn(named) && !IsThreadSafeByContract(named) && IsForeignUnsafe(named.OriginalDefinition, configured))));
}
