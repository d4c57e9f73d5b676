namespace AsyncGuide.Analyzers;

/// <summary>
/// The tokens a fix's <c>Cancel()</c> ends: those of one local source created in the method
/// (<see cref="Of"/>), or the caller's token arguments the fix replaces with the token of a new source linked
/// to it (<see cref="Replacing"/>, <see cref="LinkedSourceFixPlan"/>). Used to decide which tasks exit once it runs.
/// </summary>
internal sealed class CancelledTokens
{
    private readonly ILocalSymbol? _source;
    private readonly HashSet<IOperation>? _replaced;

    private CancelledTokens(ILocalSymbol? source, HashSet<IOperation>? replaced)
    {
        _source = source;
        _replaced = replaced;
    }

    public static CancelledTokens Of(ILocalSymbol source) => new(source, null);

    public static CancelledTokens Replacing(HashSet<IOperation> tokens) => new(null, tokens);

    /// <summary>The token operation ends when the fix cancels: a token of the source, or one of the replaced arguments.</summary>
    public bool Feeds(IOperation token, CancellationFlow flow) =>
        _source is not null
            ? SymbolEqualityComparer.Default.Equals(flow.DirectSourceOf(token), _source)
            : _replaced!.Contains(token);
}
