namespace AsyncGuide.Analyzers;

/// <summary>One reference to a <c>TaskScope</c> local, classified once when the body is walked.</summary>
internal readonly struct ScopeReference
{
    public ScopeReference(ILocalReferenceOperation reference, ScopeUse use, IOperation? function, bool configuredFalse)
    {
        Reference = reference;
        Use = use;
        Function = function;
        ConfiguredFalse = configuredFalse;
    }

    public ILocalReferenceOperation Reference { get; }

    public ScopeUse Use { get; }

    /// <summary>The innermost lambda or local function holding the reference; null in the body itself.</summary>
    public IOperation? Function { get; }

    /// <summary>A join or disposal awaited with <c>ConfigureAwait(false)</c>.</summary>
    public bool ConfiguredFalse { get; }

    public int Position => Reference.Syntax.SpanStart;
}
