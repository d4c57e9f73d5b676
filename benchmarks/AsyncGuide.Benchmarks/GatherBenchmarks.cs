using System.Threading.Tasks;
using AsyncGuide;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace AsyncGuide.Benchmarks;

/// <summary><c>Async.Gather(Task&lt;int&gt;[])</c> against <c>Task.WhenAll</c>, for completed and still-pending inputs.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class GatherBenchmarks
{
    private Task<int>[] _completed = null!;

    [Params(2, 8, 1000)]
    public int Count { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _completed = new Task<int>[Count];
        for (var i = 0; i < Count; i++)
        {
            _completed[i] = Task.FromResult(i + 1000);
        }
    }

    [Benchmark(Baseline = true, Description = "Task.WhenAll")]
    [BenchmarkCategory("Completed")]
    public Task<int[]> WhenAllCompleted() => Task.WhenAll(_completed);

    [Benchmark(Description = "Async.Gather")]
    [BenchmarkCategory("Completed")]
    public Task<int[]> GatherCompleted() => Async.Gather(_completed);

    // Pending: both sides pay for the same completion sources; only the combinator differs.
    [Benchmark(Baseline = true, Description = "Task.WhenAll")]
    [BenchmarkCategory("Pending")]
    public Task<int[]> WhenAllPending()
    {
        var (sources, tasks) = PendingTasks.Create<int>(Count);
        var all = Task.WhenAll(tasks);
        PendingTasks.Complete(sources);
        return all;
    }

    [Benchmark(Description = "Async.Gather")]
    [BenchmarkCategory("Pending")]
    public Task<int[]> GatherPending()
    {
        var (sources, tasks) = PendingTasks.Create<int>(Count);
        var all = Async.Gather(tasks);
        PendingTasks.Complete(sources);
        return all;
    }
}

internal static class PendingTasks
{
    internal static (TaskCompletionSource<T>[] Sources, Task<T>[] Tasks) Create<T>(int count)
    {
        var sources = new TaskCompletionSource<T>[count];
        var tasks = new Task<T>[count];
        for (var i = 0; i < count; i++)
        {
            sources[i] = new TaskCompletionSource<T>();
            tasks[i] = sources[i].Task;
        }

        return (sources, tasks);
    }

    internal static void Complete<T>(TaskCompletionSource<T>[] sources)
    {
        foreach (var source in sources)
        {
            source.SetResult(default!);
        }
    }
}
