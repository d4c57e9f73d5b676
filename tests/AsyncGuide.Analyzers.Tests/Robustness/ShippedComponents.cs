using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuide.Analyzers.Tests.Robustness;

/// <summary>
/// Every analyzer and code fix the package ships, found by reflection so that each rule that
/// lands is covered by the robustness gates without editing them.
/// </summary>
internal static class ShippedComponents
{
    public static Assembly AnalyzersAssembly { get; } = typeof(RuleIds).Assembly;

    public static Assembly CodeFixesAssembly { get; } = typeof(AsyncGuide.CodeFixes.RuntimeSyntax).Assembly;

    public static ImmutableArray<Type> AnalyzerTypes { get; } = ConcreteSubtypes<DiagnosticAnalyzer>(AnalyzersAssembly);

    public static ImmutableArray<Type> CodeFixTypes { get; } = ConcreteSubtypes<CodeFixProvider>(CodeFixesAssembly);

    /// <summary>Fresh instances: analyzers must not depend on being new, but a test must not depend on them being shared either.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> CreateAnalyzers() =>
        AnalyzerTypes.Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!).ToImmutableArray();

    public static ImmutableArray<CodeFixProvider> CreateCodeFixes() =>
        CodeFixTypes.Select(t => (CodeFixProvider)Activator.CreateInstance(t)!).ToImmutableArray();

    private static ImmutableArray<Type> ConcreteSubtypes<T>(Assembly assembly) =>
        assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && typeof(T).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToImmutableArray();
}
