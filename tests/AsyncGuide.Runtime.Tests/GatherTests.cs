using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuide.Runtime.Tests;

public class GatherTests
{
    [Fact]
    public async Task Results_come_in_input_order_while_children_finish_out_of_order()
    {
        var first = TestTasks.Pending<string>();
        var second = TestTasks.Pending<string>();
        var third = TestTasks.Pending<string>();

        var gather = Async.Gather(new[] { first.Task, second.Task, third.Task, Task.FromResult("d") });
        third.SetResult("c");
        first.SetResult("a");
        Assert.False(gather.IsCompleted);
        second.SetResult("b");

        Assert.Equal(new[] { "a", "b", "c", "d" }, await gather);
    }

    [Fact]
    public async Task Enumerable_form_keeps_input_order_and_enumerates_once()
    {
        var pending = TestTasks.Pending<int>();
        var enumerations = 0;
        IEnumerable<Task<int>> Source()
        {
            enumerations++;
            yield return pending.Task;
            yield return Task.FromResult(2);
        }

        var gather = Async.Gather(Source());
        pending.SetResult(1);

        Assert.Equal(new[] { 1, 2 }, await gather);
        Assert.Equal(1, enumerations);
    }

    [Fact]
    public void Empty_input_completes_at_once_with_an_empty_array()
    {
        Assert.Empty(Async.Gather(Array.Empty<Task<int>>()).ResultNow());
        Assert.Empty(Async.Gather(new List<Task<int>>()).ResultNow());
        Assert.True(Async.Gather(Array.Empty<Task>()).IsCompletedSuccessfully);
        Assert.True(Async.Gather(new List<Task>()).IsCompletedSuccessfully);
    }

    [Fact]
    public void Completed_inputs_complete_synchronously()
    {
        var gather = Async.Gather(new[] { Task.FromResult(1), Task.FromResult(2) });

        Assert.True(gather.IsCompletedSuccessfully);
        Assert.Equal(new[] { 1, 2 }, gather.ResultNow());
        Assert.Same(Task.CompletedTask, Async.Gather(Task.CompletedTask, Task.FromResult(3)));
    }

    [Fact]
    public async Task The_same_task_twice_fills_both_slots()
    {
        var shared = TestTasks.Pending<int>();
        var gather = Async.Gather(new[] { shared.Task, shared.Task });
        shared.SetResult(7);

        Assert.Equal(new[] { 7, 7 }, await gather);
    }

    [Fact]
    public async Task Awaiting_throws_the_first_failure_in_input_order_and_the_task_holds_every_failure()
    {
        var first = TestTasks.Pending<int>();
        var second = TestTasks.Pending<int>();
        var gather = Async.Gather(new[] { first.Task, second.Task, Task.FromResult(3) });

        second.SetException(new TestException("second"));
        first.SetException(new TestException("first"));

        var thrown = await Assert.ThrowsAsync<TestException>(() => gather);
        Assert.Equal("first", thrown.Message);
        Assert.Collection(
            gather.Exception!.InnerExceptions,
            e => Assert.Equal("first", e.Message),
            e => Assert.Equal("second", e.Message));
    }

    [Fact]
    public async Task A_failure_does_not_complete_the_gather_before_the_others()
    {
        var failing = TestTasks.Pending<int>();
        var slow = TestTasks.Pending<int>();
        var gather = Async.Gather(new[] { failing.Task, slow.Task });

        failing.SetException(new TestException("boom"));
        Assert.False(gather.IsCompleted);

        slow.SetResult(2);
        await Assert.ThrowsAsync<TestException>(() => gather);
    }

    [Fact]
    public async Task A_cancelled_child_cancels_the_gather_when_nothing_faults()
    {
        var canceled = TestTasks.Pending<int>();
        var gather = Async.Gather(new[] { canceled.Task, Task.FromResult(2) });
        canceled.SetCanceled();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gather);
        Assert.True(gather.IsCanceled);
    }

    [Fact]
    public async Task A_fault_wins_over_a_cancellation()
    {
        var gather = Async.Gather(new[] { TestTasks.Canceled<int>(), TestTasks.Faulted<int>(new TestException("boom")) });

        await Assert.ThrowsAsync<TestException>(() => gather);
        Assert.True(gather.IsFaulted);
    }

    [Fact]
    public async Task Non_generic_gather_waits_for_all_and_throws_the_first_failure()
    {
        var first = TestTasks.Pending();
        var second = TestTasks.Pending();
        var gather = Async.Gather(first.Task, second.Task);
        first.SetResult();
        Assert.False(gather.IsCompleted);
        second.SetException(new TestException("second"));

        Assert.Equal("second", (await Assert.ThrowsAsync<TestException>(() => gather)).Message);
        await Async.Gather(new List<Task> { Task.CompletedTask, Task.Delay(0) });
    }

    [Fact]
    public void Argument_checks_throw_synchronously_naming_the_parameter()
    {
        Assert.Equal("tasks", Eager.Throws<ArgumentNullException>(() => Async.Gather((Task<int>[])null!)).ParamName);
        Assert.Equal("tasks", Eager.Throws<ArgumentNullException>(() => Async.Gather((IEnumerable<Task<int>>)null!)).ParamName);
        Assert.Equal("tasks", Eager.Throws<ArgumentNullException>(() => Async.Gather((Task[])null!)).ParamName);
        Assert.Equal("tasks", Eager.Throws<ArgumentNullException>(() => Async.Gather((IEnumerable<Task>)null!)).ParamName);
        Assert.Equal("tasks", Eager.Throws<ArgumentException>(() => Async.Gather(new[] { Task.FromResult(1), null!, Task.FromResult(3) })).ParamName);
        Assert.Equal("tasks", Eager.Throws<ArgumentException>(() => Async.Gather(new List<Task<int>> { null! })).ParamName);
        Assert.Equal("tasks", Eager.Throws<ArgumentException>(() => Async.Gather(Task.CompletedTask, null!)).ParamName);
        Assert.Equal("tasks", Eager.Throws<ArgumentException>(() => Async.Gather(new List<Task> { null! })).ParamName);
    }
}
