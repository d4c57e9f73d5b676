using System;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuide.SmokeLibrary;

/// <summary>
/// AG01 shapes for the package smoke test's library consumers, BCL only: races and waits whose
/// losers keep running. The caller's token alone gives the fix nothing to cancel.
/// </summary>
public static class PendingWork
{
    // AG0101: only the caller's token (no fix), then an own source the fix cancels.
    public static async Task<int> FirstOfCallerTokenAsync(CancellationToken ct)
    {
        var a = FetchAsync(1, ct);
        var b = FetchAsync(2, ct);
        var first = await Task.WhenAny(a, b); // expect: AG0101 (no fix)
        return await first;
    }

    public static async Task<int> FirstOfOwnSourceAsync(CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var a = FetchAsync(1, cts.Token);
        var b = FetchAsync(2, cts.Token);
        var first = await Task.WhenAny(a, b); // expect: AG0101
        return await first;
    }

    // AG0102: only the caller's token (no fix), then an own source the fix cancels.
    public static async Task<int> TimeoutCallerTokenAsync(TimeSpan timeout, CancellationToken ct)
    {
        await Task.WhenAny(FetchAsync(1, ct), Task.Delay(timeout)); // expect: AG0102 (no fix), AG0003
        return 0;
    }

    public static async Task<int> TimeoutOwnSourceAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var work = FetchAsync(1, cts.Token);
        var winner = await Task.WhenAny(work, Task.Delay(timeout)); // expect: AG0102
        if (winner == work)
        {
            return await work;
        }

        throw new TimeoutException();
    }

    private static Task<int> FetchAsync(int id, CancellationToken cancellationToken) => Task.FromResult(id);
}
