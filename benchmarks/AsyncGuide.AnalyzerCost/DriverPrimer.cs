using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuide.AnalyzerCost;

/// <summary>
/// Reports one hidden diagnostic per syntax tree, on the first operation block of the tree (it runs
/// first: it is first in the analyzer list). The first
/// diagnostic reported in a tree makes the analyzer driver scan that tree once for
/// [GeneratedCode] attributes (analyzers that skip generated code must not report there), and
/// telemetry books that scan to whichever analyzer reports first. Likewise the compilation's first
/// type lookup by metadata name (every analyzer resolves its well-known types in its compilation
/// start action) builds the declaration table and binds the references. In a real build that work
/// is paid once, by whoever comes first; the primer pays both here, so each measured analyzer's row
/// is its own cost.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class DriverPrimer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new(
        "PRIMER", "Driver primer", "Primes the driver's generated-code cache", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            // The compilation's first type lookup by name builds its declaration table and binds its
            // references: compiler work, booked to whichever analyzer resolves a type first.
            _ = start.Compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");

            // A syntax tree action would run before the driver is ready to scan; an operation block runs where ours do.
            var primed = new ConcurrentDictionary<SyntaxTree, bool>();
            start.RegisterOperationBlockAction(c =>
            {
                var tree = c.OwningSymbol.Locations[0].SourceTree;
                if (tree is not null && primed.TryAdd(tree, true))
                {
                    c.ReportDiagnostic(Diagnostic.Create(Rule, c.OwningSymbol.Locations[0]));
                }
            });
        });
    }
}
