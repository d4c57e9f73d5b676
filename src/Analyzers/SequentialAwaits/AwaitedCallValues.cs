namespace AsyncGuide.Analyzers;

/// <summary>
/// The strict "no side effects" test for a call's receiver and arguments, and the roots they touch.
/// Allowed: literals and constants, locals and parameters, <c>this</c>, readonly fields (and private fields only the
/// constructors write: <see cref="ConstructorOnlyFields"/>), properties without
/// arguments (get-only, init-only, or settable auto-properties, whose reads mark the root so that a run never
/// gathers them after a call that got the object: <see cref="TouchedRoot.ReadsMutableMember"/>), implicit
/// non-user-defined conversions, and interpolated strings over such values of primitive types. Everything else
/// (invocations, <c>++</c>, object creation, lambdas, settable properties with a body, other fields,
/// ref/out/in) makes the call ineligible.
/// </summary>
internal static class AwaitedCallValues
{
    public static bool TryCollectRoots(
        IInvocationOperation call,
        NonConcurrentTypes nonConcurrent,
        HashSet<INamedTypeSymbol> configured,
        List<TouchedRoot> roots,
        bool strict,
        ILocalSymbol? loopIndex = null)
    {
        if (nonConcurrent.IsNonConcurrent(call.TargetMethod.ContainingType, configured))
        {
            return false;
        }

        if (call.Instance is { } instance && !TryAddReceiver(instance, strict, nonConcurrent, configured, roots, loopIndex, depth: 0))
        {
            return false;
        }

        return TryAddArguments(call, firstArgument: 0, nonConcurrent, configured, roots, loopIndex);
    }

    /// <summary>How many handle factories in a chain a receiver may go through: <c>page.Locator("a").Nth(0)</c>.</summary>
    private const int HandleChainDepth = 3;

