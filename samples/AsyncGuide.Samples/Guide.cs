using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuide.Samples;

/// <summary>The guide's two worked examples, section by section.</summary>
internal static class GuideExamples
{
    /// <summary>One guide "second".</summary>
    internal static readonly TimeSpan Second = TimeSpan.FromMilliseconds(100);

    internal static void Section(string title, string python)
    {
        Console.WriteLine();
        Console.WriteLine($"== {title}");
        Console.WriteLine($"   asyncio: {python}");
    }

    /// <summary>Guide step 1: <c>results = await asyncio.gather(fetch_data(1), fetch_data(2), fetch_data(3))</c>.</summary>
    internal static async Task GatherAsync()
    {
        Section("1. Using asyncio.gather -> Async.Gather", "results = await asyncio.gather(fetch_data(1), fetch_data(2), fetch_data(3))");

        var (first, second, third) = await Async.Gather(FetchDataAsync(1), FetchDataAsync(2), FetchDataAsync(3));

        Console.WriteLine($"   C#:      var (first, second, third) = await Async.Gather(FetchDataAsync(1), FetchDataAsync(2), FetchDataAsync(3));");
        Console.WriteLine($"   results: [{first}, {second}, {third}]  (input order; the three ran concurrently)");

        int[] ids = { 4, 5, 6, 7, 8, 9, 10, 11 };
        var many = new List<Task<Data>>();
        foreach (var id in ids)
        {
            many.Add(FetchDataAsync(id));
        }

        Data[] all = await Async.Gather(many);
        Console.WriteLine($"   any number of tasks: Data[] all = await Async.Gather(many) -> {all.Length} results, first {all[0]}");
    }

    /// <summary>Guide step 2: <c>done, pending = await asyncio.wait(tasks, return_when=FIRST_COMPLETED)</c>, then cancel the rest.</summary>
    internal static async Task WaitFirstCompletedAsync()
    {
        Section(
            "2. Using asyncio.wait(FIRST_COMPLETED) -> Async.Wait",
            "done, pending = await asyncio.wait(tasks, return_when=FIRST_COMPLETED); for t in pending: t.cancel()");
        var operations = new List<Func<CancellationToken, Task<string>>>();
        for (var i = 1; i <= 3; i++)
        {
            var id = i;
            operations.Add(ct => ProcessDataAsync(id, ct));
        }

        // The factory form starts each operation with a token, and cancels and awaits the pending ones before returning.
        var (done, pending) = await Async.Wait(operations, ReturnWhen.FirstCompleted);

        Console.WriteLine("   C#:      var (done, pending) = await Async.Wait(operations, ReturnWhen.FirstCompleted);");
        foreach (var task in done)
        {
            Console.WriteLine($"   First result: {await task}");
        }

        Console.WriteLine($"   pending: {pending.Count} tasks, already cancelled and finished: {string.Join(", ", Statuses(pending))}");

        // The task form is the literal twin: it cancels nothing, so the tasks are yours to stop.
        using var stop = new CancellationTokenSource();
        var tasks = new[] { ProcessDataAsync(1, stop.Token), ProcessDataAsync(2, stop.Token), ProcessDataAsync(3, stop.Token) };
        var result = await Async.Wait(tasks, ReturnWhen.FirstCompleted);
        stop.Cancel();
        await Async.GatherSettled(result.Pending);
        Console.WriteLine(
            $"   task form: Async.Wait(tasks, ReturnWhen.FirstCompleted) -> done {result.Done.Count}, pending {result.Pending.Count}" +
            $" (cancelled by hand: {string.Join(", ", Statuses(result.Pending))})");
    }

    internal static async Task<Data> FetchDataAsync(int id, CancellationToken cancellationToken = default)
    {
        await Task.Delay(Second, cancellationToken); // Simulating an API call
        return new Data(id, $"result_{id}");
    }

    internal static async Task<string> ProcessDataAsync(int id, CancellationToken cancellationToken)
    {
        await Task.Delay(id * Second, cancellationToken); // Different delays
        return $"Task {id} completed";
    }

    internal static IEnumerable<TaskStatus> Statuses<TTask>(IEnumerable<TTask> tasks)
        where TTask : Task
    {
        foreach (var task in tasks)
        {
            yield return task.Status;
        }
    }
}

/// <summary>The guide's <c>{"id": 1, "data": "result_1"}</c>.</summary>
internal sealed record Data(int Id, string Value)
{
    public override string ToString() => $"{{id: {Id}, data: {Value}}}";
}
