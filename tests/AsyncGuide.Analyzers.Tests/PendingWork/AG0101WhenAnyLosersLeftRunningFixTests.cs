using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuide.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0101WhenAnyLosersLeftRunningAnalyzer,
    AsyncGuide.CodeFixes.AG0101WhenAnyLosersLeftRunningCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>The fixes of AG0101WhenAnyLosersLeftRunning: each with and without the runtime where both apply, and a Fix All twin.</summary>
public class AG0101WhenAnyLosersLeftRunningFixTests
{
    private static string Code([StringSyntax("C#-test")] string body, bool runtime = false) =>
        AG0101WhenAnyLosersLeftRunningTests.Code(body, runtime);

    // ---- fixes ----

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task Fix_cancels_the_one_local_source_after_the_wait(bool withRuntime)
        => Verify.VerifyCodeFixAsync(
            Code("""
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    var tasks = ids.Select(id => FetchAsync(id, cts.Token)).ToList();
                    var first = await {|AG0101:Task.WhenAny(tasks)|};
                    return await first;
            """),
            Code("""
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    var tasks = ids.Select(id => FetchAsync(id, cts.Token)).ToList();
                    var first = await Task.WhenAny(tasks);
                    cts.Cancel();
                    await Task.WhenAll(tasks).ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                    return await first;
            """),
            withRuntime,
            AG0101WhenAnyLosersLeftRunningCodeFix.CancelSourceKey);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task Fix_all_cancels_after_each_wait(bool withRuntime)
        => Verify.VerifyCodeFixAsync(
            Code("""
                    using var first = new CancellationTokenSource();
                    var a = FetchAsync(1, first.Token);
                    var b = FetchAsync(2, first.Token);
                    var winner = await {|AG0101:Task.WhenAny(a, b)|};
                    using var second = new CancellationTokenSource();
                    var token = second.Token;
                    {|AG0101:Task.WaitAny(FetchAsync(3, token), FetchAsync(4, token))|};
                    return await winner;
            """),
            Code("""
                    using var first = new CancellationTokenSource();
                    var a = FetchAsync(1, first.Token);
                    var b = FetchAsync(2, first.Token);
                    var winner = await Task.WhenAny(a, b);
                    first.Cancel();
                    await Task.WhenAll(a, b).ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                    using var second = new CancellationTokenSource();
                    var token = second.Token;
                    Task.WaitAny(FetchAsync(3, token), FetchAsync(4, token));
                    second.Cancel();
                    return await winner;
            """),
            withRuntime,
            AG0101WhenAnyLosersLeftRunningCodeFix.CancelSourceKey);

    [Fact]
    public Task Fix_rewrites_inline_calls_into_the_wait_factory_form_with_the_runtime()
        => Verify.VerifyCodeFixAsync(
            Code("""
                    var count = ids.Length;
                    var first = await {|AG0101:Task.WhenAny(FetchAsync(1, ct), FetchAsync(count, ct))|};
                    return await first;
            """),
            Code("""
                    var count = ids.Length;
                    var first = (await Async.Wait(
                        new Func<CancellationToken, Task<int>>[]
                        {
                            token => FetchAsync(1, token),
                            token => FetchAsync(count, token)
                        },
                        ReturnWhen.FirstCompleted,
                        cancellationToken: ct)).Done[0];
                    return await first;
            """, runtime: true),
            withRuntime: true,
            AG0101WhenAnyLosersLeftRunningCodeFix.UseWaitFactoryKey);

    [Fact]
    public Task Fix_all_rewrites_each_race_into_the_wait_factory_form()
        => Verify.VerifyCodeFixAsync(
            Code("""
                    var token = 5;
                    await {|AG0101:Task.WhenAny(new[] { FetchAsync(1, ct), FetchAsync(token, ct) })|};
                    using var cts = new CancellationTokenSource();
                    var winner = await {|AG0101:Task.WhenAny(FetchAsync(1, cts.Token), FetchAsync(2, cts.Token))|};
                    return await winner;
            """),
            Code("""
                    var token = 5;
                    await Async.Wait(
                        new Func<CancellationToken, Task<int>>[]
                        {
                            cancellationToken => FetchAsync(1, cancellationToken),
                            cancellationToken => FetchAsync(token, cancellationToken)
                        },
                        ReturnWhen.FirstCompleted,
                        cancellationToken: ct);
                    using var cts = new CancellationTokenSource();
                    var winner = (await Async.Wait(
                        new Func<CancellationToken, Task<int>>[]
                        {
                            cancellationToken => FetchAsync(1, cancellationToken),
                            cancellationToken => FetchAsync(2, cancellationToken)
                        },
                        ReturnWhen.FirstCompleted,
                        cancellationToken: cts.Token)).Done[0];
                    return await winner;
            """, runtime: true),
            withRuntime: true,
            AG0101WhenAnyLosersLeftRunningCodeFix.UseWaitFactoryKey);

    [Fact]
    public Task No_factory_fix_without_the_runtime_and_no_cancel_fix_for_the_callers_token()
    {
        var source = Code("""
                    var first = await {|AG0101:Task.WhenAny(FetchAsync(1, ct), FetchAsync(2, ct))|};
                    return await first;
            """);
        return Verify.VerifyCodeFixAsync(source, source, withRuntime: false, AG0101WhenAnyLosersLeftRunningCodeFix.UseWaitFactoryKey);
    }

    [Fact]
    public Task No_factory_fix_when_deferring_the_calls_could_change_them()
    {
        var source = Code("""
                    var i = 0;
                    var first = await {|AG0101:Task.WhenAny(FetchAsync(i++, ct), FetchAsync(2, ct))|};
                    var second = await {|AG0101:Task.WhenAny(FetchAsync(1, ct), FetchAsync(2, CancellationToken.None))|};
                    var third = await {|AG0101:Task.WhenAny(FetchAsync(1), FetchAsync(2))|};
                    return await first + await second + await third;
            """, runtime: true);
        return Verify.VerifyCodeFixAsync(source, source, withRuntime: true, AG0101WhenAnyLosersLeftRunningCodeFix.UseWaitFactoryKey);
    }

    [Fact]
    public Task No_cancel_fix_when_the_source_or_the_tasks_are_used_later()
    {
        var source = Code("""
                    using var cts = new CancellationTokenSource();
                    var a = FetchAsync(1, cts.Token);
                    var b = FetchAsync(2, cts.Token);
                    var first = await {|AG0101:Task.WhenAny(a, b)|};
                    if (first == a) Log(b.Status.ToString()); else await a;
                    return await FetchAsync(3, cts.Token);
            """);
        return Verify.VerifyCodeFixAsync(source, source, withRuntime: false, AG0101WhenAnyLosersLeftRunningCodeFix.CancelSourceKey);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task Fix_cancels_after_an_inline_select(bool withRuntime)
        => Verify.VerifyCodeFixAsync(
            Code("""
                    using var cts = new CancellationTokenSource();
                    var first = await {|AG0101:Task.WhenAny(ids.Select(id => FetchAsync(id, cts.Token)))|};
                    return await first;
            """),
            Code("""
                    using var cts = new CancellationTokenSource();
                    var first = await Task.WhenAny(ids.Select(id => FetchAsync(id, cts.Token)));
                    cts.Cancel();
                    return await first;
            """),
            withRuntime,
            AG0101WhenAnyLosersLeftRunningCodeFix.CancelSourceKey);
}
