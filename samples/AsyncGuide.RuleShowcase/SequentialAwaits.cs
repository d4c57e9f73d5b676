using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;

namespace AsyncGuide.RuleShowcase;

/// <summary>The guide's core lesson: independent operations gathered take as long as the slowest one.</summary>
internal static class SequentialAwaits
{
    // AG0201: three independent fetches, one after another.
    public static async Task<string> SequentialAwaitsAsync()
    {
        var user = await Backend.FetchAsync("ada", Backend.Fast); // expect: AG0201
        var orders = await Backend.FetchAsync("3 orders", Backend.Fast);
        var invoices = await Backend.FetchAsync("2 invoices", Backend.Fast);
        return user + ": " + orders + ", " + invoices;
    }

    // AG0202: one independent fetch per item, awaited one at a time.
    public static async Task<string> AwaitsInLoopAsync()
    {
        var prices = new List<decimal>();
        foreach (var item in new[] { "apples", "pears", "plums" })
        {
            prices.Add(await Backend.PriceAsync(item)); // expect: AG0202
        }

        var total = 0m;
        foreach (var price in prices)
        {
            total += price;
        }

        return "basket total: " + total.ToString(CultureInfo.InvariantCulture);
    }
}
