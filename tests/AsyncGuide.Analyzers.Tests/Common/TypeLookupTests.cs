using System.IO;
using AsyncGuide.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>
/// <c>Compilation.GetTypeByMetadataName</c> answers null when two references define a name; the rules
/// must still find the type the code binds to (a polyfill beside the BCL, two copies of a library).
/// </summary>
public class TypeLookupTests
{
    [Fact]
    public void A_polyfill_beside_corlib_resolves_to_corlib()
    {
        var polyfill = Library("Polyfill", "namespace System.Threading.Tasks { public class TaskFactory { } }");
        var compilation = Compile("class C { }", polyfill);

        var type = TypeLookup.For(compilation).Find("System.Threading.Tasks.TaskFactory");

        Assert.NotNull(type);
        Assert.Same(compilation.ObjectType.ContainingAssembly, type!.ContainingAssembly);
        Assert.NotNull(AsyncTypes.For(compilation)!.TaskFactory);
    }

    [Fact]
    public void The_compilations_own_definition_wins()
    {
        const string Session = "namespace Shared { public class Session { } }";
        var compilation = Compile(Session, Library("Lib", Session), Library("Lib2", Session));

        var type = TypeLookup.For(compilation).Find("Shared.Session");

        Assert.Same(compilation.Assembly, type!.ContainingAssembly);
    }

    [Fact]
    public void The_only_accessible_definition_wins_over_internal_copies()
    {
        var compilation = Compile(
            "class C { }",
            Library("Public", "namespace Shared { public class Session { } }"),
            Library("Internal", "namespace Shared { internal class Session { } }"));

        var type = TypeLookup.For(compilation).Find("Shared.Session");

        Assert.Equal("Public", type!.ContainingAssembly.Name);
    }

    [Fact]
    public void Two_public_copies_in_references_stay_unresolved()
    {
        var compilation = Compile(
            "class C { }",
            Library("One", "namespace Shared { public class Session { } }"),
            Library("Two", "namespace Shared { public class Session { } }"));

        Assert.Null(TypeLookup.For(compilation).Find("Shared.Session"));
    }

    [Fact]
    public void A_missing_type_is_null_and_every_rule_shares_one_resolution()
    {
        var compilation = Compile("class C { }");

        Assert.Null(TypeLookup.For(compilation).Find("No.Such.Type"));
        Assert.Same(TypeLookup.For(compilation), TypeLookup.For(compilation));
        Assert.Same(AsyncTypes.For(compilation), AsyncTypes.For(compilation));
    }

    [Fact]
    public void A_type_of_a_reference_under_an_extern_alias_only_stays_unresolved_as_in_GetTypeByMetadataName()
    {
        // Roslyn's documented contract: such references are not searched by metadata name. The shortcut that walks
        // the merged namespaces first must agree with it (it does: they are not merged into the global namespace).
        var aliased = Library("Data", "namespace Shared { public class Session { } }").WithAliases(new[] { "Data" });
        var compilation = Compile("extern alias Data; class C { Data::Shared.Session S; }", aliased);

#pragma warning disable RS0030 // the comparison is the point
        Assert.Null(compilation.GetTypeByMetadataName("Shared.Session"));
#pragma warning restore RS0030
        Assert.Null(TypeLookup.For(compilation).Find("Shared.Session"));
    }

    private static CSharpCompilation Compile(string source, params MetadataReference[] references) =>
        CSharpCompilation.Create(
            "Test",
            new[] { CSharpSyntaxTree.ParseText(source) },
            [.. TestReferences.Net80, .. references],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    private static MetadataReference Library(string name, string source)
    {
        var compilation = CSharpCompilation.Create(
            name,
            new[] { CSharpSyntaxTree.ParseText(source) },
            TestReferences.Net80,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }
}
