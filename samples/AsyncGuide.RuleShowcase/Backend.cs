using System;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuide.RuleShowcase;

/// <summary>
/// Fake I/O with short, fixed delays. Every result is a constant, so the program's output does
/// not depend on timing: it must be the same before and after `dotnet format` applies the fixes.
/// Operations meant to lose a race take 1 s but honour cancellation, so a fix that cancels them
/// (or a process that exits) never waits for them. Like real I/O they can fail (an empty name or
/// entry is rejected), which the calls here never hit: a body that only waits cannot fault, and the
/// analyzers rightly stay silent on work that cannot fail.
/// </summary>
internal static class Backend
{
    public const int Fast = 10;
    public const int Slow = 1000;

    public static async Task<string> FetchAsync(string name, int delayMilliseconds, CancellationToken cancellationToken = default)
    {
        await Task.Delay(delayMilliseconds, cancellationToken).ConfigureAwait(false);
        return name.Length > 0 ? name : throw new InvalidOperationException("no such record");
    }

    public static async Task SaveAsync(string entry, CancellationToken cancellationToken = default)
    {
        await Task.Delay(Fast, cancellationToken).ConfigureAwait(false);
        if (entry.Length == 0)
        {
            throw new InvalidOperationException("nothing to save");
        }
    }

    public static async Task ChargeAsync(string card, CancellationToken cancellationToken = default)
    {
        await Task.Delay(Fast, cancellationToken).ConfigureAwait(false);
        // The same message for every card: which failure WhenAll surfaces first is not specified.
        throw new InvalidOperationException("card declined");
    }

    public static async Task<decimal> PriceAsync(string item, CancellationToken cancellationToken = default)
    {
        await Task.Delay(Fast, cancellationToken).ConfigureAwait(false);
        return item.Length > 0 ? item.Length : throw new InvalidOperationException("no such item");
    }
}
