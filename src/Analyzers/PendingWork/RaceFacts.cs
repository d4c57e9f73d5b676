namespace AsyncGuide.Analyzers;

/// <summary>The tasks of one wait: its elements, the started ones, where they come from, or the collection local.</summary>
internal sealed class RaceFacts
{
    public RaceFacts(List<IOperation> elements) => Elements = elements;

    public List<IOperation> Elements { get; }

    public List<IOperation> StartedElements { get; } = new();

    public List<IOperation> Origins { get; } = new();

    public ILocalSymbol? CollectionLocal { get; set; }

    /// <summary>The tasks are an inline collection expression (e.g. a Select): started here, referenced nowhere else.</summary>
    public bool InlineCollection { get; set; }

    /// <summary>The token of a stop signal raced against one operation (<c>Task.Delay(Timeout.Infinite, stoppingToken)</c>).</summary>
    public ISymbol? StopToken { get; set; }
}
