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
}
