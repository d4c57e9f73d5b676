namespace AsyncGuide.Analyzers;

/// <summary>Whether a method of a type implements members of the interfaces that type implements.</summary>
internal static class InterfaceMembers
{
    /// <summary>
    /// <paramref name="method"/> implements <paramref name="contract"/>'s member <paramref name="name"/>, implicitly or explicitly.
    /// </summary>
    public static bool Implements(IMethodSymbol method, INamedTypeSymbol? contract, string name) =>
        contract is not null && method.ContainingType is { } type && ImplementsMemberOf(type, contract, name, method);

    /// <summary><paramref name="method"/> implements some member of an interface of its type: a stub standing for other implementations.</summary>
    public static bool ImplementsAny(IMethodSymbol method)
    {
        if (!method.ExplicitInterfaceImplementations.IsEmpty)
        {
            return true;
        }

        if (method.ContainingType is not { } type)
        {
            return false;
        }

        foreach (var contract in type.AllInterfaces)
        {
            if (ImplementsMemberOf(type, contract, method.Name, method))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ImplementsMemberOf(INamedTypeSymbol type, INamedTypeSymbol contract, string name, IMethodSymbol method)
    {
        foreach (var member in contract.GetMembers(name))
        {
            if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), method))
            {
                return true;
            }
        }

        return false;
    }
}
