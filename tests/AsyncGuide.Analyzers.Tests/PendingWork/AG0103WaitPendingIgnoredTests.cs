using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuide.Analyzers.Tests.Infrastructure;
using AsyncGuide.CodeFixes;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0103WaitPendingIgnoredAnalyzer,
    AsyncGuide.CodeFixes.AG0103WaitPendingIgnoredCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

public class AG0103WaitPendingIgnoredTests
{
    private static string Code([StringSyntax("C#-test")] string body) => TestSources.InRunAsync(body, withRuntime: true);

    // ---- reported ----

    [Fact]
    public Task Deconstructed_pending_never_used()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var tasks = ids.Select(id => FetchAsync(id, ct)).ToList();
                    var (done, pending) = await {|AG0103:Async.Wait(tasks, ReturnWhen.FirstCompleted)|};
                    Log(pending.Count + " still running");
                    return await done[0];
            """), withRuntime: true);

    [Fact]
    public Task Pending_discarded()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var a = FetchAsync(1, ct);
                    var b = FetchAsync(2, ct);
                    var (done, _) = await {|AG0103:Async.Wait(new[] { a, b }, ReturnWhen.FirstException)|};
                    return done.Count;
            """), withRuntime: true);

    [Fact]
    public Task Result_local_only_done_and_timed_out_read()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var tasks = new List<Task<int>> { FetchAsync(1, ct), FetchAsync(2, ct) };
                    var result = await {|AG0103:Async.Wait(tasks, timeout: timeout)|};
                    if (result.TimedOut) Log("timed out, " + result.Pending.Count + " left");
                    return result.Done.Count;
            """), withRuntime: true);

    [Fact]
    public Task Pending_ignored_behind_configure_await()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var tasks = ids.Select(id => FetchAsync(id, ct)).ToList();
                    var (done, _) = await {|AG0103:Async.Wait(tasks, ReturnWhen.FirstCompleted)|}.ConfigureAwait(false);
                    var result = await {|AG0103:Async.Wait(tasks, timeout: timeout)|}.ConfigureAwait(true);
                    return await done[0] + result.Done.Count;
            """), withRuntime: true);

    [Fact]
    public Task Inline_select_pending_discarded()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var (done, _) = await {|AG0103:Async.Wait(ids.Select(id => FetchAsync(id, ct)), ReturnWhen.FirstCompleted)|};
                    return await done[0];
            """), withRuntime: true);

    // ---- not reported ----

    [Fact]
    public Task Pending_awaited_or_cancelled_through_the_result()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var tasks = ids.Select(id => FetchAsync(id, ct)).ToList();
                    var (done, pending) = await Async.Wait(tasks, ReturnWhen.FirstCompleted);
                    await Task.WhenAll(pending);
                    var result = await Async.Wait(tasks, ReturnWhen.FirstCompleted);
                    foreach (var task in result.Pending) await task;
                    return await done[0];
            """), withRuntime: true);

    [Fact]
    public Task Source_cancelled_after_the_wait()
        => Verify.VerifyAnalyzerAsync(Code("""
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    var tasks = ids.Select(id => FetchAsync(id, cts.Token)).ToList();
                    var (done, _) = await Async.Wait(tasks, ReturnWhen.FirstCompleted);
                    cts.Cancel();
                    return await done[0];
            """), withRuntime: true);

    [Fact]
    public Task Tasks_awaited_in_finally()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var tasks = ids.Select(id => FetchAsync(id, ct)).ToList();
                    try
                    {
                        var (done, _) = await Async.Wait(tasks, ReturnWhen.FirstCompleted);
                        return await done[0];
                    }
                    finally
                    {
                        await Task.WhenAll(tasks);
                    }
            """), withRuntime: true);

    [Fact]
    public Task Wait_until_all_complete_leaves_nothing_pending()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var tasks = ids.Select(id => FetchAsync(id, ct)).ToList();
                    var (done, _) = await Async.Wait(tasks);
                    var all = await Async.Wait(tasks, ReturnWhen.AllCompleted, timeout: null);
                    return done.Count + all.Done.Count;
            """), withRuntime: true);

    [Fact]
    public Task Factory_form_cancels_and_awaits_by_itself()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var operations = ids.Select(id => (Func<CancellationToken, Task<int>>)(token => FetchAsync(id, token))).ToList();
                    var (done, _) = await Async.Wait(operations, ReturnWhen.FirstCompleted);
                    return await done[0];
            """), withRuntime: true);

    [Fact]
    public Task Process_as_they_complete_with_pending()
        => Verify.VerifyAnalyzerAsync(Code("""
                    IReadOnlyList<Task<int>> pending = ids.Select(id => FetchAsync(id, ct)).ToList();
                    var sum = 0;
                    while (pending.Count > 0)
                    {
                        IReadOnlyList<Task<int>> done;
                        (done, pending) = await Async.Wait(pending, ReturnWhen.FirstCompleted);
                        foreach (var task in done) sum += await task;
                    }

                    return sum;
            """), withRuntime: true);

    [Fact]
    public Task Result_returned_or_tasks_not_visible()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var (done, _) = await Async.Wait(given, ReturnWhen.FirstCompleted);
                    return await done[0];
                }

                async Task<WaitResult<Task<int>>> HandOverAsync(int[] ids, CancellationToken ct)
                {
                    var tasks = ids.Select(id => FetchAsync(id, ct)).ToList();
                    var result = await Async.Wait(tasks, ReturnWhen.FirstCompleted);
                    return result;
            """), withRuntime: true);

    [Fact]
    public Task Half_typed_code_does_not_throw()
        => Verify.VerifyAnalyzerIgnoringCompilerErrorsAsync(Code("""
                    var tasks = ids.Select(id => FetchAsync(id, ct)).ToList()
                    var (done, pending) = await Async.Wait(tasks, ReturnWhen.FirstCompleted
                    var (x, ) = await Async.Wait(tasks, ReturnWhen.
                    var r = await Async.Wait(Missing, timeout: );
                    r.Pending.
            """), withRuntime: true);

    // ---- fix: cancel the one local source ----

    [Fact]
    public Task Fix_cancels_the_source_after_the_wait()
        => Verify.VerifyCodeFixAsync(
            Code("""
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    var tasks = ids.Select(id => FetchAsync(id, cts.Token)).ToList();
                    var (done, _) = await {|AG0103:Async.Wait(tasks, ReturnWhen.FirstCompleted)|};
                    return await done[0];
            """),
            Code("""
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    var tasks = ids.Select(id => FetchAsync(id, cts.Token)).ToList();
                    var (done, _) = await Async.Wait(tasks, ReturnWhen.FirstCompleted);
                    cts.Cancel();
                    await Task.WhenAll(tasks).ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                    return await done[0];
            """),
            withRuntime: true,
            AG0103WaitPendingIgnoredCodeFix.CancelSourceKey);

    [Fact]
    public Task Fix_all_cancels_after_each_wait()
        => Verify.VerifyCodeFixAsync(
            Code("""
                    using var first = new CancellationTokenSource();
                    var (done, pending) = await {|AG0103:Async.Wait(
                        new[] { FetchAsync(1, first.Token), FetchAsync(2, first.Token) }, ReturnWhen.FirstCompleted)|};
                    using var second = new CancellationTokenSource();
                    var result = await {|AG0103:Async.Wait(new[] { FetchAsync(3, second.Token) }, timeout: timeout)|};
                    return await done[0] + result.Done.Count;
            """),
            Code("""
                    using var first = new CancellationTokenSource();
                    var (done, pending) = await Async.Wait(
                        new[] { FetchAsync(1, first.Token), FetchAsync(2, first.Token) }, ReturnWhen.FirstCompleted);
                    first.Cancel();
                    using var second = new CancellationTokenSource();
                    var result = await Async.Wait(new[] { FetchAsync(3, second.Token) }, timeout: timeout);
                    second.Cancel();
                    return await done[0] + result.Done.Count;
            """),
            withRuntime: true,
            AG0103WaitPendingIgnoredCodeFix.CancelSourceKey);

    [Fact]
    public Task Fix_awaits_the_task_locals_off_the_context_after_configure_await_false()
        => Verify.VerifyCodeFixAsync(
            Code("""
                    using var cts = new CancellationTokenSource();
                    var a = FetchAsync(1, cts.Token);
                    var b = FetchAsync(2, cts.Token);
                    var (done, _) = await {|AG0103:Async.Wait(new[] { a, b }, ReturnWhen.FirstCompleted)|}.ConfigureAwait(false);
                    return await done[0].ConfigureAwait(false);
            """),
            Code("""
                    using var cts = new CancellationTokenSource();
                    var a = FetchAsync(1, cts.Token);
                    var b = FetchAsync(2, cts.Token);
                    var (done, _) = await Async.Wait(new[] { a, b }, ReturnWhen.FirstCompleted).ConfigureAwait(false);
                    cts.Cancel();
                    await Task.WhenAll(a, b).ContinueWith(t => _ = t.Exception, TaskScheduler.Default).ConfigureAwait(false);
                    return await done[0].ConfigureAwait(false);
            """),
            withRuntime: true,
            AG0103WaitPendingIgnoredCodeFix.CancelSourceKey);

    [Fact]
    public Task Fix_all_awaits_the_task_locals_and_only_cancels_a_lazy_sequence()
        => Verify.VerifyCodeFixAsync(
            Code("""
                    using var first = new CancellationTokenSource();
                    var a = FetchAsync(1, first.Token);
                    var b = FetchAsync(2, first.Token);
                    var result = await {|AG0103:Async.Wait(new[] { a, b }, timeout: timeout)|};
                    using var second = new CancellationTokenSource();
                    var lazy = ids.Select(id => FetchAsync(id, second.Token));
                    var (done, _) = await {|AG0103:Async.Wait(lazy, ReturnWhen.FirstCompleted)|};
                    return result.Done.Count + await done[0];
            """),
            Code("""
                    using var first = new CancellationTokenSource();
                    var a = FetchAsync(1, first.Token);
                    var b = FetchAsync(2, first.Token);
                    var result = await Async.Wait(new[] { a, b }, timeout: timeout);
                    first.Cancel();
                    await Task.WhenAll(a, b).ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                    using var second = new CancellationTokenSource();
                    var lazy = ids.Select(id => FetchAsync(id, second.Token));
                    var (done, _) = await Async.Wait(lazy, ReturnWhen.FirstCompleted);
                    second.Cancel();
                    return result.Done.Count + await done[0];
            """),
            withRuntime: true,
            AG0103WaitPendingIgnoredCodeFix.CancelSourceKey);

    [Fact]
    public Task No_fix_without_a_local_source()
    {
        var source = Code("""
                    var tasks = ids.Select(id => FetchAsync(id, ct)).ToList();
                    var (done, _) = await {|AG0103:Async.Wait(tasks, ReturnWhen.FirstCompleted)|};
                    return await done[0];
            """);
        return Verify.VerifyCodeFixAsync(source, source, withRuntime: true, AG0103WaitPendingIgnoredCodeFix.CancelSourceKey);
    }
}
