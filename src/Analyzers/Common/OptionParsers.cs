using System;

namespace AsyncGuide.Analyzers;

/// <summary>The parsers the options share.</summary>
internal static class OptionParsers
{
    public static bool Boolean(string raw, out bool value) => bool.TryParse(raw, out value);

    /// <summary>A comma-, semicolon- or space-separated list; empty entries dropped. Never fails.</summary>
    public static bool List(string raw, out ImmutableArray<string> value)
    {
        value = ImmutableArray.Create(raw.Split(new[] { ',', ';', ' ' }, StringSplitOptions.RemoveEmptyEntries));
        return true;
    }
}
