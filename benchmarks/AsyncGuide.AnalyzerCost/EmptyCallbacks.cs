using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuide.AnalyzerCost;

/// <summary>
/// The floor under an operation analyzer: a callback for one operation kind that returns at once.
/// Its telemetry is what the driver spends just calling (and timing) a callback for every such
/// operation in the corpus; an AsyncGuide analyzer that triggers on the same kind cannot cost less.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class EmptyCallback : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new(
        "FLOOR", "Empty callback", "Never reported", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public EmptyCallback(OperationKind kind) => Kind = kind;

    public OperationKind Kind { get; }

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start => start.RegisterOperationAction(static _ => { }, Kind));
    }

    /// <summary>The kinds AsyncGuide's analyzers trigger on.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> ForTriggerKinds() => ImmutableArray.Create<DiagnosticAnalyzer>(
        new EmptyCallback(OperationKind.ExpressionStatement),
        new EmptyCallback(OperationKind.VariableDeclarator),
        new EmptyCallback(OperationKind.Invocation),
        new EmptyCallback(OperationKind.Await),
        new EmptyCallback(OperationKind.Block),
        new EmptyCallback(OperationKind.Loop));
}
