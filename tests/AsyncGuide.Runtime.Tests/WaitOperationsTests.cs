using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuide.Runtime.Tests;

public class WaitOperationsTests
{
    [Fact]
    public async Task FirstCompleted_cancels_the_rest_and_returns_them_completed()
    {
        var fast = TestTasks.Pending<string>();
        var slowExit = TestTasks.Pending<string>();
        var wait = Async.Wait(
            new Func<CancellationToken, Task<string>>[]
            {
                ct => { ct.Register(() => slowExit.SetCanceled(ct)); return slowExit.Task; },
                _ => fast.Task,
                TestTasks.UntilCanceled<string>,
            },
            ReturnWhen.FirstCompleted);

        fast.SetResult("Task 1 completed");
        var (done, pending) = await wait;

        Assert.Equal("Task 1 completed", await Assert.Single(done));
        Assert.Equal(2, pending.Count);
        Assert.All(pending, task => Assert.True(task.IsCanceled));
    }

    [Fact]
    public async Task The_wait_returns_only_after_the_cancelled_operations_have_exited()
    {
        var stubborn = TestTasks.Pending<int>();
        var wait = Async.Wait(new Func<CancellationToken, Task<int>>[] { _ => stubborn.Task, _ => Task.FromResult(1) }, ReturnWhen.FirstCompleted);

        Assert.False(wait.IsCompleted);
        stubborn.SetResult(2);

        var result = await wait;
        Assert.Equal(new[] { stubborn.Task }, result.Pending);
        Assert.True(result.Pending[0].IsCompletedSuccessfully);
    }

    [Fact]
    public async Task AllCompleted_cancels_nothing()
    {
        var tokens = new List<CancellationToken>();
        var (done, pending) = await Async.Wait(new Func<CancellationToken, Task<int>>[]
        {
            ct => { tokens.Add(ct); return Task.FromResult(1); },
            ct => { tokens.Add(ct); return Task.FromResult(2); },
        });

        Assert.Equal(2, done.Count);
        Assert.Empty(pending);
        Assert.All(tokens, token => Assert.False(token.IsCancellationRequested));
    }

    [Fact]
    public async Task FirstException_cancels_the_rest_at_the_first_fault_and_observes_it()
    {
        var failing = TestTasks.Pending<int>();
        var wait = Async.Wait(
            new Func<CancellationToken, Task<int>>[] { TestTasks.UntilCanceled<int>, _ => failing.Task },
            ReturnWhen.FirstException);

        failing.SetException(new TestException("boom"));
        var (done, pending) = await wait;

        Assert.True(Assert.Single(done).IsFaulted);
        Assert.True(Assert.Single(pending).IsCanceled);
    }

    [Fact]
    public async Task A_timeout_cancels_the_pending_operations_and_reports_TimedOut()
    {
        var time = new CountingTimeProvider();
        var wait = Async.Wait(
            new Func<CancellationToken, Task<int>>[] { TestTasks.UntilCanceled<int>, _ => Task.FromResult(1) },
            ReturnWhen.AllCompleted,
            TimeSpan.FromSeconds(5),
            time);

        time.Advance(TimeSpan.FromSeconds(5));
        var result = await wait;

        Assert.True(result.TimedOut);
        Assert.True(Assert.Single(result.Pending).IsCanceled);
        Assert.Equal(0, time.LiveTimers);
    }

    [Fact]
    public async Task The_callers_token_cancels_every_operation_and_the_wait()
    {
        using var cts = new CancellationTokenSource();
        var exited = new List<Task<int>>();
        var wait = Async.Wait(
            new Func<CancellationToken, Task<int>>[] { ct => Track(TestTasks.UntilCanceled<int>(ct)), ct => Track(TestTasks.UntilCanceled<int>(ct)) },
            cancellationToken: cts.Token);

        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        Assert.All(exited, task => Assert.True(task.IsCanceled));

        Task<int> Track(Task<int> task)
        {
            exited.Add(task);
            return task;
        }
    }

    [Fact]
    public async Task A_synchronous_throw_is_a_faulted_task_in_done()
    {
        var (done, _) = await Async.Wait(
            new Func<CancellationToken, Task<int>>[] { _ => throw new TestException("sync"), TestTasks.UntilCanceled<int> },
            ReturnWhen.FirstException);

        Assert.Equal("sync", Assert.Single(done).Exception!.InnerException!.Message);
    }

    [Fact]
    public void Argument_checks_throw_synchronously_naming_the_parameter()
    {
        Func<CancellationToken, Task<int>> op = _ => Task.FromResult(1);
        Assert.Equal(
            "operations",
            Eager.Throws<ArgumentNullException>(() => Async.Wait((IEnumerable<Func<CancellationToken, Task<int>>>)null!)).ParamName);
        Assert.Equal("operations", Eager.Throws<ArgumentException>(() => Async.Wait(Array.Empty<Func<CancellationToken, Task<int>>>())).ParamName);
        Assert.Equal("operations", Eager.Throws<ArgumentException>(() => Async.Wait(new[] { op, null! })).ParamName);
        Assert.Equal("when", Eager.Throws<ArgumentOutOfRangeException>(() => Async.Wait(new[] { op }, (ReturnWhen)(-1))).ParamName);
        Assert.Equal("timeout", Eager.Throws<ArgumentOutOfRangeException>(() => Async.Wait(new[] { op }, timeout: TimeSpan.FromTicks(-1))).ParamName);
        Assert.Equal(
            "timeProvider",
            Eager.Throws<ArgumentNullException>(() => Async.Wait(new[] { op }, ReturnWhen.AllCompleted, null, null!)).ParamName);
    }
}
