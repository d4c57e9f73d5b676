using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuide.Runtime.Tests;

/// <summary>
/// Inputs completed from many thread-pool threads at once: the promises count completions with
/// interlocked operations, so every result must still be there exactly once. No timing is asserted.
/// </summary>
public class ConcurrencyTests
{
    private const int Count = 500;

    [Fact]
    public async Task Gather_and_GatherSettled_see_every_result_when_tasks_complete_in_parallel()
    {
        var sources = Enumerable.Range(0, Count)
            .Select(_ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously))
            .ToArray();
        var tasks = sources.Select(s => s.Task).ToArray();
        var gather = Async.Gather(tasks);
        var settled = Async.GatherSettled(tasks);
        var wait = Async.Wait(tasks, ReturnWhen.AllCompleted);
        var pair = Async.Gather(tasks[0], tasks[Count - 1]);

        await CompleteInParallelAsync(sources);

        Assert.Equal(Enumerable.Range(0, Count), await gather);
        Assert.All(await settled, outcome => Assert.True(outcome.IsSuccess));
        Assert.Equal(Count, (await wait).Done.Count);
        Assert.Equal((0, Count - 1), await pair);
    }

    [Fact]
    public async Task FirstCompleted_and_AsCompleted_return_each_task_once_under_parallel_completion()
    {
        var sources = Enumerable.Range(0, Count)
            .Select(_ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously))
            .ToArray();
        var tasks = sources.Select(s => s.Task).ToArray();
        var first = Async.Wait(tasks, ReturnWhen.FirstCompleted);
        var seen = 0;
        var reading = Task.Run(async () =>
        {
            await foreach (var task in Async.AsCompleted(tasks))
            {
                Assert.True(task.IsCompletedSuccessfully);
                Interlocked.Increment(ref seen);
            }
        });

        await CompleteInParallelAsync(sources);

        var (done, pending) = await first;
        Assert.NotEmpty(done);
        Assert.Equal(Count, done.Count + pending.Count);
        await reading;
        Assert.Equal(Count, seen);
    }

    private static Task CompleteInParallelAsync(TaskCompletionSource<int>[] sources) =>
        Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            for (var i = worker; i < sources.Length; i += 4)
            {
                sources[i].SetResult(i);
            }
        })));
}
