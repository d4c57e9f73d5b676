using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuide.Analyzers;

/// <summary>
/// Decides whether a later awaited call may start before an earlier one completes without changing
/// what the code means. Every test is on symbols; when in doubt, the answer is "dependent".
/// </summary>
internal static class AwaitIndependence
{
    public static bool AreIndependent(AwaitedCall earlier, StatementFlow earlierFlow, AwaitedCall later, StatementFlow laterFlow, NonConcurrentTypes nonConcurrent)
    {
        // The later call reads what the earlier statement wrote (a result, a token, a page).
        if (Intersects(laterFlow.Reads, earlierFlow.Writes) || Intersects(laterFlow.Reads, earlierFlow.Declared))
        {
            return false;
        }

        // Both write the same variable: the last write would no longer be the later one by intent.
        if (Intersects(laterFlow.Writes, earlierFlow.Writes))
        {
            return false;
        }

        // The same call twice (`await ReadMessageAsync(); await ReadMessageAsync();`) only makes sense
        // when it reads a sequence: the second result depends on the first call having happened.
        if (IsSameCall(earlier.Call, later.Call))
        {
            return false;
        }

        foreach (var first in earlier.Roots)
        {
            foreach (var second in later.Roots)
            {
                if (!SymbolEqualityComparer.Default.Equals(first.Symbol, second.Symbol))
                {
                    continue;
                }

                // One instance used by both calls: its state is shared (the same repository, `this`, client).
                if (first.IsReceiver || second.IsReceiver)
                {
                    if (!(first.IsReceiver && second.IsReceiver && nonConcurrent.IsKnownConcurrentSafe(first.ValueType)))
                    {
                        return false;
                    }

                    continue;
                }

                // The same mutable object (a request, a buffer) handed to both calls.
                if (!IsImmutableLooking(first.ValueType) || !IsImmutableLooking(second.ValueType))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool IsSameCall(Microsoft.CodeAnalysis.Operations.IInvocationOperation first, Microsoft.CodeAnalysis.Operations.IInvocationOperation second) =>
        SymbolEqualityComparer.Default.Equals(first.TargetMethod, second.TargetMethod) &&
        first.Syntax.IsEquivalentTo(second.Syntax, topLevel: false);

    /// <summary>Strings, primitives, enums and readonly structs (CancellationToken, Guid, TimeSpan...).</summary>
    public static bool IsImmutableLooking(ITypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        if (type.SpecialType is not (SpecialType.None or SpecialType.System_Object) || type.TypeKind == TypeKind.Enum)
        {
            return true;
        }

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable)
        {
            return IsImmutableLooking(nullable.TypeArguments[0]);
        }

        return type is INamedTypeSymbol { TypeKind: TypeKind.Struct, IsReadOnly: true };
    }

    private static bool Intersects(ImmutableArray<ISymbol> left, ImmutableArray<ISymbol> right)
    {
        foreach (var a in left)
        {
            foreach (var b in right)
            {
                if (SymbolEqualityComparer.Default.Equals(a, b))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
