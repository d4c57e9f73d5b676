namespace AsyncGuide.Analyzers;

/// <summary>
/// The <c>Initialize</c> every AsyncGuide analyzer shares: concurrent execution, generated code skipped, and per
/// compilation the well-known types, resolved once (a compilation without <c>Task</c> is not analyzed). A rule
/// registers its actions in <see cref="OnCompilationStart"/>, with those types in hand.
/// </summary>
public abstract class AsyncGuideAnalyzer : DiagnosticAnalyzer
{
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (AsyncTypes.For(start.Compilation) is { } types)
            {
                OnCompilationStart(start, types);
            }
        });
    }

    /// <summary>Registers the rule's actions for one compilation; returns without any when a type it needs is missing.</summary>
    private protected abstract void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types);
}
