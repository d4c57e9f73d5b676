namespace AsyncGuide.Analyzers;

/// <summary>
/// A run of awaited calls that may all start together, grown one call at a time. A later call joins
/// when it is independent of every call already in the run; what the earlier calls wrote, touched
/// and named is kept in hash sets, so each call costs the same whatever the run's length (a method
/// of 2,000 consecutive awaits is linear, not quadratic). Every test is on symbols; in doubt,
/// "dependent".
/// </summary>
internal sealed class AwaitIndependence
{
    private readonly ReceiverSafety _safety;
    // What earlier calls wrote (true) or only declared (false); sized for the segment, so a long run never regrows them.
    private readonly Dictionary<ISymbol, bool> _targets;
    private readonly Dictionary<ISymbol, RootUse> _roots;
    private readonly Dictionary<object, ResourceUse> _resources = new(ResourceComparer.Instance);
    private readonly Dictionary<int, List<AwaitedCall>> _calls;

    // Calls on `this` and calls through its fields and properties: a method of the type may use any of them.
    private bool _thisCall, _thisWrite, _memberOfThisTouched, _memberOfThisWrite;

    // A call of the run may reach a non-concurrent object (a repository over a DbContext): no second such call may join,
    // as two of them usually share one scoped context.
    private bool _reachesNonConcurrent;

    // A call of the run waits for the next event (a receive, a take): it waits for what the calls around it cause, so it
    // neither joins a run nor lets a later call join its own (Tmds.DBus' tests take the state change a listing caused).
    private bool _anyWaitsForNext;

    // Receivers (or, for static calls, types) a call was repeated on in this segment: their calls stay in order for the
    // rest of it, across runs. `_sequenced` survives Clear(); `_ownersInRun` is the run's.
    private readonly HashSet<ISymbol> _sequenced = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ISymbol> _ownersInRun = new(SymbolEqualityComparer.Default);

    public AwaitIndependence(ReceiverSafety safety, bool strict, int capacity = 0)
    {
        _safety = safety;
        Strict = strict;
        _targets = new Dictionary<ISymbol, bool>(capacity, SymbolEqualityComparer.Default);
        _roots = new Dictionary<ISymbol, RootUse>(capacity, SymbolEqualityComparer.Default);
        _calls = new Dictionary<int, List<AwaitedCall>>(capacity);
        Members = new List<(AwaitedCall Call, StatementFlow Flow)>(capacity);
    }

    public bool Strict { get; }

    public List<(AwaitedCall Call, StatementFlow Flow)> Members { get; }

    /// <summary>
    /// A call repeated a member of the run after another member on the same owner (<c>await client.GetStringAsync("/has");
    /// await client.GetStringAsync("/remember"); await client.GetStringAsync("/has");</c>, Coravel's cache tests): the repeat is
    /// there to see what the calls between changed, so the run is in order on purpose and is not reported.
    /// </summary>
    public bool OrderedByRepeat { get; private set; }

    private bool RepeatsAResourceAfterAnotherCall(AwaitedCall call)
    {
        if (ReceiverOf(call) is not { } owner)
        {
            return false;
        }

        // One pass from the end: a member on the owner that shares a constant with the call, with another member on the
        // owner after it.
        var laterOnOwner = false;
        for (var i = Members.Count - 1; i >= 0; i--)
        {
            var member = Members[i].Call;
            if (!SymbolEqualityComparer.Default.Equals(ReceiverOf(member), owner))
            {
                continue;
            }

            if (laterOnOwner && SharesAStringConstant(member.Call, call.Call))
            {
                return true;
            }

            laterOnOwner = true;
        }

        return false;
    }

