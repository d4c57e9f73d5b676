using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuide.Runtime.Tests;

public class WaitTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task AllCompleted_returns_when_every_task_has_and_never_throws_for_failures()
    {
        var first = TestTasks.Pending<int>();
        var second = TestTasks.Pending<int>();
        var wait = Async.Wait(new[] { first.Task, second.Task });

        second.SetException(new TestException("boom"));
        Assert.False(wait.IsCompleted);
        first.SetResult(1);

        var (done, pending) = await wait;
        Assert.Equal(new[] { first.Task, second.Task }, done);
        Assert.Empty(pending);
        second.Task.Observe();
    }

    [Fact]
    public async Task FirstCompleted_returns_at_the_first_and_leaves_the_rest_running_and_pending()
    {
        using var cts = new CancellationTokenSource();
        var slow = TestTasks.UntilCanceled<int>(cts.Token);
        var fast = TestTasks.Pending<int>();
        var wait = Async.Wait(new[] { slow, fast.Task }, ReturnWhen.FirstCompleted);

        fast.SetResult(1);
        var result = await wait;

        Assert.Equal(new[] { fast.Task }, result.Done);
        Assert.Equal(new[] { slow }, result.Pending);
        Assert.False(result.TimedOut);
        Assert.False(slow.IsCompleted);
        cts.Cancel();
    }

    [Fact]
    public void FirstCompleted_with_a_completed_input_returns_synchronously_in_input_order()
    {
        var pending = TestTasks.Pending<int>();
        var wait = Async.Wait(new[] { pending.Task, Task.FromResult(1), Task.FromResult(2) }, ReturnWhen.FirstCompleted);

        Assert.True(wait.IsCompletedSuccessfully);
        Assert.Equal(2, wait.ResultNow().Done.Count);
        Assert.Equal(new[] { pending.Task }, wait.ResultNow().Pending);
    }

    [Fact]
    public async Task FirstException_returns_at_the_first_fault_and_ignores_cancellations()
    {
        var canceled = TestTasks.Pending<int>();
        var failing = TestTasks.Pending<int>();
        var other = TestTasks.Pending<int>();
        var wait = Async.Wait(new[] { canceled.Task, failing.Task, other.Task }, ReturnWhen.FirstException);

        canceled.SetCanceled();
        Assert.False(wait.IsCompleted);
        failing.SetException(new TestException("boom"));

        var (done, pending) = await wait;
        Assert.Equal(new[] { canceled.Task, failing.Task }, done);
        Assert.Equal(new[] { other.Task }, pending);
        failing.Task.Observe();
    }

    [Fact]
    public void FirstException_returns_at_once_for_a_task_that_faulted_before_the_call()
    {
        var failed = TestTasks.Faulted<int>(new TestException("early"));
        var pending = TestTasks.Pending<int>();
        var wait = Async.Wait(new[] { pending.Task, failed }, ReturnWhen.FirstException);

        Assert.True(wait.IsCompletedSuccessfully);
        Assert.Equal(new[] { failed }, wait.ResultNow().Done);
        failed.Observe();
    }

    [Fact]
    public async Task FirstException_acts_as_AllCompleted_when_nothing_faults()
    {
        var first = TestTasks.Pending<int>();
        var second = TestTasks.Pending<int>();
        var wait = Async.Wait(new[] { first.Task, second.Task }, ReturnWhen.FirstException);

        first.SetResult(1);
        Assert.False(wait.IsCompleted);
        second.SetCanceled();

        Assert.Equal(2, (await wait).Done.Count);
    }

    [Fact]
    public async Task AllCompleted_counts_cancelled_and_faulted_tasks_as_done()
    {
        var canceled = TestTasks.Pending<int>();
        var wait = Async.Wait(new[] { canceled.Task, TestTasks.Faulted<int>(new TestException("x")), Task.FromResult(3) });

        canceled.SetCanceled();

        var result = await wait;
        Assert.Equal(3, result.Done.Count);
        Assert.Empty(result.Pending);
        result.Done[1].Observe();
    }

    [Fact]
    public async Task A_timeout_returns_done_and_pending_and_cancels_nothing()
    {
        var time = new CountingTimeProvider();
        var done = TestTasks.Pending<int>();
        var slow = TestTasks.Pending<int>();
        var wait = Async.Wait(new[] { done.Task, slow.Task }, ReturnWhen.AllCompleted, Second, time.Clock);

        done.SetResult(1);
        time.Advance(Second - TimeSpan.FromTicks(1));
        Assert.False(wait.IsCompleted);
        time.Advance(TimeSpan.FromTicks(1));

        var result = await wait;
        Assert.True(result.TimedOut);
        Assert.Equal(new[] { done.Task }, result.Done);
        Assert.Equal(new[] { slow.Task }, result.Pending);
        Assert.True(slow.TrySetResult(2), "the pending task was left alone");
    }

    [Fact]
    public void A_zero_timeout_returns_at_once()
    {
        var pending = TestTasks.Pending<int>();
        var wait = Async.Wait(new[] { pending.Task }, timeout: TimeSpan.Zero);

        Assert.True(wait.IsCompletedSuccessfully);
        Assert.True(wait.ResultNow().TimedOut);
        Assert.Equal(new[] { pending.Task }, wait.ResultNow().Pending);
    }

    [Fact]
    public async Task An_infinite_timeout_is_accepted()
    {
        var pending = TestTasks.Pending<int>();
        var wait = Async.Wait(new[] { pending.Task }, timeout: Timeout.InfiniteTimeSpan);
        pending.SetResult(1);

        Assert.False((await wait).TimedOut);
    }

    [Fact]
    public async Task The_token_cancels_only_the_wait()
    {
        using var cts = new CancellationTokenSource();
        var pending = TestTasks.Pending<int>();
        var wait = Async.Wait(new[] { pending.Task }, cancellationToken: cts.Token);

        cts.Cancel();

        Assert.Equal(cts.Token, (await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait)).CancellationToken);
        Assert.True(pending.TrySetResult(1), "the task was left alone");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Async.Wait(new[] { pending.Task }, cancellationToken: cts.Token));
    }

    [Fact]
    public async Task Duplicates_are_removed_keeping_input_order()
    {
        var a = TestTasks.Pending<int>();
        var b = TestTasks.Pending<int>();
        var wait = Async.Wait(new[] { a.Task, b.Task, a.Task, b.Task });
        b.SetResult(2);
        a.SetResult(1);

        Assert.Equal(new[] { a.Task, b.Task }, (await wait).Done);
        var many = new List<Task>();
        for (var i = 0; i < 40; i++)
        {
            many.Add(i % 2 == 0 ? a.Task : Task.FromResult(i));
        }

        Assert.Equal(21, (await Async.Wait(many)).Done.Count);
    }

    [Fact]
    public async Task Returning_disposes_the_timer_and_leaves_nothing_reachable_from_pending_tasks()
    {
        var time = new CountingTimeProvider();
        using var cts = new CancellationTokenSource();
        var slow = TestTasks.Pending<int>();
        var result = await WaitAndForgetAsync(slow.Task, time, cts.Token);

        Assert.Equal(0, time.LiveTimers);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(result.IsAlive, "the pending task still references the finished wait");
        GC.KeepAlive(slow);
        cts.Cancel();

        [MethodImpl(MethodImplOptions.NoInlining)]
        static async Task<WeakReference> WaitAndForgetAsync(Task<int> slow, CountingTimeProvider time, CancellationToken token)
        {
            var wait = Async.Wait(new[] { slow, TestTasks.Pending<int>().Task }, ReturnWhen.FirstCompleted, TimeSpan.FromMinutes(1), time, token);
            Assert.Equal(1, time.LiveTimers);
            time.Advance(TimeSpan.FromMinutes(1));
            return new WeakReference(await wait);
        }
    }

    [Fact]
    public void Argument_checks_throw_synchronously_naming_the_parameter()
    {
        var task = TestTasks.Pending<int>().Task;
        Assert.Equal("tasks", Eager.Throws<ArgumentNullException>(() => Async.Wait((IEnumerable<Task>)null!)).ParamName);
        Assert.Equal("tasks", Eager.Throws<ArgumentException>(() => Async.Wait(Array.Empty<Task>())).ParamName);
        Assert.Equal("tasks", Eager.Throws<ArgumentException>(() => Async.Wait(new[] { task, null! })).ParamName);
        Assert.Equal("when", Eager.Throws<ArgumentOutOfRangeException>(() => Async.Wait(new[] { task }, (ReturnWhen)3)).ParamName);
        Assert.Equal(
            "timeout",
            Eager.Throws<ArgumentOutOfRangeException>(() => Async.Wait(new[] { task }, timeout: TimeSpan.FromSeconds(-1))).ParamName);
        Assert.Equal(
            "timeout",
            Eager.Throws<ArgumentOutOfRangeException>(() => Async.Wait(new[] { task }, timeout: TimeSpan.FromDays(100))).ParamName);
        Assert.Equal(
            "timeProvider",
            Eager.Throws<ArgumentNullException>(() => Async.Wait(new[] { task }, ReturnWhen.AllCompleted, null, null!)).ParamName);
    }
}
