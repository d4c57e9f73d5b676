namespace AsyncGuide.Analyzers;

/// <summary>A local that may hold started work, and what the walk learned about it.</summary>
internal sealed class StoredTaskCandidate
{
    public StoredTaskCandidate(StoredTaskKind kind, VariableDeclaratorSyntax syntax, IOperation? function)
    {
        Kind = kind;
        Syntax = syntax;
        Function = function;
    }

    public StoredTaskKind Kind { get; }
    public VariableDeclaratorSyntax Syntax { get; }
    public IOperation? Function { get; }
    public bool StartsWork { get; set; }
    public bool Observed { get; set; }

    /// <summary>Where the local is given started work (its declarator, assignments, a cold task's start), in walk order; null when never.</summary>
    public List<IOperation>? Starts { get; private set; }

    public void AddStart(IOperation start) => (Starts ??= new List<IOperation>(1)).Add(start);

    /// <summary>Start of the first observation in the declaring function; -1 when none, or when a lambda reads it (no order known).</summary>
    public int FirstObservation { get; set; } = -1;
}
