using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuide.Analyzers.Tests.Infrastructure;
using AsyncGuide.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0102TimeoutByRacingDelayAnalyzer,
    AsyncGuide.CodeFixes.AG0102TimeoutByRacingDelayCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>The fixes of AG0102TimeoutByRacingDelay: each with and without the runtime where both apply, and a Fix All twin.</summary>
public class AG0102TimeoutByRacingDelayFixTests
{
    private static string Code([StringSyntax("C#-test")] string body, bool runtime = false) => AG0102TimeoutByRacingDelayTests.Code(body, runtime);

    private static Task VerifyCancelFixAsync(
        [StringSyntax("C#-test")] string source, [StringSyntax("C#-test")] string fixedSource, bool withRuntime = false) =>
        Verify.VerifyCodeFixAsync(source, fixedSource, withRuntime, AG0102TimeoutByRacingDelayCodeFix.CancelSourceKey);

    /// <summary><see cref="VerifyCancelFixAsync"/> against .NET Standard 2.0, a target without <c>ConfigureAwaitOptions</c>.</summary>
    private static Task VerifyCancelFixBeforeNet8Async([StringSyntax("C#-test")] string source, [StringSyntax("C#-test")] string fixedSource) =>
        Verify.VerifyCodeFixOnNetStandard20Async(source, fixedSource, AG0102TimeoutByRacingDelayCodeFix.CancelSourceKey);

    private static Task VerifyWaitForFixAsync([StringSyntax("C#-test")] string source, [StringSyntax("C#-test")] string fixedSource) =>
        Verify.VerifyCodeFixAsync(source, fixedSource, withRuntime: true, AG0102TimeoutByRacingDelayCodeFix.UseWaitForKey);

    // ---- fix: cancel the work's own token source ----

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task Fix_cancels_after_the_race_when_the_work_is_only_used_where_it_won(bool withRuntime)
        => VerifyCancelFixAsync(
            Code("""
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    var work = FetchAsync(cts.Token);
                    var winner = await {|AG0102:Task.WhenAny(work, Task.Delay(timeout))|};
                    if (winner == work) return await work;
                    throw new TimeoutException();
            """),
            Code("""
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    var work = FetchAsync(cts.Token);
                    using var delayCts = new CancellationTokenSource();
                    var winner = await Task.WhenAny(work, Task.Delay(timeout, delayCts.Token));
                    delayCts.Cancel();
                    cts.Cancel();
                    await work.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                    if (winner == work) return await work;
                    throw new TimeoutException();
            """),
            withRuntime);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task Fix_cancels_in_the_else_branch(bool withRuntime)
        => VerifyCancelFixAsync(
            Code("""
                    using var cts = new CancellationTokenSource();
                    var work = FetchAsync(cts.Token);
                    if (await {|AG0102:Task.WhenAny(work, Task.Delay(timeout))|} == work)
                    {
                        return await work;
                    }
                    else
                    {
                        Log("timed out");
                        return -1;
                    }
            """),
            Code("""
                    using var cts = new CancellationTokenSource();
                    var work = FetchAsync(cts.Token);
                    using var delayCts = new CancellationTokenSource();
                    if (await Task.WhenAny(work, Task.Delay(timeout, delayCts.Token)) == work)
                    {
                        delayCts.Cancel();
                        return await work;
                    }
                    else
                    {
                        cts.Cancel();
                        await work.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                        Log("timed out");
                        return -1;
                    }
            """),
            withRuntime);

    // The throwing timeout branch, fixed alike on .NET 8 (with and without the runtime) and before it.
    private const string ThrowingTimeoutBefore = """
                    using var cts = new CancellationTokenSource();
                    var work = FetchAsync(cts.Token);
                    if (await {|AG0102:Task.WhenAny(work, Task.Delay(timeout))|} != work)
                        throw new TimeoutException();
                    return await work;
            """;

