using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuide.RealCode;

/// <summary>
/// The recall side of AG0001: every place a task-returning call's task is dropped, whatever AG0001 decides about it (a call
/// as a statement, or discarded with <c>_ =</c>). <c>analyze --candidates</c> keeps the ones AG0001 did not report as
/// <see cref="Id"/> rows, so a reviewer can sample them for real misses (a dropped task that can fault and that nothing
/// observes). Not shipped: a measuring aid of this tool only.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class DroppedTaskCandidates : DiagnosticAnalyzer
{
    public const string Id = "UNREPORTED_DROP";

    private static readonly DiagnosticDescriptor Rule = new(
        Id, "Dropped task", "The task of '{0}' is dropped (AG0001 candidate)", "Recall", DiagnosticSeverity.Info, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(OnStatement, OperationKind.ExpressionStatement);
    }

    private static void OnStatement(OperationAnalysisContext context)
    {
        var value = ((IExpressionStatementOperation)context.Operation).Operation;
        if (value is ISimpleAssignmentOperation { Target: IDiscardOperation, Value: var discarded })
        {
            value = discarded;
        }

        while (value is IConversionOperation { IsImplicit: true } conversion)
        {
            value = conversion.Operand;
        }

        if (value is IInvocationOperation call && IsTaskLike(call.Type))
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, call.Syntax.GetLocation(), call.TargetMethod.Name));
        }
    }

    private static bool IsTaskLike(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "Task" or "ValueTask", ContainingNamespace: { Name: "Tasks", ContainingNamespace.Name: "Threading" } };
}
