namespace AsyncGuide.Analyzers;

/// <summary>
/// AG0001: an awaitable produced by a call is thrown away (expression statement, <c>_ =</c>,
/// <c>var _ =</c>, or the inner task of an awaited <c>Task&lt;Task&gt;</c>), so its exception is lost.
/// Additional locations: the other dropped Tasks of the same run of consecutive statements, which the
/// fix gathers into one await.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AG0001DroppedTaskAnalyzer : AsyncGuideAnalyzer
{
    /// <summary>.editorconfig key: comma-separated <c>Namespace.Type.Method</c> (or <c>Namespace.Type</c>) whose awaitable may be dropped.</summary>
    internal static readonly AnalyzerOption<ImmutableArray<string>> FireAndForgetMethods =
        new(RuleIds.DroppedTask, "fire_and_forget_methods", ImmutableArray<string>.Empty, OptionParsers.List);

    /// <summary>Diagnostic property: <c>Task</c>, <c>ValueTask</c> or <c>Other</c>, what the dropped value is.</summary>
    public const string DroppedKindKey = "DroppedKind";

    /// <summary>Diagnostic property: how many awaits the statement needs (2 for a dropped <c>Task&lt;Task&gt;</c>).</summary>
    public const string AwaitDepthKey = "AwaitDepth";

    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIds.DroppedTask,
        title: "Dropped task",
        messageFormat: "The awaitable returned by '{0}' is dropped, so {1}; await it or hand it to something that observes it",
        description: "A Task or ValueTask that nobody awaits loses its exception. " +
            "This covers expression statements, '_ =' discards and 'var _ =' locals in sync and async code alike.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types)
    {
        var state = new DroppedTaskDetector(start.Compilation, types, start.Options.AnalyzerConfigOptionsProvider);
        start.RegisterOperationAction(state.AnalyzeExpressionStatement, OperationKind.ExpressionStatement);
        start.RegisterOperationAction(state.AnalyzeUnderscoreLocal, OperationKind.VariableDeclarator);
    }
}