    private const string ThrowingTimeoutAfter = """
                    using var cts = new CancellationTokenSource();
                    var work = FetchAsync(cts.Token);
                    using var delayCts = new CancellationTokenSource();
                    if (await Task.WhenAny(work, Task.Delay(timeout, delayCts.Token)) != work)
                    {
                        cts.Cancel();
                        await work.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                        throw new TimeoutException();
                    }

                    delayCts.Cancel();
                    return await work;
            """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task Fix_wraps_a_throwing_timeout_branch(bool withRuntime)
        => VerifyCancelFixAsync(
            Code(ThrowingTimeoutBefore),
            Code(ThrowingTimeoutAfter),
            withRuntime);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task Fix_all_cancels_each_race(bool withRuntime)
        => VerifyCancelFixAsync(
            Code("""
                    using var first = new CancellationTokenSource();
                    await {|AG0102:Task.WhenAny(FetchAsync(first.Token), Task.Delay(timeout))|};
                    using var second = new CancellationTokenSource();
                    var work = FetchAsync(second.Token);
                    var delay = Task.Delay(timeout);
                    if (await {|AG0102:Task.WhenAny(delay, work)|} == delay) return -1;
                    return await work;
            """),
            Code("""
                    using var first = new CancellationTokenSource();
                    var fetchTask = FetchAsync(first.Token);
                    using var delayCts = new CancellationTokenSource();
                    await Task.WhenAny(fetchTask, Task.Delay(timeout, delayCts.Token));
                    delayCts.Cancel();
                    first.Cancel();
                    await fetchTask.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                    using var second = new CancellationTokenSource();
                    var work = FetchAsync(second.Token);
                    using var delayCts2 = new CancellationTokenSource();
                    var delay = Task.Delay(timeout, delayCts2.Token);
                    if (await Task.WhenAny(delay, work) == delay)
                    {
                        second.Cancel();
                        await work.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                        return -1;
                    }

                    delayCts2.Cancel();
                    return await work;
            """),
            withRuntime);

    [Fact]
    public Task No_fix_when_the_source_is_used_after_the_race()
        => Verify.VerifyNoCodeFixAsync(Code("""
                    using var cts = new CancellationTokenSource();
                    var work = FetchAsync(cts.Token);
                    var winner = await {|AG0102:Task.WhenAny(work, Task.Delay(timeout))|};
                    return await FetchAsync(cts.Token);
            """));

    [Fact]
    public Task No_fix_when_the_timed_out_work_is_awaited_later()
        => Verify.VerifyNoCodeFixAsync(Code("""
                    using var cts = new CancellationTokenSource();
                    var work = FetchAsync(cts.Token);
                    var winner = await {|AG0102:Task.WhenAny(work, Task.Delay(timeout))|};
                    if (winner != work) { Log("slow"); return await work; }
                    return 0;
            """));

    [Fact]
    public Task No_fix_for_the_callers_token()
        => Verify.VerifyNoCodeFixAsync(Code("""
                    await {|AG0102:Task.WhenAny(FetchAsync(ct), Task.Delay(timeout))|};
                    return 0;
            """));

    // ---- fix: cancel, then await the work's exit ----

    [Fact]
    public Task Fix_awaits_the_work_named_or_inline_never_the_timer()
        => VerifyCancelFixAsync(
            Code("""
                    using var first = new CancellationTokenSource();
                    var work = FetchAsync(first.Token);
                    var delay = Task.Delay(timeout);
                    var winner = await {|AG0102:Task.WhenAny(delay, work)|};
                    if (winner == delay) return -1;
                    using var second = new CancellationTokenSource();
                    await {|AG0102:Task.WhenAny(FetchAsync(second.Token), Task.Delay(timeout))|};
                    return await work;
            """),
            Code("""
                    using var first = new CancellationTokenSource();
                    var work = FetchAsync(first.Token);
                    using var delayCts = new CancellationTokenSource();
                    var delay = Task.Delay(timeout, delayCts.Token);
                    var winner = await Task.WhenAny(delay, work);
                    delayCts.Cancel();
                    first.Cancel();
                    await work.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                    if (winner == delay) return -1;
                    using var second = new CancellationTokenSource();
                    var fetchTask = FetchAsync(second.Token);
                    using var delayCts2 = new CancellationTokenSource();
                    await Task.WhenAny(fetchTask, Task.Delay(timeout, delayCts2.Token));
                    delayCts2.Cancel();
                    second.Cancel();
                    await fetchTask.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                    return await work;
            """));

