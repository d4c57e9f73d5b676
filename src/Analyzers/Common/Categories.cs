namespace AsyncGuide.Analyzers;

internal static class Categories
{
    /// <summary>Lost exceptions and work left running (the guide's troubleshooting items).</summary>
    public const string Reliability = "Reliability";

    /// <summary>Missed concurrency (the guide's core lesson).</summary>
    public const string Performance = "Performance";
}
