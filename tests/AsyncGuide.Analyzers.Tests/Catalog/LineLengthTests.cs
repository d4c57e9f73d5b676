using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>No C# line over <see cref="MaxLength"/> characters (issue 12), checked folder by folder.</summary>
public class LineLengthTests
{
    private const int MaxLength = 150;

    // The folders wrapped so far. The other folders join this list once their long lines are wrapped.
    private static readonly string[] Folders =
    {
        "src/Runtime",
        "tests/AsyncGuide.Runtime.Tests",
        "samples",
        "tests/AsyncGuide.Analyzers.Tests/Robustness",
        "benchmarks/AsyncGuide.Benchmarks",
        "benchmarks/AsyncGuide.RealCode",
        "src/Analyzers/UnobservedTasks",
        "src/CodeFixes/UnobservedTasks",
        "src/Analyzers/Common",
        "src/CodeFixes/Common",
        "tests/AsyncGuide.Analyzers.Tests/Common",
        "tests/AsyncGuide.Analyzers.Tests/Infrastructure",
        "tests/AsyncGuide.Analyzers.Tests/Catalog",
        "benchmarks/AsyncGuide.AnalyzerCost",
        "src/Analyzers/PendingWork",
        "src/CodeFixes/PendingWork",
        "src/Analyzers/SequentialAwaits",
        "src/CodeFixes/SequentialAwaits",
        "tests/AsyncGuide.Analyzers.Tests/PendingWork",
        "tests/AsyncGuide.Analyzers.Tests/UnobservedTasks",
        "tests/AsyncGuide.Analyzers.Tests/SequentialAwaits",
    };

    // Build output that .gitignore keeps out of the repository: generated, not written by anyone.
    private static readonly string[] BuildOutput = { "bin", "obj", "BenchmarkDotNet.Artifacts", "TestResults" };

    [Fact]
    public void No_line_in_the_wrapped_folders_is_over_150_characters()
    {
        var root = RuleCatalogTests.RepoRoot();
        var missing = Folders.Where(f => !Directory.Exists(Path.Combine(root, f))).ToList();
        Assert.True(missing.Count == 0, $"Folders not found (moved? update the list): {string.Join(", ", missing)}");

        var tooLong = LongLines(root, Folders);
        Assert.True(
            tooLong.Count == 0,
            $"{tooLong.Count} line(s) over {MaxLength} characters; wrap them:\n" + string.Join("\n", tooLong));
    }

    [Fact]
    public void Negative_control_a_long_line_is_named_by_file_and_line_and_build_output_is_skipped()
    {
        var root = Path.Combine(Path.GetTempPath(), "AsyncGuide.LineLength." + Guid.NewGuid().ToString("N"));
        try
        {
            var folder = Path.Combine(root, "src", "Some");
            Directory.CreateDirectory(Path.Combine(folder, "obj"));
            var tooLong = "// " + new string('x', MaxLength - 2);
            var justRight = "// " + new string('x', MaxLength - 3);
            File.WriteAllText(Path.Combine(folder, "Long.cs"), $"// short\n{tooLong}\n{justRight}\n");
            File.WriteAllText(Path.Combine(folder, "obj", "Generated.cs"), new string('x', MaxLength + 1));

            Assert.Equal(new[] { $"src/Some/Long.cs:2 has {MaxLength + 1} characters" }, LongLines(root, new[] { "src/Some" }));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>"path:line has n characters" for every line over the limit in the folders' C# sources.</summary>
    private static List<string> LongLines(string root, IEnumerable<string> folders)
    {
        var tooLong = new List<string>();
        foreach (var folder in folders)
        {
            foreach (var file in SourceFiles(Path.Combine(root, folder)))
            {
                var path = Path.GetRelativePath(root, file).Replace('\\', '/');
                var number = 0;
                foreach (var line in File.ReadLines(file))
                {
                    number++;
                    if (line.Length > MaxLength)
                    {
                        tooLong.Add($"{path}:{number} has {line.Length} characters");
                    }
                }
            }
        }

        return tooLong;
    }

    private static IEnumerable<string> SourceFiles(string dir) =>
        Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(dir, f).Split(Path.DirectorySeparatorChar).Intersect(BuildOutput, StringComparer.Ordinal).Any())
            .OrderBy(f => f, StringComparer.Ordinal);
}
