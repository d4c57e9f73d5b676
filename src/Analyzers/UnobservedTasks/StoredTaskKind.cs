namespace AsyncGuide.Analyzers;

/// <summary>What an AG0002 candidate local holds.</summary>
internal enum StoredTaskKind
{
    None,
    Task,
    Collection,
}
