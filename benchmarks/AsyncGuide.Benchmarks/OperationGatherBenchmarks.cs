using System;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuide;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace AsyncGuide.Benchmarks;

/// <summary>
/// The factory gather of two operations (one linked token, the first failure cancels the other):
/// <c>var (a, b) = await Async.Gather(ct => A(ct), ct => B(ct), token)</c> and the array form, against the
/// same written by hand with the BCL (a linked source, a cancel-on-fault continuation per task, WhenAll).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class OperationGatherBenchmarks
{
    private static readonly Action<Task, object?> CancelOnFault = static (_, state) => ((CancellationTokenSource)state!).Cancel();
    private readonly CancellationTokenSource _caller = new();
    private readonly Task<int> _number = Task.FromResult(1000);
    private TaskCompletionSource<int>? _pendingNumber;
    private TaskCompletionSource<int>? _pendingOther;

    [Benchmark(Baseline = true, Description = "linked CTS + ContinueWith + WhenAll")]
    [BenchmarkCategory("Completed")]
    public Task<(int, int)> HandWrittenCompleted() => HandWrittenAsync(_ => _number, _ => _number);

    [Benchmark(Description = "Async.Gather (typed factory)")]
    [BenchmarkCategory("Completed")]
    public Task<(int, int)> TypedCompleted() => Async.Gather(_ => _number, _ => _number, _caller.Token);

    [Benchmark(Description = "Async.Gather (array factory)")]
    [BenchmarkCategory("Completed")]
    public Task<int[]> ArrayCompleted() => Async.Gather(new Func<CancellationToken, Task<int>>[] { _ => _number, _ => _number }, _caller.Token);

    [Benchmark(Baseline = true, Description = "linked CTS + ContinueWith + WhenAll")]
    [BenchmarkCategory("Pending")]
    public async Task<(int, int)> HandWrittenPending()
    {
        var gather = HandWrittenAsync(
            _ => (_pendingNumber = new TaskCompletionSource<int>()).Task,
            _ => (_pendingOther = new TaskCompletionSource<int>()).Task);
        Complete();
        return await gather;
    }

    [Benchmark(Description = "Async.Gather (typed factory)")]
    [BenchmarkCategory("Pending")]
    public async Task<(int, int)> TypedPending()
    {
        var gather = Async.Gather(
            _ => (_pendingNumber = new TaskCompletionSource<int>()).Task,
            _ => (_pendingOther = new TaskCompletionSource<int>()).Task,
            _caller.Token);
        Complete();
        return await gather;
    }

    [Benchmark(Description = "Async.Gather (array factory)")]
    [BenchmarkCategory("Pending")]
    public async Task<int[]> ArrayPending()
    {
        var gather = Async.Gather(
            new Func<CancellationToken, Task<int>>[]
            {
                _ => (_pendingNumber = new TaskCompletionSource<int>()).Task,
                _ => (_pendingOther = new TaskCompletionSource<int>()).Task
            },
            _caller.Token);
        Complete();
        return await gather;
    }

    private void Complete()
    {
        _pendingNumber!.SetResult(1);
        _pendingOther!.SetResult(2);
    }

    private async Task<(int, int)> HandWrittenAsync(Func<CancellationToken, Task<int>> first, Func<CancellationToken, Task<int>> second)
    {
        using var siblings = CancellationTokenSource.CreateLinkedTokenSource(_caller.Token);
        var a = first(siblings.Token);
        var b = second(siblings.Token);
        _ = a.ContinueWith(
            CancelOnFault,
            siblings,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        _ = b.ContinueWith(
            CancelOnFault,
            siblings,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        await Task.WhenAll(a, b).ConfigureAwait(false);
        return (a.Result, b.Result);
    }
}
