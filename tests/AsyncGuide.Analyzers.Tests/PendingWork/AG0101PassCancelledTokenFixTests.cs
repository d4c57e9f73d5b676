using System.Diagnostics.CodeAnalysis;
using System.Threading.Tasks;
using AsyncGuide.Analyzers.Tests.Infrastructure;
using AsyncGuide.CodeFixes;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0101WhenAnyLosersLeftRunningAnalyzer,
    AsyncGuide.CodeFixes.AG0101WhenAnyLosersLeftRunningCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>
/// AG0101 partial cancellation (issue 14): the fix passes the cancelled source's token to the raced calls that did
/// not get it, where an overload or an optional parameter takes one; with and without the runtime, a Fix All twin.
/// </summary>
public class AG0101PassCancelledTokenFixTests
{
    private static string Code([StringSyntax("C#-test")] string body, bool runtime = false) =>
        AG0101WhenAnyLosersLeftRunningTests.Code(body, runtime);

    // ---- fixes ----

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task Fix_passes_the_token_through_the_overload_that_takes_one(bool withRuntime)
        => Verify.VerifyCodeFixAsync(
            Code("""
                    using var cts = new CancellationTokenSource();
                    var a = FetchAsync(1, cts.Token);
                    var b = FetchAsync(2);
                    var first = await {|AG0101:Task.WhenAny(a, b)|};
                    cts.Cancel();
                    return await first;
            """, withRuntime),
            Code("""
                    using var cts = new CancellationTokenSource();
                    var a = FetchAsync(1, cts.Token);
                    var b = FetchAsync(2, cts.Token);
                    var first = await Task.WhenAny(a, b);
                    cts.Cancel();
                    return await first;
            """, withRuntime),
            withRuntime,
            AG0101WhenAnyLosersLeftRunningCodeFix.PassCancelledTokenKey);

    [Fact]
    public Task Fix_escapes_a_source_named_with_a_keyword()
        => Verify.VerifyCodeFixAsync(
            Code("""
                    using var @event = new CancellationTokenSource();
                    var first = await {|AG0101:Task.WhenAny(FetchAsync(1, @event.Token), FetchAsync(2))|};
                    @event.Cancel();
                    return await first;
            """),
            Code("""
                    using var @event = new CancellationTokenSource();
                    var first = await Task.WhenAny(FetchAsync(1, @event.Token), FetchAsync(2, @event.Token));
                    @event.Cancel();
                    return await first;
            """),
            withRuntime: false,
            AG0101WhenAnyLosersLeftRunningCodeFix.PassCancelledTokenKey);

    // ---- stop-signal races: the operation gets the signal's token ----

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task Fix_passes_the_stopping_token_to_work_raced_against_the_stop_signal(bool withRuntime)
        => Verify.VerifyCodeFixAsync(
            Code("""
                    var work = FetchAsync(1);
                    await {|AG0101:Task.WhenAny(work, Task.Delay(Timeout.Infinite, ct))|};
                    return work.IsCompleted ? 1 : 0;
            """, withRuntime),
            Code("""
                    var work = FetchAsync(1, ct);
                    await Task.WhenAny(work, Task.Delay(Timeout.Infinite, ct));
                    return work.IsCompleted ? 1 : 0;
            """, withRuntime),
            withRuntime,
            AG0101WhenAnyLosersLeftRunningCodeFix.PassCancelledTokenKey);

    [Fact]
    public Task Fix_passes_a_keyword_named_stopping_token_inline()
        => Verify.VerifyCodeFixAsync(
            Code("""
                    var @checked = ct;
                    await {|AG0101:Task.WhenAny(FetchAsync(), Task.Delay(Timeout.InfiniteTimeSpan, @checked))|};
                    return 0;
            """),
            Code("""
                    var @checked = ct;
                    await Task.WhenAny(FetchAsync(@checked), Task.Delay(Timeout.InfiniteTimeSpan, @checked));
                    return 0;
            """),
            withRuntime: false,
            AG0101WhenAnyLosersLeftRunningCodeFix.PassCancelledTokenKey);

    [Fact]
    public async Task Stop_signal_work_with_another_token_gets_no_token_fix()
    {
        // Replacing CancellationToken.None would be a choice the author made: the report stays without this fix.
        var source = Code("""
                    await {|AG0101:Task.WhenAny(FetchAsync(1, CancellationToken.None), Task.Delay(Timeout.Infinite, ct))|};
                    return 0;
            """);
        var test = Verify.CreateTest(source, source, withRuntime: false);
        test.CodeActionEquivalenceKey = AG0101WhenAnyLosersLeftRunningCodeFix.PassCancelledTokenKey;
        await test.RunAsync(System.Threading.CancellationToken.None);
    }

