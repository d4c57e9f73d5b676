using System;
using System.Collections.Generic;
using System.Threading;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;

namespace AsyncGuide.Runtime.Tests;

public class AsCompletedTests
{
    [Fact]
    public async Task Tasks_come_in_completion_order()
    {
        var first = TestTasks.Pending<int>();
        var second = TestTasks.Pending<int>();
        var third = TestTasks.Pending<int>();
        var seen = new List<int>();

        var reading = ReadAllAsync(Async.AsCompleted(new[] { first.Task, second.Task, third.Task }), seen);
        third.SetResult(3);
        first.SetResult(1);
        second.SetResult(2);
        await reading;

        Assert.Equal(new[] { 3, 1, 2 }, seen);
    }

    [Fact]
    public async Task Completed_inputs_and_duplicates_are_yielded_once_and_empty_input_yields_nothing()
    {
        var done = Task.FromResult(7);
        var seen = new List<int>();
        await ReadAllAsync(Async.AsCompleted(new[] { done, done }), seen);
        await ReadAllAsync(Async.AsCompleted(Array.Empty<Task<int>>()), seen);

        Assert.Equal(new[] { 7 }, seen);
    }

    [Fact]
    public async Task A_timeout_throws_TimeoutException_after_yielding_what_completed()
    {
        var time = new CountingTimeProvider();
        var quick = TestTasks.Pending<int>();
        var never = TestTasks.Pending<int>();
        var seen = new List<int>();

        var reading = ReadAllAsync(Async.AsCompleted(new[] { never.Task, quick.Task }, TimeSpan.FromSeconds(1), time), seen);
        quick.SetResult(1);
        time.Advance(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<TimeoutException>(() => reading);
        Assert.Equal(new[] { 1 }, seen);
        Assert.Equal(0, time.LiveTimers);
        Assert.True(never.TrySetResult(2), "nothing was cancelled");
    }

    [Fact]
    public async Task Breaking_early_disposes_the_timer()
    {
        var time = new CountingTimeProvider();
        await foreach (var task in Async.AsCompleted(new[] { Task.FromResult(1), TestTasks.Pending<int>().Task }, TimeSpan.FromMinutes(1), time))
        {
            Assert.Equal(1, await task);
            break;
        }

        Assert.Equal(0, time.LiveTimers);
    }

    [Fact]
    public async Task WithCancellation_stops_the_enumeration()
    {
        using var cts = new CancellationTokenSource();
        var reading = ReadAllAsync(Async.AsCompleted(new[] { TestTasks.Pending<int>().Task }).WithCancellation(cts.Token));

        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
    }

    [Fact]
    public async Task An_already_cancelled_token_yields_nothing_even_for_completed_tasks()
    {
        var canceled = new CancellationToken(canceled: true);
        var seen = new List<int>();

        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => ReadAllAsync(Async.AsCompleted(new[] { Task.FromResult(1), Task.FromResult(2) }).WithCancellation(canceled), seen));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => ReadAllAsync(Async.AsCompleted(Array.Empty<Task<int>>()).WithCancellation(canceled), seen));

        Assert.Equal(canceled, thrown.CancellationToken);
        Assert.Empty(seen);
    }

    [Fact]
    public async Task The_token_is_checked_before_each_element_so_cancelling_stops_before_tasks_already_completed()
    {
        using var cts = new CancellationTokenSource();
        var second = TestTasks.Pending<int>();
        var seen = new List<int>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var task in Async.AsCompleted(new[] { Task.FromResult(1), second.Task }).WithCancellation(cts.Token))
            {
                seen.Add(await task);
                second.SetResult(2);
                cts.Cancel();
            }
        });

        Assert.Equal(new[] { 1 }, seen);
    }

    [Fact]
    public void Argument_checks_throw_synchronously_naming_the_parameter()
    {
        Assert.Equal("tasks", Eager.Throws<ArgumentNullException>(() => Async.AsCompleted((IEnumerable<Task<int>>)null!)).ParamName);
        Assert.Equal("tasks", Eager.Throws<ArgumentException>(() => Async.AsCompleted(new Task<int>[] { null! })).ParamName);
        Assert.Equal(
            "timeout",
            Eager.Throws<ArgumentOutOfRangeException>(() => Async.AsCompleted(new[] { Task.FromResult(1) }, TimeSpan.FromSeconds(-1))).ParamName);
        Assert.Equal(
            "timeProvider",
            Eager.Throws<ArgumentNullException>(() => Async.AsCompleted(new[] { Task.FromResult(1) }, null, null!)).ParamName);
    }

    private static async Task ReadAllAsync(IAsyncEnumerable<Task<int>> tasks, List<int>? seen = null)
    {
        await foreach (var task in tasks)
        {
            seen?.Add(await task);
        }
    }

    private static async Task ReadAllAsync(ConfiguredCancelableAsyncEnumerable<Task<int>> tasks, List<int>? seen = null)
    {
        await foreach (var task in tasks)
        {
            seen?.Add(await task);
        }
    }
}
