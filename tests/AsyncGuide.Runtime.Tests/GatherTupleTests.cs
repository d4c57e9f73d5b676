using System;
using System.Threading.Tasks;

namespace AsyncGuide.Runtime.Tests;

public class GatherTupleTests
{
    [Fact]
    public async Task Two_tasks_of_different_types_deconstruct_into_typed_results()
    {
        var user = TestTasks.Pending<string>();
        var orders = TestTasks.Pending<int[]>();

        var gather = Async.Gather(user.Task, orders.Task);
        orders.SetResult(new[] { 1, 2 });
        Assert.False(gather.IsCompleted);
        user.SetResult("ada");

        var (name, ids) = await gather;
        Assert.Equal("ada", name);
        Assert.Equal(new[] { 1, 2 }, ids);
    }

    [Fact]
    public async Task Every_arity_up_to_seven_returns_each_result_in_its_position()
    {
        var late = TestTasks.Pending<int>();
        var three = Async.Gather(late.Task, Task.FromResult("b"), Task.FromResult(3.0));
        var seven = Async.Gather(
            Task.FromResult(1),
            Task.FromResult(2),
            Task.FromResult(3),
            Task.FromResult(4),
            Task.FromResult(5),
            Task.FromResult(6),
            late.Task);
        late.SetResult(1);

        Assert.Equal((1, "b", 3.0), await three);
        Assert.Equal((1, 2, 3, 4), await Async.Gather(Task.FromResult(1), Task.FromResult(2), Task.FromResult(3), Task.FromResult(4)));
        Assert.Equal(
            (1, 2, 3, 4, 5),
            await Async.Gather(Task.FromResult(1), Task.FromResult(2), Task.FromResult(3), Task.FromResult(4), Task.FromResult(5)));
        Assert.Equal(
            (1, 2, 3, 4, 5, 6),
            await Async.Gather(
                Task.FromResult(1),
                Task.FromResult(2),
                Task.FromResult(3),
                Task.FromResult(4),
                Task.FromResult(5),
                Task.FromResult(6)));
        Assert.Equal((1, 2, 3, 4, 5, 6, 1), await seven);
    }

    [Fact]
    public void Completed_inputs_complete_synchronously()
    {
        var gather = Async.Gather(Task.FromResult(1), Task.FromResult("x"));

        Assert.True(gather.IsCompletedSuccessfully);
        Assert.Equal((1, "x"), gather.ResultNow());
    }

    [Fact]
    public async Task The_first_failure_in_argument_order_is_thrown_and_every_failure_is_kept()
    {
        var first = TestTasks.Pending<int>();
        var second = TestTasks.Pending<string>();
        var gather = Async.Gather(first.Task, second.Task);

        second.SetException(new TestException("second"));
        Assert.False(gather.IsCompleted);
        first.SetException(new TestException("first"));

        Assert.Equal("first", (await Assert.ThrowsAsync<TestException>(() => gather)).Message);
        Assert.Equal(2, gather.Exception!.InnerExceptions.Count);
    }

    [Fact]
    public async Task Seven_tasks_with_a_failure_in_the_last_position_fail()
    {
        var gather = Async.Gather(
            Task.FromResult(1),
            Task.FromResult(2),
            Task.FromResult(3),
            Task.FromResult(4),
            Task.FromResult(5),
            Task.FromResult(6),
            TestTasks.Faulted<int>(new TestException("seventh")));

        Assert.Equal("seventh", (await Assert.ThrowsAsync<TestException>(() => gather)).Message);
    }

    [Fact]
    public async Task A_cancelled_task_cancels_the_gather_when_nothing_faults()
    {
        var gather = Async.Gather(Task.FromResult(1), TestTasks.Canceled<string>(), Task.FromResult(3));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gather);
        Assert.True(gather.IsCanceled);
    }

    [Fact]
    public void Null_tasks_throw_synchronously_naming_the_parameter()
    {
        var done = Task.FromResult(1);
        Assert.Equal("task1", Eager.Throws<ArgumentNullException>(() => Async.Gather((Task<int>)null!, done)).ParamName);
        Assert.Equal("task2", Eager.Throws<ArgumentNullException>(() => Async.Gather(done, (Task<int>)null!)).ParamName);
        Assert.Equal("task3", Eager.Throws<ArgumentNullException>(() => Async.Gather(done, done, (Task<int>)null!)).ParamName);
        Assert.Equal("task4", Eager.Throws<ArgumentNullException>(() => Async.Gather(done, done, done, (Task<int>)null!)).ParamName);
        Assert.Equal("task5", Eager.Throws<ArgumentNullException>(() => Async.Gather(done, done, done, done, (Task<int>)null!)).ParamName);
        Assert.Equal("task6", Eager.Throws<ArgumentNullException>(() => Async.Gather(done, done, done, done, done, (Task<int>)null!)).ParamName);
        Assert.Equal(
            "task7",
            Eager.Throws<ArgumentNullException>(() => Async.Gather(done, done, done, done, done, done, (Task<int>)null!)).ParamName);
        Assert.Equal("task2", Eager.Throws<ArgumentNullException>(() => Async.GatherSettled(done, (Task<int>)null!)).ParamName);
        Assert.Equal(
            "task7",
            Eager.Throws<ArgumentNullException>(() => Async.GatherSettled(done, done, done, done, done, done, (Task<int>)null!)).ParamName);
    }
}
