namespace AsyncGuide.Analyzers;

/// <summary>Builds the help link of a rule from its id, so every rule points at its docs page.</summary>
public static class RuleHelp
{
    public const string DocsBase = "https://github.com/AsyncGuide/AsyncGuide/blob/main/docs/rules/";

    public static string LinkFor(string ruleId) => DocsBase + ruleId + ".md";
}
