using System;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuide.RuleShowcase;

/// <summary>The guide's first pitfall: an exception in a task nobody observes is lost.</summary>
internal static class UnobservedExceptions
{
    // AG0001: the save runs on, unobserved; if it fails nobody hears of it.
    // (It reads `order`, so the awaited form is not a run of independent awaits for AG0201.)
    public static async Task<string> DroppedTaskAsync()
    {
        var order = await Backend.FetchAsync("order 42", Backend.Fast);
        _ = Backend.SaveAsync(order); // expect: AG0001
        return order + " accepted";
    }

    // AG0002: the task is kept in a local, then forgotten before the method ends.
    public static async Task<string> StoredTaskNeverObservedAsync()
    {
        var report = new StockReport();
        await CheckStockAsync(report);
        return report.Summary;
    }

    private static async Task CheckStockAsync(StockReport report)
    {
        var audit = Backend.SaveAsync("audit: stock checked"); // expect: AG0002
        report.Summary = await Backend.FetchAsync("12 apples in stock", Backend.Fast);
    }

    // AG0003: the winner is only compared, never awaited, so its exception is never seen.
    // (The loser is cancelled, so this is not also AG0101.)
    public static async Task<string> WhenAnyWinnerNeverObservedAsync()
    {
        using var cancellation = new CancellationTokenSource();
        var primary = Backend.FetchAsync("primary", Backend.Fast, cancellation.Token);
        var mirror = Backend.FetchAsync("mirror", Backend.Slow, cancellation.Token);
        var winner = await Task.WhenAny(primary, mirror); // expect: AG0003 (no fix)
        cancellation.Cancel();
        return winner == primary ? "primary answered first" : "mirror answered first";
    }

    // AG0004: both charges fail; the catch reports only the first failure, the second disappears.
    public static async Task<string> WhenAllExceptionsLostAsync()
    {
        try
        {
            await Task.WhenAll(Backend.ChargeAsync("card 1"), Backend.ChargeAsync("card 2")); // expect: AG0004 (no fix)
            return "both payments went through";
        }
        catch (Exception ex)
        {
            return "payment failed: " + ex.Message;
        }
    }

    // AG0005: the method returns without joining the scope, so disposal cancels the saves still
    // running instead of waiting for them (a failure would come out of DisposeAsync, after the block).
    public static async Task<string> ScopeNeverJoinedAsync()
    {
        await using var scope = new TaskScope();
        _ = scope.Run(ct => Backend.SaveAsync("order 42", ct));
        _ = scope.Run(ct => Backend.SaveAsync("audit: order 42 saved", ct));
        return "order 42 saved"; // expect: AG0005
    }

    private sealed class StockReport
    {
        public string Summary { get; set; } = "";
    }
}
