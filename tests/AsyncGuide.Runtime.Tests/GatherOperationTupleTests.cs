using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuide.Runtime.Tests;

public class GatherOperationTupleTests
{
    [Fact]
    public async Task Two_operations_of_different_types_deconstruct_into_typed_results()
    {
        var user = TestTasks.Pending<string>();
        var orders = TestTasks.Pending<int[]>();

        var gather = Async.Gather(_ => user.Task, _ => orders.Task);
        orders.SetResult(new[] { 1, 2 });
        Assert.False(gather.IsCompleted);
        user.SetResult("ada");

        var (name, ids) = await gather;
        Assert.Equal("ada", name);
        Assert.Equal(new[] { 1, 2 }, ids);
    }

    [Fact]
    public async Task Every_arity_up_to_seven_returns_each_result_in_its_position_and_shares_one_token()
    {
        var tokens = new HashSet<CancellationToken>();
        Func<CancellationToken, Task<T>> Op<T>(T value) => ct => { tokens.Add(ct); return Task.FromResult(value); };
        var late = TestTasks.Pending<int>();

        var seven = Async.Gather(Op(1), Op(2), Op(3), Op(4), Op(5), Op(6), _ => late.Task);
        Assert.False(seven.IsCompleted);
        late.SetResult(7);

        Assert.Equal((1, "b"), await Async.Gather(Op(1), Op("b")));
        Assert.Equal((1, "b", 3.0), await Async.Gather(Op(1), Op("b"), Op(3.0)));
        Assert.Equal((1, 2, 3, 4), await Async.Gather(Op(1), Op(2), Op(3), Op(4)));
        Assert.Equal((1, 2, 3, 4, 5), await Async.Gather(Op(1), Op(2), Op(3), Op(4), Op(5)));
        Assert.Equal((1, 2, 3, 4, 5, 6), await Async.Gather(Op(1), Op(2), Op(3), Op(4), Op(5), Op(6)));
        Assert.Equal((1, 2, 3, 4, 5, 6, 7), await seven);
        Assert.Equal(6, tokens.Count);
        Assert.All(tokens, token => Assert.True(token.CanBeCanceled));
    }

    [Fact]
    public async Task The_first_failure_cancels_the_others_waits_for_them_to_exit_then_is_thrown()
    {
        var failing = TestTasks.Pending<int>();
        var siblingExit = TestTasks.Pending<string>();
        CancellationToken siblingToken = default;
        var gather = Async.Gather(ct => { siblingToken = ct; return siblingExit.Task; }, _ => failing.Task);

        failing.SetException(new TestException("first failure"));

        Assert.True(siblingToken.IsCancellationRequested);
        Assert.False(gather.IsCompleted);
        siblingExit.SetException(new TestException("sibling stopped"));

        Assert.Equal("first failure", (await Assert.ThrowsAsync<TestException>(() => gather)).Message);
        Assert.Collection(
            gather.Exception!.InnerExceptions,
            e => Assert.Equal("first failure", e.Message),
            e => Assert.Equal("sibling stopped", e.Message));
    }

    [Fact]
    public async Task A_failure_in_the_last_of_seven_positions_cancels_the_six_others()
    {
        var failing = TestTasks.Pending<int>();
        var others = new List<Task>();
        Task<int> Other(CancellationToken ct)
        {
            var task = TestTasks.UntilCanceled<int>(ct);
            others.Add(task);
            return task;
        }

        var gather = Async.Gather(Other, Other, Other, Other, Other, Other, _ => failing.Task);
        failing.SetException(new TestException("seventh"));

        Assert.Equal("seventh", (await Assert.ThrowsAsync<TestException>(() => gather)).Message);
        Assert.Equal(6, others.Count);
        Assert.All(others, task => Assert.True(task.IsCanceled));
    }

    [Fact]
    public async Task An_already_cancelled_token_starts_nothing()
    {
        var canceled = new CancellationToken(canceled: true);
        var started = 0;
        Func<CancellationToken, Task<int>> op = _ => { started++; return Task.FromResult(1); };

        var two = Async.Gather(op, op, canceled);
        var seven = Async.Gather(op, op, op, op, op, op, op, canceled);

        Assert.Equal(0, started);
        Assert.Equal(canceled, (await Assert.ThrowsAnyAsync<OperationCanceledException>(() => two)).CancellationToken);
        Assert.True(seven.IsCanceled);
    }

    [Fact]
    public async Task The_callers_token_cancels_every_operation_and_the_gather()
    {
        using var cts = new CancellationTokenSource();
        var gather = Async.Gather(TestTasks.UntilCanceled<int>, TestTasks.UntilCanceled<string>, cts.Token);
        Assert.False(gather.IsCompleted);

        cts.Cancel();

        Assert.Equal(cts.Token, (await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gather)).CancellationToken);
    }

    [Fact]
    public async Task An_operation_cancelling_itself_cancels_its_siblings_and_the_gather()
    {
        var gather = Async.Gather(TestTasks.UntilCanceled<int>, _ => TestTasks.Canceled<string>());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gather);
        Assert.True(gather.IsCanceled);
    }

    [Fact]
    public async Task A_synchronous_throw_or_a_null_task_is_that_operations_failure()
    {
        var sibling = TestTasks.Pending<int>();
        CancellationToken siblingToken = default;
        var throwing = Async.Gather(
            ct => { siblingToken = ct; return sibling.Task; },
            new Func<CancellationToken, Task<string>>(_ => throw new TestException("sync")));

        Assert.True(siblingToken.IsCancellationRequested);
        sibling.SetCanceled();
        Assert.Equal("sync", (await Assert.ThrowsAsync<TestException>(() => throwing)).Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Async.Gather(_ => Task.FromResult(1), _ => (Task<string>)null!));
    }

    [Fact]
    public void Null_operations_throw_synchronously_naming_the_parameter()
    {
        Func<CancellationToken, Task<int>> op = _ => Task.FromResult(1);
        Func<CancellationToken, Task<int>> none = null!;
        Assert.Equal("operation1", Eager.Throws<ArgumentNullException>(() => Async.Gather(none, op)).ParamName);
        Assert.Equal("operation2", Eager.Throws<ArgumentNullException>(() => Async.Gather(op, none)).ParamName);
        Assert.Equal("operation3", Eager.Throws<ArgumentNullException>(() => Async.Gather(op, op, none)).ParamName);
        Assert.Equal("operation4", Eager.Throws<ArgumentNullException>(() => Async.Gather(op, op, op, none)).ParamName);
        Assert.Equal("operation5", Eager.Throws<ArgumentNullException>(() => Async.Gather(op, op, op, op, none)).ParamName);
        Assert.Equal("operation6", Eager.Throws<ArgumentNullException>(() => Async.Gather(op, op, op, op, op, none)).ParamName);
        Assert.Equal("operation7", Eager.Throws<ArgumentNullException>(() => Async.Gather(op, op, op, op, op, op, none)).ParamName);
        Assert.Equal(
            "operation2",
            Eager.Throws<ArgumentNullException>(() => Async.Gather(op, none, new CancellationToken(canceled: true))).ParamName);
    }
}
