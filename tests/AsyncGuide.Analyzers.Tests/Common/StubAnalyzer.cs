using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>Reports TEST01 on every call to a method named N, A or B (test data for <see cref="StubFix"/>).</summary>
#pragma warning disable RS1036 // the test project is no analyzer project; this stub only feeds the Fix All tests
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class StubAnalyzer : DiagnosticAnalyzer
{
#pragma warning disable RS2008 // a test stub, not a shipped rule
    public static readonly DiagnosticDescriptor Rule = new("TEST01", "Stub", "Stub", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);
#pragma warning restore RS2008

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(
            c =>
            {
                var call = (IInvocationOperation)c.Operation;
                if (call.TargetMethod.Name is "N" or "A" or "B")
                {
                    c.ReportDiagnostic(Diagnostic.Create(Rule, call.Syntax.GetLocation()));
                }
            },
            OperationKind.Invocation);
    }
}
#pragma warning restore RS1036