    [Fact]
    public Task Fix_names_inline_work_raced_against_a_delay_local()
        => VerifyCancelFixAsync(
            Code("""
                    using var cts = new CancellationTokenSource();
                    var delay = Task.Delay(timeout);
                    if (await {|AG0102:Task.WhenAny(FetchAsync(cts.Token), delay)|} == delay)
                    {
                        return -1;
                    }

                    return 0;
            """),
            Code("""
                    using var cts = new CancellationTokenSource();
                    using var delayCts = new CancellationTokenSource();
                    var delay = Task.Delay(timeout, delayCts.Token);
                    var fetchTask = FetchAsync(cts.Token);
                    if (await Task.WhenAny(fetchTask, delay) == delay)
                    {
                        cts.Cancel();
                        await fetchTask.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                        return -1;
                    }

                    delayCts.Cancel();
                    return 0;
            """));

    // ---- the timer is ended too: the fixed race is not AG0104's report ----

    private const string TimerEndedBefore = """
                    using var cts = new CancellationTokenSource();
                    var report = FetchAsync(cts.Token);
                    if (await {|AG0102:Task.WhenAny(report, Task.Delay(TimeSpan.FromSeconds(1), ct))|} != report)
                    {
                        return -1;
                    }

                    return await report;
            """;

    private const string TimerEndedAfter = """
                    using var cts = new CancellationTokenSource();
                    var report = FetchAsync(cts.Token);
                    using var delayCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    if (await Task.WhenAny(report, Task.Delay(TimeSpan.FromSeconds(1), delayCts.Token)) != report)
                    {
                        cts.Cancel();
                        await report.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                        return -1;
                    }

                    delayCts.Cancel();
                    return await report;
            """;

    [Fact]
    public Task Fix_cancels_the_timer_where_the_work_won_linked_to_the_delay_token()
        => VerifyCancelFixAsync(
            Code(TimerEndedBefore), Code(TimerEndedAfter));

    [Fact]
    public async Task Fixed_race_leaves_nothing_for_AG0104_or_AG0102()
    {
        await CSharpCodeFixVerifier<AG0104TimerLeftRunningAnalyzer, AG0104TimerLeftRunningCodeFix>.VerifyAnalyzerAsync(Code(TimerEndedAfter));
        await Verify.VerifyAnalyzerAsync(Code(TimerEndedAfter));

        // Before the fix the race is AG0102's alone (one report per race).
        await CSharpCodeFixVerifier<AG0104TimerLeftRunningAnalyzer, AG0104TimerLeftRunningCodeFix>.VerifyAnalyzerAsync(
            Code(TimerEndedBefore.Replace("{|AG0102:", "").Replace(")|}", ")")));
    }

    [Fact]
    public Task Fix_keeps_a_timer_local_awaited_elsewhere_running()
        => VerifyCancelFixAsync(
            Code("""
                    using var cts = new CancellationTokenSource();
                    var work = FetchAsync(cts.Token);
                    var minimum = Task.Delay(timeout);
                    if (await {|AG0102:Task.WhenAny(work, minimum)|} == minimum)
                    {
                        return -1;
                    }

                    await minimum;
                    return await work;
            """),
            Code("""
                    using var cts = new CancellationTokenSource();
                    var work = FetchAsync(cts.Token);
                    var minimum = Task.Delay(timeout);
                    if (await Task.WhenAny(work, minimum) == minimum)
                    {
                        cts.Cancel();
                        await work.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                        return -1;
                    }

                    await minimum;
                    return await work;
            """));

    [Fact]
    public Task Fix_all_names_inline_work_in_each_race_but_not_after_a_timer_started_first()
        => VerifyCancelFixAsync(
            Code("""
                    using var first = new CancellationTokenSource();
                    var delay = Task.Delay(timeout);
                    if (await {|AG0102:Task.WhenAny(delay, FetchAsync(first.Token))|}.ConfigureAwait(false) != delay)
                        Log("in time");
                    else
                        return -1;

                    using var second = new CancellationTokenSource();
                    await {|AG0102:Task.WhenAny(FetchAsync(second.Token), Task.Delay(timeout))|};
                    using var third = new CancellationTokenSource();
                    await {|AG0102:Task.WhenAny(Task.Delay(timeout), FetchAsync(third.Token))|};
                    return 0;
            """),
            Code("""
                    using var first = new CancellationTokenSource();
                    using var delayCts = new CancellationTokenSource();
                    var delay = Task.Delay(timeout, delayCts.Token);
                    var fetchTask = FetchAsync(first.Token);
                    if (await Task.WhenAny(delay, fetchTask).ConfigureAwait(false) != delay)
                    {
                        delayCts.Cancel();
                        Log("in time");
                    }
                    else
                    {
                        first.Cancel();
                        await fetchTask.ContinueWith(t => _ = t.Exception, TaskScheduler.Default).ConfigureAwait(false);
                        return -1;
                    }

                    using var second = new CancellationTokenSource();
                    var fetchTask2 = FetchAsync(second.Token);
                    using var delayCts2 = new CancellationTokenSource();
                    await Task.WhenAny(fetchTask2, Task.Delay(timeout, delayCts2.Token));
                    delayCts2.Cancel();
                    second.Cancel();
                    await fetchTask2.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                    using var third = new CancellationTokenSource();
                    using var delayCts3 = new CancellationTokenSource();
                    await Task.WhenAny(Task.Delay(timeout, delayCts3.Token), FetchAsync(third.Token));
                    delayCts3.Cancel();
                    third.Cancel();
                    return 0;
            """));

