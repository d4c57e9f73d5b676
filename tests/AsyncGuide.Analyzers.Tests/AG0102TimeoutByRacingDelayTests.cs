using System.Threading;
using System.Threading.Tasks;
using AsyncGuide.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0102TimeoutByRacingDelayAnalyzer,
    AsyncGuide.CodeFixes.AG0102TimeoutByRacingDelayCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

public class AG0102TimeoutByRacingDelayTests
{
    private static string Code(string body, bool runtime = false) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;{{(runtime ? "\nusing AsyncGuide;" : "")}}

        class C
        {
            static Task<int> FetchAsync(CancellationToken cancellationToken) => Task.FromResult(1);
            static Task<int> FetchAsync() => Task.FromResult(1);
            static void Log(string message) { }
            static void Track(CancellationTokenSource source) { }

            async Task<int> RunAsync(TimeSpan timeout, CancellationToken ct)
            {
        {{body}}
            }
        }
        """;

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

    [Fact]
    public Task Nothing_running_to_cancel()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var signal = new TaskCompletionSource<int>();
                    await Task.WhenAny(signal.Task, Task.Delay(timeout));
                    await Task.WhenAny(Task.FromResult(1), Task.Delay(timeout));
                    await Task.WhenAny(Task.Delay(timeout), Task.Delay(timeout));
                    return 0;
            """));

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
    {
        var test = Verify.CreateTest(Code("""
                    var work = FetchAsync(
                    await Task.WhenAny(work, Task.Delay(
                    await Task.WhenAny(Missing(ct), Task.Delay(timeout, missing.Token))
                    var cts = new CancellationTokenSource()
                    await Task.WhenAny(FetchAsync(cts.Token), Task.Delay(timeout))
                    if (await Task.WhenAny(FetchAsync(cts.Token), Task.Delay()) == 
            """), null, withRuntime: false);
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        return test.RunAsync(CancellationToken.None);
    }

    // ---- fix: cancel the work's own token source ----

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task Fix_cancels_after_the_race_when_the_work_is_only_used_where_it_won(bool withRuntime)
        => Verify.VerifyCodeFixAsync(
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
                    var winner = await Task.WhenAny(work, Task.Delay(timeout));
                    cts.Cancel();
                    if (winner == work) return await work;
                    throw new TimeoutException();
            """),
            withRuntime,
            AG0102TimeoutByRacingDelayCodeFix.CancelSourceKey);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task Fix_cancels_in_the_else_branch(bool withRuntime)
        => Verify.VerifyCodeFixAsync(
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
                    if (await Task.WhenAny(work, Task.Delay(timeout)) == work)
                    {
                        return await work;
                    }
                    else
                    {
                        cts.Cancel();
                        Log("timed out");
                        return -1;
                    }
            """),
            withRuntime,
            AG0102TimeoutByRacingDelayCodeFix.CancelSourceKey);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task Fix_wraps_a_throwing_timeout_branch(bool withRuntime)
        => Verify.VerifyCodeFixAsync(
            Code("""
                    using var cts = new CancellationTokenSource();
                    var work = FetchAsync(cts.Token);
                    if (await {|AG0102:Task.WhenAny(work, Task.Delay(timeout))|} != work)
                        throw new TimeoutException();
                    return await work;
            """),
            Code("""
                    using var cts = new CancellationTokenSource();
                    var work = FetchAsync(cts.Token);
                    if (await Task.WhenAny(work, Task.Delay(timeout)) != work)
                    {
                        cts.Cancel();
                        throw new TimeoutException();
                    }

                    return await work;
            """),
            withRuntime,
            AG0102TimeoutByRacingDelayCodeFix.CancelSourceKey);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task Fix_all_cancels_each_race(bool withRuntime)
        => Verify.VerifyCodeFixAsync(
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
                    await Task.WhenAny(FetchAsync(first.Token), Task.Delay(timeout));
                    first.Cancel();
                    using var second = new CancellationTokenSource();
                    var work = FetchAsync(second.Token);
                    var delay = Task.Delay(timeout);
                    if (await Task.WhenAny(delay, work) == delay)
                    {
                        second.Cancel();
                        return -1;
                    }

                    return await work;
            """),
            withRuntime,
            AG0102TimeoutByRacingDelayCodeFix.CancelSourceKey);

    [Fact]
    public Task No_fix_when_the_source_is_used_after_the_race()
    {
        var source = Code("""
                    using var cts = new CancellationTokenSource();
                    var work = FetchAsync(cts.Token);
                    var winner = await {|AG0102:Task.WhenAny(work, Task.Delay(timeout))|};
                    return await FetchAsync(cts.Token);
            """);
        return Verify.VerifyCodeFixAsync(source, source);
    }

    [Fact]
    public Task No_fix_when_the_timed_out_work_is_awaited_later()
    {
        var source = Code("""
                    using var cts = new CancellationTokenSource();
                    var work = FetchAsync(cts.Token);
                    var winner = await {|AG0102:Task.WhenAny(work, Task.Delay(timeout))|};
                    if (winner != work) { Log("slow"); return await work; }
                    return 0;
            """);
        return Verify.VerifyCodeFixAsync(source, source);
    }

    [Fact]
    public Task No_fix_for_the_callers_token()
    {
        var source = Code("""
                    await {|AG0102:Task.WhenAny(FetchAsync(ct), Task.Delay(timeout))|};
                    return 0;
            """);
        return Verify.VerifyCodeFixAsync(source, source);
    }

    // ---- fix: Async.WaitFor (runtime) ----

    [Fact]
    public Task Fix_rewrites_throw_on_timeout_into_wait_for()
        => Verify.VerifyCodeFixAsync(
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
            """, runtime: true),
            withRuntime: true,
            AG0102TimeoutByRacingDelayCodeFix.UseWaitForKey);

    [Fact]
    public Task Fix_all_rewrites_each_throw_on_timeout_into_wait_for()
        => Verify.VerifyCodeFixAsync(
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
            """, runtime: true),
            withRuntime: true,
            AG0102TimeoutByRacingDelayCodeFix.UseWaitForKey);

    [Fact]
    public Task No_wait_for_fix_without_the_runtime()
    {
        var source = Code("""
                    var work = FetchAsync(ct);
                    if (await {|AG0102:Task.WhenAny(work, Task.Delay(timeout))|} != work) throw new TimeoutException();
                    return await work;
            """);
        return Verify.VerifyCodeFixAsync(source, source, withRuntime: false, AG0102TimeoutByRacingDelayCodeFix.UseWaitForKey);
    }

    [Fact]
    public Task No_wait_for_fix_when_the_shape_differs()
    {
        var source = Code("""
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
            """, runtime: true);
        return Verify.VerifyCodeFixAsync(source, source, withRuntime: true, AG0102TimeoutByRacingDelayCodeFix.UseWaitForKey);
    }

    [Fact]
    public Task Fix_in_top_level_statements()
    {
        var test = Verify.CreateTest(
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
            await Task.WhenAny(FetchAsync(cts.Token), Task.Delay(1000));
            cts.Cancel();
            await {|AG0102:Task.WhenAny(FetchAsync(CancellationToken.None), Task.Delay(1000))|};

            static Task<int> FetchAsync(CancellationToken cancellationToken) => Task.FromResult(1);
            """,
            withRuntime: false);
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        test.CodeActionEquivalenceKey = AG0102TimeoutByRacingDelayCodeFix.CancelSourceKey;
        return test.RunAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task Fix_cancels_in_the_timeout_branch_with_configure_await(bool withRuntime)
        => Verify.VerifyCodeFixAsync(
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
                    if (await Task.WhenAny(work, Task.Delay(timeout)).ConfigureAwait(false) != work)
                    {
                        cts.Cancel();
                        throw new TimeoutException();
                    }

                    return await work.ConfigureAwait(false);
            """),
            withRuntime,
            AG0102TimeoutByRacingDelayCodeFix.CancelSourceKey);
}
