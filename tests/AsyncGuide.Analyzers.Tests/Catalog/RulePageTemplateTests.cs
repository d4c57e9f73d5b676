using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>Every rule page follows the heading template of docs/rules/README.md.</summary>
public class RulePageTemplateTests
{
    // (heading, required): in page order.
    private static readonly (string Heading, bool Required)[] Template =
    {
        ("## What it finds", true),
        ("## Why", true),
        ("## Before / after", false),
        ("## Not flagged (on purpose)", true),
        ("## Code fix", true),
        ("## Known limits", false),
        ("## Options", false),
        ("## Configure or suppress", true),
    };

    [Fact]
    public void Every_rule_page_follows_the_heading_template()
    {
        var options = RuleOptionCatalogTests.OptionDefinitions().Select(o => o.RuleId).ToHashSet(StringComparer.Ordinal);
        foreach (var descriptor in RuleCatalogTests.AllDescriptors())
        {
            var lines = File.ReadAllLines(Path.Combine(RuleCatalogTests.RepoRoot(), "docs", "rules", descriptor.Id + ".md"));
            var page = $"docs/rules/{descriptor.Id}.md";
            Assert.True(lines[0] == $"# {descriptor.Id}: {descriptor.Title}", $"{page} should open with '# {descriptor.Id}: {descriptor.Title}'");

            var headings = SectionHeadings(lines);
            var expected = Template
                .Where(t => t.Required || headings.Contains(t.Heading) || (t.Heading == "## Options" && options.Contains(descriptor.Id)))
                .Select(t => t.Heading)
                .ToList();
            Assert.True(
                expected.SequenceEqual(headings),
                $"{page} headings:\n  are:       {string.Join(" / ", headings)}\n  should be: {string.Join(" / ", expected)}");
        }
    }

    /// <summary>The level-two headings outside fenced code blocks (an ini or C# comment is not a heading).</summary>
    private static List<string> SectionHeadings(IEnumerable<string> lines)
    {
        var headings = new List<string>();
        var inFence = false;
        foreach (var line in lines)
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }
            else if (!inFence && line.StartsWith("## ", StringComparison.Ordinal))
            {
                headings.Add(line.TrimEnd());
            }
            else if (!inFence && line.StartsWith("# ", StringComparison.Ordinal) && headings.Count > 0)
            {
                headings.Add(line.TrimEnd());
            }
        }

        return headings;
    }
}
