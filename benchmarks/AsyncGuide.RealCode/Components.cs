using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuide.RealCode;

/// <summary>The shipped analyzers and code fixes, found by reflection as a host would find them.</summary>
internal static class Components
{
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers(IReadOnlySet<string>? rules) =>
        Assembly.Load("AsyncGuide.Analyzers").GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.IsDefined(typeof(DiagnosticAnalyzerAttribute), false))
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .Where(a => rules is null || a.SupportedDiagnostics.Any(d => rules.Contains(d.Id)))
            .ToImmutableArray();

    public static ImmutableArray<CodeFixProvider> CodeFixes() =>
        Assembly.Load("AsyncGuide.CodeFixes").GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.IsDefined(typeof(ExportCodeFixProviderAttribute), false))
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToImmutableArray();
}
