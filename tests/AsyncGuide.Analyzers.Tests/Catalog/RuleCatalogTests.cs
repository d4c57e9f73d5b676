using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using AsyncGuide.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>Every rule is a full set: descriptor with help link, docs page, README row, release entry.</summary>
public class RuleCatalogTests
{
    [Fact]
    public void Rule_ids_are_unique_and_follow_the_scheme()
    {
        var ids = typeof(RuleIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^AG[0-9]{4}$", id));
    }

    [Fact]
    public void Every_descriptor_has_a_help_link_to_its_docs_page_and_a_page_README_row_and_release_entry()
    {
        var root = RepoRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var unshipped = File.ReadAllText(Path.Combine(root, "src", "Analyzers", "AnalyzerReleases.Unshipped.md"));
        var shipped = File.ReadAllText(Path.Combine(root, "src", "Analyzers", "AnalyzerReleases.Shipped.md"));

        foreach (var descriptor in AllDescriptors())
        {
            Assert.Equal(RuleHelp.LinkFor(descriptor.Id), descriptor.HelpLinkUri);
            Assert.True(File.Exists(Path.Combine(root, "docs", "rules", descriptor.Id + ".md")), $"docs/rules/{descriptor.Id}.md is missing");
            Assert.Contains($"[{descriptor.Id}](docs/rules/{descriptor.Id}.md)", readme, StringComparison.Ordinal);
            Assert.True(
                unshipped.Contains(descriptor.Id, StringComparison.Ordinal) || shipped.Contains(descriptor.Id, StringComparison.Ordinal),
                $"{descriptor.Id} has no release tracking entry");
        }
    }

    [Fact]
    public void The_rule_index_has_a_row_per_descriptor_with_its_title_category_severity_and_fix()
    {
        var rows = RuleIndexRows();
        var fixable = FixableIds();

        foreach (var descriptor in AllDescriptors())
        {
            var expected = IndexRow(descriptor.Id, descriptor.Title.ToString(), descriptor.Category,
                descriptor.DefaultSeverity.ToString(), fixable.Contains(descriptor.Id) ? "Yes" : "No");
            Assert.True(rows.TryGetValue(descriptor.Id, out var row), $"docs/rules/README.md has no row for {descriptor.Id}; add: {expected}");
            Assert.True(
                expected == row,
                $"docs/rules/README.md row for {descriptor.Id} is out of date:\n  is:        {row}\n  should be: {expected}");
        }
    }

    [Fact]
    public void Every_rule_page_belongs_to_a_descriptor()
    {
        var ids = AllDescriptors().Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var pages = Directory.Exists(RulesDocs())
            ? Directory.GetFiles(RulesDocs(), "AG*.md").Select(Path.GetFileNameWithoutExtension).ToList()
            : new List<string?>();

        Assert.All(pages, page => Assert.True(ids.Contains(page!), $"docs/rules/{page}.md has no analyzer descriptor (orphan page)"));
    }

    [Fact]
    public void Every_descriptor_id_is_allocated_in_RuleIds()
    {
        var allocated = AllocatedIds();
        Assert.All(AllDescriptors(), d => Assert.True(allocated.Contains(d.Id), $"{d.Id} is reported but not allocated in RuleIds"));
    }

    [Fact]
    public void The_rule_showcase_has_one_expect_marker_per_rule_id_and_no_unknown_ids()
    {
        var showcase = Path.Combine(RepoRoot(), "samples", "AsyncGuide.RuleShowcase");
        var marked = Directory.GetFiles(showcase, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(File.ReadLines)
            .Select(line => Regex.Match(line, @"//\s*expect:\s*(.+)$"))
            .Where(m => m.Success)
            .SelectMany(m => Regex.Matches(m.Groups[1].Value, "AG[0-9]{4}").Select(id => id.Value))
            .ToHashSet(StringComparer.Ordinal);
        var allocated = AllocatedIds();

        Assert.All(allocated, id => Assert.True(marked.Contains(id), $"samples/AsyncGuide.RuleShowcase has no '// expect: {id}' marker"));
        Assert.All(marked, id => Assert.True(allocated.Contains(id), $"samples/AsyncGuide.RuleShowcase marks {id}, which RuleIds does not allocate"));
    }

    [Fact]
    public void Every_rule_id_has_a_descriptor()
    {
        var reported = AllDescriptors().Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        Assert.All(AllocatedIds(), id => Assert.True(reported.Contains(id), $"{id} is allocated in RuleIds but no analyzer has a descriptor for it"));
    }

    [Fact]
    public void Every_rule_index_row_belongs_to_a_descriptor()
    {
        var reported = AllDescriptors().Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        Assert.All(
            RuleIndexRows().Keys,
            id => Assert.True(reported.Contains(id), $"docs/rules/README.md lists {id}, which has no analyzer descriptor"));
    }

    [Fact]
    public void Every_rule_option_is_in_the_options_table_and_on_its_rule_page()
    {
        var root = RepoRoot();
        var optionPattern = new System.Text.RegularExpressions.Regex(@"asyncguide\.(AG[0-9]{4})\.[a-z_]+");
        var table = File.ReadAllText(Path.Combine(root, "docs", "configure-and-suppress.md"));
        var tableOptions = optionPattern.Matches(table).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        var pageOptions = Directory.GetFiles(Path.Combine(root, "docs", "rules"), "AG*.md")
            .SelectMany(page => optionPattern.Matches(File.ReadAllText(page)).Select(m => m.Value))
            .ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(pageOptions);
        Assert.Equal(pageOptions.OrderBy(o => o, StringComparer.Ordinal), tableOptions.OrderBy(o => o, StringComparer.Ordinal));
        foreach (var option in tableOptions)
        {
            var ruleId = optionPattern.Match(option).Groups[1].Value;
            Assert.Contains(option, File.ReadAllText(Path.Combine(root, "docs", "rules", ruleId + ".md")), StringComparison.Ordinal);
        }
    }

    internal static HashSet<string> AllocatedIds() =>
        typeof(RuleIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Id -> the row normalised by <see cref="IndexRow"/>, for every linked row of docs/rules/README.md.</summary>
    internal static Dictionary<string, string> RuleIndexRows()
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(Path.Combine(RulesDocs(), "README.md")))
        {
            var cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            var link = cells.Length == 5 ? Regex.Match(cells[0], @"^\[(AG[0-9]{4})\]\(\1\.md\)$") : Match.Empty;
            if (link.Success)
            {
                rows[link.Groups[1].Value] = IndexRow(link.Groups[1].Value, cells[1], cells[2], cells[3], cells[4]);
            }
        }

        return rows;
    }

    private static string IndexRow(string id, string title, string category, string severity, string fix) =>
        $"| [{id}]({id}.md) | {title} | {category} | {severity} | {fix} |";

    internal static HashSet<string> FixableIds() =>
        typeof(RuntimeSyntax).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .SelectMany(t => ((CodeFixProvider)Activator.CreateInstance(t)!).FixableDiagnosticIds)
            .ToHashSet(StringComparer.Ordinal);

    private static string RulesDocs() => Path.Combine(RepoRoot(), "docs", "rules");

    internal static IReadOnlyList<DiagnosticDescriptor> AllDescriptors() =>
        typeof(RuleIds).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics)
            .GroupBy(d => d.Id)
            .Select(g => g.First())
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToList();

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AsyncGuide.Analyzers.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("AsyncGuide.Analyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
