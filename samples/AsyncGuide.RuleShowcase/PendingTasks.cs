using System;
using System.Threading.Tasks;

namespace AsyncGuide.RuleShowcase;

/// <summary>The guide's second pitfall: "make sure to explicitly cancel pending tasks".</summary>
internal static class PendingTasks
{
    // AG0101: the slower region keeps running after the first answer.
    public static async Task<string> WhenAnyLosersLeftRunningAsync()
    {
        var europe = Backend.FetchAsync("europe", Backend.Fast);
        var america = Backend.FetchAsync("america", Backend.Slow);
        var first = await Task.WhenAny(europe, america); // expect: AG0101
        return "fastest region: " + await first;
    }

    // AG0102: the timeout idiom; on timeout the work runs on, on success the timer does.
    public static async Task<string> TimeoutByRacingDelayAsync()
    {
        var report = Backend.FetchAsync("report ready", Backend.Fast);
        if (await Task.WhenAny(report, Task.Delay(TimeSpan.FromSeconds(1))) != report) // expect: AG0102
        {
            return "report timed out";
        }

        return await report;
    }

    // AG0103: asyncio's `done, pending = await wait(...)`, without the loop that cancels `pending`.
    public static async Task<string> WaitPendingIgnoredAsync()
    {
        var downloads = new[] { Backend.FetchAsync("small file", Backend.Fast), Backend.FetchAsync("large file", Backend.Slow) };
        var (done, pending) = await Async.Wait(downloads, ReturnWhen.FirstCompleted); // expect: AG0103
        return "first download: " + await done[0];
    }
}
