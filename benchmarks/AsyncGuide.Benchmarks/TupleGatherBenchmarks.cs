using System.Threading.Tasks;
using AsyncGuide;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace AsyncGuide.Benchmarks;

/// <summary><c>var (a, b) = await Async.Gather(x, y)</c> against <c>await Task.WhenAll(x, y); (x.Result, y.Result)</c>.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class TupleGatherBenchmarks
{
    private readonly Task<int> _number = Task.FromResult(1000);
    private readonly Task<string> _text = Task.FromResult("text");

    [Benchmark(Baseline = true, Description = "WhenAll + .Result")]
    [BenchmarkCategory("Completed")]
    public async Task<(int, string)> WhenAllCompleted()
    {
        await Task.WhenAll(_number, _text);
        return (_number.Result, _text.Result);
    }

    [Benchmark(Description = "Async.Gather (tuple)")]
    [BenchmarkCategory("Completed")]
    public async Task<(int, string)> GatherCompleted() => await Async.Gather(_number, _text);

    [Benchmark(Baseline = true, Description = "WhenAll + .Result")]
    [BenchmarkCategory("Pending")]
    public async Task<(int, string)> WhenAllPending()
    {
        var number = new TaskCompletionSource<int>();
        var text = new TaskCompletionSource<string>();
        var all = Task.WhenAll(number.Task, text.Task);
        number.SetResult(1);
        text.SetResult("x");
        await all;
        return (number.Task.Result, text.Task.Result);
    }

    [Benchmark(Description = "Async.Gather (tuple)")]
    [BenchmarkCategory("Pending")]
    public async Task<(int, string)> GatherPending()
    {
        var number = new TaskCompletionSource<int>();
        var text = new TaskCompletionSource<string>();
        var all = Async.Gather(number.Task, text.Task);
        number.SetResult(1);
        text.SetResult("x");
        return await all;
    }
}
