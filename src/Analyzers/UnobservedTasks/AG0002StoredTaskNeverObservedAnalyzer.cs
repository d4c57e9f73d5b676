namespace AsyncGuide.Analyzers;

/// <summary>
/// AG0002: a local holding a freshly started task (or a local collection that started tasks are
/// added to) is never awaited, returned, passed on or otherwise read before the method ends.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AG0002StoredTaskNeverObservedAnalyzer : AsyncGuideAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIds.StoredTaskNeverObserved,
        title: "Stored task never observed",
        messageFormat: "'{0}' holds started work that {1}, so its exceptions are lost",
        description: "A task kept in a local (or added to a local collection) and then forgotten, or left behind by a return or throw " +
            "before the await further down, loses its exception just like a dropped task. " +
            "Await it, gather it, return it or hand it to something that does.");

    /// <summary>The message's second argument for a local nobody observes.</summary>
    internal const string NeverObserved = "is never awaited, returned or passed on";

    /// <summary>
    /// The message's second argument when the diagnostic sits on a return or throw that leaves while the
    /// task is still unobserved (it is awaited further down, on the other paths); additional location: the local.
    /// </summary>
    internal const string LeftBehindHere = "is still unobserved when this path leaves";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types)
    {
        // Triggered by a task-typed local; the body holding it is walked once, on the first such local.
        var placeholders = new PlaceholderTasks(start.Compilation, types);
        var walks = new OperationTreeCache<StoredTaskBodyWalk>(root => StoredTaskBodyWalk.Build(root, types, placeholders));
        start.RegisterOperationAction(
            c =>
            {
                var declarator = (IVariableDeclaratorOperation)c.Operation;
                if (StoredTaskBodyWalk.KindOf(declarator, types) != StoredTaskKind.None &&
                    walks.For(declarator).DiagnosticFor(declarator) is { } diagnostic)
                {
                    c.ReportDiagnostic(diagnostic);
                }
            },
            OperationKind.VariableDeclarator);
    }
}