    [Fact]
    public Task Fix_is_the_first_action_and_fills_an_empty_argument_list()
        => Verify.VerifyCodeFixAsync(
            Code("""
                    using var cts = new CancellationTokenSource();
                    var first = await {|AG0101:Task.WhenAny(FetchAsync(cts.Token), FetchAsync())|};
                    cts.Cancel();
                    return await first;
            """),
            Code("""
                    using var cts = new CancellationTokenSource();
                    var first = await Task.WhenAny(FetchAsync(cts.Token), FetchAsync(cts.Token));
                    cts.Cancel();
                    return await first;
            """));

    [Fact]
    public Task Fix_replaces_the_token_the_source_is_linked_from()
        => Verify.VerifyCodeFixAsync(
            Code("""
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    var first = await {|AG0101:Task.WhenAny(FetchAsync(1, cts.Token), FetchAsync(2, ct))|};
                    cts.Cancel();
                    return await first;
            """),
            Code("""
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    var first = await Task.WhenAny(FetchAsync(1, cts.Token), FetchAsync(2, cts.Token));
                    cts.Cancel();
                    return await first;
            """),
            withRuntime: false,
            AG0101WhenAnyLosersLeftRunningCodeFix.PassCancelledTokenKey);

    [Fact]
    public Task Fix_fills_an_optional_token_parameter_positionally_or_by_name()
        => Verify.VerifyCodeFixAsync(
            Code("""
                    static Task<int> CountAsync(int x, CancellationToken token = default) => Task.FromResult(x);
                    static Task<int> PollAsync(CancellationToken token = default, int x = 0) => Task.FromResult(x);
                    using var cts = new CancellationTokenSource();
                    var first = await {|AG0101:Task.WhenAny(FetchAsync(1, cts.Token), CountAsync(2), PollAsync(x: 3))|};
                    cts.Cancel();
                    return await first;
            """),
            Code("""
                    static Task<int> CountAsync(int x, CancellationToken token = default) => Task.FromResult(x);
                    static Task<int> PollAsync(CancellationToken token = default, int x = 0) => Task.FromResult(x);
                    using var cts = new CancellationTokenSource();
                    var first = await Task.WhenAny(FetchAsync(1, cts.Token), CountAsync(2, cts.Token), PollAsync(x: 3, token: cts.Token));
                    cts.Cancel();
                    return await first;
            """),
            withRuntime: false,
            AG0101WhenAnyLosersLeftRunningCodeFix.PassCancelledTokenKey);

    [Fact]
    public Task Fix_all_passes_the_token_in_each_race()
        => Verify.VerifyCodeFixAsync(
            Code("""
                    using var one = new CancellationTokenSource();
                    var first = await {|AG0101:Task.WhenAny(FetchAsync(1, one.Token), FetchAsync(2) /* mirror */)|};
                    one.Cancel();
                    using var two = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    var a = FetchAsync(3, two.Token);
                    var b = FetchAsync(4, ct);
                    var second = await {|AG0101:Task.WhenAny(a, b)|};
                    two.Cancel();
                    return await first + await second;
            """),
            Code("""
                    using var one = new CancellationTokenSource();
                    var first = await Task.WhenAny(FetchAsync(1, one.Token), FetchAsync(2, one.Token) /* mirror */);
                    one.Cancel();
                    using var two = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    var a = FetchAsync(3, two.Token);
                    var b = FetchAsync(4, two.Token);
                    var second = await Task.WhenAny(a, b);
                    two.Cancel();
                    return await first + await second;
            """),
            withRuntime: false,
            AG0101WhenAnyLosersLeftRunningCodeFix.PassCancelledTokenKey);

    // ---- no fix ----

    [Fact]
    public Task No_fix_for_a_call_without_an_overload_taking_a_token()
    {
        var source = Code("""
                    static Task<int> SlowAsync(int id) => Task.FromResult(id);
                    using var cts = new CancellationTokenSource();
                    var first = await {|AG0101:Task.WhenAny(FetchAsync(1, cts.Token), SlowAsync(2))|};
                    cts.Cancel();
                    return await first;
            """);
        return Verify.VerifyCodeFixAsync(source, source, withRuntime: false, AG0101WhenAnyLosersLeftRunningCodeFix.PassCancelledTokenKey);
    }

