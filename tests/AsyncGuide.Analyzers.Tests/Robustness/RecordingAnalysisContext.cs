using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuide.Analyzers.Tests.Robustness;

/// <summary>An <see cref="AnalysisContext"/> that records how an analyzer configures itself and ignores its actions.</summary>
internal sealed class RecordingAnalysisContext : AnalysisContext
{
    public bool ConcurrentExecutionEnabled { get; private set; }

    public GeneratedCodeAnalysisFlags? GeneratedCodeAnalysis { get; private set; }

    public int Registrations { get; private set; }

    public override void EnableConcurrentExecution() => ConcurrentExecutionEnabled = true;

    public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => GeneratedCodeAnalysis = analysisMode;

    public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) => Registrations++;

    public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => Registrations++;

    public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => Registrations++;

    public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => Registrations++;

    public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) => Registrations++;

    public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action)
        => Registrations++;

    public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => Registrations++;

    public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => Registrations++;

    public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) => Registrations++;

    public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(
        Action<SyntaxNodeAnalysisContext> action,
        ImmutableArray<TLanguageKindEnum> syntaxKinds)
        => Registrations++;

    public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
        => Registrations++;

    public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => Registrations++;

    public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => Registrations++;
}
