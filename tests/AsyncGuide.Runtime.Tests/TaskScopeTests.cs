using System;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuide.Runtime.Tests;

public class TaskScopeTests
{
    [Fact]
    public async Task JoinAsync_waits_for_every_child()
    {
        await using var scope = new TaskScope();
        var user = TestTasks.Pending<string>();
        var userTask = scope.Run(_ => user.Task);
        var ordersTask = scope.Run(_ => Task.FromResult(3));
        var join = scope.JoinAsync();

        Assert.False(join.IsCompleted);
        user.SetResult("ada");
        await join;

        Assert.Equal("ada", userTask.ResultNow());
        Assert.Equal(3, ordersTask.ResultNow());
    }

    [Fact]
    public async Task The_first_failure_cancels_the_siblings_and_JoinAsync_throws_every_failure()
    {
        await using var scope = new TaskScope();
        var failing = TestTasks.Pending<int>();
        var quiet = scope.Run(TestTasks.UntilCanceled<int>);
        var noisy = scope.Run(async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            throw new TestException("noisy exit");
        });
        _ = scope.Run(_ => failing.Task);

        failing.SetException(new TestException("first"));

        var thrown = await Assert.ThrowsAsync<AggregateException>(() => scope.JoinAsync());
        Assert.Collection(thrown.InnerExceptions, e => Assert.Equal("first", e.Message), e => Assert.Equal("noisy exit", e.Message));
        Assert.True(scope.Token.IsCancellationRequested);
        Assert.True(quiet.IsCanceled);
    }

    [Fact]
    public async Task A_child_cancelling_itself_is_not_a_failure()
    {
        await using var scope = new TaskScope();
        _ = scope.Run(_ => TestTasks.Canceled<int>());
        var sibling = scope.Run(_ => Task.FromResult(1));

        await scope.JoinAsync();

        Assert.False(scope.Token.IsCancellationRequested);
        Assert.Equal(1, await sibling);
    }

    [Fact]
    public async Task The_callers_token_cancels_every_child_and_JoinAsync_throws_OperationCanceledException()
    {
        using var cts = new CancellationTokenSource();
        await using var scope = new TaskScope(cts.Token);
        var child = scope.Run(TestTasks.UntilCanceled<int>);

        cts.Cancel();

        Assert.Equal(cts.Token, (await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scope.JoinAsync())).CancellationToken);
        Assert.True(child.IsCanceled);
    }

    [Fact]
    public async Task A_synchronous_throw_is_that_childs_failure()
    {
        await using var scope = new TaskScope();
        var sibling = scope.Run(TestTasks.UntilCanceled<int>);
        _ = scope.Run(_ => throw new TestException("sync"));

        var thrown = await Assert.ThrowsAsync<AggregateException>(() => scope.JoinAsync());
        Assert.Equal("sync", Assert.Single(thrown.InnerExceptions).Message);
        Assert.True(sibling.IsCanceled);
    }

    [Fact]
    public async Task Disposal_cancels_and_awaits_the_children_left_and_never_throws()
    {
        var scope = new TaskScope();
        var stubborn = TestTasks.Pending<int>();
        var cancelRequested = TestTasks.Pending();
        _ = scope.Run(ct => { ct.Register(cancelRequested.SetResult); return stubborn.Task; });
        _ = scope.Run(_ => Task.FromException(new TestException("ignored by dispose")));

        var disposal = scope.DisposeAsync().AsTask();
        await cancelRequested.Task;
        Assert.False(disposal.IsCompleted);
        stubborn.SetResult(1);

        await disposal;
        await scope.DisposeAsync();
    }

    [Fact]
    public async Task A_child_may_start_a_sibling_while_the_scope_is_joining()
    {
        await using var scope = new TaskScope();
        var gate = TestTasks.Pending();
        Task<int>? late = null;
        _ = scope.Run(async _ =>
        {
            await gate.Task;
            late = scope.Run(_ => Task.FromResult(5));
        });
        var join = scope.JoinAsync();

        gate.SetResult();
        await join;

        Assert.Equal(5, await late!);
        Assert.Same(join, scope.JoinAsync());
    }

    [Fact]
    public async Task Run_after_the_join_or_disposal_throws()
    {
        var scope = new TaskScope();
        await scope.JoinAsync();
        Eager.Throws<InvalidOperationException>(() => scope.Run(_ => Task.FromResult(1)));

        await scope.DisposeAsync();
        Eager.Throws<ObjectDisposedException>(() => scope.Run(_ => Task.CompletedTask));
        var neverJoined = new TaskScope();
        await neverJoined.DisposeAsync();
        Eager.Throws<ObjectDisposedException>(() => neverJoined.JoinAsync());
    }

    [Fact]
    public void A_null_operation_throws_naming_the_parameter()
    {
        var scope = new TaskScope();
        Assert.Equal("operation", Eager.Throws<ArgumentNullException>(() => scope.Run((Func<CancellationToken, Task<int>>)null!)).ParamName);
        Assert.Equal("operation", Eager.Throws<ArgumentNullException>(() => scope.Run((Func<CancellationToken, Task>)null!)).ParamName);
    }
}
