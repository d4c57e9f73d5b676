using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace AsyncGuide.Runtime.Tests;

/// <summary>
/// When a gather reports a failure: the task forms wait for every task (they cannot stop the others,
/// and returning early would leave them running unseen); the factory forms fail fast because they
/// cancel the others first. Time is a fake clock; each step completes synchronously.
/// </summary>
public class GatherFailureTimingTests
{
    private static readonly TimeSpan FailsAt = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan SucceedsAt = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Task_forms_throw_a_failure_at_10_ms_only_when_the_task_finishing_at_300_ms_has()
    {
        var time = new FakeTimeProvider();
        var failing = CompleteAfter<int>(time, FailsAt, () => throw new TestException("failed at 10 ms"));
        var slow = CompleteAfter(time, SucceedsAt, () => 2);
        var array = Async.Gather(new[] { failing, slow });
        var tuple = Async.Gather(failing, slow);
        var untyped = Async.Gather(failing, (Task)slow);

        time.Advance(FailsAt);
        Assert.True(failing.IsFaulted);
        Assert.False(array.IsCompleted);
        Assert.False(tuple.IsCompleted);
        Assert.False(untyped.IsCompleted);

        time.Advance(SucceedsAt - FailsAt);
        Assert.Equal("failed at 10 ms", (await Assert.ThrowsAsync<TestException>(() => array)).Message);
        await Assert.ThrowsAsync<TestException>(() => tuple);
        await Assert.ThrowsAsync<TestException>(() => untyped);
        Assert.Equal(2, await slow);
    }

    [Fact]
    public async Task Factory_forms_throw_at_10_ms_after_cancelling_the_operation_that_would_finish_at_300_ms()
    {
        var time = new FakeTimeProvider();
        Task<int>? slowTyped = null;
        Task<int>? slowArray = null;
        var typed = Async.Gather(
            _ => CompleteAfter<int>(time, FailsAt, () => throw new TestException("failed at 10 ms")),
            ct => slowTyped = CompleteAfter(time, SucceedsAt, () => 2, ct));
        var array = Async.Gather(new Func<CancellationToken, Task<int>>[]
        {
            _ => CompleteAfter<int>(time, FailsAt, () => throw new TestException("failed at 10 ms")),
            ct => slowArray = CompleteAfter(time, SucceedsAt, () => 2, ct),
        });

        time.Advance(FailsAt);

        Assert.Equal("failed at 10 ms", (await Assert.ThrowsAsync<TestException>(() => typed)).Message);
        Assert.Equal("failed at 10 ms", (await Assert.ThrowsAsync<TestException>(() => array)).Message);
        Assert.True(slowTyped!.IsCanceled);
        Assert.True(slowArray!.IsCanceled);
    }

    /// <summary>A task that runs <paramref name="result"/> when the fake clock reaches <paramref name="due"/>, or is cancelled first.</summary>
    private static Task<T> CompleteAfter<T>(TimeProvider time, TimeSpan due, Func<T> result, CancellationToken cancellationToken = default)
    {
        // Continuations run synchronously (no RunContinuationsAsynchronously), so Advance completes everything.
        var completion = new TaskCompletionSource<T>();
        var timer = time.CreateTimer(
            _ =>
            {
                try
                {
                    completion.TrySetResult(result());
                }
                catch (Exception ex)
                {
                    completion.TrySetException(ex);
                }
            },
            null,
            due,
            Timeout.InfiniteTimeSpan);
        cancellationToken.Register(() =>
        {
            timer.Dispose();
            completion.TrySetCanceled(cancellationToken);
        });
        return completion.Task;
    }
}
