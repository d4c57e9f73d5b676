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
    public async Task The_first_failure_cancels_the_siblings_and_JoinAsync_throws_it_with_every_failure_on_the_task()
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

        var join = scope.JoinAsync();
        Assert.Equal("first", (await Assert.ThrowsAsync<TestException>(() => join)).Message);
        Assert.Collection(join.Exception!.InnerExceptions, e => Assert.Equal("first", e.Message), e => Assert.Equal("noisy exit", e.Message));
        Assert.True(scope.Token.IsCancellationRequested);
        Assert.True(quiet.IsCanceled);
    }

    [Fact]
    public async Task JoinAsync_throws_a_single_failure_itself_so_a_typed_catch_matches()
    {
        await using var scope = new TaskScope();
        var slow = TestTasks.Pending<int>();
        _ = scope.Run(_ => slow.Task);
        _ = scope.Run(TestTasks.UntilCanceled<int>);

        slow.SetException(new TimeoutException("too slow"));

        var caught = false;
        try
        {
            await scope.JoinAsync();
        }
        catch (TimeoutException)
        {
            caught = true;
        }

        Assert.True(caught);
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

        var join = scope.JoinAsync();
        Assert.Equal("sync", (await Assert.ThrowsAsync<TestException>(() => join)).Message);
        Assert.Single(join.Exception!.InnerExceptions);
        Assert.True(sibling.IsCanceled);
    }

    [Fact]
    public async Task Disposing_an_unjoined_scope_cancels_and_awaits_the_children_then_throws_the_first_failure()
    {
        var scope = new TaskScope();
        var stubborn = TestTasks.Pending<int>();
        var cancelRequested = TestTasks.Pending();
        var failing = TestTasks.Pending();
        _ = scope.Run(ct => { ct.Register(cancelRequested.SetResult); return stubborn.Task; });
        _ = scope.Run(_ => failing.Task);
        _ = scope.Run(TestTasks.UntilCanceled<int>);
        failing.SetException(new TestException("first"));
        await cancelRequested.Task;

        var disposal = scope.DisposeAsync().AsTask();
        Assert.False(disposal.IsCompleted);
        stubborn.SetException(new TestException("stubborn exit"));

        Assert.Equal("first", (await Assert.ThrowsAsync<TestException>(() => disposal)).Message);
        Assert.Collection(disposal.Exception!.InnerExceptions, e => Assert.Equal("first", e.Message), e => Assert.Equal("stubborn exit", e.Message));
        await scope.DisposeAsync();
    }

    [Fact]
    public async Task Leaving_an_await_using_block_without_a_join_throws_a_childs_failure()
    {
        var failing = TestTasks.Pending();

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using (var scope = new TaskScope())
            {
                _ = scope.Run(_ => failing.Task);
                failing.SetException(new InvalidOperationException("lost before"));
            }
        });

        Assert.Equal("lost before", thrown.Message);
    }

    [Fact]
    public async Task Disposing_an_unjoined_scope_does_not_throw_for_the_cancellation_it_causes_or_a_childs_own()
    {
        var scope = new TaskScope();
        var running = scope.Run(TestTasks.UntilCanceled<int>);
        _ = scope.Run(_ => TestTasks.Canceled<int>());

        await scope.DisposeAsync();

        Assert.True(running.IsCanceled);
        await new TaskScope().DisposeAsync();
    }

    [Fact]
    public async Task Disposing_an_unjoined_scope_after_the_callers_token_cancelled_it_does_not_throw()
    {
        using var cts = new CancellationTokenSource();
        var scope = new TaskScope(cts.Token);
        var child = scope.Run(TestTasks.UntilCanceled<int>);
        cts.Cancel();

        await scope.DisposeAsync();

        Assert.True(child.IsCanceled);
    }

    [Fact]
    public async Task Disposing_a_joined_scope_never_throws_the_join_reports_the_failures()
    {
        var joined = new TaskScope();
        _ = joined.Run(_ => Task.FromException(new TestException("reported by the join")));
        await Assert.ThrowsAsync<TestException>(() => joined.JoinAsync());
        await joined.DisposeAsync();

        var joining = new TaskScope();
        var stubborn = TestTasks.Pending();
        _ = joining.Run(ct => { ct.Register(() => stubborn.SetException(new TestException("exit"))); return stubborn.Task; });
        var join = joining.JoinAsync();
        var disposal = joining.DisposeAsync();

        await disposal;
        Assert.Equal("exit", (await Assert.ThrowsAsync<TestException>(() => join)).Message);
    }

    [Fact]
    public async Task Disposal_cannot_see_the_blocks_own_exception_a_childs_failure_replaces_it()
    {
        // The documented caveat: join before leaving the block, or this is what happens.
        var thrown = await Assert.ThrowsAsync<TestException>(async () =>
        {
            await using (var scope = new TaskScope())
            {
                _ = scope.Run(_ => Task.FromException(new TestException("child")));
                throw new InvalidOperationException("the block's own");
            }
        });

        Assert.Equal("child", thrown.Message);
    }

    [Fact]
    public async Task Run_under_an_already_cancelled_callers_token_does_not_start_the_child()
    {
        var canceled = new CancellationToken(canceled: true);
        await using var scope = new TaskScope(canceled);
        var started = 0;

        var child = scope.Run(_ => { started++; return Task.FromResult(1); });
        var plain = scope.Run(_ => { started++; return Task.CompletedTask; });

        Assert.Equal(0, started);
        Assert.True(child.IsCanceled);
        Assert.True(plain.IsCanceled);
        Assert.Equal(scope.Token, (await Assert.ThrowsAnyAsync<OperationCanceledException>(() => child)).CancellationToken);
        Assert.Equal(canceled, (await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scope.JoinAsync())).CancellationToken);
    }

    [Fact]
    public async Task Run_after_a_failure_cancelled_the_scope_does_not_start_the_child()
    {
        await using var scope = new TaskScope();
        _ = scope.Run(_ => Task.FromException(new TestException("first")));
        var started = false;

        var late = scope.Run(_ => { started = true; return Task.FromResult(1); });

        Assert.False(started);
        Assert.True(late.IsCanceled);
        Assert.Equal("first", (await Assert.ThrowsAsync<TestException>(() => scope.JoinAsync())).Message);
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
