namespace AsyncGuide.Analyzers;

/// <summary>A statement that leaves a scope's region while a child may be unjoined.</summary>
internal readonly struct ScopeExit
{
    public ScopeExit(IOperation statement, bool fixable)
    {
        Statement = statement;
        Fixable = fixable;
    }

    public IOperation Statement { get; }

    /// <summary>A join may go right before it: not a throw, not inside a lock, no use of the scope in a returned value.</summary>
    public bool Fixable { get; }
}
