using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuide.Runtime.Tests;

public class GatherSettledTests
{
    [Fact]
    public async Task Every_failure_sits_in_its_slot_and_the_gather_never_throws()
    {
        var ok = TestTasks.Pending<int>();
        var failing = TestTasks.Pending<int>();
        var canceled = TestTasks.Pending<int>();
        var settled = Async.GatherSettled(new[] { ok.Task, failing.Task, canceled.Task });

        canceled.SetCanceled(new CancellationToken(canceled: true));
        failing.SetException(new TestException("boom"));
        Assert.False(settled.IsCompleted);
        ok.SetResult(1);

        var outcomes = await settled;
        Assert.Equal(OutcomeStatus.Succeeded, outcomes[0].Status);
        Assert.Equal(1, outcomes[0].Value);
        Assert.Equal(OutcomeStatus.Faulted, outcomes[1].Status);
        Assert.Equal("boom", outcomes[1].Exception!.Message);
        Assert.Equal(OutcomeStatus.Canceled, outcomes[2].Status);
        Assert.IsAssignableFrom<OperationCanceledException>(outcomes[2].Exception);
    }

    [Fact]
    public void Completed_inputs_complete_synchronously()
    {
        var settled = Async.GatherSettled(new[] { Task.FromResult(1), TestTasks.Faulted<int>(new TestException("x")) });

        Assert.True(settled.IsCompletedSuccessfully);
        Assert.False(settled.ResultNow()[1].IsSuccess);
    }

    [Fact]
    public async Task Enumerable_and_non_generic_forms_keep_input_order()
    {
        var pending = TestTasks.Pending();
        var settled = Async.GatherSettled(new List<Task> { pending.Task, Task.CompletedTask, Task.FromException(new TestException("x")) });
        pending.SetResult();

        var outcomes = await settled;
        Assert.Equal(new[] { OutcomeStatus.Succeeded, OutcomeStatus.Succeeded, OutcomeStatus.Faulted }, Array.ConvertAll(outcomes, o => o.Status));
        Assert.Equal(2, (await Async.GatherSettled(new List<Task<int>> { Task.FromResult(1), Task.FromResult(2) })).Length);
        Assert.Equal(OutcomeStatus.Canceled, (await Async.GatherSettled(Task.FromCanceled(new CancellationToken(true))))[0].Status);
    }

    [Fact]
    public async Task Tuple_form_reports_each_task_in_its_position()
    {
        var name = TestTasks.Pending<string>();
        var settled = Async.GatherSettled(name.Task, TestTasks.Faulted<int>(new TestException("count")), TestTasks.Canceled<double>());
        name.SetResult("ada");

        var (user, count, score) = await settled;
        Assert.Equal("ada", user.GetValueOrThrow());
        Assert.Equal("count", count.Exception!.Message);
        Assert.Equal(OutcomeStatus.Canceled, score.Status);
        var seven = await Async.GatherSettled(
            Task.FromResult(1),
            Task.FromResult(2),
            Task.FromResult(3),
            Task.FromResult(4),
            Task.FromResult(5),
            Task.FromResult(6),
            TestTasks.Canceled<int>());
        Assert.True(seven.Item6.IsSuccess);
        Assert.False(seven.Item7.IsSuccess);
    }

    [Fact]
    public void Empty_input_completes_at_once_with_an_empty_array()
    {
        Assert.Empty(Async.GatherSettled(Array.Empty<Task<int>>()).ResultNow());
        Assert.Empty(Async.GatherSettled(Array.Empty<Task>()).ResultNow());
        Assert.Empty(Async.GatherSettled(new List<Task>()).ResultNow());
    }

    [Fact]
    public void Argument_checks_throw_synchronously_naming_the_parameter()
    {
        Assert.Equal("tasks", Eager.Throws<ArgumentNullException>(() => Async.GatherSettled((Task<int>[])null!)).ParamName);
        Assert.Equal("tasks", Eager.Throws<ArgumentNullException>(() => Async.GatherSettled((IEnumerable<Task<int>>)null!)).ParamName);
        Assert.Equal("tasks", Eager.Throws<ArgumentNullException>(() => Async.GatherSettled((Task[])null!)).ParamName);
        Assert.Equal("tasks", Eager.Throws<ArgumentNullException>(() => Async.GatherSettled((IEnumerable<Task>)null!)).ParamName);
        Assert.Equal("tasks", Eager.Throws<ArgumentException>(() => Async.GatherSettled(new[] { Task.FromResult(1), null! })).ParamName);
        Assert.Equal("tasks", Eager.Throws<ArgumentException>(() => Async.GatherSettled(new[] { Task.CompletedTask, null! })).ParamName);
        Assert.Equal("tasks", Eager.Throws<ArgumentException>(() => Async.GatherSettled(new List<Task> { null! })).ParamName);
    }
}
