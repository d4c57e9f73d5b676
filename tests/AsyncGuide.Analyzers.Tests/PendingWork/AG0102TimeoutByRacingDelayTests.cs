using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuide.Analyzers.Tests.Infrastructure;
using AsyncGuide.CodeFixes;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0102TimeoutByRacingDelayAnalyzer,
    AsyncGuide.CodeFixes.AG0102TimeoutByRacingDelayCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

public class AG0102TimeoutByRacingDelayTests
{
    internal static string Code([StringSyntax("C#-test")] string body, bool runtime = false) => TestSources.InRunAsync(body, runtime);

    // ---- reported ----

    [Fact]
    public Task Caller_token_work_compared_with_the_winner()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var work = FetchAsync(ct);
                    if (await {|AG0102:Task.WhenAny(work, Task.Delay(timeout))|} == work)
                    {
                        return await work;
                    }

                    throw new TimeoutException();
            """));

    [Fact]
    public Task Delay_first_in_an_explicit_array()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var work = FetchAsync(ct);
                    var winner = await {|AG0102:Task.WhenAny(new[] { Task.Delay(timeout), work })|};
                    if (winner != work) throw new TimeoutException();
                    return await work;
            """));

    [Fact]
    public Task Work_without_token_and_result_ignored()
        => Verify.VerifyAnalyzerAsync(Code("""
                    await {|AG0102:Task.WhenAny(FetchAsync(), Task.Delay(1000))|};
                    return 0;
            """));

    [Fact]
    public Task Delay_with_the_callers_token_is_not_a_cancelled_timer()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var work = FetchAsync(ct);
                    var delay = Task.Delay(timeout, ct);
                    if (await {|AG0102:Task.WhenAny(work, delay)|} == delay) return -1;
                    return await work;
            """));

    [Fact]
    public Task Linked_source_never_cancelled()
        => Verify.VerifyAnalyzerAsync(Code("""
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    var work = Task.Run(() => FetchAsync(linked.Token));
                    await {|AG0102:Task.WhenAny(work, Task.Delay(timeout))|};
                    return work.IsCompleted ? work.Result : -1;
            """));

    [Fact]
    public Task Awaited_only_when_it_won_through_a_token_local()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var cts = new CancellationTokenSource();
                    var token = cts.Token;
                    var work = FetchAsync(token);
                    if (await {|AG0102:Task.WhenAny(work, Task.Delay(timeout))|} == work) return await work;
                    return -1;
            """));

    // ---- not reported ----

    // Seen in duplicati (Server/Program, RemoteControl endpoint): start, give it half a second to fail, rethrow a quick
    // failure; the work is meant to keep running. A timeout that throws on the slow path is still reported.
    [Fact]
    public Task Work_probed_for_an_early_failure_and_left_running_on_purpose()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var server = FetchAsync(ct);
                    await Task.WhenAny(server, Task.Delay(500));
                    if (server.IsCompleted)
                        await server;

                    var work = FetchAsync(1, ct);
                    await {|AG0102:Task.WhenAny(work, Task.Delay(timeout))|};
                    if (work.IsCompleted)
                        return await work;
                    throw new TimeoutException();
            """));

    // Seen in duplicati (BackendManager.WaitForPendingItemsAsync): a second's wait for tasks the method was handed, at
    // shutdown; it cannot cancel them. Tasks it started itself are still reported.
    [Fact]
    public Task A_bounded_wait_for_tasks_the_method_was_handed()
        => Verify.VerifyAnalyzerAsync(TestSources.Usings + """
        class C
        {
            static Task<int> FetchAsync(int id) => Task.FromResult(id);

            async Task WaitForPendingAsync(List<Task> pending)
            {
                await Task.WhenAny(Task.Delay(1000), Task.WhenAll(pending));
                var mine = new List<Task> { FetchAsync(1), FetchAsync(2) };
                await {|AG0102:Task.WhenAny(Task.Delay(1000), Task.WhenAll(mine))|};
            }

            // dotnet/diagnostics' ProcessRunner: the output pumps it was handed, written out (a params array or span).
            async Task FlushAsync(Task stdOutTask, Task stdErrTask)
            {
                Task streams = Task.WhenAll(stdOutTask, stdErrTask);
                await Task.WhenAny(streams, Task.Delay(TimeSpan.FromSeconds(15)));
                await Task.WhenAny(Task.WhenAll(new[] { stdOutTask, stdErrTask }), Task.Delay(1000));
                await {|AG0102:Task.WhenAny(Task.WhenAll(stdOutTask, FetchAsync(3)), Task.Delay(1000))|};
            }
        }
        """);

    [Fact]
    public Task Work_source_cancelled_when_the_timer_wins()
        => Verify.VerifyAnalyzerAsync(Code("""
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    var work = FetchAsync(cts.Token);
                    if (await Task.WhenAny(work, Task.Delay(timeout)) != work)
                    {
                        cts.Cancel();
                        throw new TimeoutException();
                    }

                    return await work;
            """));

    [Fact]
    public Task Work_source_cancelled_in_finally()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var cts = new CancellationTokenSource();
                    try
                    {
                        var work = FetchAsync(cts.Token);
                        var winner = await Task.WhenAny(work, Task.Delay(timeout));
                        return winner == work ? await work : -1;
                    }
                    finally
                    {
                        await cts.CancelAsync();
                    }
            """));

    [Fact]
    public Task Racing_delay_itself_cancelled()
        => Verify.VerifyAnalyzerAsync(Code("""
                    using var timer = new CancellationTokenSource();
                    var work = FetchAsync(ct);
                    var winner = await Task.WhenAny(work, Task.Delay(timeout, timer.Token));
                    timer.Cancel();
                    return winner == work ? await work : -1;
            """));

    [Fact]
    public Task Infinite_delays_do_not_race()
        => Verify.VerifyAnalyzerAsync(Code("""
                    await Task.WhenAny(FetchAsync(), Task.Delay(Timeout.InfiniteTimeSpan, ct));
                    await Task.WhenAny(FetchAsync(), Task.Delay(-1, ct));
                    await Task.WhenAny(FetchAsync(), Task.Delay(Timeout.Infinite, ct));
                    return 0;
            """));

    [Fact]
    public Task Work_awaited_afterwards_on_every_path()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var work = FetchAsync(ct);
                    if (await Task.WhenAny(work, Task.Delay(timeout)) != work)
                    {
                        Log("slow");
                    }

                    return await work;
            """));

    [Fact]
    public Task Work_awaited_in_finally()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var work = FetchAsync(ct);
                    try
                    {
                        if (await Task.WhenAny(work, Task.Delay(timeout)) != work) throw new TimeoutException();
                        return 1;
                    }
                    finally
                    {
                        await work;
                    }
            """));

    [Fact]
    public Task Source_with_its_own_timeout_or_cancel_after()
        => Verify.VerifyAnalyzerAsync(Code("""
                    using var timed = new CancellationTokenSource(timeout);
                    await Task.WhenAny(FetchAsync(timed.Token), Task.Delay(timeout));
                    var later = new CancellationTokenSource();
                    later.CancelAfter(timeout);
                    await Task.WhenAny(FetchAsync(later.Token), Task.Delay(timeout));
                    return 0;
            """));

    [Fact]
    public Task Linked_source_whose_parent_is_cancelled()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var outer = new CancellationTokenSource();
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(outer.Token, ct);
                    await Task.WhenAny(FetchAsync(linked.Token), Task.Delay(timeout));
                    outer.Cancel();
                    return 0;
            """));

    [Fact]
    public Task Source_handed_elsewhere_may_be_cancelled_there()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var tracked = new CancellationTokenSource();
                    Track(tracked);
                    await Task.WhenAny(FetchAsync(tracked.Token), Task.Delay(timeout));
                    var registered = new CancellationTokenSource();
                    using var registration = ct.Register(registered.Cancel);
                    await Task.WhenAny(FetchAsync(registered.Token), Task.Delay(timeout));
                    return 0;
            """));

    // Seen in dotnet/diagnostics (dotnet-dsrouter's run loop): the work is given the linked source itself, and its parent is
    // cancelled before a short grace wait. Like a source handed to any call, one given to the work may be cancelled there
    // (`ownSource`, never cancelled here, too). A source the work is not given leaves the report.
    [Fact]
    public Task Work_given_a_source_that_is_cancelled_here()
        => Verify.VerifyAnalyzerAsync(Code("""
                    using var cancelRouter = new CancellationTokenSource();
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, cancelRouter.Token);
                    Func<CancellationTokenSource, Task<int>> create = source => FetchAsync(source.Token);
                    var router = create(linked);
                    if (!router.IsCompleted) cancelRouter.Cancel();
                    await Task.WhenAny(router, Task.Delay(1000, CancellationToken.None));
                    var ownSource = new CancellationTokenSource();
                    await Task.WhenAny(create(ownSource), Task.Delay(1000));
                    var other = new CancellationTokenSource();
                    var fetch = FetchAsync(ct);
                    other.Cancel();
                    await {|AG0102:Task.WhenAny(fetch, Task.Delay(1000))|};
                    return router.IsCompleted ? router.Result : 0;
            """));

    [Fact]
    public Task Nothing_running_to_cancel()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var signal = new TaskCompletionSource<int>();
                    await Task.WhenAny(signal.Task, Task.Delay(timeout));
                    await Task.WhenAny(Task.FromResult(1), Task.Delay(timeout));
                    await Task.WhenAny(Task.Delay(timeout), Task.Delay(timeout));
                    return 0;
            """));

    /// <summary>JasperFx's block (a library completion wait) and a user type with a WaitForCompletionAsync of its own.</summary>
    internal const string BlockStubs = """

        namespace JasperFx.Blocks
        {
            using System.Threading.Tasks;

            public interface IBlock<T> { void Complete(); Task WaitForCompletionAsync(); }
        }

        class MyQueue { public void Complete() { } public Task WaitForCompletionAsync() => Task.CompletedTask; }
        """;

    // Seen in wolverine (BufferedReceiver/DurableReceiver.DrainAsync): the block is completed, then its completion is
    // waited for at most DrainTimeout. The wait starts nothing and takes no token; the block's work is not this
    // method's to cancel. Only the timer is left, which is AG0104's report.
    [Fact]
    public Task Drain_of_a_library_block_bounded_by_a_timer()
        => Verify.VerifyAnalyzerAsync(Code("""
                    JasperFx.Blocks.IBlock<int> block = null!;
                    block.Complete();
                    var completion = block.WaitForCompletionAsync();
                    await Task.WhenAny(completion, Task.Delay(timeout)).ConfigureAwait(false);
                    await Task.WhenAny(block.WaitForCompletionAsync(), Task.Delay(timeout));
                    return 0;
            """) + BlockStubs);

    // Near-miss: the same shape on the project's own type is not known to be a completion wait; still reported.
    [Fact]
    public Task Own_type_completion_wait_is_still_work()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var queue = new MyQueue();
                    queue.Complete();
                    var completion = queue.WaitForCompletionAsync();
                    await {|AG0102:Task.WhenAny(completion, Task.Delay(timeout))|};
                    return 0;
            """) + BlockStubs);

    // Seen in akka.net (TestKitBase.InternalTryReceiveOneAsync): a channel's WaitToReadAsync bounded by a timer. The wait
    // reads nothing and starts no work: a signal, like SemaphoreSlim.WaitAsync.
    [Fact]
    public Task Channel_data_wait_bounded_by_a_timer()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var channel = System.Threading.Channels.Channel.CreateUnbounded<int>();
                    var read = channel.Reader.WaitToReadAsync(ct).AsTask();
                    if (await Task.WhenAny(read, Task.Delay(timeout, ct)) == read && read.Result) return 1;
                    var room = channel.Writer.WaitToWriteAsync(ct).AsTask();
                    await Task.WhenAny(room, Task.Delay(timeout));
                    return 0;
            """));

    // Near-miss: a WaitToReadAsync of the project's own type is not known to be a signal; still reported.
    [Fact]
    public Task Own_type_data_wait_is_still_work()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var read = new MyReader().WaitToReadAsync(ct);
                    if (await {|AG0102:Task.WhenAny(read, Task.Delay(timeout, ct))|} == read) return 1;
                    return 0;
            """) + """

            class MyReader { public Task<bool> WaitToReadAsync(CancellationToken ct) => Task.FromResult(true); }
            """);

    private const string FireAndForgetMarks = """

        static class TaskMarks
        {
            public static void Ignore(this Task task) => task.ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
            public static Task Traced(this Task task) => task;
        }
        """;

    // Seen in orleans (MembershipTableManager.UpdateStatus): `updateTask.Ignore();` then a bounded wait. The void
    // extension takes over the task's failure; the work is meant to run on after the timeout.
    [Fact]
    public Task Work_marked_fire_and_forget_before_the_race()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var work = FetchAsync();
                    work.Ignore();
                    await Task.WhenAny(Task.Delay(500), work);
                    return 0;
            """) + FireAndForgetMarks);

    [Fact]
    public Task Work_marked_fire_and_forget_in_a_branch_of_a_try_as_in_orleans_UpdateStatus()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var numCalls = 0;
                    try
                    {
                        async Task<bool> UpdateMyStatusTask(int counter)
                        {
                            numCalls++;
                            return await FetchAsync(counter) > 0;
                        }

                        if (ids.Length > 0 && given is List<Task<int>>)
                        {
                            var updateTask = UpdateMyStatusTask(0);
                            updateTask.Ignore();
                            await Task.WhenAny(Task.Delay(TimeSpan.FromMilliseconds(500)), updateTask);

                            var gossipTask = FetchAsync(2);
                            gossipTask.Ignore();
                            await Task.WhenAny(Task.Delay(TimeSpan.FromMilliseconds(500)), gossipTask);

                            return 0;
                        }

                        return 1;
                    }
                    catch (Exception)
                    {
                        throw;
                    }
            """) + FireAndForgetMarks);

    // Near-misses: a mark only on one branch, or an extension that returns a task (not a hand-off), still report.
    [Fact]
    public Task Mark_on_one_branch_or_a_task_returning_extension_is_still_reported()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var work = FetchAsync();
                    if (ids.Length > 0) work.Ignore();
                    await {|AG0102:Task.WhenAny(Task.Delay(500), work)|};
                    var other = FetchAsync();
                    _ = other.Traced();
                    await {|AG0102:Task.WhenAny(Task.Delay(500), other)|};
                    return 0;
            """) + FireAndForgetMarks);

    // Seen in orleans (ClusterManifestProvider): the next update is raced against a retry timer in a loop; when the
    // timer wins, the next iteration awaits the same task, so it is not left behind.
    [Fact]
    public Task Task_carried_across_loop_iterations_and_awaited_there()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var next = FetchAsync(ct);
                    var pending = false;
                    while (true)
                    {
                        if (!pending)
                        {
                            if (await next == 0) return 0;
                            next = FetchAsync(ct);
                        }

                        pending = ids.Length > 0;
                        if (await Task.WhenAny(next, Task.Delay(timeout)) == next)
                        {
                            pending = false;
                        }
                    }
            """));

    // Near-miss: a task started inside the loop, or one never awaited by the loop, is still left running.
    [Fact]
    public Task Task_started_in_the_loop_or_not_awaited_by_it_is_still_reported()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var outer = FetchAsync(ct);
                    foreach (var id in ids)
                    {
                        var work = FetchAsync(id);
                        if (await {|AG0102:Task.WhenAny(work, Task.Delay(timeout))|} != work) continue;
                        await {|AG0102:Task.WhenAny(outer, Task.Delay(timeout))|};
                    }

                    return 0;
            """));

    // Seen in duplicati's tests (Issue6366, Issue6820, RestoreHandlerTests): a test's timeout whose slow path fails the test.
    // NUnit's Assert and [Test] by their full names, stubbed here.
    private static string InNUnitTest(string body) => TestSources.Usings + $$"""
        class Tests
        {
            static Task<int> FetchAsync(CancellationToken ct) => Task.FromResult(1);
            static void Log(string message) { }

            [NUnit.Framework.Test]
            public async Task RunsInTime(TimeSpan timeout, CancellationToken ct)
            {
        {{body}}
            }

            // A helper of a test assembly (one that references a test framework): its throw fails the calling test.
            public static async Task RunWithin(Func<Task> action, TimeSpan timeout)
            {
                var work = action();
                if (await Task.WhenAny(work, Task.Delay(timeout)) != work) throw new TimeoutException();
                await work;
            }
        }

        namespace NUnit.Framework
        {
            static class Assert
            {
                public static void Fail(string message) { }
                public static void IsTrue(bool condition, string message) { }
                public static void True(bool condition) { }
                public static void AreSame(object expected, object actual) { }
                public static void AreEqual(object expected, object actual) { }
            }

            class TestAttribute : System.Attribute { }
        }
        """;

    [Fact]
    public Task Test_timeout_whose_slow_path_fails_the_test()
        => Verify.VerifyAnalyzerAsync(InNUnitTest("""
                    var work = FetchAsync(ct);
                    if (await Task.WhenAny(work, Task.Delay(timeout)) == work)
                    {
                        await work;
                    }
                    else
                    {
                        Log("slow");
                        NUnit.Framework.Assert.Fail("timed out");
                    }

                    var second = FetchAsync(ct);
                    var delay = Task.Delay(timeout);
                    var winner = await Task.WhenAny(delay, second);
                    Log("raced");
                    if (winner == delay)
                    {
                        if (second.IsFaulted) NUnit.Framework.Assert.Fail("faulted"); else NUnit.Framework.Assert.IsTrue(false, "slow");
                    }

                    var third = FetchAsync(ct);
                    var finished = await Task.WhenAny(third, Task.Delay(timeout));
                    if (!third.IsCompleted) throw new TimeoutException();

                    var fourth = FetchAsync(ct);
                    var grace = Task.Delay(timeout);
                    var stopped = await Task.WhenAny(fourth, grace).ConfigureAwait(false) != grace;
                    if (stopped)
                    {
                        await fourth;
                        return;
                    }

                    NUnit.Framework.Assert.Fail("did not stop");
            """));

    // Seen in Coyote's stress tests: after the race, the test asserts that every gathered task finished.
    [Fact]
    public Task Test_timeout_asserting_the_work_finished()
        => Verify.VerifyAnalyzerAsync(InNUnitTest("""
                    var enqueue = FetchAsync(ct);
                    var dequeue = FetchAsync(ct);
                    await await Task.WhenAny(Task.WhenAll(enqueue, dequeue), Task.Delay(timeout));
                    NUnit.Framework.Assert.True(enqueue.IsCompleted);
                    NUnit.Framework.Assert.True(dequeue.IsCompleted);

                    var single = FetchAsync(ct);
                    await Task.WhenAny(single, Task.Delay(timeout));
                    NUnit.Framework.Assert.IsTrue(single.IsCompleted, "slow");

                    // The winner asserted to be the work (azure-functions-host's channel tests).
                    var all = Task.WhenAll(FetchAsync(ct), FetchAsync(ct));
                    var completed = await Task.WhenAny(all, Task.Delay(timeout));
                    NUnit.Framework.Assert.True(completed == all);
                    var more = FetchAsync(ct);
                    var won = await Task.WhenAny(more, Task.Delay(timeout));
                    NUnit.Framework.Assert.AreSame(more, won);

                    // Near-misses: the timer asserted to win, one gathered task not asserted, an assertion in a branch.
                    var slow = FetchAsync(ct);
                    var timer = Task.Delay(timeout);
                    var expired = await {|AG0102:Task.WhenAny(slow, timer)|};
                    NUnit.Framework.Assert.AreSame(timer, expired);

                    var first = FetchAsync(ct);
                    var second = FetchAsync(ct);
                    await {|AG0102:Task.WhenAny(Task.WhenAll(first, second), Task.Delay(timeout))|};
                    NUnit.Framework.Assert.True(first.IsCompleted);

                    var third = FetchAsync(ct);
                    await {|AG0102:Task.WhenAny(third, Task.Delay(timeout))|};
                    if (ct.CanBeCanceled) NUnit.Framework.Assert.True(third.IsCompleted);
            """));

    // Round 14 (NetMQ's poller tests): the raced tasks run lambdas that count into the test's locals, and the test asserts the
    // counts after the race; when the timer wins, the counts fall short and the test fails. Still reported: a count the work
    // does not write, and an assertion on one path only.
    [Fact]
    public Task Test_timeout_asserting_the_work_s_effect()
        => Verify.VerifyAnalyzerAsync(InNUnitTest("""
                    int count1 = 0, count2 = 0, other = 0;
                    Task t1 = Task.Factory.StartNew(() => { for (int i = 0; i < 100; i++) count1++; });
                    Task t2 = Task.Run(() => { count2 += 100; });
                    await Task.WhenAny(Task.WhenAll(new List<Task> { t1, t2 }), Task.Delay(1000));
                    NUnit.Framework.Assert.AreEqual(100, count1);
                    NUnit.Framework.Assert.True(count2 == 100);

                    Task t3 = Task.Run(() => Log("x"));
                    await {|AG0102:Task.WhenAny(t3, Task.Delay(1000))|};
                    NUnit.Framework.Assert.AreEqual(0, other);

                    Task t4 = Task.Run(() => { other = 1; });
                    await {|AG0102:Task.WhenAny(t4, Task.Delay(1000))|};
                    if (ct.CanBeCanceled) NUnit.Framework.Assert.AreEqual(1, other);
            """));

    // Round 13 (Sentry's garbage-collection monitor test): the work's state asserted final after the race, as
    // `task.Status.Should().Be(TaskStatus.Faulted)` (FluentAssertions), `Assert.AreEqual(TaskStatus.RanToCompletion, t.Status)`
    // or `t.IsFaulted.Should().BeTrue()`. Still reported: a status that is not final, and a fluent assertion of another value.
    [Fact]
    public Task Test_timeout_asserting_a_final_status_of_the_work()
        => Verify.VerifyAnalyzerAsync(InNUnitTest("""
                    var monitor = FetchAsync(ct);
                    await Task.WhenAny(monitor, Task.Delay(timeout));
                    FluentAssertions.AssertionExtensions.Should(monitor.Status).Be(TaskStatus.Faulted);

                    var done = FetchAsync(ct);
                    await Task.WhenAny(done, Task.Delay(timeout));
                    NUnit.Framework.Assert.AreEqual(TaskStatus.RanToCompletion, done.Status);

                    var faulted = FetchAsync(ct);
                    await Task.WhenAny(faulted, Task.Delay(timeout));
                    FluentAssertions.AssertionExtensions.Should(faulted.IsFaulted).BeTrue();

                    var running = FetchAsync(ct);
                    await {|AG0102:Task.WhenAny(running, Task.Delay(timeout))|};
                    NUnit.Framework.Assert.AreEqual(TaskStatus.Running, running.Status);

                    var other = FetchAsync(ct);
                    await {|AG0102:Task.WhenAny(other, Task.Delay(timeout))|};
                    FluentAssertions.AssertionExtensions.Should(other.IsFaulted).BeFalse();
            """) + """

            namespace FluentAssertions
            {
                public static class AssertionExtensions
                {
                    public static StatusAssertions Should(this TaskStatus status) => new();
                    public static BooleanAssertions Should(this bool value) => new();
                }

                public sealed class StatusAssertions
                {
                    public void Be(TaskStatus expected) { }
                }

                public sealed class BooleanAssertions
                {
                    public void BeTrue() { }
                    public void BeFalse() { }
                }
            }
            """);

    // Near-misses: the slow path does not fail the test (it logs, leaves first, or falls through an if without else), the
    // Assert is the user's own, or the verdict local is written again.
    [Fact]
    public Task Test_timeout_whose_slow_path_goes_on_is_still_reported()
        => Verify.VerifyAnalyzerAsync(InNUnitTest("""
                    var work = FetchAsync(ct);
                    if (await {|AG0102:Task.WhenAny(work, Task.Delay(timeout))|} == work) await work; else Log("slow");

                    var second = FetchAsync(ct);
                    if (await {|AG0102:Task.WhenAny(second, Task.Delay(timeout))|} != second)
                    {
                        if (ct.IsCancellationRequested) return;
                        NUnit.Framework.Assert.Fail("timed out");
                    }

                    var third = FetchAsync(ct);
                    if (await {|AG0102:Task.WhenAny(third, Task.Delay(timeout))|} == third) NUnit.Framework.Assert.Fail("too fast");

                    var fourth = FetchAsync(ct);
                    if (await {|AG0102:Task.WhenAny(fourth, Task.Delay(timeout))|} != fourth) Assert.Fail("timed out");

                    var fifth = FetchAsync(ct);
                    var inTime = await {|AG0102:Task.WhenAny(fifth, Task.Delay(timeout))|} == fifth;
                    inTime = inTime || ct.IsCancellationRequested;
                    if (!inTime) NUnit.Framework.Assert.Fail("timed out");
                }

                static class Assert
                {
                    public static void Fail(string message) { }
                }

                void Unused()
                {
            """));

    // Seen in duplicati (RunProcess): on timeout the process is killed, which ends its exit wait and its output reads.
    [Fact]
    public Task Work_stopped_by_killing_the_process_or_disposing_its_owner()
        => Verify.VerifyAnalyzerAsync(TestSources.Usings + """
        using System.Diagnostics;
        using System.IO;

        class C
        {
            async Task<string> RunAsync(string path, TimeSpan timeout, CancellationToken ct)
            {
                using var process = Process.Start(path)!;
                var stream = File.OpenRead(path);
                var output = process.StandardOutput.ReadToEndAsync();
                var exited = process.WaitForExitAsync(ct);
                var timedOut = await Task.WhenAny(Task.WhenAll(output, exited), Task.Delay(timeout)) != Task.CompletedTask;
                if (timedOut)
                {
                    try { process.Kill(); } catch { }
                }

                var read = stream.ReadAsync(new byte[10], 0, 10);
                await Task.WhenAny(read, Task.Delay(timeout));
                stream.Dispose();
                return await output;
            }
        }
        """);

    // Near-misses: one gathered call on another object, another process killed, the owner only used, the stop inside a lambda.
    [Fact]
    public Task Work_whose_owner_is_not_stopped_is_still_reported()
        => Verify.VerifyAnalyzerAsync(TestSources.Usings + """
        using System.Diagnostics;
        using System.IO;

        class C
        {
            async Task RunAsync(string path, Process other, TimeSpan timeout, CancellationToken ct)
            {
                using var process = Process.Start(path)!;
                var stream = File.OpenRead(path);
                var both = Task.WhenAll(process.WaitForExitAsync(ct), stream.FlushAsync());
                await {|AG0102:Task.WhenAny(both, Task.Delay(timeout))|};
                process.Kill();

                var exited = process.WaitForExitAsync(ct);
                await {|AG0102:Task.WhenAny(exited, Task.Delay(timeout))|};
                other.Kill();

                var read = stream.ReadAsync(new byte[10], 0, 10);
                await {|AG0102:Task.WhenAny(read, Task.Delay(timeout))|};
                stream.Flush();
                Action later = () => stream.Dispose();
            }
        }
        """);

    // Round 10 (the WebJobs host's timeout handler): a best-effort stop of the object's own host, raced against three seconds,
    // then the host disposed in a `finally` through a cast and a null-conditional call.
    [Fact]
    public Task Work_on_an_own_field_disposed_through_a_cast_after_the_race()
        => Verify.VerifyAnalyzerAsync(TestSources.Usings + """
        class Host : IDisposable
        {
            public Task StopAsync() => Task.CompletedTask;
            public void Dispose() { }
        }

        class C
        {
            private Host _host = new();
            private object _client = new();

            async Task OnTimeoutAsync()
            {
                try
                {
                    Task stopTask = _host.StopAsync();
                    Task delayTask = Task.Delay(TimeSpan.FromSeconds(3));
                    await Task.WhenAny(stopTask, delayTask);
                }
                finally
                {
                    (_host as IDisposable)?.Dispose();
                }
            }

            async Task DisposedPlainly()
            {
                await Task.WhenAny(this._host.StopAsync(), Task.Delay(1000));
                _host.Dispose();
            }
        }
        """);

    // Near-misses: the field disposed before the race, only used after it, another object's field disposed, the
    // dispose deferred to a lambda.
    [Fact]
    public Task Work_on_an_own_field_not_disposed_after_the_race_is_still_reported()
        => Verify.VerifyAnalyzerAsync(TestSources.Usings + """
        class Host : IDisposable
        {
            public Host Inner = null!;
            public Task StopAsync() => Task.CompletedTask;
            public void Dispose() { }
        }

        class C
        {
            private Host _host = new();

            async Task DisposedBefore()
            {
                _host.Dispose();
                await {|AG0102:Task.WhenAny(_host.StopAsync(), Task.Delay(1000))|};
            }

            async Task OnlyUsed(C other)
            {
                await {|AG0102:Task.WhenAny(_host.StopAsync(), Task.Delay(1000))|};
                await _host.StopAsync();
                await {|AG0102:Task.WhenAny(_host.StopAsync(), Task.Delay(1000))|};
                (other._host as IDisposable)?.Dispose();
                await {|AG0102:Task.WhenAny(_host.StopAsync(), Task.Delay(1000))|};
                Action later = () => _host.Dispose();
            }
        }
        """);

    // Round 10 (SlimMessageBus' outbox AsyncManualResetEvent): a local function that hands back the field's completion-source
    // task under a lock is a signal, not work started here (its timer is AG0104's report). A helper returning a call's task
    // is work.
    [Fact]
    public Task Signal_handed_back_by_a_local_function_is_not_work()
        => Verify.VerifyAnalyzerAsync(TestSources.Usings + """
        class ResetEvent
        {
            private readonly object _lock = new();
            private TaskCompletionSource<bool> _tcs = new();

            public async Task<bool> Wait(int millisecondsDelay, CancellationToken cancellationToken)
            {
                Task GetTask()
                {
                    lock (_lock)
                    {
                        return _tcs.Task;
                    }
                }

                var resetEvent = GetTask();
                var task = await Task.WhenAny(resetEvent, Task.Delay(millisecondsDelay, cancellationToken));
                return task == resetEvent;
            }

            public async Task<bool> Work(int millisecondsDelay)
            {
                Task Start() => Task.Run(() => Thread.Sleep(10));

                var work = Start();
                var task = await {|AG0102:Task.WhenAny(work, Task.Delay(millisecondsDelay))|};
                return task == work;
            }
        }
        """);

    [Fact]
    public Task Not_a_two_way_timeout_race()
        => Verify.VerifyAnalyzerAsync(Code("""
                    await Task.WhenAny(FetchAsync(ct), FetchAsync(ct), Task.Delay(timeout));
                    var tasks = new List<Task> { FetchAsync(ct), Task.Delay(timeout) };
                    await Task.WhenAny(tasks);
                    return 0;
            """));

    [Fact]
    public Task Half_typed_code_does_not_throw()
        => Verify.VerifyAnalyzerIgnoringCompilerErrorsAsync(Code("""
                    var work = FetchAsync(
                    await Task.WhenAny(work, Task.Delay(
                    await Task.WhenAny(Missing(ct), Task.Delay(timeout, missing.Token))
                    var cts = new CancellationTokenSource()
                    await Task.WhenAny(FetchAsync(cts.Token), Task.Delay(timeout))
                    if (await Task.WhenAny(FetchAsync(cts.Token), Task.Delay()) == 
            """));

    // Round 12 (botbuilder's streaming tests): `Task.WhenAny(WaitForDisconnect(), Task.Delay(TimeSpan.FromSeconds(30), token))`
    // where the private, non-async `WaitForDisconnect` busy-waits and returns `Task.CompletedTask`: the work is done before the
    // race starts, nothing is left running (only the timer, AG0104's). A stub that is only its return, a method that implements
    // an interface or one that can be overridden stands for work and is still work.
    [Fact]
    public Task Work_completed_before_the_race_is_not_left_running() => Verify.VerifyAnalyzerAsync(TestSources.Usings + """
        interface IWaiter { Task WaitAsync(); }

        class Handler : IWaiter
        {
            private bool _disconnected;

            async Task ListenAsync(CancellationToken token)
            {
                await Task.WhenAny(WaitForDisconnect(), Task.Delay(TimeSpan.FromSeconds(30), token));
                await Task.WhenAny(Completed(1), Task.Delay(1000));
                await {|AG0102:Task.WhenAny(Stub(), Task.Delay(1000))|};
                await {|AG0102:Task.WhenAny(WaitAsync(), Task.Delay(1000))|};
                await {|AG0102:Task.WhenAny(Hook(), Task.Delay(1000))|};
            }

            private Task WaitForDisconnect()
            {
                while (!_disconnected)
                {
                    Thread.Sleep(100);
                }

                return Task.CompletedTask;
            }

            private static Task<int> Completed(int value)
            {
                Console.WriteLine(value);
                return value > 0 ? Task.FromResult(value) : default!;
            }

            private static Task<int> Stub() => Task.FromResult(1);

            public Task WaitAsync()
            {
                Console.WriteLine("waiting");
                return Task.CompletedTask;
            }

            protected virtual Task Hook()
            {
                Console.WriteLine("hook");
                return Task.CompletedTask;
            }
        }
        """);
}
