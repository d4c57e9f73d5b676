using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace AsyncGuide.RealCode;

/// <summary>Adds the AsyncGuide runtime to every C# project, as if it referenced the package.</summary>
internal static class RuntimeReference
{
    public static Solution AddTo(Solution solution)
    {
        // This tool runs on net10.0 and so loads the runtime's net8.0 build; the build copies the netstandard2.0 one beside it.
        var net80 = typeof(AsyncGuide.Async).Assembly.Location;
        var netstandard20 = Path.Combine(Path.GetDirectoryName(net80)!, "runtime-netstandard2.0", Path.GetFileName(net80));
        if (!File.Exists(netstandard20))
        {
            throw new FileNotFoundException(
                "The runtime's netstandard2.0 build is missing beside the tool; build benchmarks/AsyncGuide.RealCode again.",
                netstandard20);
        }

        foreach (var projectId in solution.ProjectIds)
        {
            var project = solution.GetProject(projectId)!;
            if (project.Language != LanguageNames.CSharp ||
                project.MetadataReferences.OfType<PortableExecutableReference>().Any(r => Path.GetFileName(r.FilePath) == "AsyncGuide.dll"))
            {
                continue;
            }

            // The net8.0 build needs System.Runtime 8+; anything older gets the netstandard2.0 build (as NuGet would pick).
            var runtime = project.MetadataReferences.OfType<PortableExecutableReference>()
                .Select(r => r.GetMetadata() is AssemblyMetadata m ? m.GetModules()[0].GetMetadataReader() : null)
                .Any(r => r is not null && r.IsAssembly && r.GetString(r.GetAssemblyDefinition().Name) == "System.Runtime" &&
                          r.GetAssemblyDefinition().Version.Major >= 8)
                ? net80
                : netstandard20;
            solution = solution.AddMetadataReference(projectId, MetadataReference.CreateFromFile(runtime));
        }

        return solution;
    }
}
