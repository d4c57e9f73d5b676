namespace AsyncGuide.Analyzers;

/// <summary>Something a call touches: the root symbol of its receiver or of one of its arguments.</summary>
internal readonly struct TouchedRoot
{
    public TouchedRoot(ISymbol symbol, ITypeSymbol? valueType, bool isReceiver, bool readsMutableMember = false)
    {
        Symbol = symbol;
        ValueType = valueType;
        IsReceiver = isReceiver;
        ReadsMutableMember = readsMutableMember;
    }

    /// <summary>A local, a parameter, a field or property of <c>this</c>, a static member, or the <c>this</c> type.</summary>
    public ISymbol Symbol { get; }

    /// <summary>The type of the value handed to the call (the receiver object, or the argument).</summary>
    public ITypeSymbol? ValueType { get; }

    public bool IsReceiver { get; }

    /// <summary>
    /// The value reads a settable property of the root (<c>organization.PlanType</c>): a call that got the root
    /// earlier in the run, as receiver or argument, may have changed it, so this call must come after that one.
    /// </summary>
    public bool ReadsMutableMember { get; }
}
