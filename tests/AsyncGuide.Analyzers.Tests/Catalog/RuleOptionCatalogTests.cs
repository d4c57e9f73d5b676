using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>Every option defined in code has a row in the Options table of its rule page, and every row has a definition.</summary>
public class RuleOptionCatalogTests
{
    [Fact]
    public void Every_option_definition_has_a_row_on_its_rule_page_with_its_type_and_default()
    {
        var definitions = OptionDefinitions();
        Assert.NotEmpty(definitions);

        foreach (var option in definitions)
        {
            Assert.Matches("^asyncguide\\.AG[0-9]{4}\\.[a-z_]+$", option.Key);
            Assert.StartsWith("asyncguide." + option.RuleId + ".", option.Key, StringComparison.Ordinal);
            var rows = OptionRows(option.RuleId);
            Assert.True(rows.TryGetValue(option.Key, out var row), $"docs/rules/{option.RuleId}.md has no Options row for {option.Key}");
            var type = TypeName(option.ValueType);
            var defaultText = DefaultText(option.DefaultValue);
            Assert.True(type == row.Type, $"{option.Key}: the page says '{row.Type}', the code reads {type}");
            Assert.True(defaultText == row.Default, $"{option.Key}: the page says '{row.Default}', the code defaults to {defaultText}");
        }
    }

    [Fact]
    public void Every_option_row_on_a_rule_page_is_defined_in_code()
    {
        var keys = OptionDefinitions().Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var id in RuleCatalogTests.AllocatedIds())
        {
            Assert.All(OptionRows(id).Keys, key => Assert.True(keys.Contains(key), $"docs/rules/{id}.md documents {key}, which no analyzer defines"));
        }
    }

    [Fact]
    public void Option_keys_are_unique()
    {
        var keys = OptionDefinitions().Select(o => o.Key).ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>Every static field holding an option definition in the analyzer assembly.</summary>
    internal static IReadOnlyList<IAnalyzerOption> OptionDefinitions() =>
        typeof(RuleIds).Assembly.GetTypes()
            .Where(t => !t.ContainsGenericParameters)
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(f => typeof(IAnalyzerOption).IsAssignableFrom(f.FieldType))
            .Select(f => (IAnalyzerOption)f.GetValue(null)!)
            .ToList();

    /// <summary>Key -> (type, default) for each row of the "## Options" table of a rule page.</summary>
    private static Dictionary<string, (string Type, string Default)> OptionRows(string ruleId)
    {
        var rows = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        var inOptions = false;
        foreach (var line in File.ReadLines(Path.Combine(RuleCatalogTests.RepoRoot(), "docs", "rules", ruleId + ".md")))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                inOptions = line == "## Options";
                continue;
            }

            var row = Regex.Match(line, @"^\| `(asyncguide\.[^`]+)` \| ([^|]+) \| ([^|]+) \|");
            if (inOptions && row.Success)
            {
                rows[row.Groups[1].Value] = (row.Groups[2].Value.Trim(), row.Groups[3].Value.Trim());
            }
        }

        return rows;
    }

    private static string TypeName(Type type) =>
        type == typeof(bool) ? "bool"
        : type == typeof(ImmutableArray<string>) ? "list"
        : throw new InvalidOperationException($"Give the option type {type} a name on the rule pages and here.");

    private static string DefaultText(object? value) => value switch
    {
        bool b => b ? "`true`" : "`false`",
        ImmutableArray<string> { IsDefaultOrEmpty: true } => "(none)",
        ImmutableArray<string> list => "`" + string.Join(", ", list) + "`",
        _ => throw new InvalidOperationException($"Give the default {value} a form on the rule pages and here."),
    };
}
