namespace AsyncGuide.Analyzers;

/// <summary>
/// The one way to make a rule's descriptor: help link, category and default severity come from the
/// id, so no analyzer can drift from the docs page, the id ranges or the release table.
/// </summary>
internal static class RuleDescriptors
{
    // Info for the rules that suggest a design change rather than report a bug (docs/rules/README.md).
    private static readonly Dictionary<string, DiagnosticSeverity> Severities = new()
    {
        [RuleIds.DroppedTask] = DiagnosticSeverity.Warning,
        [RuleIds.StoredTaskNeverObserved] = DiagnosticSeverity.Warning,
        [RuleIds.WhenAnyWinnerNotObserved] = DiagnosticSeverity.Warning,
        [RuleIds.WhenAllExceptionsLost] = DiagnosticSeverity.Info,
        [RuleIds.ScopeNeverJoined] = DiagnosticSeverity.Warning,
        [RuleIds.WhenAnyLosersLeftRunning] = DiagnosticSeverity.Warning,
        [RuleIds.TimeoutByRacingDelay] = DiagnosticSeverity.Warning,
        [RuleIds.WaitPendingIgnored] = DiagnosticSeverity.Warning,
        [RuleIds.TimerLeftRunning] = DiagnosticSeverity.Info,
        [RuleIds.SequentialAwaits] = DiagnosticSeverity.Info,
        [RuleIds.SequentialAwaitsInLoop] = DiagnosticSeverity.Info,
    };

    public static DiagnosticDescriptor Create(string id, string title, string messageFormat, string description) =>
#pragma warning disable RS0030 // The factory is the one place allowed to call the raw constructor.
        new(
            id,
            title,
            messageFormat,
            CategoryOf(id),
            SeverityOf(id),
            isEnabledByDefault: true,
            description: description,
            helpLinkUri: RuleHelp.LinkFor(id));
#pragma warning restore RS0030

    /// <summary><see cref="Categories.Performance"/> for AG02xx (missed concurrency), else <see cref="Categories.Reliability"/>.</summary>
    public static string CategoryOf(string id) =>
        id.StartsWith("AG02", System.StringComparison.Ordinal) ? Categories.Performance : Categories.Reliability;

    /// <summary>The rule's default severity; Warning for an id the table does not know yet.</summary>
    public static DiagnosticSeverity SeverityOf(string id) =>
        Severities.TryGetValue(id, out var severity) ? severity : DiagnosticSeverity.Warning;
}
