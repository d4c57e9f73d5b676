namespace AsyncGuide.Analyzers;

/// <summary>
/// AG0004: <c>await Task.WhenAll(…)</c> of several tasks inside a try whose catch-all handles the
/// exception it receives — only the first failure — and never looks at the WhenAll task or the
/// individual tasks, so every other failure disappears.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AG0004WhenAllExceptionsLostAnalyzer : AsyncGuideAnalyzer
{
    // Info, not Warning: the other exceptions are observed by the runtime (no UnobservedTaskException),
    // only unreported, and "one failure is enough" is often a deliberate choice. See docs/rules/AG0004.md.
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIds.WhenAllExceptionsLost,
        title: "Exceptions lost by WhenAll",
        messageFormat: "'await Task.WhenAll' rethrows only the first exception; this catch never sees the other failures",
        description: "Awaiting Task.WhenAll throws the first inner exception only. " +
            "A catch that handles it without looking at the WhenAll task's Exception.InnerExceptions or the individual tasks " +
            "reports one failure and silently drops the rest.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types)
    {
        // Triggered by an await of WhenAll (or of a local) inside a try; the body's facts are collected only then.
        var facts = new OperationTreeCache<WhenAllBodyFacts>(root => WhenAllBodyFacts.Build(root, types));
        var callees = CalleeFaultFacts.For(start.Compilation, types);
        start.RegisterOperationAction(
            context =>
            {
                var awaitOperation = (IAwaitOperation)context.Operation;
                if (!WhenAllCatchInspection.MayAwaitWhenAllInTry(awaitOperation, types))
                {
                    return;
                }

                var body = facts.For(awaitOperation);
                if (WhenAllCatchInspection.Find(awaitOperation, body, types, callees) is { } finding)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        Rule,
                        finding.Squiggle.Syntax.GetLocation(),
                        ImmutableArray.Create(finding.Catch.Syntax.GetFirstToken().GetLocation()),
                        properties: null));
                }
            },
            OperationKind.Await);
    }
}