    [Fact]
    public Task No_fix_for_task_run_another_token_or_a_source_declared_after_the_call()
    {
        var source = Code("""
                    using var cts = new CancellationTokenSource();
                    var first = await {|AG0101:Task.WhenAny(FetchAsync(1, cts.Token), Task.Run(() => 2))|};
                    var second = await {|AG0101:Task.WhenAny(FetchAsync(1, cts.Token), FetchAsync(2, CancellationToken.None))|};
                    var early = FetchAsync(3);
                    using var late = new CancellationTokenSource();
                    var third = await {|AG0101:Task.WhenAny(FetchAsync(4, late.Token), early)|};
                    cts.Cancel();
                    late.Cancel();
                    return await first + await second + await third;
            """);
        return Verify.VerifyCodeFixAsync(source, source, withRuntime: false, AG0101WhenAnyLosersLeftRunningCodeFix.PassCancelledTokenKey);
    }

    [Fact]
    public Task No_fix_when_the_overload_returns_another_type_or_two_sources_are_cancelled()
    {
        var source = TestSources.Code("""
            class D
            {
                static Task<int> LoadAsync(int id) => Task.FromResult(id);
                static ValueTask<int> LoadAsync(int id, CancellationToken ct) => new(id);
                static Task<int> ReadAsync(int id, CancellationToken ct) => Task.FromResult(id);
                static Task<int> ReadAsync(int id) => Task.FromResult(id);

                async Task<int> RunAsync()
                {
                    using var cts = new CancellationTokenSource();
                    var first = await {|AG0101:Task.WhenAny(ReadAsync(1, cts.Token), LoadAsync(2))|};
                    using var one = new CancellationTokenSource();
                    using var two = new CancellationTokenSource();
                    var second = await {|AG0101:Task.WhenAny(ReadAsync(1, one.Token), ReadAsync(2, two.Token), ReadAsync(3))|};
                    cts.Cancel();
                    one.Cancel();
                    two.Cancel();
                    return await first + await second;
                }
            }
            """);
        return Verify.VerifyCodeFixAsync(source, source, withRuntime: false, AG0101WhenAnyLosersLeftRunningCodeFix.PassCancelledTokenKey);
    }

    [Fact]
    public Task Only_the_calls_with_an_overload_get_the_token_and_the_report_stays()
    {
        var source = Code("""
                    static Task<int> SlowAsync(int id) => Task.FromResult(id);
                    using var cts = new CancellationTokenSource();
                    var first = await {|AG0101:Task.WhenAny(FetchAsync(1, cts.Token), FetchAsync(2), SlowAsync(3))|};
                    cts.Cancel();
                    return await first;
            """);
        var fixedSource = Code("""
                    static Task<int> SlowAsync(int id) => Task.FromResult(id);
                    using var cts = new CancellationTokenSource();
                    var first = await {|AG0101:Task.WhenAny(FetchAsync(1, cts.Token), FetchAsync(2, cts.Token), SlowAsync(3))|};
                    cts.Cancel();
                    return await first;
            """);
        var test = Verify.CreateTest(source, fixedSource, withRuntime: false);
        test.FixedState.MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow;
        test.CodeActionEquivalenceKey = AG0101WhenAnyLosersLeftRunningCodeFix.PassCancelledTokenKey;
        return test.RunAsync(System.Threading.CancellationToken.None);
    }

    [Fact]
    public Task A_task_awaited_afterwards_is_not_given_the_token()
    {
        // b is awaited on every path: cancelling it would change what `await b` sees, and a is ended by the cancel.
        var source = Code("""
                    using var cts = new CancellationTokenSource();
                    var a = FetchAsync(1, cts.Token);
                    var b = FetchAsync(2);
                    var c = FetchAsync(3);
                    await {|AG0101:Task.WhenAny(a, b, c)|};
                    cts.Cancel();
                    return await b;
            """);
        var fixedSource = Code("""
                    using var cts = new CancellationTokenSource();
                    var a = FetchAsync(1, cts.Token);
                    var b = FetchAsync(2);
                    var c = FetchAsync(3, cts.Token);
                    await Task.WhenAny(a, b, c);
                    cts.Cancel();
                    return await b;
            """);
        return Verify.VerifyCodeFixAsync(source, fixedSource, withRuntime: false, AG0101WhenAnyLosersLeftRunningCodeFix.PassCancelledTokenKey);
    }
}
