using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AsyncGuide.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncGuide.Analyzers.Tests.Robustness;

/// <summary>How a corpus input is compiled: .NET 8 references, optionally the AsyncGuide runtime and Roslyn.</summary>
internal static class RobustnessCompiler
{
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    private static readonly ConcurrentDictionary<(bool WithRuntime, bool WithRoslyn, OutputKind Kind), CSharpCompilation> EmptyCompilations = new();

    /// <summary>The Roslyn assemblies loaded in this process, for compiling the analyzers' own sources.</summary>
    public static ImmutableArray<MetadataReference> RoslynReferences { get; } = ImmutableArray.Create<MetadataReference>(
        MetadataReference.CreateFromFile(typeof(Compilation).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(CSharpCompilation).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.CodeAnalysis.Workspace).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.CodeAnalysis.CSharp.Formatting.CSharpFormattingOptions).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(System.Composition.ExportAttribute).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(RuleIds).Assembly.Location));

    /// <summary>
    /// The code fixes use the analyzers' internals (InternalsVisibleTo AsyncGuide.CodeFixes), so the
    /// compilations of our own Roslyn sources carry that name.
    /// </summary>
    public static string AssemblyName(bool withRoslyn) => withRoslyn ? "AsyncGuide.CodeFixes" : "Robustness";

    public static IReadOnlyList<MetadataReference> References(bool withRuntime, bool withRoslyn)
    {
        var references = new List<MetadataReference>(TestReferences.Net80);
        if (withRuntime)
        {
            references.Add(TestReferences.AsyncGuideRuntime);
        }

        if (withRoslyn)
        {
            references.AddRange(RoslynReferences);
        }

        return references;
    }

    public static CSharpCompilationOptions Options(OutputKind kind) =>
        new(kind, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true);

    public static SyntaxTree Parse(string text, string path) => CSharpSyntaxTree.ParseText(text, ParseOptions, path);

    /// <summary>
    /// Derived from one cached empty compilation per reference set, so the reference manager
    /// (the expensive binding of ~160 metadata references) is shared by thousands of inputs.
    /// </summary>
    public static CSharpCompilation Compile(IEnumerable<SyntaxTree> trees, bool withRuntime, bool withRoslyn)
    {
        var treeList = trees.ToList();
        var kind = treeList.Any(HasTopLevelStatements) ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary;
        var empty = EmptyCompilations.GetOrAdd((withRuntime, withRoslyn, kind), key =>
        {
            var compilation = CSharpCompilation.Create(
                AssemblyName(key.WithRoslyn),
                null,
                References(key.WithRuntime, key.WithRoslyn),
                Options(key.Kind));
            _ = compilation.GetTypeByMetadataName("System.Object");
            return compilation;
        });
        return empty.AddSyntaxTrees(treeList);
    }

    public static OutputKind OutputKindFor(IEnumerable<SyntaxTree> trees) =>
        trees.Any(HasTopLevelStatements) ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary;

    private static bool HasTopLevelStatements(SyntaxTree tree) =>
        tree.GetRoot() is CompilationUnitSyntax root && root.Members.Any(m => m is GlobalStatementSyntax);
}
