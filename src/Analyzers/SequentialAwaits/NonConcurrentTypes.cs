using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace AsyncGuide.Analyzers;

/// <summary>
/// Types whose instances must not be used by two operations at once (a DbContext, a Stream, a
/// connection, a lock...). Gathering two calls that touch one of them changes behaviour, so the
/// AG02xx rules never report such calls. Built once per compilation; the extra types named in
/// .editorconfig (<c>asyncguide.AG0201.non_concurrent_types = T:My.Ns.Session, My.Ns.Other</c>)
/// are parsed once per options object, not per node.
/// </summary>
internal sealed class NonConcurrentTypes
{
    /// <summary>The defaults: documented in docs/rules/AG0201.md.</summary>
    private static readonly string[] DefaultMetadataNames =
    {
        "Microsoft.EntityFrameworkCore.DbContext",
        "Microsoft.EntityFrameworkCore.DbSet`1",
        "System.Linq.IQueryable",
        "System.IO.Stream",
        "System.IO.TextReader",
        "System.IO.TextWriter",
        "System.Data.Common.DbConnection",
        "System.Data.Common.DbCommand",
        "System.Data.Common.DbDataReader",
        "System.Data.Common.DbTransaction",
        "System.Data.IDbConnection",
        "System.Data.IDbCommand",
        "System.Data.IDataReader",
        "System.Threading.SemaphoreSlim",
        "System.Net.Sockets.Socket",
        "System.Net.WebSockets.WebSocket",
        "Microsoft.AspNetCore.Http.HttpContext",
        "Microsoft.AspNetCore.Http.HttpRequest",
        "Microsoft.AspNetCore.Http.HttpResponse",
        "Microsoft.AspNetCore.Identity.UserManager`1",
        "Microsoft.AspNetCore.Identity.RoleManager`1",
        "Microsoft.AspNetCore.Identity.SignInManager`1",
    };

    /// <summary>The metadata names of the defaults without their namespaces: a type named otherwise is not one of them.</summary>
    private static readonly HashSet<string> DefaultSimpleNames = SimpleNames(DefaultMetadataNames);

    private readonly Compilation _compilation;
    private readonly Lazy<HashSet<INamedTypeSymbol>> _defaults;
    private readonly Lazy<INamedTypeSymbol?> _semaphoreSlim;
    private readonly Lazy<bool> _referencesEntityFramework;
    private readonly ConditionalWeakTable<AnalyzerConfigOptions, HashSet<INamedTypeSymbol>> _configured = new();
    private readonly HashSet<INamedTypeSymbol> _none = new(SymbolEqualityComparer.Default);

    // Verdicts for the defaults alone (no configured types): the same receiver types recur in every body.
    private readonly ConcurrentDictionary<ITypeSymbol, bool> _defaultVerdicts = new(SymbolEqualityComparer.Default);

    public NonConcurrentTypes(Compilation compilation)
    {
        // Resolved on first need, not at compilation start: each lookup searches every reference, and most
        // compilations (every edit in an IDE) never meet a type whose simple name is one of the defaults.
        _compilation = compilation;
        var lookup = TypeLookup.For(compilation);
        _defaults = new Lazy<HashSet<INamedTypeSymbol>>(() =>
        {
            var defaults = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            foreach (var name in DefaultMetadataNames)
            {
                if (lookup.Find(name) is { } type)
                {
                    defaults.Add(type);
                }
            }

            return defaults;
        });
        _semaphoreSlim = new Lazy<INamedTypeSymbol?>(() => lookup.Find("System.Threading.SemaphoreSlim"));
        _referencesEntityFramework = new Lazy<bool>(() => lookup.Find("Microsoft.EntityFrameworkCore.DbContext") is not null);
    }

    /// <summary>
    /// With EF Core referenced, services (repositories, stores, handlers) usually share one scoped
    /// DbContext; in strict mode instance calls on them are then never gathered.
    /// </summary>
    public bool ReferencesEntityFramework => _referencesEntityFramework.Value;

    public bool IsSemaphore(ITypeSymbol? type) =>
        type is INamedTypeSymbol { MetadataName: "SemaphoreSlim" } && SymbolEqualityComparer.Default.Equals(type, _semaphoreSlim.Value);

    /// <summary>The extra types of an options object (empty set when none are configured), cached.</summary>
    public HashSet<INamedTypeSymbol> ConfiguredFor(AnalyzerConfigOptions options, AnalyzerOption<ImmutableArray<string>> option) =>
        _configured.TryGetValue(options, out var known) ? known : _configured.GetValue(options, o => Resolve(option.Read(o))); // no closure on a hit

    /// <summary>The <c>non_concurrent_types</c> option of <paramref name="ruleId"/>: documentation ids or metadata names.</summary>
    public static AnalyzerOption<ImmutableArray<string>> OptionFor(string ruleId) =>
        new(ruleId, "non_concurrent_types", ImmutableArray<string>.Empty, OptionParsers.List);

    /// <summary>True when the type, a base type, an interface or a constraint is a non-concurrent type.</summary>
    public bool IsNonConcurrent(ITypeSymbol? type, HashSet<INamedTypeSymbol> configured)
    {
        if (type is null)
        {
            return false;
        }

        if (configured.Count == 0)
        {
            if (_defaultVerdicts.TryGetValue(type, out var known))
            {
                return known;
            }

            var verdict = Compute(type, configured);
            _defaultVerdicts.TryAdd(type, verdict);
            return verdict;
        }

        return Compute(type, configured);
    }

    private bool Compute(ITypeSymbol type, HashSet<INamedTypeSymbol> configured)
    {
        if (type is ITypeParameterSymbol typeParameter)
        {
            foreach (var constraint in typeParameter.ConstraintTypes)
            {
                if (IsNonConcurrent(constraint, configured))
                {
                    return true;
                }
            }

            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (IsListed(current.OriginalDefinition, configured))
            {
                return true;
            }
        }

        foreach (var @interface in type.AllInterfaces)
        {
            if (IsListed(@interface.OriginalDefinition, configured))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsListed(ITypeSymbol type, HashSet<INamedTypeSymbol> configured) =>
        type is INamedTypeSymbol named
        && ((DefaultSimpleNames.Contains(named.MetadataName) && _defaults.Value.Contains(named))
            || (configured.Count > 0 && configured.Contains(named)));

    private static HashSet<string> SimpleNames(string[] metadataNames)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in metadataNames)
        {
            names.Add(name.Substring(name.LastIndexOf('.') + 1));
        }

        return names;
    }

    private HashSet<INamedTypeSymbol> Resolve(ImmutableArray<string> names)
    {
        // One shared empty set: what is computed per configured set (ReceiverSafety) is then computed once.
        if (names.IsDefaultOrEmpty)
        {
            return _none;
        }

        var set = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var part in names)
        {
            // "T:Outer.Inner" is a documentation id (nested types with dots); a bare name is a metadata name.
            var type = part.StartsWith("T:", StringComparison.Ordinal)
                ? FromDocumentationId(part)
                : TypeLookup.For(_compilation).Find(part);
            if (type is not null)
            {
                set.Add(type);
            }
        }

        return set;
    }

    /// <summary>A malformed id in a user's .editorconfig is ignored, never an analyzer exception.</summary>
    private INamedTypeSymbol? FromDocumentationId(string id)
    {
        try
        {
            return DocumentationCommentId.GetFirstSymbolForDeclarationId(id, _compilation) as INamedTypeSymbol;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
