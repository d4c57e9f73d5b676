using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
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
            Assert.True(unshipped.Contains(descriptor.Id, StringComparison.Ordinal) || shipped.Contains(descriptor.Id, StringComparison.Ordinal), $"{descriptor.Id} has no release tracking entry");
        }
    }

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
