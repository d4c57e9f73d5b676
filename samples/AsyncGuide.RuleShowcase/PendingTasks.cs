using System;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuide.RuleShowcase;

/// <summary>
/// The guide's second pitfall: "make sure to explicitly cancel pending tasks". Each operation is
/// started with a token that could cancel it; the mistake is that nobody does.
/// </summary>
internal static class PendingTasks
{
    // AG0101: the slower region keeps running after the first answer.
    public static async Task<string> WhenAnyLosersLeftRunningAsync()
    {
        using var cancellation = new CancellationTokenSource();
        var europe = Backend.FetchAsync("europe", Backend.Fast, cancellation.Token);
        var america = Backend.FetchAsync("america", Backend.Slow, cancellation.Token);
        var first = await Task.WhenAny(europe, america); // expect: AG0101
        return "fastest region: " + await first;
    }

    // AG0102: the timeout idiom; on timeout the work runs on, on success the timer does.
    public static async Task<string> TimeoutByRacingDelayAsync()
    {
        using var cancellation = new CancellationTokenSource();
        var report = Backend.FetchAsync("report ready", Backend.Fast, cancellation.Token);
        if (await Task.WhenAny(report, Task.Delay(TimeSpan.FromSeconds(1))) != report) // expect: AG0102
        {
            return "report timed out";
        }

        return await report;
    }

    // AG0103: asyncio's `done, pending = await wait(...)`, without the loop that cancels `pending`.
    public static async Task<string> WaitPendingIgnoredAsync()
    {
        using var cancellation = new CancellationTokenSource();
        var downloads = new[]
        {
            Backend.FetchAsync("small file", Backend.Fast, cancellation.Token),
            Backend.FetchAsync("large file", Backend.Slow, cancellation.Token),
        };
        var (done, pending) = await Async.Wait(downloads, ReturnWhen.FirstCompleted); // expect: AG0103
        return "first download: " + await done[0];
    }

    // AG0104: the work is awaited either way, but when it wins the timer lives on for the whole second.
    public static async Task<string> TimerLeftRunningAsync()
    {
        var report = Backend.FetchAsync("report ready", Backend.Fast, CancellationToken.None);
        await Task.WhenAny(report, Task.Delay(TimeSpan.FromSeconds(1))); // expect: AG0104
        return await report;
    }
}
