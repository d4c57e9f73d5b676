using System;
using System.Threading.Tasks;
using AsyncGuide;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace AsyncGuide.Benchmarks;

/// <summary>
/// <c>Async.GatherSettled</c> against what people write instead: <c>try { await Task.WhenAll(tasks); } catch { }</c>
/// and then look at each task. 8 tasks, one of which faults.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class GatherSettledBenchmarks
{
    private const int Count = 8;
    private Task<int>[] _completed = null!;

    [GlobalSetup]
    public void Setup()
    {
        _completed = new Task<int>[Count];
        for (var i = 0; i < Count; i++)
        {
            _completed[i] = i == 3 ? Task.FromException<int>(new InvalidOperationException("failed")) : Task.FromResult(i);
        }
    }

    [Benchmark(Baseline = true, Description = "WhenAll + try/catch")]
    [BenchmarkCategory("Completed")]
    public Task<int> WhenAllCompleted() => CountSuccessesAsync(_completed);

    [Benchmark(Description = "Async.GatherSettled")]
    [BenchmarkCategory("Completed")]
    public async Task<int> SettledCompleted() => CountSuccesses(await Async.GatherSettled(_completed));

    [Benchmark(Baseline = true, Description = "WhenAll + try/catch")]
    [BenchmarkCategory("Pending")]
    public Task<int> WhenAllPending()
    {
        var (sources, tasks) = PendingTasks.Create<int>(Count);
        var counted = CountSuccessesAsync(tasks);
        Complete(sources);
        return counted;
    }

    [Benchmark(Description = "Async.GatherSettled")]
    [BenchmarkCategory("Pending")]
    public async Task<int> SettledPending()
    {
        var (sources, tasks) = PendingTasks.Create<int>(Count);
        var settled = Async.GatherSettled(tasks);
        Complete(sources);
        return CountSuccesses(await settled);
    }

    private static async Task<int> CountSuccessesAsync(Task<int>[] tasks)
    {
        try
        {
            await Task.WhenAll(tasks);
        }
        catch (Exception)
        {
            // Inspect each task below.
        }

        var successes = 0;
        foreach (var task in tasks)
        {
            successes += task.IsCompletedSuccessfully ? 1 : 0;
        }

        return successes;
    }

    private static int CountSuccesses(Outcome<int>[] outcomes)
    {
        var successes = 0;
        foreach (var outcome in outcomes)
        {
            successes += outcome.IsSuccess ? 1 : 0;
        }

        return successes;
    }

    private static void Complete(TaskCompletionSource<int>[] sources)
    {
        for (var i = 0; i < sources.Length; i++)
        {
            if (i == 3)
            {
                // A fresh exception each time: a shared one would grow its stack trace on every rethrow.
                sources[i].SetException(new InvalidOperationException("failed"));
            }
            else
            {
                sources[i].SetResult(i);
            }
        }
    }
}