    [Fact]
    public Task Fix_observes_inline_work_through_continue_with_before_net8()
        => VerifyCancelFixBeforeNet8Async(
            Code("""
                    using var cts = new CancellationTokenSource();
                    var winner = await {|AG0102:Task.WhenAny(FetchAsync(cts.Token), Task.Delay(timeout))|};
                    return winner.IsCompleted ? 1 : 0;
            """),
            Code("""
                    using var cts = new CancellationTokenSource();
                    var fetchTask = FetchAsync(cts.Token);
                    using var delayCts = new CancellationTokenSource();
                    var winner = await Task.WhenAny(fetchTask, Task.Delay(timeout, delayCts.Token));
                    delayCts.Cancel();
                    cts.Cancel();
                    await fetchTask.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                    return winner.IsCompleted ? 1 : 0;
            """));

    [Fact]
    public Task Fix_all_observes_inline_work_through_continue_with_before_net8()
        => VerifyCancelFixBeforeNet8Async(
            Code("""
                    using var first = new CancellationTokenSource();
                    await {|AG0102:Task.WhenAny(FetchAsync(first.Token), Task.Delay(timeout))|}.ConfigureAwait(false);
                    using var second = new CancellationTokenSource();
                    await {|AG0102:Task.WhenAny(new[] { FetchAsync(second.Token), Task.Delay(timeout) })|};
                    return 0;
            """),
            Code("""
                    using var first = new CancellationTokenSource();
                    var fetchTask = FetchAsync(first.Token);
                    using var delayCts = new CancellationTokenSource();
                    await Task.WhenAny(fetchTask, Task.Delay(timeout, delayCts.Token)).ConfigureAwait(false);
                    delayCts.Cancel();
                    first.Cancel();
                    await fetchTask.ContinueWith(t => _ = t.Exception, TaskScheduler.Default).ConfigureAwait(false);
                    using var second = new CancellationTokenSource();
                    var fetchTask2 = FetchAsync(second.Token);
                    using var delayCts2 = new CancellationTokenSource();
                    await Task.WhenAny(new[] { fetchTask2, Task.Delay(timeout, delayCts2.Token) });
                    delayCts2.Cancel();
                    second.Cancel();
                    await fetchTask2.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                    return 0;
            """));

    [Fact]
    public Task Fix_observes_through_continue_with_before_net8()
        => VerifyCancelFixBeforeNet8Async(
            Code(ThrowingTimeoutBefore),
            Code(ThrowingTimeoutAfter));

    [Fact]
    public Task Fix_all_observes_through_continue_with_before_net8()
        => VerifyCancelFixBeforeNet8Async(
            Code("""
                    using var first = new CancellationTokenSource();
                    var a = FetchAsync(first.Token);
                    if (await {|AG0102:Task.WhenAny(a, Task.Delay(timeout))|}.ConfigureAwait(false) == a)
                    {
                        Log("in time");
                    }
                    else
                    {
                        return -1;
                    }

                    using var second = new CancellationTokenSource();
                    var b = FetchAsync(second.Token);
                    var winner = await {|AG0102:Task.WhenAny(b, Task.Delay(timeout))|};
                    if (winner != b) throw new TimeoutException();
                    return await a + await b;
            """),
            Code("""
                    using var first = new CancellationTokenSource();
                    var a = FetchAsync(first.Token);
                    using var delayCts = new CancellationTokenSource();
                    if (await Task.WhenAny(a, Task.Delay(timeout, delayCts.Token)).ConfigureAwait(false) == a)
                    {
                        delayCts.Cancel();
                        Log("in time");
                    }
                    else
                    {
                        first.Cancel();
                        await a.ContinueWith(t => _ = t.Exception, TaskScheduler.Default).ConfigureAwait(false);
                        return -1;
                    }

                    using var second = new CancellationTokenSource();
                    var b = FetchAsync(second.Token);
                    using var delayCts2 = new CancellationTokenSource();
                    var winner = await Task.WhenAny(b, Task.Delay(timeout, delayCts2.Token));
                    delayCts2.Cancel();
                    second.Cancel();
                    await b.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                    if (winner != b) throw new TimeoutException();
                    return await a + await b;
            """));