    private static bool TryAddArguments(
        IInvocationOperation call,
        int firstArgument,
        NonConcurrentTypes nonConcurrent,
        HashSet<INamedTypeSymbol> configured,
        List<TouchedRoot> roots,
        ILocalSymbol? loopIndex)
    {
        var isExtension = call.TargetMethod.IsExtensionMethod;
        for (var i = firstArgument; i < call.Arguments.Length; i++)
        {
            var argument = call.Arguments[i];
            if (argument.Parameter is { RefKind: not RefKind.None }
                || argument.ArgumentKind is TaskObservation.ParamCollectionKind)
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

    /// <summary>
    /// The receiver, or a handle a synchronous factory makes on the spot (<c>page.Locator("#total").CountAsync()</c>):
    /// then the factory's own receiver is the receiver the order rules follow (a write through <c>page</c> still orders
    /// what comes after it), its arguments are arguments, and the handle is one more receiver root, so that its type is
    /// judged like any receiver's (<see cref="IsHandleFactory"/> says which factories qualify). Not in strict mode.
    /// </summary>
    private static bool TryAddReceiver(
        IOperation receiver,
        bool strict,
        NonConcurrentTypes nonConcurrent,
        HashSet<INamedTypeSymbol> configured,
        List<TouchedRoot> roots,
        ILocalSymbol? loopIndex,
        int depth)
    {
        if (strict || depth >= HandleChainDepth || receiver is not IInvocationOperation factory ||
            !IsHandleFactory(factory, nonConcurrent, configured))
        {
            return TryAddRoot(receiver, isReceiver: true, nonConcurrent, configured, roots, loopIndex);
        }

        var isExtension = factory.TargetMethod.IsExtensionMethod;
        var made = isExtension ? factory.Arguments[0].Value : factory.Instance;
        var first = roots.Count;
        if (made is null ||
            !TryAddReceiver(made, strict, nonConcurrent, configured, roots, loopIndex, depth + 1) ||
            roots.Count == first ||
            !TryAddArguments(factory, isExtension ? 1 : 0, nonConcurrent, configured, roots, loopIndex))
        {
            // A handle made from nothing the order rules can follow (a static factory, a constant) is not gathered.
            return false;
        }

        roots.Add(new TouchedRoot(roots[first].Symbol, factory.Type, isReceiver: true));
        return true;
    }

    /// <summary>
    /// A synchronous method that hands out a handle object for one call to be made on: an ordinary instance or
    /// extension method returning a class or interface that is not a task, not a non-concurrent type (a
    /// <c>DbSet&lt;T&gt;</c> from <c>db.Set&lt;T&gt;()</c>, the <c>Stream</c> of <c>GetStream()</c>, the <c>IQueryable</c>
    /// of <c>AsNoTracking()</c>) and not a buffer or collection, named neither as a write (<c>Dequeue</c>, <c>Pop</c>,
    /// <c>Create</c>) nor as taking a lock. Whether the handle may reach a non-concurrent object is judged from its type
    /// afterwards, as for any receiver (<see cref="ReceiverSafety"/>).
    /// </summary>
    private static bool IsHandleFactory(IInvocationOperation factory, NonConcurrentTypes nonConcurrent, HashSet<INamedTypeSymbol> configured)
    {
        var method = factory.TargetMethod;
        return method.MethodKind == MethodKind.Ordinary &&
               !method.ReturnsVoid &&
               method.RefKind == RefKind.None &&
               (method.IsExtensionMethod ? factory.Arguments.Length > 0 : factory.Instance is not null) &&
               factory.Type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Interface, SpecialType: SpecialType.None } handle &&
               handle.ContainingNamespace?.ToDisplayString() != "System.Threading.Tasks" &&
               !nonConcurrent.IsNonConcurrent(handle, configured) &&
               !AwaitIndependence.IsBufferLike(handle) &&
               !CallVerbs.IsKnownWrite(method) &&
               !CallVerbs.IsLockLike(method);
    }

    /// <summary>
    /// A value whose evaluation has no effect and that no call can change: a constant, a local, parameter or readonly
    /// member, or an object, array or collection built here from such values (<see cref="IsFreshValue"/>); not a
    /// settable property (a later call of the run could set it before the value is read).
    /// </summary>
    public static bool IsEffectFree(IOperation value, NonConcurrentTypes nonConcurrent, HashSet<INamedTypeSymbol> configured)
    {
        var readsMutableMember = false;
        return IsSimple(value, nonConcurrent, configured, out _, ref readsMutableMember) && !readsMutableMember;
    }

    private static bool TryAddRoot(
        IOperation value,
        bool isReceiver,
        NonConcurrentTypes nonConcurrent,
        HashSet<INamedTypeSymbol> configured,
        List<TouchedRoot> roots,
        ILocalSymbol? loopIndex)
    {
        // items[i] in a for loop over an index: one element per iteration, like a foreach variable.
        if (loopIndex is not null && IsElementAtIndex(value, loopIndex, nonConcurrent, configured))
        {
            roots.Add(new TouchedRoot(loopIndex, loopIndex.Type, isReceiver: false));
            return true;
        }

        var readsMutableMember = false;
        if (!IsSimple(value, nonConcurrent, configured, out var root, ref readsMutableMember))
        {
            return false;
        }

        if (root is not null)
        {
            roots.Add(new TouchedRoot(root, value.Type, isReceiver, readsMutableMember));
        }

        return true;
    }

    /// <summary>
    /// True when evaluating <paramref name="value"/> cannot have side effects nor observe a change a
    /// previous call could make without data flow seeing it. <paramref name="root"/> is what it reads.
    /// </summary>
    private static bool IsSimple(
        IOperation value, NonConcurrentTypes nonConcurrent, HashSet<INamedTypeSymbol> configured, out ISymbol? root, ref bool readsMutableMember)
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
            case IFieldReferenceOperation field
                when field.Field.IsReadOnly || field.Field.IsConst || ConstructorOnlyFields.IsConstructorOnly(field.Field):
                return IsSimpleMember(field.Field, field.Instance, nonConcurrent, configured, out root, ref readsMutableMember);
            case IPropertyReferenceOperation property
                when property.Arguments.Length == 0 && property.Property.GetMethod is not null &&
                     (property.Property.SetMethod is null || property.Property.SetMethod.IsInitOnly):
                return IsSimpleMember(property.Property, property.Instance, nonConcurrent, configured, out root, ref readsMutableMember);
            case IPropertyReferenceOperation property
                when property.Arguments.Length == 0 && property.Property.GetMethod is not null && property.Instance is not null &&
                     property.Instance is not IInstanceReferenceOperation && IsPlainStorage(property.Property):
                // `organization.PlanType`: settable, so an earlier call that got `organization` may change it (see TouchedRoot).
                readsMutableMember = true;
                return IsSimpleMember(property.Property, property.Instance, nonConcurrent, configured, out root, ref readsMutableMember);
            case IConversionOperation { IsImplicit: true, Conversion.IsUserDefined: false } conversion:
                return IsSimple(conversion.Operand, nonConcurrent, configured, out root, ref readsMutableMember);
            case IInterpolatedStringOperation interpolated:
                return IsSimpleInterpolation(interpolated, nonConcurrent, configured);
            case IInvocationOperation { Instance: { } text, TargetMethod.ContainingType.SpecialType: SpecialType.System_String } call:
                // `name.Trim()`, `id.ToUpperInvariant()`: a string's methods only read it (and their simple arguments).
                return IsSimpleStringCall(call, text, nonConcurrent, configured, out root, ref readsMutableMember);
            case IObjectCreationOperation or IArrayCreationOperation when IsFreshValue(value, nonConcurrent, configured, depth: 0):
            case var _ when TaskObservation.IsCollectionExpression(value) && IsFreshValue(value, nonConcurrent, configured, depth: 0):
                // A new object built here from simple values: no one else can see it, so it shares nothing (no root).
                return true;
            default:
                return false;
        }
    }

    private static bool IsSimpleStringCall(
        IInvocationOperation call,
        IOperation text,
        NonConcurrentTypes nonConcurrent,
        HashSet<INamedTypeSymbol> configured,
        out ISymbol? root,
        ref bool readsMutableMember)
    {
        root = null;
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter is { RefKind: not RefKind.None } ||
                !(argument.Value.ConstantValue.HasValue || argument.Value is ILiteralOperation or IDefaultValueOperation))
            {
                return false;
            }
        }

        return IsSimple(text, nonConcurrent, configured, out root, ref readsMutableMember);
    }

    /// <summary>
    /// <c>new SubscriptionGetOptions { Expand = ["customer"] }</c>, <c>new[] { id }</c>, <c>[a, b]</c>: an object,
    /// array or collection made here whose constructor arguments, member initializers and elements are constants,
    /// values that copy (strings, numbers, tokens) or fresh values in turn, reading no settable member (whose change by
    /// an earlier call nothing would track), nested at most a few levels.
    /// </summary>
    private static bool IsFreshValue(IOperation value, NonConcurrentTypes nonConcurrent, HashSet<INamedTypeSymbol> configured, int depth)
    {
        if (depth > 3)
        {
            return false;
        }

        switch (value)
        {
            case IObjectCreationOperation creation:
                foreach (var argument in creation.Arguments)
                {
                    if (argument.Parameter is { RefKind: not RefKind.None } || !IsFreshPart(argument.Value, nonConcurrent, configured, depth))
                    {
                        return false;
                    }
                }

                return creation.Initializer is null || IsFreshInitializer(creation.Initializer, nonConcurrent, configured, depth);
            case IArrayCreationOperation array:
                foreach (var size in array.DimensionSizes)
                {
                    if (!size.ConstantValue.HasValue)
                    {
                        return false;
                    }
                }

                if (array.Initializer is null)
                {
                    return true;
                }

                foreach (var element in array.Initializer.ElementValues)
                {
                    if (!IsFreshPart(element, nonConcurrent, configured, depth))
                    {
                        return false;
                    }
                }

                return true;
            default:
                // A collection expression: its elements (a spread `..items` is no simple element).
                foreach (var element in value.ChildOperations)
                {
                    if (!IsFreshPart(element, nonConcurrent, configured, depth))
                    {
                        return false;
                    }
                }

                return true;
        }
    }

    private static bool IsFreshInitializer(
        IObjectOrCollectionInitializerOperation initializer, NonConcurrentTypes nonConcurrent, HashSet<INamedTypeSymbol> configured, int depth)
    {
        foreach (var part in initializer.Initializers)
        {
            switch (part)
            {
                // `Expand = […]` on the new object.
                case ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Instance: IInstanceReferenceOperation } } assignment
                    when IsFreshPart(assignment.Value, nonConcurrent, configured, depth):
                    continue;

                // `Expand = { "a" }`: an initializer of a member of the new object.
                case IMemberInitializerOperation { InitializedMember: IMemberReferenceOperation { Instance: IInstanceReferenceOperation } } member
                    when IsFreshInitializer(member.Initializer, nonConcurrent, configured, depth + 1):
                    continue;

                // `{ "a", "b" }`: Add calls on the new collection.
                case IInvocationOperation { Instance: IInstanceReferenceOperation } add:
                    foreach (var argument in add.Arguments)
                    {
                        if (!IsFreshPart(argument.Value, nonConcurrent, configured, depth))
                        {
                            return false;
                        }
                    }

                    continue;
                default:
                    return false;
            }
        }

        return true;
    }

    private static bool IsFreshPart(IOperation value, NonConcurrentTypes nonConcurrent, HashSet<INamedTypeSymbol> configured, int depth)
    {
        if (value is IObjectOrCollectionInitializerOperation nested)
        {
            return IsFreshInitializer(nested, nonConcurrent, configured, depth + 1);
        }

        var readsMutableMember = false;
        return value switch
        {
            IObjectCreationOperation or IArrayCreationOperation => !nonConcurrent.IsNonConcurrent(value.Type, configured) &&
                                                                   IsFreshValue(value, nonConcurrent, configured, depth + 1),
            _ when TaskObservation.IsCollectionExpression(value) => IsFreshValue(value, nonConcurrent, configured, depth + 1),
            // A value that copies (a string, a number, a token) shares nothing; an object put inside would be shared untracked.
            _ => IsSimple(value, nonConcurrent, configured, out var root, ref readsMutableMember) && !readsMutableMember &&
                 (root is null || AwaitIndependence.IsImmutableLooking(value.Type)),
        };
    }

    /// <summary><c>items[i]</c> on an array or a List&lt;T&gt;-like indexer, with <c>i</c> the loop index.</summary>
    private static bool IsElementAtIndex(
        IOperation value,
        ILocalSymbol loopIndex,
        NonConcurrentTypes nonConcurrent,
        HashSet<INamedTypeSymbol> configured)
    {
        var (collection, indices) = value switch
        {
            IArrayElementReferenceOperation element => (element.ArrayReference, element.Indices),
            IPropertyReferenceOperation { Property.IsIndexer: true } indexer
                when indexer.Arguments.Length == 1 && IsBclCollection(indexer.Property.ContainingType) =>
                (indexer.Instance, ImmutableArray.Create(indexer.Arguments[0].Value)),
            _ => (null, ImmutableArray<IOperation>.Empty),
        };
        // The element is the root here: a settable collection property (`org.Items[i]`) could be swapped, so not that.
        var readsMutableMember = false;
        return collection is not null &&
               indices.Length == 1 &&
               indices[0] is ILocalReferenceOperation index &&
               SymbolEqualityComparer.Default.Equals(index.Local, loopIndex) &&
               IsSimple(collection, nonConcurrent, configured, out var root, ref readsMutableMember) &&
               root is not null && !readsMutableMember;
    }

    /// <summary>
    /// A settable property that only stores a value: an auto-property of this compilation (accessors without bodies), or
    /// a property of a referenced assembly (its body cannot be seen; entities and DTOs are auto-properties by convention).
    /// A property with a body of this compilation may compute from anything.
    /// </summary>
    private static bool IsPlainStorage(IPropertySymbol property)
    {
        if (property.IsStatic || property.DeclaringSyntaxReferences.Length == 0)
        {
            return !property.IsStatic;
        }

        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not PropertyDeclarationSyntax { ExpressionBody: null, AccessorList: { } accessors })
            {
                return false;
            }

            foreach (var accessor in accessors.Accessors)
            {
                if (accessor.Body is not null || accessor.ExpressionBody is not null)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>List&lt;T&gt;, IList&lt;T&gt;, IReadOnlyList&lt;T&gt;...: indexers without side effects.</summary>
    private static bool IsBclCollection(INamedTypeSymbol? type) =>
        type?.ContainingNamespace?.ToDisplayString() == "System.Collections.Generic";

    private static bool IsSimpleMember(
        ISymbol member, IOperation? instance, NonConcurrentTypes nonConcurrent, HashSet<INamedTypeSymbol> configured, out ISymbol? root,
        ref bool readsMutableMember)
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

        return IsSimple(instance, nonConcurrent, configured, out root, ref readsMutableMember) && root is not null;
    }

    private static bool IsSimpleInterpolation(
        IInterpolatedStringOperation interpolated,
        NonConcurrentTypes nonConcurrent,
        HashSet<INamedTypeSymbol> configured)
    {
        // The holes give no root: a settable member read in one could not be tracked, so it is not simple here.
        var readsMutableMember = false;
        foreach (var part in interpolated.Parts)
        {
            if (part is IInterpolatedStringTextOperation)
            {
                continue;
            }

            // ToString of primitives, strings and enums has no side effects; of anything else, it may.
            if (part is not IInterpolationOperation { Alignment: null, FormatString: null or { ConstantValue.HasValue: true } } hole ||
                !(hole.Expression.Type is { SpecialType: not (SpecialType.None or SpecialType.System_Object) } or { TypeKind: TypeKind.Enum }) ||
                !IsSimple(hole.Expression, nonConcurrent, configured, out _, ref readsMutableMember) || readsMutableMember)
            {
                return false;
            }
        }

        return true;
    }
}
