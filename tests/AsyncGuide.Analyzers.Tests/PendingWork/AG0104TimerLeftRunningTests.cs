using System.Threading.Tasks;
using AsyncGuide.Analyzers.Tests.Infrastructure;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0104TimerLeftRunningAnalyzer,
    AsyncGuide.CodeFixes.AG0104TimerLeftRunningCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>AG0104: the race's only leftover is the timer. Info severity, so the markup names the rule.</summary>
public class AG0104TimerLeftRunningTests
{
    internal static string Code(string body) => $$"""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            private Task<int> _pending = Task.FromResult(0);
            private TaskCompletionSource<int> _signal = new();
            static Task<int> FetchAsync(CancellationToken cancellationToken) => Task.FromResult(1);
            static Task<int> FetchAsync() => Task.FromResult(1);
            static void Same(object expected, object actual) { }
            static void Fail(string message) { }

            async Task<int> RunAsync(Task<int> given, TimeSpan timeout, CancellationToken ct)
            {
        {{body}}
            }
        }
        """;

    // ---- reported ----

    // Round 10 (SlimMessageBus' outbox AsyncManualResetEvent, polled once per loop iteration): the raced task is a signal a
    // local function hands back, so nothing is started and AG0102 is silent; the timer left when the signal wins is this rule's.
    [Fact]
    public Task Signal_handed_back_by_a_local_function()
        => Verify.VerifyAnalyzerAsync(Code("""
                    Task<int> GetTask()
                    {
                        lock (this)
                        {
                            return _signal.Task;
                        }
                    }

                    var resetEvent = GetTask();
                    var task = await {|AG0104:Task.WhenAny(resetEvent, Task.Delay(5000, ct))|};
                    return task == resetEvent ? 1 : 0;
            """));