    [Fact]
    public Task Fix_all_awaits_the_work_in_top_level_statements()
        => Verify.VerifyTopLevelCodeFixAsync(
            """
            using System.Threading;
            using System.Threading.Tasks;

            using var first = new CancellationTokenSource();
            var a = FetchAsync(first.Token);
            await {|AG0102:Task.WhenAny(a, Task.Delay(1000))|};
            using var second = new CancellationTokenSource();
            var b = FetchAsync(second.Token);
            await {|AG0102:Task.WhenAny(b, Task.Delay(1000))|}.ConfigureAwait(false);

            static Task<int> FetchAsync(CancellationToken cancellationToken) => Task.FromResult(1);
            """,
            """
            using System.Threading;
            using System.Threading.Tasks;

            using var first = new CancellationTokenSource();
            var a = FetchAsync(first.Token);
            await Task.WhenAny(a, Task.Delay(1000));
            first.Cancel();
            await a.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            using var second = new CancellationTokenSource();
            var b = FetchAsync(second.Token);
            await Task.WhenAny(b, Task.Delay(1000)).ConfigureAwait(false);
            second.Cancel();
            await b.ContinueWith(t => _ = t.Exception, TaskScheduler.Default).ConfigureAwait(false);

            static Task<int> FetchAsync(CancellationToken cancellationToken) => Task.FromResult(1);
            """,
            AG0102TimeoutByRacingDelayCodeFix.CancelSourceKey);

    // ---- fix: Async.WaitFor (runtime) ----

    [Fact]
    public Task Fix_rewrites_throw_on_timeout_into_wait_for()
        => VerifyWaitForFixAsync(
            Code("""
                    Log("start");
                    var work = FetchAsync(ct);
                    if (await {|AG0102:Task.WhenAny(work, Task.Delay(timeout))|} != work)
                        throw new TimeoutException();
                    return await work;
            """),
            Code("""
                    Log("start");
                    return await Async.WaitFor(token => FetchAsync(token), timeout, ct);
            """, runtime: true));

    [Fact]
    public Task Fix_all_rewrites_each_throw_on_timeout_into_wait_for()
        => VerifyWaitForFixAsync(
            Code("""
                    var first = FetchAsync(cancellationToken: ct);
                    if (await {|AG0102:Task.WhenAny(first, Task.Delay(timeout))|} != first)
                    {
                        throw new TimeoutException();
                    }
                    var a = await first;
                    var second = FetchAsync(ct);
                    if (await {|AG0102:Task.WhenAny(new[] { Task.Delay(timeout), second })|} != second) throw new TimeoutException();
                    var b = await second;
                    return a + b;
            """),
            Code("""
                    var a = await Async.WaitFor(token => FetchAsync(cancellationToken: token), timeout, ct);
                    var b = await Async.WaitFor(token => FetchAsync(token), timeout, ct);
                    return a + b;
            """, runtime: true));

    [Fact]
    public Task Fix_rewrites_a_delay_in_milliseconds_into_wait_for_with_a_time_span()
        => VerifyWaitForFixAsync(
            Code("""
                    var work = FetchAsync(ct);
                    if (await {|AG0102:Task.WhenAny(work, Task.Delay(5000))|} != work) throw new TimeoutException();
                    return await work;
            """),
            Code("""
                    return await Async.WaitFor(token => FetchAsync(token), TimeSpan.FromMilliseconds(5000), ct);
            """, runtime: true));

