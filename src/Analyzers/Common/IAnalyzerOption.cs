using System;

namespace AsyncGuide.Analyzers;

/// <summary>What every option definition tells the docs and the catalog test, whatever its value type.</summary>
internal interface IAnalyzerOption
{
    /// <summary>The rule the option belongs to, e.g. <c>AG0001</c>.</summary>
    string RuleId { get; }

    /// <summary>The .editorconfig key, <c>asyncguide.&lt;rule id&gt;.&lt;name&gt;</c>.</summary>
    string Key { get; }

    Type ValueType { get; }

    object? DefaultValue { get; }
}
