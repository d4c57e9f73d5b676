using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuide.Analyzers;

internal static class AwaitedCallErrors
{
    /// <summary>True when the statement contains a syntax or binding error (half-typed code): never reported.</summary>
    public static bool HasErrors(this IOperation operation)
    {
        if (operation.Syntax.ContainsDiagnostics)
        {
            return true;
        }

        foreach (var descendant in operation.DescendantsAndSelf())
        {
            if (descendant is IInvalidOperation || descendant.Type?.TypeKind == TypeKind.Error)
            {
                return true;
            }
        }

        return false;
    }
}
