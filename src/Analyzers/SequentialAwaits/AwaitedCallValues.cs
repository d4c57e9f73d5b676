using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuide.Analyzers;

/// <summary>
/// The strict "no side effects" test for a call's receiver and arguments, and the roots they touch.
/// Allowed: literals and constants, locals and parameters, <c>this</c>, readonly fields, get-only or
/// init-only properties without arguments, implicit non-user-defined conversions, and interpolated
/// strings over such values of primitive types. Everything else (invocations, <c>++</c>, object
/// creation, lambdas, settable members a previous call could change, ref/out/in) makes the call
/// ineligible.
/// </summary>
internal static class AwaitedCallValues
{
    public static bool TryCollectRoots(IInvocationOperation call, NonConcurrentTypes nonConcurrent, HashSet<INamedTypeSymbol> configured, List<TouchedRoot> roots, ILocalSymbol? loopIndex = null)
    {
        if (nonConcurrent.IsNonConcurrent(call.TargetMethod.ContainingType, configured))
        {
            return false;
        }

        if (call.Instance is { } instance && !TryAddRoot(instance, isReceiver: true, nonConcurrent, configured, roots, loopIndex))
        {
            return false;
        }

        var isExtension = call.TargetMethod.IsExtensionMethod;
        for (var i = 0; i < call.Arguments.Length; i++)
        {
            var argument = call.Arguments[i];
            if (argument.Parameter is { RefKind: not RefKind.None } || argument.ArgumentKind is ArgumentKind.ParamArray or TaskObservation.ParamCollectionKind)
            {
                return false;
            }

            // Default values the compiler filled in are constants.
            if (argument.IsImplicit && argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            if (!TryAddRoot(argument.Value, isReceiver: isExtension && i == 0, nonConcurrent, configured, roots, loopIndex))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryAddRoot(IOperation value, bool isReceiver, NonConcurrentTypes nonConcurrent, HashSet<INamedTypeSymbol> configured, List<TouchedRoot> roots, ILocalSymbol? loopIndex)
    {
        // items[i] in a for loop over an index: one element per iteration, like a foreach variable.
        if (loopIndex is not null && IsElementAtIndex(value, loopIndex, nonConcurrent, configured))
        {
            roots.Add(new TouchedRoot(loopIndex, loopIndex.Type, isReceiver: false));
            return true;
        }

        if (!IsSimple(value, nonConcurrent, configured, out var root))
        {
            return false;
        }

        if (root is not null)
        {
            roots.Add(new TouchedRoot(root, value.Type, isReceiver));
        }

        return true;
    }

    /// <summary>
    /// True when evaluating <paramref name="value"/> cannot have side effects nor observe a change a
    /// previous call could make without data flow seeing it. <paramref name="root"/> is what it reads.
    /// </summary>
    private static bool IsSimple(IOperation value, NonConcurrentTypes nonConcurrent, HashSet<INamedTypeSymbol> configured, out ISymbol? root)
    {
        root = null;
        if (value.Type is { TypeKind: TypeKind.Error } || nonConcurrent.IsNonConcurrent(value.Type, configured))
        {
            return false;
        }

        if (value.ConstantValue.HasValue)
        {
            return true;
        }

        switch (value)
        {
            case ILiteralOperation or IDefaultValueOperation or ITypeOfOperation:
                return true;
            case ILocalReferenceOperation local:
                root = local.Local;
                return true;
            case IParameterReferenceOperation parameter:
                root = parameter.Parameter;
                return true;
            case IInstanceReferenceOperation instance:
                root = instance.Type;
                return root is not null;
            case IFieldReferenceOperation field when field.Field.IsReadOnly || field.Field.IsConst:
                return IsSimpleMember(field.Field, field.Instance, nonConcurrent, configured, out root);
            case IPropertyReferenceOperation property
                when property.Arguments.Length == 0 &&
                     (property.Property.SetMethod is null || property.Property.SetMethod.IsInitOnly) &&
                     property.Property.GetMethod is not null:
                return IsSimpleMember(property.Property, property.Instance, nonConcurrent, configured, out root);
            case IConversionOperation { IsImplicit: true, Conversion.IsUserDefined: false } conversion:
                return IsSimple(conversion.Operand, nonConcurrent, configured, out root);
            case IInterpolatedStringOperation interpolated:
                return IsSimpleInterpolation(interpolated, nonConcurrent, configured);
            default:
                return false;
        }
    }

    /// <summary><c>items[i]</c> on an array or a List&lt;T&gt;-like indexer, with <c>i</c> the loop index.</summary>
    private static bool IsElementAtIndex(IOperation value, ILocalSymbol loopIndex, NonConcurrentTypes nonConcurrent, HashSet<INamedTypeSymbol> configured)
    {
        var (collection, indices) = value switch
        {
            IArrayElementReferenceOperation element => (element.ArrayReference, element.Indices),
            IPropertyReferenceOperation { Property.IsIndexer: true } indexer when indexer.Arguments.Length == 1 && IsBclCollection(indexer.Property.ContainingType) =>
                (indexer.Instance, ImmutableArray.Create(indexer.Arguments[0].Value)),
            _ => (null, ImmutableArray<IOperation>.Empty),
        };
        return collection is not null &&
               indices.Length == 1 &&
               indices[0] is ILocalReferenceOperation index &&
               SymbolEqualityComparer.Default.Equals(index.Local, loopIndex) &&
               IsSimple(collection, nonConcurrent, configured, out var root) &&
               root is not null;
    }

    /// <summary>List&lt;T&gt;, IList&lt;T&gt;, IReadOnlyList&lt;T&gt;...: indexers without side effects.</summary>
    private static bool IsBclCollection(INamedTypeSymbol? type) =>
        type?.ContainingNamespace?.ToDisplayString() == "System.Collections.Generic";

    private static bool IsSimpleMember(ISymbol member, IOperation? instance, NonConcurrentTypes nonConcurrent, HashSet<INamedTypeSymbol> configured, out ISymbol? root)
    {
        root = member;
        if (instance is null || instance is IInstanceReferenceOperation)
        {
            if (instance is not null && nonConcurrent.IsNonConcurrent(instance.Type, configured))
            {
                return false;
            }

            return true;
        }

        return IsSimple(instance, nonConcurrent, configured, out root) && root is not null;
    }

    private static bool IsSimpleInterpolation(IInterpolatedStringOperation interpolated, NonConcurrentTypes nonConcurrent, HashSet<INamedTypeSymbol> configured)
    {
        foreach (var part in interpolated.Parts)
        {
            if (part is IInterpolatedStringTextOperation)
            {
                continue;
            }

            // ToString of primitives, strings and enums has no side effects; of anything else, it may.
            if (part is not IInterpolationOperation { Alignment: null, FormatString: null or { ConstantValue.HasValue: true } } hole ||
                !(hole.Expression.Type is { SpecialType: not (SpecialType.None or SpecialType.System_Object) } or { TypeKind: TypeKind.Enum }) ||
                !IsSimple(hole.Expression, nonConcurrent, configured, out _))
            {
                return false;
            }
        }

        return true;
    }
}
