namespace AsyncGuide.Analyzers;

/// <summary>How an awaited call's result is kept by its statement.</summary>
internal enum AwaitedResultKind
{
    /// <summary><c>await A(x);</c></summary>
    Discarded,

    /// <summary><c>var a = await A(x);</c></summary>
    Declared,

    /// <summary><c>a = await A(x);</c> (a local or a by-value parameter)</summary>
    Assigned,
}