    /// <summary>Both calls are given the same non-empty string constant (a URL, a key, a path).</summary>
    private static bool SharesAStringConstant(IInvocationOperation first, IInvocationOperation second)
    {
        foreach (var a in first.Arguments)
        {
            if (a.Value.ConstantValue is not { HasValue: true, Value: string { Length: > 0 } text })
            {
                continue;
            }

            foreach (var b in second.Arguments)
            {
                if (b.Value.ConstantValue is { HasValue: true, Value: string other } && string.Equals(text, other, System.StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private bool IsFollowedOnOwner(AwaitedCall earlier, ISymbol owner)
    {
        var after = false;
        foreach (var (member, _) in Members)
        {
            if (ReferenceEquals(member, earlier))
            {
                after = true;
            }
            else if (after && SymbolEqualityComparer.Default.Equals(OwnerOf(member), owner))
            {
                return true;
            }
        }

        return false;
    }

    public void Clear()
    {
        Members.Clear();
        _targets.Clear();
        _roots.Clear();
        _resources.Clear();
        _calls.Clear();
        _thisCall = _thisWrite = _memberOfThisTouched = _memberOfThisWrite = false;
        _reachesNonConcurrent = _anyWaitsForNext = false;
        OrderedByRepeat = false;
        _ownersInRun.Clear();
    }

    /// <summary>True when <paramref name="call"/> may start together with every call of the run.</summary>
    public bool IsIndependent(AwaitedCall call, StatementFlow flow)
    {
        // The later call reads what an earlier statement wrote (a result, a token, a page).
        if (ReadsTarget(flow.Reads) || WritesWritten(flow.Writes))
        {
            return false;
        }

        // The same call twice (`await ReadMessageAsync(); await ReadMessageAsync();`) reads a sequence; not two
        // `using var c = await pool.OpenAsync();`, each of which opens its own resource.
        if (_calls.TryGetValue(call.ShapeHash, out var sameShape))
        {
            foreach (var earlier in sameShape)
            {
                if (SymbolEqualityComparer.Default.Equals(earlier.Call.TargetMethod, call.Call.TargetMethod) &&
                    !(earlier.OpensResource && call.OpensResource) &&
                    earlier.Call.Syntax.IsEquivalentTo(call.Call.Syntax, topLevel: false))
                {
                    // A repeat says the order of calls on this owner matters (a cache probe, a counter, a queue):
                    // the calls after it on that owner are not gathered either.
                    if (OwnerOf(call) is { } repeated)
                    {
                        _sequenced.Add(repeated);
                        OrderedByRepeat |= IsFollowedOnOwner(earlier, repeated);
                    }

                    return false;
                }
            }
        }

        // The same resource named again on the same receiver after another call on it (`client.GetAsync("/cache/get")`, then
        // `client.GetStringAsync("/cache/remember")`, then `client.GetStringAsync("/cache/get")`: Coravel's cache tests): a
        // probe repeated by another method to see what the call between changed.
        if (RepeatsAResourceAfterAnotherCall(call))
        {
            OrderedByRepeat = true;
            return false;
        }

        if (_sequenced.Count > 0 && OwnerOf(call) is { } owner && _sequenced.Contains(owner) && _ownersInRun.Contains(owner))
        {
            return false;
        }

        if ((call.ReachesNonConcurrentState && _reachesNonConcurrent) || ((call.WaitsForNext && Members.Count > 0) || _anyWaitsForNext))
        {
            return false;
        }

        var isRead = call.IsRead;
        if (!IsIndependentThroughThis(call, isRead))
        {
            return false;
        }

        foreach (var root in call.Roots)
        {
            if (!_roots.TryGetValue(root.Symbol, out var use))
            {
                continue;
            }

            if (root.IsReceiver)
            {
                // An earlier call got this object as an argument (it may have changed it), or wrote through it.
                if ((use.AsArgument && !IsImmutableLooking(root.ValueType)) || use.ReceiverWrite)
                {
                    return false;
                }

                // Strict: one instance is only called twice at once when documented as thread-safe.
                if (use.AsReceiver && Strict && !_safety.IsThreadSafeByContract(root.ValueType))
                {
                    return false;
                }

                continue;
            }

            // An argument an earlier call was made on (its state may have changed).
            if (use.AsReceiver && !IsImmutableLooking(root.ValueType))
            {
                return false;
            }

            // A settable property of an object an earlier call got (`await Save(org); await GetPlan(org.PlanType);`).
            if (root.ReadsMutableMember && (use.AsReceiver || use.AsArgument))
            {
                return false;
            }

            // One buffer or collection handed to both calls; strict: any mutable object.
            if (use.AsArgument && (IsBufferLike(root.ValueType) || (Strict && !IsImmutableLooking(root.ValueType))))
            {
                return false;
            }
        }

        // Two calls naming one resource (the same key or id) where either is known to write, or on
        // one receiver where either is not known to read: order matters.
        var isWrite = call.IsKnownWrite;
        var receiver = ReceiverOf(call);
        foreach (var resource in Resources(call))
        {
            if (_resources.TryGetValue(resource, out var earlier) &&
                (earlier.AnyKnownWrite || isWrite ||
                 (receiver is not null && earlier.Receivers.Contains(receiver) && (!isRead || earlier.NonReadReceivers.Contains(receiver)))))
            {
                return false;
            }
        }

        return true;
    }

    public void Add(AwaitedCall call, StatementFlow flow)
    {
        Members.Add((call, flow));
        foreach (var symbol in flow.Writes)
        {
            _targets[symbol] = true;
        }

        foreach (var symbol in flow.Declared)
        {
            if (!_targets.ContainsKey(symbol))
            {
                _targets[symbol] = false;
            }
        }

        if (OwnerOf(call) is { } owner)
        {
            _ownersInRun.Add(owner);
        }

        _reachesNonConcurrent |= call.ReachesNonConcurrentState;
        _anyWaitsForNext |= call.WaitsForNext;

        var hash = call.ShapeHash;
        if (!_calls.TryGetValue(hash, out var sameShape))
        {
            _calls[hash] = sameShape = new List<AwaitedCall>(1);
        }

        sameShape.Add(call);

        var isRead = call.IsRead;
        var (onThis, touchesMemberOfThis) = ThisUse(call);
        _thisCall |= onThis;
        _thisWrite |= onThis && !isRead;
        _memberOfThisTouched |= touchesMemberOfThis;
        _memberOfThisWrite |= touchesMemberOfThis && !isRead;
        foreach (var root in call.Roots)
        {
            _roots.TryGetValue(root.Symbol, out var use);
            _roots[root.Symbol] = root.IsReceiver
                ? new RootUse(asReceiver: true, use.AsArgument, use.ReceiverWrite || !isRead)
                // Reading `org.PlanType` hands the call a value, not `org`: later reads of `org.Name` stay independent.
                : new RootUse(use.AsReceiver, asArgument: use.AsArgument || !root.ReadsMutableMember, use.ReceiverWrite);
        }

        var isWrite = call.IsKnownWrite;
        var receiver = ReceiverOf(call);
        foreach (var resource in Resources(call))
        {
            if (!_resources.TryGetValue(resource, out var use))
            {
                _resources[resource] = use = new ResourceUse();
            }

            use.AnyKnownWrite |= isWrite;
            if (receiver is not null)
            {
                use.Receivers.Add(receiver);
                if (!isRead)
                {
                    use.NonReadReceivers.Add(receiver);
                }
            }
        }
    }

    /// <summary>Strings, primitives, enums and readonly structs (CancellationToken, Guid, TimeSpan...).</summary>
    public static bool IsImmutableLooking(ITypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        // The primitives and string (not the collection interfaces, which are special types too).
        if (type.SpecialType is (>= SpecialType.System_Boolean and <= SpecialType.System_UIntPtr) or SpecialType.System_DateTime
            || type.TypeKind == TypeKind.Enum)
        {
            return true;
        }

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable)
        {
            return IsImmutableLooking(nullable.TypeArguments[0]);
        }

        return type is INamedTypeSymbol { TypeKind: TypeKind.Struct, IsReadOnly: true };
    }

    /// <summary>
    /// What two concurrent calls must not share even in the default mode: arrays, collections,
    /// <c>Memory&lt;T&gt;</c>/<c>ArraySegment&lt;T&gt;</c>, <c>StringBuilder</c> (streams are non-concurrent types).
    /// </summary>
    public static bool IsBufferLike(ITypeSymbol? type)
    {
        switch (type)
        {
            case null:
                return true;
            case IArrayTypeSymbol:
            case ITypeParameterSymbol:
            case { TypeKind: TypeKind.Dynamic or TypeKind.Pointer or TypeKind.Error }:
                return true;
        }

        if (type.SpecialType == SpecialType.System_String || IsImmutableLooking(type))
        {
            return false;
        }

        var definition = type.OriginalDefinition;
        if (definition.ContainingNamespace?.ToDisplayString() == "System" && definition.Name is "Memory" or "ArraySegment")
        {
            return true;
        }

        if (definition.Name == "StringBuilder" && definition.ContainingNamespace?.ToDisplayString() == "System.Text")
        {
            return true;
        }

        foreach (var @interface in type.AllInterfaces)
        {
            // ICollection and ICollection<T>: anything one can add to or clear.
            if (@interface.OriginalDefinition.Name == "ICollection" &&
                @interface.ContainingNamespace?.ToDisplayString() is "System.Collections.Generic" or "System.Collections")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The resources a call names: the locals, parameters and members it is handed, what the locals among them and its
    /// receiver were read from (<see cref="LocalOrigins"/>), and its string constants and those of a handle factory.
    /// </summary>
    private static IEnumerable<object> Resources(AwaitedCall call)
    {
        foreach (var root in call.Roots)
        {
            if (!root.IsReceiver && !IsIncidental(root.ValueType))
            {
                yield return root.Symbol;
            }
        }

        foreach (var origin in call.Origins)
        {
            yield return origin;
        }

        // The call's constants, and those of the factories that made its receiver (`page.Locator("#total").CountAsync()`).
        for (IOperation? made = call.Call; made is IInvocationOperation invocation; made = invocation.Instance)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (!argument.IsImplicit && argument.Value.ConstantValue is { HasValue: true, Value: string text })
                {
                    yield return text;
                }
            }
        }
    }

    /// <summary>Tokens, flags and options are handed to everything; they name no resource.</summary>
    internal static bool IsIncidental(ITypeSymbol? type) =>
        type is null ||
        type.SpecialType == SpecialType.System_Boolean ||
        type.TypeKind == TypeKind.Enum ||
        (type.Name == "CancellationToken" && type.ContainingNamespace?.ToDisplayString() == "System.Threading");

    /// <summary>
    /// A method of the type called on <c>this</c> may use any field or property of <c>this</c>: a call through one of
    /// them (as receiver or argument root) and a call on <c>this</c> are ordered when either is not known to read.
    /// <c>await CreateTheWorld(); await _fixture.GetSha1(_context.Repository.Id, "my-branch");</c> stays in order (the
    /// helper creates the branch the read asks for); two reads stay gatherable.
    /// </summary>
    private bool IsIndependentThroughThis(AwaitedCall call, bool isRead)
    {
        var (onThis, touchesMemberOfThis) = ThisUse(call);
        return !(touchesMemberOfThis && (_thisWrite || (!isRead && _thisCall))) &&
               !(onThis && (_memberOfThisWrite || (!isRead && _memberOfThisTouched)));
    }

    /// <summary>Whether the call's receiver is <c>this</c> (its root is the type), and whether a root is a member of <c>this</c>.</summary>
    private static (bool OnThis, bool TouchesMemberOfThis) ThisUse(AwaitedCall call)
    {
        bool onThis = false, touchesMember = false;
        foreach (var root in call.Roots)
        {
            onThis |= root.IsReceiver && root.Symbol is ITypeSymbol;
            touchesMember |= root.Symbol is IFieldSymbol { IsStatic: false } or IPropertySymbol { IsStatic: false };
        }

        return (onThis, touchesMember);
    }

    /// <summary>The receiver's root, or the type that declares a static method.</summary>
    private static ISymbol? OwnerOf(AwaitedCall call) => ReceiverOf(call) ?? call.Call.TargetMethod.ContainingType;

    /// <summary>The receiver's root (a field, local, parameter or the <c>this</c> type), or null for a static call.</summary>
    private static ISymbol? ReceiverOf(AwaitedCall call)
    {
        foreach (var root in call.Roots)
        {
            if (root.IsReceiver)
            {
                return root.Symbol;
            }
        }

        return null;
    }

    /// <summary>
    /// Equal for two calls whose syntax is equivalent (same method, same constants, same names); read
    /// from the operations, so it costs a few fields per call (hashing every token of each call was a
    /// third of the analyzer's time on a method of 2,000 awaits).
    /// </summary>
    internal static int ShapeHash(IInvocationOperation call)
    {
        var hash = unchecked((SymbolEqualityComparer.Default.GetHashCode(call.TargetMethod) * 31) + ValueHash(call.Instance, 0));
        foreach (var argument in call.Arguments)
        {
            hash = unchecked((hash * 31) + ValueHash(argument.Value, 0));
        }

        return hash;
    }

    private static int ValueHash(IOperation? value, int depth)
    {
        if (value is null || depth > 4)
        {
            return 0;
        }

        if (value.ConstantValue.HasValue)
        {
            return value.ConstantValue.Value?.GetHashCode() ?? 1;
        }

        return value switch
        {
            ILocalReferenceOperation local => local.Local.Name.GetHashCode(),
            IParameterReferenceOperation parameter => parameter.Parameter.Name.GetHashCode(),
            IMemberReferenceOperation member => unchecked((member.Member.Name.GetHashCode() * 31) + ValueHash(member.Instance, depth + 1)),
            IConversionOperation conversion => ValueHash(conversion.Operand, depth + 1),
            _ => (int)value.Kind,
        };
    }

    /// <summary>Reads what an earlier call wrote or declared.</summary>
    private bool ReadsTarget(ImmutableArray<ISymbol> reads)
    {
        foreach (var symbol in reads)
        {
            if (_targets.ContainsKey(symbol))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes what an earlier call wrote.</summary>
    private bool WritesWritten(ImmutableArray<ISymbol> writes)
    {
        foreach (var symbol in writes)
        {
            if (_targets.TryGetValue(symbol, out var written) && written)
            {
                return true;
            }
        }

        return false;
    }

    private readonly struct RootUse
    {
        public RootUse(bool asReceiver, bool asArgument, bool receiverWrite)
        {
            AsReceiver = asReceiver;
            AsArgument = asArgument;
            ReceiverWrite = receiverWrite;
        }

        public bool AsReceiver { get; }

        public bool AsArgument { get; }

        /// <summary>An earlier call on this receiver was not a read.</summary>
        public bool ReceiverWrite { get; }
    }

    private sealed class ResourceUse
    {
        public bool AnyKnownWrite { get; set; }

        public HashSet<ISymbol> Receivers { get; } = new(SymbolEqualityComparer.Default);

        public HashSet<ISymbol> NonReadReceivers { get; } = new(SymbolEqualityComparer.Default);
    }

    /// <summary>Symbols by symbol equality, constants by value.</summary>
    private sealed class ResourceComparer : IEqualityComparer<object>
    {
        public static readonly ResourceComparer Instance = new();

        public new bool Equals(object? x, object? y) =>
            x is ISymbol a && y is ISymbol b ? SymbolEqualityComparer.Default.Equals(a, b) : object.Equals(x, y);

        public int GetHashCode(object obj) =>
            obj is ISymbol symbol ? SymbolEqualityComparer.Default.GetHashCode(symbol) : obj.GetHashCode();
    }
}
