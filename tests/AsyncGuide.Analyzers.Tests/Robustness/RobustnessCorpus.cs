using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
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
    private static readonly Regex LooksLikeCSharp = new(
        @"\b(class|struct|record|interface|namespace|using|void|async|await|static|return)\b",
        RegexOptions.Compiled);

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
            var helpers = SourceHelpers(tree);
            var index = 0;
            foreach (var token in tree.GetRoot().DescendantTokens())
            {
                if (!token.IsKind(SyntaxKind.StringLiteralToken) &&
                    !token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken) &&
                    !token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken))
                {
                    continue;
                }

                var fragment = StripMarkup(token.ValueText);
                if (IsProgram(fragment) && seen.Add(fragment))
                {
                    var name = $"{Path.GetRelativePath(root, file)}#{++index}(line {token.GetLocation().GetLineSpan().StartLinePosition.Line + 1})";
                    yield return new CorpusInput(
                        name,
                        ImmutableArray.Create(new CorpusDocument("Test0.cs", MostCompleteProgram(fragment, helpers))),
                        NeedsRoslyn: false);
                }
            }
        }
    }

    private const string ImplicitUsings =
        "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

    /// <summary>
    /// Tests often hold a fragment (a method body, a class without usings) that a helper such as
    /// <c>Code(body)</c> completes. Of the fragment as written, with the SDK's implicit usings, and
    /// through each string helper of its test class, keep the one the compiler likes best, so the
    /// analyzers see the program the test verifies rather than a pile of unresolved names.
    /// </summary>
    private static string MostCompleteProgram(string fragment, IReadOnlyList<MethodInfo> helpers)
    {
        var best = fragment;
        var fewestErrors = int.MaxValue;
        foreach (var candidate in Completions(fragment, helpers))
        {
            var errors = ErrorCount(candidate);
            if (errors < fewestErrors)
            {
                (best, fewestErrors) = (candidate, errors);
            }

            if (errors == 0)
            {
                break;
            }
        }

        return best;
    }

    private static IEnumerable<string> Completions(string fragment, IReadOnlyList<MethodInfo> helpers)
    {
        yield return fragment;
        foreach (var helper in helpers)
        {
            string? program = null;
            try
            {
                var arguments = helper.GetParameters()
                    .Select((p, i) => i == 0 ? fragment : p.HasDefaultValue ? p.DefaultValue : string.Empty)
                    .ToArray();
                program = helper.Invoke(null, arguments) as string;
            }
            catch (TargetInvocationException)
            {
                // A helper that needs other input than a fragment: not a program builder.
            }

            if (program is not null)
            {
                yield return program;
            }
        }

        yield return ImplicitUsings + fragment;
    }

    private static int ErrorCount(string program)
    {
        var compilation = RobustnessCompiler.Compile(new[] { RobustnessCompiler.Parse(program, "Test0.cs") }, withRuntime: true, withRoslyn: false);
        return compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
    }

    /// <summary>Static <c>string Helper(string fragment, string other = ...)</c> methods of the test classes declared in the file.</summary>
    private static IReadOnlyList<MethodInfo> SourceHelpers(SyntaxTree tree)
    {
        var classNames = tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>()
            .Select(c => c.Identifier.ValueText)
            .ToHashSet(StringComparer.Ordinal);
        return typeof(RobustnessCorpus).Assembly.GetTypes()
            .Where(t => classNames.Contains(t.Name) && t.Namespace?.StartsWith("AsyncGuide.Analyzers.Tests", StringComparison.Ordinal) == true)
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(m => !m.IsGenericMethod && m.ReturnType == typeof(string) &&
                m.GetParameters().Length > 0 && m.GetParameters().All(p => p.ParameterType == typeof(string)))
            .Where(m => m.GetParameters().Skip(1).All(p => p.HasDefaultValue) || m.GetParameters().Length == 1)
            .ToList();
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
