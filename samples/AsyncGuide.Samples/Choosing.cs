using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuide.Samples;

/// <summary>Guide step 3, "use wait when": results as they complete, timeouts.</summary>
internal static class ChoosingExamples
{
    internal static async Task ResultsAsTheyCompleteAsync()
    {
        GuideExamples.Section(
            "3a. wait: process results as they complete -> Async.AsCompleted",
            "for next in asyncio.as_completed(tasks): print(await next)");
        var tasks = new[] { SlowAsync(3), SlowAsync(1), SlowAsync(2) };

        await foreach (var task in Async.AsCompleted(tasks))
        {
            Console.WriteLine($"   completed: {await task}");
        }
    }

    internal static async Task TimeoutsAsync()
    {
        GuideExamples.Section(
            "3b. wait: implement timeouts -> Async.Wait(timeout) / Async.WaitFor",
            "done, pending = await asyncio.wait(tasks, timeout=1.5)");
        using var stop = new CancellationTokenSource();
        var tasks = new[] { SlowAsync(1, stop.Token), SlowAsync(3, stop.Token) };

        var result = await Async.Wait(tasks, timeout: 1.5 * GuideExamples.Second);
        Console.WriteLine(
            $"   Async.Wait(tasks, timeout: 1.5 s) -> TimedOut={result.TimedOut}, done {result.Done.Count}, pending {result.Pending.Count}" +
            " (still running: a timeout cancels nothing)");
        stop.Cancel();
        await Async.GatherSettled(result.Pending);

        Console.WriteLine("   asyncio: await asyncio.wait_for(slow(3), timeout=1)");
        try
        {
            await Async.WaitFor(ct => SlowAsync(3, ct), GuideExamples.Second);
        }
        catch (TimeoutException ex)
        {
            Console.WriteLine(
                $"   Async.WaitFor(ct => SlowAsync(3, ct), 1 s) -> {ex.GetType().Name} (the operation was cancelled and awaited first)");
        }
    }

    internal static async Task<string> SlowAsync(int seconds, CancellationToken cancellationToken = default)
    {
        await Task.Delay(seconds * GuideExamples.Second, cancellationToken);
        return $"slow({seconds})";
    }
}

/// <summary>The guide's troubleshooting list, each item with the call that handles it.</summary>
internal static class TroubleshootingExamples
{
    internal static async Task GatherFailureCancelsTheRestAsync()
    {
        GuideExamples.Section(
            "Troubleshooting: 'If an exception occurs, all tasks continue running' -> factory Async.Gather",
            "await asyncio.gather(fail(), slow(3))  # slow keeps running");
        var slowWasCancelled = false;
        try
        {
            await Async.Gather(new Func<CancellationToken, Task<string>>[]
            {
                async ct =>
                {
                    try
                    {
                        return await ChoosingExamples.SlowAsync(3, ct);
                    }
                    catch (OperationCanceledException)
                    {
                        slowWasCancelled = true;
                        throw;
                    }
                },
                async _ =>
                {
                    await Task.Yield();
                    throw new InvalidOperationException("fetch failed");
                },
            });
        }
        catch (InvalidOperationException ex)
        {
            Console.WriteLine($"   Async.Gather(operations) threw '{ex.Message}'; the slow sibling was cancelled and awaited: {slowWasCancelled}");
        }
    }

    internal static async Task ReturnExceptionsAsync()
    {
        GuideExamples.Section(
            "Troubleshooting: 'use return_exceptions=True' -> Async.GatherSettled",
            "results = await asyncio.gather(*aws, return_exceptions=True)");
        var outcomes = await Async.GatherSettled(new[] { GuideExamples.FetchDataAsync(1), FailAsync(), GuideExamples.FetchDataAsync(3) });
        foreach (var outcome in outcomes)
        {
            Console.WriteLine(outcome.IsSuccess ? $"   ok:     {outcome.Value}" : $"   failed: {outcome.Exception!.Message}");
        }

        Console.WriteLine(
            "   'Remember to handle exceptions from task.result()': each Outcome says Succeeded/Faulted/Canceled; GetValueOrThrow() rethrows.");
    }

    internal static async Task TaskScopeAsync()
    {
        GuideExamples.Section("Related: asyncio.TaskGroup -> TaskScope", "async with asyncio.TaskGroup() as tg: a = tg.create_task(...)");
        await using var scope = new TaskScope();
        var user = scope.Run(ct => GuideExamples.FetchDataAsync(1, ct));
        var orders = scope.Run(ct => GuideExamples.FetchDataAsync(2, ct));
        await scope.JoinAsync();
        Console.WriteLine($"   scope.Run(...) x2, await scope.JoinAsync() -> {user.Result}, {orders.Result}");
    }

    private static async Task<Data> FailAsync()
    {
        await Task.Delay(GuideExamples.Second / 2);
        throw new InvalidOperationException("id 2 not found");
    }
}