    [Fact]
    public Task Fix_all_rewrites_each_delay_in_milliseconds()
        => VerifyWaitForFixAsync(
            Code("""
                    var ms = ids.Length * 100;
                    var first = FetchAsync(ct);
                    if (await {|AG0102:Task.WhenAny(first, Task.Delay(ms))|} != first) throw new TimeoutException();
                    var a = await first;
                    var second = FetchAsync(ct);
                    if (await {|AG0102:Task.WhenAny(Task.Delay(timeout), second)|} != second) throw new TimeoutException();
                    var b = await second;
                    return a + b;
            """),
            Code("""
                    var ms = ids.Length * 100;
                    var a = await Async.WaitFor(token => FetchAsync(token), TimeSpan.FromMilliseconds(ms), ct);
                    var b = await Async.WaitFor(token => FetchAsync(token), timeout, ct);
                    return a + b;
            """, runtime: true));

    [Fact]
    public Task No_wait_for_fix_without_the_runtime()
        => Verify.VerifyNoCodeFixAsync(Code("""
                    var work = FetchAsync(ct);
                    if (await {|AG0102:Task.WhenAny(work, Task.Delay(timeout))|} != work) throw new TimeoutException();
                    return await work;
            """), withRuntime: false, AG0102TimeoutByRacingDelayCodeFix.UseWaitForKey);

    [Fact]
    public Task No_wait_for_fix_when_the_shape_differs()
        => Verify.VerifyNoCodeFixAsync(Code("""
                    var custom = FetchAsync(ct);
                    if (await {|AG0102:Task.WhenAny(custom, Task.Delay(timeout))|} != custom) throw new TimeoutException("slow");
                    var a = await custom;
                    var gap = FetchAsync(ct);
                    if (await {|AG0102:Task.WhenAny(gap, Task.Delay(timeout))|} != gap) throw new TimeoutException();
                    Log("between");
                    var b = await gap;
                    var noToken = FetchAsync();
                    if (await {|AG0102:Task.WhenAny(noToken, Task.Delay(timeout))|} != noToken) throw new TimeoutException();
                    var c = await noToken;
                    var cancellable = FetchAsync(ct);
                    if (await {|AG0102:Task.WhenAny(cancellable, Task.Delay(timeout, ct))|} != cancellable) throw new TimeoutException();
                    return a + b + c + await cancellable;
            """, runtime: true), withRuntime: true, AG0102TimeoutByRacingDelayCodeFix.UseWaitForKey);

    [Fact]
    public Task Fix_in_top_level_statements()
    {
        var test = Verify.CreateTopLevelTest(
            """
            using System.Threading;
            using System.Threading.Tasks;

            using var cts = new CancellationTokenSource();
            await {|AG0102:Task.WhenAny(FetchAsync(cts.Token), Task.Delay(1000))|};
            await {|AG0102:Task.WhenAny(FetchAsync(CancellationToken.None), Task.Delay(1000))|};

            static Task<int> FetchAsync(CancellationToken cancellationToken) => Task.FromResult(1);
            """,
            """
            using System.Threading;
            using System.Threading.Tasks;

            using var cts = new CancellationTokenSource();
            var fetchTask = FetchAsync(cts.Token);
            await Task.WhenAny(fetchTask, Task.Delay(1000));
            cts.Cancel();
            await fetchTask.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            await {|AG0102:Task.WhenAny(FetchAsync(CancellationToken.None), Task.Delay(1000))|};

            static Task<int> FetchAsync(CancellationToken cancellationToken) => Task.FromResult(1);
            """,
            AG0102TimeoutByRacingDelayCodeFix.CancelSourceKey);
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        return test.RunAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task Fix_cancels_in_the_timeout_branch_with_configure_await(bool withRuntime)
        => VerifyCancelFixAsync(
            Code("""
                    using var cts = new CancellationTokenSource();
                    var work = FetchAsync(cts.Token);
                    if (await {|AG0102:Task.WhenAny(work, Task.Delay(timeout))|}.ConfigureAwait(false) != work)
                    {
                        throw new TimeoutException();
                    }

                    return await work.ConfigureAwait(false);
            """),
            Code("""
                    using var cts = new CancellationTokenSource();
                    var work = FetchAsync(cts.Token);
                    using var delayCts = new CancellationTokenSource();
                    if (await Task.WhenAny(work, Task.Delay(timeout, delayCts.Token)).ConfigureAwait(false) != work)
                    {
                        cts.Cancel();
                        await work.ContinueWith(t => _ = t.Exception, TaskScheduler.Default).ConfigureAwait(false);
                        throw new TimeoutException();
                    }

                    delayCts.Cancel();
                    return await work.ConfigureAwait(false);
            """),
            withRuntime);
}
