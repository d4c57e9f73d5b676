using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace AsyncGuide.Analyzers;

/// <summary>
/// Named types by metadata name, once per compilation, for analyzers and fixes alike. Unlike a raw
/// <c>Compilation.GetTypeByMetadataName</c>, which answers null as soon as two references define the
/// name (a polyfill package beside the BCL, two versions of one library), it then picks the definition
/// the code actually binds to: the compilation's own, then corlib's, then the only accessible one
/// (the approach of roslyn-analyzers' <c>WellKnownTypeProvider</c>).
/// </summary>
internal sealed class TypeLookup
{
    private static readonly ConditionalWeakTable<Compilation, TypeLookup> PerCompilation = new();

    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<string, INamedTypeSymbol?> _byName = new(System.StringComparer.Ordinal);

    private TypeLookup(Compilation compilation) => _compilation = compilation;

    /// <summary>The lookup of <paramref name="compilation"/>, shared by every rule and fix that asks.</summary>
    public static TypeLookup For(Compilation compilation) =>
        PerCompilation.TryGetValue(compilation, out var lookup) ? lookup : PerCompilation.GetValue(compilation, c => new TypeLookup(c));

    /// <summary>The type the compilation binds <paramref name="metadataName"/> to, or null when it has none or cannot choose.</summary>
    public INamedTypeSymbol? Find(string metadataName) =>
        _byName.TryGetValue(metadataName, out var type) ? type : _byName.GetOrAdd(metadataName, Resolve);

    private INamedTypeSymbol? Resolve(string metadataName)
    {
        // Most names asked about belong to libraries a project does not reference (Azure, gRPC, EF Core): a miss of
        // GetTypeByMetadataName searches every reference, in every new compilation (each edit in an IDE).
        if (!MayDeclare(metadataName))
        {
            return null;
        }

#pragma warning disable RS0030 // The one place allowed to call it: ambiguity is handled below.
        if (_compilation.GetTypeByMetadataName(metadataName) is { } unique)
#pragma warning restore RS0030
        {
            return unique;
        }

        // Null means missing or defined more than once; for the latter, choose as the compiler would.
        var candidates = _compilation.GetTypesByMetadataName(metadataName);
        if (candidates.Length < 2)
        {
            return null;
        }

        var corlib = _compilation.ObjectType.ContainingAssembly;
        INamedTypeSymbol? accessible = null;
        var accessibleCount = 0;
        foreach (var candidate in candidates)
        {
            if (SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, _compilation.Assembly))
            {
                return candidate;
            }

            if (_compilation.IsSymbolAccessibleWithin(candidate, _compilation.Assembly))
            {
                accessible = candidate;
                accessibleCount++;
            }
        }

        foreach (var candidate in candidates)
        {
            if (SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, corlib))
            {
                return candidate;
            }
        }

        return accessibleCount == 1 ? accessible : null;
    }

    /// <summary>
    /// Whether some assembly of the compilation declares a type of that simple name in that namespace: a walk down the
    /// merged namespaces (cached by the compiler per name), much cheaper than a miss of GetTypeByMetadataName.
    /// </summary>
    private bool MayDeclare(string metadataName)
    {
        INamespaceSymbol current = _compilation.GlobalNamespace;
        var start = 0;
        while (true)
        {
            var dot = metadataName.IndexOf('.', start);
            if (dot < 0)
            {
                break;
            }

            INamespaceSymbol? next = null;
            foreach (var member in current.GetMembers(metadataName.Substring(start, dot - start)))
            {
                if (member is INamespaceSymbol ns)
                {
                    next = ns;
                    break;
                }
            }

            if (next is null)
            {
                return false;
            }

            current = next;
            start = dot + 1;
        }

        // `UserManager`1`, `Outer+Inner`: the top-level type's name without its arity.
        var end = metadataName.Length;
        for (var i = start; i < metadataName.Length; i++)
        {
            if (metadataName[i] is '`' or '+')
            {
                end = i;
                break;
            }
        }

        return !current.GetTypeMembers(metadataName.Substring(start, end - start)).IsEmpty;
    }
}
