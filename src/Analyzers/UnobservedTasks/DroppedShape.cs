using System.Globalization;

namespace AsyncGuide.Analyzers;

/// <summary>
/// What AG0001's fix needs to know about a dropped value, computed by the analyzer and carried in the
/// diagnostic's properties (keys on <see cref="AG0001DroppedTaskAnalyzer"/>): whether it is a Task or a
/// ValueTask, and how many awaits reach its result (two for a <c>Task&lt;Task&gt;</c>).
/// </summary>
internal readonly struct DroppedShape
{
    public const string TaskKind = "Task";
    public const string ValueTaskKind = "ValueTask";
    public const string OtherKind = "Other";

    private DroppedShape(string kind, int awaitDepth)
    {
        Kind = kind;
        AwaitDepth = awaitDepth;
    }

    /// <summary>
    /// <see cref="TaskKind"/>, <see cref="ValueTaskKind"/> or <see cref="OtherKind"/> (a custom awaitable, a configured one,
    /// a <c>?.</c> call).
    /// </summary>
    public string Kind { get; }

    /// <summary>How many <c>await</c>s the statement needs so nothing stays dropped.</summary>
    public int AwaitDepth { get; }

    /// <summary>A plain Task, not nested: it can go into one <c>Task.WhenAll</c> with its neighbours.</summary>
    public bool Gatherable => Kind == TaskKind && AwaitDepth == 1;

    public static DroppedShape Of(IOperation dropped, AsyncTypes types)
    {
        // `await StartNew(async …)`: the statement's value is the awaited Task<Task>'s inner task.
        var type = dropped.Parent is IAwaitOperation awaitOperation ? awaitOperation.Type : dropped.Type;
        var kind = dropped is IConditionalAccessOperation ? OtherKind
            : types.IsTask(type) ? TaskKind
            : types.IsValueTask(type) ? ValueTaskKind
            : OtherKind;
        var depth = 0;
        do
        {
            depth++;
            type = TaskObservation.AwaitResultType(type, types);
        }
        while (depth < 3 && (types.IsTask(type) || types.IsValueTask(type)));

        return new DroppedShape(kind, depth);
    }

    public ImmutableDictionary<string, string?> ToProperties() =>
        ImmutableDictionary<string, string?>.Empty
            .Add(AG0001DroppedTaskAnalyzer.DroppedKindKey, Kind)
            .Add(AG0001DroppedTaskAnalyzer.AwaitDepthKey, AwaitDepth.ToString(CultureInfo.InvariantCulture));

    /// <summary>The shape a diagnostic carries; null when its properties are missing (a diagnostic from elsewhere).</summary>
    public static DroppedShape? FromProperties(ImmutableDictionary<string, string?> properties) =>
        properties.TryGetValue(AG0001DroppedTaskAnalyzer.DroppedKindKey, out var kind) && kind is TaskKind or ValueTaskKind or OtherKind &&
        properties.TryGetValue(AG0001DroppedTaskAnalyzer.AwaitDepthKey, out var depthText) &&
        int.TryParse(depthText, NumberStyles.None, CultureInfo.InvariantCulture, out var depth) && depth is >= 1 and <= 3
            ? new DroppedShape(kind!, depth)
            : null;
}
