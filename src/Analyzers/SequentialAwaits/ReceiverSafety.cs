using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuide.Analyzers;

/// <summary>
/// Which receivers the AG02xx rules may call twice at once. Never: a receiver that may reach a
/// non-concurrent object (<see cref="NonConcurrentTypes"/>) — a type of this compilation holding one
/// in its instance state (fields, auto-properties, captured primary-constructor parameters),
/// followed through the compilation's own types to <see cref="FollowDepth"/> levels, and the
/// interfaces and abstract bases such a type implements (a service only sees
/// <c>IOrderRepository</c>); or a type from an assembly that references EF Core (its services
/// usually share one scoped DbContext). Everything else may be shared, subject to the order rules
/// of <see cref="AwaitIndependence"/>. Built once per compilation; the walk over the compilation's
/// types runs once per set of configured types, the first time a receiver is asked about.
/// </summary>
internal sealed class ReceiverSafety
{
    /// <summary><c>strict</c>: only thread-safe-by-contract clients may be called twice at once (the behaviour before 0.3).</summary>
    public const string ReceiversOptionSuffix = ".receivers";

    /// <summary>How far "holds a DbContext" is followed through fields of the compilation's own types.</summary>
    private const int FollowDepth = 3;

    private const string EntityFrameworkAssembly = "Microsoft.EntityFrameworkCore";

    private readonly Compilation _compilation;
    private readonly NonConcurrentTypes _nonConcurrent;
    private readonly List<INamedTypeSymbol> _contractSafe = new();
    private readonly ConditionalWeakTable<HashSet<INamedTypeSymbol>, HashSet<INamedTypeSymbol>> _tainted = new();
    private readonly ConditionalWeakTable<AnalyzerConfigOptions, object> _strict = new();
    private readonly ConditionalWeakTable<IAssemblySymbol, object> _referencesEntityFramework = new();
    private readonly Lazy<HashSet<INamedTypeSymbol>> _implementedWithEntityFramework;

    public ReceiverSafety(Compilation compilation, NonConcurrentTypes nonConcurrent)
    {
        _compilation = compilation;
        _nonConcurrent = nonConcurrent;
        _implementedWithEntityFramework = new Lazy<HashSet<INamedTypeSymbol>>(ComputeImplementedWithEntityFramework);

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

        return IsForeignUnsafe(definition);
    }

    /// <summary>
    /// A type of a referenced assembly: unsafe when that assembly uses EF Core, or when such an assembly
    /// implements it (an <c>IOrderRepository</c> from a domain project, implemented over a DbContext).
    /// </summary>
    private bool IsForeignUnsafe(INamedTypeSymbol definition) =>
        (definition.ContainingAssembly is { } assembly && ReferencesEntityFramework(assembly)) ||
        _implementedWithEntityFramework.Value.Contains(definition);

    /// <summary>Once per compilation: the types that the referenced assemblies using EF Core implement or derive from.</summary>
    private HashSet<INamedTypeSymbol> ComputeImplementedWithEntityFramework()
    {
        var implemented = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var assembly in _compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (assembly.Name.IndexOf("EntityFrameworkCore", StringComparison.Ordinal) >= 0 || !ReferencesEntityFramework(assembly))
            {
                continue;
            }

            var types = new List<INamedTypeSymbol>();
            CollectTypes(assembly.GlobalNamespace, types);
            foreach (var type in types)
            {
                foreach (var @interface in type.AllInterfaces)
                {
                    AddIfApplicationType(@interface, implemented);
                }

                for (var baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
                {
                    AddIfApplicationType(baseType, implemented);
                }
            }
        }

        return implemented;
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

    private bool ReferencesEntityFramework(IAssemblySymbol assembly)
    {
        if (_referencesEntityFramework.TryGetValue(assembly, out var known))
        {
            return known is true;
        }

        return _referencesEntityFramework.GetValue(assembly, a =>
        {
            if (a.Name.StartsWith(EntityFrameworkAssembly, StringComparison.Ordinal))
            {
                return false; // its own types are listed one by one in NonConcurrentTypes
            }

            foreach (var module in a.Modules)
            {
                foreach (var reference in module.ReferencedAssemblies)
                {
                    if (reference.Name.StartsWith(EntityFrameworkAssembly, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }

            return false;
        }) is true;
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

    /// <summary>Framework contracts (IDisposable, IHostedService, object) say nothing about a DbContext behind them.</summary>
    private static void AddIfApplicationType(INamedTypeSymbol type, HashSet<INamedTypeSymbol> set)
    {
        var assembly = type.ContainingAssembly?.Name;
        if (assembly is null || assembly.StartsWith("System", StringComparison.Ordinal) || assembly.StartsWith("Microsoft.", StringComparison.Ordinal) ||
            assembly is "mscorlib" or "netstandard")
        {
            return;
        }

        set.Add(type.OriginalDefinition);
    }

    private bool IsOwn(INamedTypeSymbol type) =>
        SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, _compilation.Assembly);

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
            if (member is IFieldSymbol { IsStatic: false, IsConst: false } field && IsUnsafe(field.Type, tainted, configured))
            {
                return true;
            }

            if (member is IPropertySymbol { IsStatic: false, IsIndexer: false } property && IsUnsafe(property.Type, tainted, configured))
            {
                return true;
            }
        }

        // Captured primary-constructor parameters are fields the symbol model does not show.
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is TypeDeclarationSyntax { ParameterList: { } parameters } and not RecordDeclarationSyntax)
            {
                foreach (var constructor in type.InstanceConstructors)
                {
                    if (constructor.Parameters.Length == parameters.Parameters.Count && constructor.DeclaringSyntaxReferences.Length > 0 &&
                        constructor.DeclaringSyntaxReferences[0].GetSyntax() is TypeDeclarationSyntax)
                    {
                        foreach (var parameter in constructor.Parameters)
                        {
                            if (IsUnsafe(parameter.Type, tainted, configured))
                            {
                                return true;
                            }
                        }
                    }
                }
            }
        }

        return false;
    }

    private bool IsUnsafe(ITypeSymbol type, HashSet<INamedTypeSymbol> tainted, HashSet<INamedTypeSymbol> configured) =>
        _nonConcurrent.IsNonConcurrent(type, configured) ||
        (type is INamedTypeSymbol named && (tainted.Contains(named.OriginalDefinition) || (!IsOwn(named) && !IsThreadSafeByContract(named) && IsForeignUnsafe(named.OriginalDefinition))));
}
