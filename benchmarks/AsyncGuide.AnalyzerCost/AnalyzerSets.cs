using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using AsyncGuide.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuide.AnalyzerCost;

/// <summary>The analyzers measured: every AsyncGuide analyzer, and every C# analyzer of the peer package.</summary>
internal static class AnalyzerSets
{
    public static ImmutableArray<DiagnosticAnalyzer> AsyncGuide() => Instantiate(typeof(RuleIds).Assembly);

    /// <summary>Microsoft.VisualStudio.Threading.Analyzers, copied to <c>peers/</c> by the project file.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> VsThreading()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "peers");
        var assemblies = Directory.EnumerateFiles(folder, "Microsoft.VisualStudio.Threading.Analyzers*.dll")
            .Where(f => !f.Contains("CodeFixes", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(Assembly.LoadFrom);
        return assemblies.SelectMany(assembly => Instantiate(assembly)).ToImmutableArray();
    }

    public static string Rules(DiagnosticAnalyzer analyzer) =>
        string.Join(", ", analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal));

    private static ImmutableArray<DiagnosticAnalyzer> Instantiate(Assembly assembly) =>
        assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .Where(t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>()?.Languages.Contains(LanguageNames.CSharp) ?? false)
            .Where(t => t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
}
