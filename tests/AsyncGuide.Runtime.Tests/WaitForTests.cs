using System;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuide.Runtime.Tests;

public class WaitForTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task An_operation_finishing_in_time_returns_its_result_or_throws_its_own_exception()
    {
        var time = new CountingTimeProvider();
        var pending = TestTasks.Pending<int>();
        var call = Async.WaitFor(_ => pending.Task, Limit, time);
        pending.SetResult(42);

        Assert.Equal(42, await call);
        Assert.Equal(0, time.LiveTimers);
        await Assert.ThrowsAsync<TestException>(() => Async.WaitFor<int>(_ => throw new TestException("sync"), Limit, time));
        await Assert.ThrowsAsync<TestException>(() => Async.WaitFor(_ => TestTasks.Faulted<int>(new TestException("async")), Limit, time));
    }

    [Fact]
    public async Task On_timeout_it_cancels_the_operation_awaits_its_exit_then_throws_TimeoutException()
    {
        var time = new CountingTimeProvider();
        var exit = TestTasks.Pending<int>();
        var cancelRequested = TestTasks.Pending();
        var call = Async.WaitFor(ct => { ct.Register(cancelRequested.SetResult); return exit.Task; }, Limit, time);

        time.Advance(Limit);
        await cancelRequested.Task;
        Assert.False(call.IsCompleted);
        exit.SetCanceled();

        await Assert.ThrowsAsync<TimeoutException>(() => call);
        Assert.Equal(0, time.LiveTimers);
    }

    [Fact]
    public async Task A_fault_while_being_cancelled_becomes_the_inner_exception()
    {
        var time = new CountingTimeProvider();
        var call = Async.WaitFor(async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            throw new TestException("cleanup failed");
        }, Limit, time);

        time.Advance(Limit);

        Assert.Equal("cleanup failed", (await Assert.ThrowsAsync<TimeoutException>(() => call)).InnerException!.Message);
    }

    [Fact]
    public async Task An_operation_that_ignores_cancellation_and_succeeds_returns_its_result()
    {
        var time = new CountingTimeProvider();
        var stubborn = TestTasks.Pending<string>();
        var call = Async.WaitFor(_ => stubborn.Task, Limit, time);

        time.Advance(Limit);
        stubborn.SetResult("late but done");

        Assert.Equal("late but done", await call);
    }

    [Fact]
    public async Task The_callers_token_cancels_the_operation_and_throws_OperationCanceledException()
    {
        using var cts = new CancellationTokenSource();
        CancellationToken seen = default;
        var call = Async.WaitFor(ct => { seen = ct; return TestTasks.UntilCanceled<int>(ct); }, Limit, cts.Token);

        cts.Cancel();

        Assert.Equal(cts.Token, (await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call)).CancellationToken);
        Assert.True(seen.IsCancellationRequested);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Async.WaitFor(_ => Task.FromResult(1), Limit, cts.Token));
    }

    [Fact]
    public async Task Non_generic_form_times_out_the_same_way()
    {
        var time = new CountingTimeProvider();
        var call = Async.WaitFor(ct => Task.Delay(Timeout.Infinite, ct), Limit, time);
        time.Advance(Limit);

        await Assert.ThrowsAsync<TimeoutException>(() => call);
        await Async.WaitFor(_ => Task.CompletedTask, Limit, time);
        await Async.WaitFor(_ => Task.CompletedTask, Timeout.InfiniteTimeSpan);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Async.WaitFor(_ => null!, Limit, time));
    }

    [Fact]
    public void Argument_checks_throw_synchronously_naming_the_parameter()
    {
        Assert.Equal(
            "operation",
            Eager.Throws<ArgumentNullException>(() => Async.WaitFor((Func<CancellationToken, Task<int>>)null!, Limit)).ParamName);
        Assert.Equal("operation", Eager.Throws<ArgumentNullException>(() => Async.WaitFor((Func<CancellationToken, Task>)null!, Limit)).ParamName);
        Assert.Equal(
            "timeout",
            Eager.Throws<ArgumentOutOfRangeException>(() => Async.WaitFor(_ => Task.FromResult(1), TimeSpan.FromSeconds(-2))).ParamName);
        Assert.Equal(
            "timeout",
            Eager.Throws<ArgumentOutOfRangeException>(() => Async.WaitFor(_ => Task.CompletedTask, TimeSpan.FromSeconds(-2))).ParamName);
        Assert.Equal("timeProvider", Eager.Throws<ArgumentNullException>(() => Async.WaitFor(_ => Task.FromResult(1), Limit, null!)).ParamName);
    }
}

public class WaitForEdgeTests
{
    [Fact]
    public async Task A_zero_timeout_allows_only_a_synchronous_completion()
    {
        var time = new CountingTimeProvider();

        Assert.Equal(1, await Async.WaitFor(_ => Task.FromResult(1), TimeSpan.Zero, time));
        await Assert.ThrowsAsync<TimeoutException>(() => Async.WaitFor(TestTasks.UntilCanceled<int>, TimeSpan.Zero, time));
        Assert.Equal(0, time.LiveTimers);
    }
}
