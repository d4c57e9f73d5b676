using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuide.Analyzers;

/// <summary>
/// AG0103's only fix: cancel the one local token source of the waited tasks right after the wait.
/// Awaiting Pending instead would turn FirstCompleted into AllCompleted, so it is not offered.
/// </summary>
internal static class AG0103PendingFixPlan
{
    public static ImmutableDictionary<string, string?> PropertiesFor(IInvocationOperation wait, RaceFacts race, CancellationFlow flow) =>
        CancelAfterWaitPlan.ForRace(wait, race, flow) ?? ImmutableDictionary<string, string?>.Empty;
}
