using System;
using System.Runtime.CompilerServices;

namespace AsyncGuide.Analyzers;

/// <summary>
/// One typed .editorconfig option of a rule (<c>asyncguide.AG0201.include_discarded_results = true</c>):
/// key, value type, default and parser in one definition, read through <see cref="Read"/> only.
/// Definitions live as static fields on their analyzer; the catalog test finds them by reflection and
/// checks each has a row on its rule page (Meziantou's <c>ConfigurationDefinition&lt;T&gt;</c>).
/// </summary>
internal sealed class AnalyzerOption<T> : IAnalyzerOption
{
    /// <summary>Turns the raw text into a value; false for text it cannot read (the default is used).</summary>
    public delegate bool Parser(string raw, out T value);

    private readonly Parser _parse;

    // The parsed value per options object: one object serves every tree under the same .editorconfig sections.
    private readonly ConditionalWeakTable<AnalyzerConfigOptions, Box> _parsed = new();
    private readonly ConditionalWeakTable<AnalyzerConfigOptions, Box>.CreateValueCallback _parseOptions;

    public AnalyzerOption(string ruleId, string name, T defaultValue, Parser parse)
    {
        RuleId = ruleId;
        Key = "asyncguide." + ruleId + "." + name;
        DefaultValue = defaultValue;
        _parse = parse;
        _parseOptions = ParseOptions;
    }

    public string RuleId { get; }

    public string Key { get; }

    public T DefaultValue { get; }

    Type IAnalyzerOption.ValueType => typeof(T);

    object? IAnalyzerOption.DefaultValue => DefaultValue;

    /// <summary>The value configured for <paramref name="options"/>, or the default when unset or unreadable.</summary>
    public T Read(AnalyzerConfigOptions options) =>
        (_parsed.TryGetValue(options, out var box) ? box : _parsed.GetValue(options, _parseOptions)).Value;

    private Box ParseOptions(AnalyzerConfigOptions options) =>
        new(options.TryGetValue(Key, out var raw) && raw is not null && _parse(raw.Trim(), out var value) ? value : DefaultValue);

    private sealed class Box
    {
        public Box(T value) => Value = value;

        public T Value { get; }
    }
}
