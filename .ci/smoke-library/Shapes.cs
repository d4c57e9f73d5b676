using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuide.SmokeLibrary;

/// <summary>
/// Shapes for the package smoke test's library consumers (.ci/package-smoke): BCL only, so the same
/// file builds with and without the AsyncGuide runtime, on netstandard2.0 and net8.0. Each rule's
/// first occurrence in the file is one its fix declines where there is one, so dotnet format meets
/// an occurrence without a fix first. Markers as in the rule showcase.
/// </summary>
public static class Shapes
{
    // AG0001 in synchronous code: no await possible, the fix observes the fault and keeps fire-and-forget.
    public static void FireAndForget()
    {
        SendAsync("sync"); // expect: AG0001
    }

    // AG0001: a lone drop, then a run of two drops.
    public static async Task DropsAsync()
    {
        _ = SendAsync("one"); // expect: AG0001
        await Task.Yield();
        SendAsync("a"); // expect: AG0001
        SendAsync("b"); // expect: AG0001
    }

    // AG0002: a body that can return early gets no fix; two task locals are gathered at the end.
    public static async Task StoredAsync(bool stop)
    {
        var early = SendAsync("early"); // expect: AG0002 (no fix)
        if (stop)
        {
            return;
        }

        await Task.Yield();
    }

    public static async Task StoredTwoAsync()
    {
        var a = SendAsync("a"); // expect: AG0002
        var b = CountAsync("b"); // expect: AG0002
        await Task.Yield();
    }

    // AG0004: the message is read (no fix), then one whose exception is only logged.
    public static async Task<string> ChargeAsync(Task a, Task b)
    {
        try
        {
            await Task.WhenAll(a, b); // expect: AG0004 (no fix)
            return "ok";
        }
        catch (Exception ex)
        {
            return ex.Message;
        }
    }

    public static async Task ChargeAndLogAsync(Task a, Task b)
    {
        try
        {
            await Task.WhenAll(a, b); // expect: AG0004
        }
        catch (Exception ex)
        {
            Log(ex);
        }
    }

    // AG0201: different ConfigureAwait arguments (no fix), then a run that is gathered.
    public static async Task<int> MixedAsync()
    {
        var x = await CountAsync("x").ConfigureAwait(false); // expect: AG0201 (no fix)
        var y = await LengthAsync("y");
        return x + y;
    }

    public static async Task<int> RunAsync()
    {
        var x = await CountAsync("x"); // expect: AG0201
        var y = await LengthAsync("yy");
        return x + y;
    }

    // AG0202: an index loop (no fix), then a foreach that collects results.
    public static async Task<List<int>> LoopsAsync(string[] names)
    {
        var slots = new int[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            slots[i] = await CountAsync(names[i]); // expect: AG0202 (no fix)
        }

        var counts = new List<int>();
        foreach (var name in names)
        {
            counts.Add(await CountAsync(name)); // expect: AG0202
        }

        return counts;
    }

    private static Task SendAsync(string what) => Task.Delay(what.Length);

    // Work that can fault (a completed Task.FromResult cannot, and AG0002 rightly ignores it).
    private static Task<int> CountAsync(string what) => Task.Run(() => what.Length);

    private static Task<int> LengthAsync(string what) => Task.Run(() => what.Length + 1);

    private static void Log(Exception ex) => Console.Error.WriteLine(ex);
}
