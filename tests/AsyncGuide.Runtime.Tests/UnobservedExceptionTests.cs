using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuide.Runtime.Tests;

[CollectionDefinition(nameof(UnobservedExceptionCollection), DisableParallelization = true)]
public sealed class UnobservedExceptionCollection
{
}

/// <summary>
/// Each scenario fails tasks with exceptions carrying a unique marker, drops every reference, forces
/// finalization and checks that <see cref="TaskScheduler.UnobservedTaskException"/> saw none of them.
/// </summary>
[Collection(nameof(UnobservedExceptionCollection))]
public partial class UnobservedExceptionTests
{
    [Fact]
    public async Task The_harness_detects_a_dropped_faulted_task()
    {
        var seen = await UnobservedAfterAsync(marker =>
        {
            _ = Task.FromException(new TestException(marker));
            return Task.CompletedTask;
        });

        Assert.NotEmpty(seen);
    }

    [Fact]
    public async Task Gather_observes_every_failure() => Assert.Empty(await UnobservedAfterAsync(async marker =>
    {
        var first = TestTasks.Pending<int>();
        var second = TestTasks.Pending<int>();
        var gather = Async.Gather(new[] { first.Task, second.Task });
        first.SetException(new TestException(marker));
        second.SetException(new TestException(marker));
        await Assert.ThrowsAsync<TestException>(() => gather);
    }));

    [Fact]
    public async Task Tuple_gather_observes_the_second_failure() => Assert.Empty(await UnobservedAfterAsync(async marker =>
    {
        var first = TestTasks.Pending<int>();
        var second = TestTasks.Pending<string>();
        var gather = Async.Gather(first.Task, second.Task);
        second.SetException(new TestException(marker));
        first.SetException(new TestException(marker));
        await Assert.ThrowsAsync<TestException>(() => gather);
    }));

    [Fact]
    public async Task GatherSettled_observes_every_failure() => Assert.Empty(await UnobservedAfterAsync(async marker =>
    {
        var failing = TestTasks.Pending<int>();
        var settled = Async.GatherSettled(new[] { failing.Task, Task.FromException<int>(new TestException(marker)) });
        failing.SetException(new TestException(marker));
        await settled;
        await Async.GatherSettled(failing.Task, Task.FromException<string>(new TestException(marker)));
        await Async.GatherSettled(Task.FromException(new TestException(marker)));
    }));

    [Fact]
    public async Task Factory_gather_observes_every_failure_including_cancelled_siblings() => Assert.Empty(await UnobservedAfterAsync(async marker =>
    {
        var gather = Async.Gather(new Func<CancellationToken, Task<int>>[]
        {
            async ct => { await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, TaskScheduler.Default); throw new TestException(marker); },
            _ => throw new TestException(marker),
            _ => Task.FromException<int>(new TestException(marker)),
        });
        await Assert.ThrowsAsync<TestException>(() => gather);
    }));

    [Fact]
    public async Task Typed_factory_gather_observes_every_failure_including_cancelled_siblings()
        => Assert.Empty(await UnobservedAfterAsync(async marker =>
        {
            var gather = Async.Gather(
                new Func<CancellationToken, Task<int>>(async ct =>
                {
                    await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, TaskScheduler.Default);
                    throw new TestException(marker);
                }),
                new Func<CancellationToken, Task<string>>(_ => throw new TestException(marker)),
                _ => Task.FromException<int>(new TestException(marker)));
            await Assert.ThrowsAsync<TestException>(() => gather);
        }));

    /// <summary>Runs the scenario, drops it, forces finalizers and returns the marked exceptions reported unobserved.</summary>
    internal static async Task<Exception[]> UnobservedAfterAsync(Func<string, Task> scenario)
    {
        var marker = "unobserved-check-" + Guid.NewGuid().ToString("N");
        var seen = new ConcurrentQueue<Exception>();
        void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
        {
            if (e.Exception.ToString().Contains(marker, StringComparison.Ordinal))
            {
                seen.Enqueue(e.Exception);
            }
        }

        TaskScheduler.UnobservedTaskException += OnUnobserved;
        try
        {
            await RunDetachedAsync(scenario, marker);
            for (var i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= OnUnobserved;
        }

        return seen.ToArray();
    }

    // Not inlined, so no local of the scenario stays reachable from the caller's frame.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task RunDetachedAsync(Func<string, Task> scenario, string marker) => scenario(marker);
}

public partial class UnobservedExceptionTests
{
    [Fact]
    public async Task Factory_wait_observes_done_and_cancelled_tasks() => Assert.Empty(await UnobservedAfterAsync(async marker =>
    {
        await Async.Wait(
            new Func<CancellationToken, Task<int>>[]
            {
                _ => Task.FromException<int>(new TestException(marker)),
                async ct =>
                {
                    await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, TaskScheduler.Default);
                    throw new TestException(marker);
                },
            },
            ReturnWhen.FirstException);
    }));

    [Fact]
    public async Task WaitFor_observes_a_failure_during_cancellation() => Assert.Empty(await UnobservedAfterAsync(async marker =>
    {
        var time = new CountingTimeProvider();
        var call = Async.WaitFor<int>(
            async ct =>
            {
                await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, TaskScheduler.Default);
                throw new TestException(marker);
            },
            TimeSpan.FromSeconds(1),
            time);
        time.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<TimeoutException>(() => call);
    }));

    [Fact]
    public async Task TaskScope_observes_children_nobody_awaits() => Assert.Empty(await UnobservedAfterAsync(async marker =>
    {
        await Assert.ThrowsAsync<TestException>(async () =>
        {
            await using (var scope = new TaskScope())
            {
                _ = scope.Run(_ => Task.FromException(new TestException(marker)));
                _ = scope.Run<int>(_ => throw new TestException(marker));
            }
        });

        var joined = new TaskScope();
        _ = joined.Run(_ => Task.FromException(new TestException(marker)));
        await Assert.ThrowsAsync<TestException>(() => joined.JoinAsync());
        await joined.DisposeAsync();
    }));

    [Fact]
    public async Task A_TaskScope_join_nobody_awaits_reports_its_failures_as_unobserved()
        => Assert.NotEmpty(await UnobservedAfterAsync(async marker =>
        {
            // Disposal of a joined scope is quiet: the join's task carries the failures, and dropping it is visible.
            var scope = new TaskScope();
            _ = scope.Run(_ => Task.FromException(new TestException(marker)));
            _ = scope.JoinAsync();
            await scope.DisposeAsync();
        }));

    [Fact]
    public async Task Wait_and_AsCompleted_create_no_unobserved_exceptions_of_their_own() => Assert.Empty(await UnobservedAfterAsync(async marker =>
    {
        var failing = TestTasks.Pending<int>();
        var time = new CountingTimeProvider();
        var wait = Async.Wait(new[] { failing.Task, TestTasks.Pending<int>().Task }, ReturnWhen.FirstException, TimeSpan.FromSeconds(1), time);
        failing.SetException(new TestException(marker));
        var (done, _) = await wait;
        done[0].Observe();
        await foreach (var task in Async.AsCompleted(new[] { failing.Task }))
        {
            await Assert.ThrowsAsync<TestException>(() => task);
        }
    }));
}