    [Fact]
    public Task Work_awaited_after_the_race()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var work = FetchAsync(ct);
                    await {|AG0104:Task.WhenAny(work, Task.Delay(5000))|};
                    return await work;
            """));

    [Fact]
    public Task Parameter_raced_in_a_test_timeout_helper()
        => Verify.VerifyAnalyzerAsync(Code("""
                    if (await {|AG0104:Task.WhenAny(given, Task.Delay(timeout))|} != given)
                        throw new TimeoutException();
                    return given.Result;
            """));

    [Fact]
    public Task Assert_same_idiom()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var work = FetchAsync(ct);
                    Same(work, await {|AG0104:Task.WhenAny(work, Task.Delay(1000))|});
                    return await work;
            """));

    [Fact]
    public Task Assert_fail_idiom_on_a_signal()
        => Verify.VerifyAnalyzerAsync(Code("""
                    if (await {|AG0104:Task.WhenAny(_signal.Task, Task.Delay(1000, ct))|} != _signal.Task) Fail("no signal");
                    return 0;
            """));

    [Fact]
    public Task Field_task_raced_against_a_delay_local()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var delay = Task.Delay(timeout);
                    var winner = await {|AG0104:Task.WhenAny(_pending, delay)|};
                    return winner == delay ? -1 : _pending.Result;
            """));

    // Seen in wolverine (BufferedReceiver.DrainAsync): a library block's completion bounded by a drain timeout. The block's
    // work is not this method's (AG0102 steps aside), so the timer left running when the drain ends first is this rule's.
    [Fact]
    public Task Library_block_drain_bounded_by_a_timer()
        => Verify.VerifyAnalyzerAsync(Code("""
                    JasperFx.Blocks.IBlock<int> block = null!;
                    block.Complete();
                    var completion = block.WaitForCompletionAsync();
                    await {|AG0104:Task.WhenAny(completion, Task.Delay(timeout))|};
                    return 0;
            """) + AG0102TimeoutByRacingDelayTests.BlockStubs);

    // ---- not reported ----

    [Fact]
    public Task Work_left_running_is_AG0102s()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var work = FetchAsync(ct);
                    if (await Task.WhenAny(work, Task.Delay(timeout)) != work) throw new TimeoutException();
                    return 1;
            """));

    [Fact]
    public Task Delay_token_cancelled_after_the_race()
        => Verify.VerifyAnalyzerAsync(Code("""
                    using var delayCts = new CancellationTokenSource();
                    var work = FetchAsync(ct);
                    await Task.WhenAny(work, Task.Delay(timeout, delayCts.Token));
                    delayCts.Cancel();
                    return await work;
            """));

    [Fact]
    public Task Infinite_delay_is_a_placeholder()
        => Verify.VerifyAnalyzerAsync(Code("""
                    await Task.WhenAny(given, Task.Delay(Timeout.Infinite, ct));
                    await Task.WhenAny(given, Task.Delay(Timeout.InfiniteTimeSpan, ct));
                    await Task.WhenAny(given, Task.Delay(-1));
                    return await given;
            """));

    [Fact]
    public Task WaitAsync_disposes_its_timer()
        => Verify.VerifyAnalyzerAsync(Code("""
                    return await FetchAsync(ct).WaitAsync(timeout, ct);
            """));

    [Fact]
    public Task Delay_local_awaited_as_a_minimum_duration()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var minimum = Task.Delay(500);
                    var work = FetchAsync(ct);
                    await Task.WhenAny(work, minimum);
                    await minimum;
                    return await work;
            """));

    [Fact]
    public Task Three_tasks_or_a_collection_are_not_the_idiom()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var work = FetchAsync(ct);
                    await Task.WhenAny(work, given, Task.Delay(100));
                    var tasks = new[] { work, Task.Delay(100) };
                    await Task.WhenAny(tasks);
                    return await work;
            """));

    [Fact]
    public Task Completed_task_raced_against_a_delay()
        => Verify.VerifyAnalyzerAsync(Code("""
                    await Task.WhenAny(Task.FromResult(1), Task.Delay(100));
                    await Task.WhenAny(Task.CompletedTask, Task.Delay(100));
                    return 0;
            """));

    [Fact]
    public Task Two_delays()
        => Verify.VerifyAnalyzerAsync(Code("""
                    await Task.WhenAny(Task.Delay(100), Task.Delay(200));
                    return 0;
            """));

    [Fact]
    public Task Half_typed_race_does_not_throw()
        => Verify.VerifyAnalyzerAsync(Code("""
                    await Task.WhenAny(given, Task.{|CS1501:Delay|}());
                    return 0;
            """));
    // Seen in vs-threading's tests: the test asserts that the timer won (the work must not finish within the delay).
    // When it passes, the delay has completed: no timer is left. xUnit's Assert by its full name, stubbed here.
    private static string WithXunitAssert(string body) => Code(body) + """

        namespace Xunit
        {
            static class Assert
            {
                public static void NotSame(object expected, object actual) { }
                public static void Same(object expected, object actual) { }
            }
        }
        """;

    [Fact]
    public Task Assert_not_same_on_the_awaited_race()
        => Verify.VerifyAnalyzerAsync(WithXunitAssert("""
                    Xunit.Assert.NotSame(given, await Task.WhenAny(given, Task.Delay(1000)));
                    return 0;
            """));

    [Fact]
    public Task Assert_not_same_on_the_winner_local()
        => Verify.VerifyAnalyzerAsync(WithXunitAssert("""
                    Task winner = await Task.WhenAny(given, Task.Delay(1000));
                    Xunit.Assert.NotSame(given, winner);
                    return 0;
            """));

    // Round 10 (DotNetty's, SlimMessageBus' and the Service Bus client's tests): one race in a test leaves one timer per test
    // run, gone when it expires; reviewers rejected every such suggestion. A race in a loop of a test still piles timers up,
    // and the same race in product code is still reported.
    [Fact]
    public Task One_race_in_a_test_leaves_one_timer_per_run()
        => Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Threading.Tasks;

            namespace Xunit { public sealed class FactAttribute : Attribute { } }

            namespace Tests
            {
                using Xunit;

                public class ExecutorTests
                {
                    readonly TaskCompletionSource<int> _done = new();

                    [Fact]
                    public async Task Fires_on_time()
                    {
                        await Task.WhenAny(_done.Task, Task.Delay(1000));
                    }

                    [Fact]
                    public async Task Fires_every_time()
                    {
                        for (var i = 0; i < 100; i++)
                        {
                            await {|AG0104:Task.WhenAny(_done.Task, Task.Delay(1000))|};
                        }
                    }

                    async Task WaitForTasks(int timeout, Task task) => await Task.WhenAny(task, Task.Delay(timeout));
                }

                public class Executor
                {
                    readonly TaskCompletionSource<int> _done = new();

                    public async Task RunAsync() => await {|AG0104:Task.WhenAny(_done.Task, Task.Delay(1000))|};
                }
            }
            """);

    // Near-misses: the timer is not asserted to have won, so it may be left running.
    [Fact]
    public Task Assert_not_same_on_another_task_or_in_a_branch_is_still_reported()
        => Verify.VerifyAnalyzerAsync(WithXunitAssert("""
                    Task winner = await {|AG0104:Task.WhenAny(given, Task.Delay(1000))|};
                    Xunit.Assert.NotSame(_signal.Task, winner);
                    Task winner2 = await {|AG0104:Task.WhenAny(given, Task.Delay(1000))|};
                    if (ct.CanBeCanceled) Xunit.Assert.NotSame(given, winner2);
                    Xunit.Assert.Same(given, await {|AG0104:Task.WhenAny(given, Task.Delay(1000))|});
                    return 0;
            """));

    [Fact]
    public Task Not_same_of_a_user_type_is_still_reported()
        => Verify.VerifyAnalyzerAsync(Code("""
                    NotSame(given, await {|AG0104:Task.WhenAny(given, Task.Delay(1000))|});
                    return 0;
                }

                static void NotSame(object expected, object actual) { }
                void Unused()
                {
            """));

    // Round 12 (botbuilder's streaming tests): the raced call does its work before it returns a completed task, so nothing but
    // the 30 s timer is left when it wins: reported here in product code (AG0102 is silent). In a test project, one race is
    // silent by design (round 10), as it is in botbuilder's.
    [Fact]
    public Task Work_done_before_the_race_leaves_only_the_timer() => Verify.VerifyAnalyzerAsync(TestSources.Usings + """
        class Handler
        {
            private bool _disconnected;

            async Task ListenAsync(CancellationToken token)
            {
                await {|AG0104:Task.WhenAny(WaitForDisconnect(), Task.Delay(TimeSpan.FromSeconds(30), token))|};
            }

            private Task WaitForDisconnect()
            {
                while (!_disconnected)
                {
                    Thread.Sleep(100);
                }

                return Task.CompletedTask;
            }
        }
        """);
}
