using System.Threading.Tasks;
using AsyncGuide;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace AsyncGuide.Benchmarks;

/// <summary>
/// <c>Async.Wait(tasks, ReturnWhen.FirstCompleted)</c> against <c>Task.WhenAny(tasks)</c>, 8 tasks. The baseline
/// is WhenAny alone: it does not split done from pending, which Wait's result does.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class WaitBenchmarks
{
    private const int Count = 8;
    private Task<int>[] _oneCompleted = null!;

    [GlobalSetup]
    public void Setup()
    {
        var (_, tasks) = PendingTasks.Create<int>(Count);
        tasks[Count / 2] = Task.FromResult(1);
        _oneCompleted = tasks;
    }

    [Benchmark(Baseline = true, Description = "Task.WhenAny")]
    [BenchmarkCategory("OneCompleted")]
    public async Task<Task<int>> WhenAnyCompleted() => await Task.WhenAny(_oneCompleted);

    [Benchmark(Description = "Async.Wait(FirstCompleted)")]
    [BenchmarkCategory("OneCompleted")]
    public async Task<Task<int>> WaitCompleted() => (await Async.Wait(_oneCompleted, ReturnWhen.FirstCompleted)).Done[0];

    [Benchmark(Baseline = true, Description = "Task.WhenAny")]
    [BenchmarkCategory("Pending")]
    public async Task<Task<int>> WhenAnyPending()
    {
        var (sources, tasks) = PendingTasks.Create<int>(Count);
        var any = Task.WhenAny(tasks);
        sources[Count / 2].SetResult(1);
        return await any;
    }

    [Benchmark(Description = "Async.Wait(FirstCompleted)")]
    [BenchmarkCategory("Pending")]
    public async Task<Task<int>> WaitPending()
    {
        var (sources, tasks) = PendingTasks.Create<int>(Count);
        var wait = Async.Wait(tasks, ReturnWhen.FirstCompleted);
        sources[Count / 2].SetResult(1);
        return (await wait).Done[0];
    }
}
