using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace AsyncGuide.GatherProof;

/// <summary>
/// The guide's gather example, written the slow way: three independent 1-second fetches awaited
/// one after another. AG0201 reports them; prove.sh applies its fix with `dotnet format analyzers`
/// in a scratch copy and shows the same output in about a third of the time. This file stays "before".
/// </summary>
internal static class Program
{
    private static async Task Main()
    {
        var stopwatch = Stopwatch.StartNew();

        var first = await FetchDataAsync(1);
        var second = await FetchDataAsync(2);
        var third = await FetchDataAsync(3);

        Console.WriteLine(first);
        Console.WriteLine(second);
        Console.WriteLine(third);
        Console.WriteLine($"elapsed: {stopwatch.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Stands in for an API call: <c>await asyncio.sleep(1)</c> in the guide.</summary>
    private static async Task<string> FetchDataAsync(int id)
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        return $"{{ id = {id}, data = result_{id} }}";
    }
}
