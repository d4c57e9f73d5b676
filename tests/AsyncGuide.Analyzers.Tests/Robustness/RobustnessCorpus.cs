using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncGuide.Analyzers.Tests.Robustness;

/// <summary>One compilation's worth of sources: a test's embedded program, a sample project, a src project.</summary>
internal sealed record CorpusInput(string Name, ImmutableArray<CorpusDocument> Documents, bool NeedsRoslyn)
{
    public override string ToString() => Name;
}

internal sealed record CorpusDocument(string Path, string Text);

/// <summary>
/// The real code the analyzers must survive: every C# program embedded in the analyzer tests
/// (markup stripped), the samples, and the project's own sources.
/// </summary>
internal static class RobustnessCorpus
{
    private static readonly Regex SpanMarkupStart = new(@"\{\|[^:|{}\s]*:", RegexOptions.Compiled);
    private static readonly Regex LooksLikeCSharp = new(@"\b(class|struct|record|interface|namespace|using|void|async|await|static|return)\b", RegexOptions.Compiled);

    private static readonly Lazy<ImmutableArray<CorpusInput>> LazyInputs = new(Build);

    public static ImmutableArray<CorpusInput> Inputs => LazyInputs.Value;

    /// <summary>Removes the Microsoft.CodeAnalysis.Testing span markup: <c>[|</c>, <c>|]</c>, <c>{|ID:</c>, <c>|}</c>.</summary>
    public static string StripMarkup(string source) =>
        SpanMarkupStart.Replace(source, string.Empty)
            .Replace("[|", string.Empty, StringComparison.Ordinal)
            .Replace("|]", string.Empty, StringComparison.Ordinal)
            .Replace("|}", string.Empty, StringComparison.Ordinal);

    private static ImmutableArray<CorpusInput> Build()
    {
        var root = RuleCatalogTests.RepoRoot();
        var inputs = new List<CorpusInput>();
        inputs.AddRange(EmbeddedTestPrograms(root));
        inputs.AddRange(Projects(root, "samples"));
        inputs.AddRange(Projects(root, "src"));
        return inputs.ToImmutableArray();
    }

    private static IEnumerable<CorpusInput> EmbeddedTestPrograms(string root)
    {
        var testsDir = Path.Combine(root, "tests", "AsyncGuide.Analyzers.Tests");
        var robustnessDir = Path.Combine(testsDir, "Robustness") + Path.DirectorySeparatorChar;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in SourceFiles(testsDir))
        {
            // The robustness tests' own control snippets are not rule test inputs.
            if (file.StartsWith(robustnessDir, StringComparison.Ordinal))
            {
                continue;
            }

            var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(file));
            var index = 0;
            foreach (var token in tree.GetRoot().DescendantTokens())
            {
                if (!token.IsKind(SyntaxKind.StringLiteralToken) &&
                    !token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken) &&
                    !token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken))
                {
                    continue;
                }

                var program = StripMarkup(token.ValueText);
                if (IsProgram(program) && seen.Add(program))
                {
                    var name = $"{Path.GetRelativePath(root, file)}#{++index}(line {token.GetLocation().GetLineSpan().StartLinePosition.Line + 1})";
                    yield return new CorpusInput(name, ImmutableArray.Create(new CorpusDocument("Test0.cs", program)), NeedsRoslyn: false);
                }
            }
        }
    }

    private static bool IsProgram(string text)
    {
        if (text.Length < 16 || (text.IndexOf(';') < 0 && text.IndexOf('}') < 0) || !LooksLikeCSharp.IsMatch(text))
        {
            return false;
        }

        var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(text, RobustnessCompiler.ParseOptions).GetRoot();
        return root.Members.Count > 0 || root.Usings.Count > 0;
    }

    /// <summary>One input per project directory under <paramref name="folder"/>, with all its sources.</summary>
    private static IEnumerable<CorpusInput> Projects(string root, string folder)
    {
        var baseDir = Path.Combine(root, folder);
        if (!Directory.Exists(baseDir))
        {
            yield break;
        }

        foreach (var project in Directory.EnumerateFiles(baseDir, "*.csproj", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal))
        {
            var dir = Path.GetDirectoryName(project)!;
            var docs = SourceFiles(dir)
                .Select(f => new CorpusDocument(Path.GetRelativePath(root, f), File.ReadAllText(f)))
                .ToImmutableArray();
            if (docs.Length > 0)
            {
                var needsRoslyn = docs.Any(d => d.Text.Contains("using Microsoft.CodeAnalysis", StringComparison.Ordinal));
                yield return new CorpusInput(Path.GetRelativePath(root, project), docs, needsRoslyn);
            }
        }
    }

    private static IEnumerable<string> SourceFiles(string dir)
    {
        var sep = Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{sep}bin{sep}", StringComparison.Ordinal) && !f.Contains($"{sep}obj{sep}", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal);
    }
}
