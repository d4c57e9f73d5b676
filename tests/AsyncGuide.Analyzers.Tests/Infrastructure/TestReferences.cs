extern alias AllReferenceAssemblies;

using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace AsyncGuide.Analyzers.Tests.Infrastructure;

/// <summary>Offline reference assemblies (.NET 8, .NET 10, .NET Standard 2.0), and the AsyncGuide runtime for fixes that call it.</summary>
public static class TestReferences
{
    /// <summary>An empty reference set: the .NET 8 references come from Basic.Reference.Assemblies, no download.</summary>
    public static ReferenceAssemblies None { get; } = new ReferenceAssemblies("net8.0");

    public static ImmutableArray<MetadataReference> Net80 { get; } =
        ImmutableArray.CreateRange<MetadataReference>(Basic.Reference.Assemblies.Net80.References.All);

    /// <summary>
    /// .NET 10 reference assemblies: <c>Task.WhenAll(a, b)</c> binds to <c>params ReadOnlySpan&lt;Task&gt;</c>
    /// there (C# 13), a different operation shape from .NET 8's <c>params Task[]</c>.
    /// </summary>
    public static ImmutableArray<MetadataReference> Net100 { get; } =
        ImmutableArray.CreateRange<MetadataReference>(Basic.Reference.Assemblies.Net100.References.All);

    /// <summary>
    /// .NET Standard 2.0 reference assemblies: a target without <c>ConfigureAwaitOptions</c> (added in .NET 8),
    /// where the fixes fall back to older BCL calls.
    /// </summary>
    public static ImmutableArray<MetadataReference> NetStandard20 { get; } =
        ImmutableArray.CreateRange<MetadataReference>(AllReferenceAssemblies::Basic.Reference.Assemblies.NetStandard20.References.All);

    public static MetadataReference AsyncGuideRuntime { get; } =
        MetadataReference.CreateFromFile(typeof(AsyncGuide.Async).Assembly.Location);
}
