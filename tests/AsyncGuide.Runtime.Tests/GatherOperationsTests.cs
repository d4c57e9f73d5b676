using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuide.Runtime.Tests;

public class GatherOperationsTests
{
    [Fact]
    public async Task Results_come_in_input_order_and_every_operation_gets_a_token()
    {
        var first = TestTasks.Pending<int>();
        var tokens = new List<CancellationToken>();
        var gather = Async.Gather(new Func<CancellationToken, Task<int>>[]
        {
            ct => { tokens.Add(ct); return first.Task; },
            ct => { tokens.Add(ct); return Task.FromResult(2); },
        });
        first.SetResult(1);

        Assert.Equal(new[] { 1, 2 }, await gather);
        Assert.Equal(2, tokens.Count);
        Assert.True(tokens[0].CanBeCanceled);
    }

    [Fact]
    public async Task The_first_failure_cancels_the_siblings_waits_for_them_and_is_thrown()
    {
        var failing = TestTasks.Pending<int>();
        var siblingExit = TestTasks.Pending<int>();
        CancellationToken siblingToken = default;
        var gather = Async.Gather(new Func<CancellationToken, Task<int>>[]
        {
            ct => { siblingToken = ct; ct.Register(() => siblingExit.SetException(new TestException("sibling stopped"))); return siblingExit.Task; },
            _ => failing.Task,
        });

        failing.SetException(new TestException("first failure"));

        Assert.True(siblingToken.IsCancellationRequested);
        var thrown = await Assert.ThrowsAsync<TestException>(() => gather);
        Assert.Equal("first failure", thrown.Message);
        Assert.Collection(
            gather.Exception!.InnerExceptions,
            e => Assert.Equal("first failure", e.Message),
            e => Assert.Equal("sibling stopped", e.Message));
    }

    [Fact]
    public async Task Siblings_are_awaited_before_the_gather_completes()
    {
        var failing = TestTasks.Pending<int>();
        var sibling = TestTasks.Pending<int>();
        var gather = Async.Gather(new Func<CancellationToken, Task<int>>[] { _ => sibling.Task, _ => failing.Task });

        failing.SetException(new TestException("boom"));
        Assert.False(gather.IsCompleted);

        sibling.SetResult(1);
        await Assert.ThrowsAsync<TestException>(() => gather);
    }

    [Fact]
    public async Task The_callers_token_cancels_every_operation()
    {
        using var cts = new CancellationTokenSource();
        var gather = Async.Gather(new Func<CancellationToken, Task<int>>[] { TestTasks.UntilCanceled<int>, TestTasks.UntilCanceled<int> }, cts.Token);
        Assert.False(gather.IsCompleted);

        cts.Cancel();

        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gather);
        Assert.Equal(cts.Token, thrown.CancellationToken);
    }

    [Fact]
    public async Task An_already_cancelled_token_starts_nothing()
    {
        var started = false;
        var gather = Async.Gather(
            new Func<CancellationToken, Task<int>>[] { _ => { started = true; return Task.FromResult(1); } },
            new CancellationToken(canceled: true));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gather);
        Assert.False(started);
    }

    [Fact]
    public async Task A_synchronous_throw_is_that_operations_failure_and_still_cancels_and_awaits_the_rest()
    {
        var sibling = TestTasks.Pending<int>();
        CancellationToken siblingToken = default;
        var gather = Async.Gather(new Func<CancellationToken, Task<int>>[]
        {
            ct => { siblingToken = ct; return sibling.Task; },
            _ => throw new TestException("sync"),
        });

        Assert.True(siblingToken.IsCancellationRequested);
        Assert.False(gather.IsCompleted);
        sibling.SetCanceled();

        Assert.Equal("sync", (await Assert.ThrowsAsync<TestException>(() => gather)).Message);
    }

    [Fact]
    public async Task An_operation_returning_null_fails_with_InvalidOperationException()
    {
        var gather = Async.Gather(new Func<CancellationToken, Task<int>>[] { _ => null! });

        await Assert.ThrowsAsync<InvalidOperationException>(() => gather);
    }

    [Fact]
    public async Task An_operation_cancelling_itself_cancels_its_siblings_and_the_gather()
    {
        var gather = Async.Gather(new Func<CancellationToken, Task<int>>[] { TestTasks.UntilCanceled<int>, _ => TestTasks.Canceled<int>() });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gather);
        Assert.True(gather.IsCanceled);
    }

    [Fact]
    public async Task Non_generic_form_cancels_siblings_on_the_first_failure()
    {
        var gather = Async.Gather(
            new Func<CancellationToken, Task>[] { ct => TestTasks.UntilCanceled<int>(ct), _ => Task.FromException(new TestException("boom")) });

        Assert.Equal("boom", (await Assert.ThrowsAsync<TestException>(() => gather)).Message);
        await Async.Gather(new Func<CancellationToken, Task>[] { _ => Task.CompletedTask });
        await Async.Gather(Array.Empty<Func<CancellationToken, Task>>());
    }

    [Fact]
    public void Empty_input_completes_at_once()
    {
        Assert.Empty(Async.Gather(new List<Func<CancellationToken, Task<int>>>()).ResultNow());
    }

    [Fact]
    public void Argument_checks_throw_synchronously_naming_the_parameter()
    {
        Assert.Equal(
            "operations",
            Eager.Throws<ArgumentNullException>(() => Async.Gather((IEnumerable<Func<CancellationToken, Task<int>>>)null!)).ParamName);
        Assert.Equal(
            "operations",
            Eager.Throws<ArgumentNullException>(() => Async.Gather((IEnumerable<Func<CancellationToken, Task>>)null!)).ParamName);
        Assert.Equal("operations", Eager.Throws<ArgumentException>(() => Async.Gather(new Func<CancellationToken, Task<int>>[] { null! })).ParamName);
        Assert.Equal("operations", Eager.Throws<ArgumentException>(() => Async.Gather(new Func<CancellationToken, Task>[] { null! })).ParamName);
    }
}
