using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuide.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0101WhenAnyLosersLeftRunningAnalyzer,
    AsyncGuide.CodeFixes.AG0101WhenAnyLosersLeftRunningCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>
/// AG0101's cancel fix awaiting the losers' exit after <c>cts.Cancel();</c>: which tasks, in which form,
/// and where it only cancels. Each positive fix test has a Fix All twin. Its helpers serve the other AG0101 fix tests too.
/// </summary>
public class AG0101WhenAnyLosersLeftRunningExitFixTests
{
    internal const string OnContext = "ContinueWith(t => _ = t.Exception, TaskScheduler.Default);";

    internal static string Code([StringSyntax("C#-test")] string body) => AG0101WhenAnyLosersLeftRunningTests.Code(body);

    internal static Task VerifyCancelFixAsync(
        [StringSyntax("C#-test")] string source, [StringSyntax("C#-test")] string fixedSource, bool withRuntime = false) =>
        Verify.VerifyCodeFixAsync(source, fixedSource, withRuntime, AG0101WhenAnyLosersLeftRunningCodeFix.CancelSourceKey);

    /// <summary>No fix changes <paramref name="source"/>, and its diagnostics are all still reported after it.</summary>
    internal static Task VerifyNoFixAsync([StringSyntax("C#-test")] string source, bool withRuntime = false) =>
        Verify.VerifyNoCodeFixAsync(source, withRuntime, diagnosticsRemain: true);

    /// <summary><see cref="VerifyCancelFixAsync"/> against .NET Standard 2.0, a target without <c>ConfigureAwaitOptions</c>.</summary>
    internal static Task VerifyCancelFixBeforeNet8Async([StringSyntax("C#-test")] string source, [StringSyntax("C#-test")] string fixedSource) =>
        Verify.VerifyCodeFixOnNetStandard20Async(source, fixedSource, AG0101WhenAnyLosersLeftRunningCodeFix.CancelSourceKey);

    // ---- the context of the wait's own await ----

    [Fact]
    public Task Fix_awaits_off_the_context_after_configure_await_false()
        => VerifyCancelFixAsync(
            Code("""
                    using var cts = new CancellationTokenSource();
                    var a = FetchAsync(1, cts.Token);
                    var b = FetchAsync(2, cts.Token);
                    var winner = await {|AG0101:Task.WhenAny(a, b)|}.ConfigureAwait(false);
                    return await winner.ConfigureAwait(false);
            """),
            Code("""
                    using var cts = new CancellationTokenSource();
                    var a = FetchAsync(1, cts.Token);
                    var b = FetchAsync(2, cts.Token);
                    var winner = await Task.WhenAny(a, b).ConfigureAwait(false);
                    cts.Cancel();
                    await Task.WhenAll(a, b).ContinueWith(t => _ = t.Exception, TaskScheduler.Default).ConfigureAwait(false);
                    return await winner.ConfigureAwait(false);
            """));

    [Fact]
    public Task Fix_all_keeps_the_context_of_each_wait()
        => VerifyCancelFixAsync(
            Code("""
                    using var first = new CancellationTokenSource();
                    var a = FetchAsync(1, first.Token);
                    var b = FetchAsync(2, first.Token);
                    var one = await {|AG0101:Task.WhenAny(a, b)|}.ConfigureAwait(false);
                    using var second = new CancellationTokenSource();
                    var c = FetchAsync(3, second.Token);
                    var d = FetchAsync(4, second.Token);
                    var two = await {|AG0101:Task.WhenAny(c, d)|}.ConfigureAwait(true);
                    return await one + await two;
            """),
            Code($$"""
                    using var first = new CancellationTokenSource();
                    var a = FetchAsync(1, first.Token);
                    var b = FetchAsync(2, first.Token);
                    var one = await Task.WhenAny(a, b).ConfigureAwait(false);
                    first.Cancel();
                    await Task.WhenAll(a, b).ContinueWith(t => _ = t.Exception, TaskScheduler.Default).ConfigureAwait(false);
                    using var second = new CancellationTokenSource();
                    var c = FetchAsync(3, second.Token);
                    var d = FetchAsync(4, second.Token);
                    var two = await Task.WhenAny(c, d).ConfigureAwait(true);
                    second.Cancel();
                    await Task.WhenAll(c, d).{{OnContext}}
                    return await one + await two;
            """));

    // ---- collection locals ----

    [Fact]
    public Task Fix_awaits_an_array_local()
        => VerifyCancelFixAsync(
            Code("""
                    using var cts = new CancellationTokenSource();
                    var tasks = new[] { FetchAsync(1, cts.Token), FetchAsync(2, cts.Token) };
                    var first = await {|AG0101:Task.WhenAny(tasks)|};
                    return await first;
            """),
            Code($$"""
                    using var cts = new CancellationTokenSource();
                    var tasks = new[] { FetchAsync(1, cts.Token), FetchAsync(2, cts.Token) };
                    var first = await Task.WhenAny(tasks);
                    cts.Cancel();
                    await Task.WhenAll(tasks).{{OnContext}}
                    return await first;
            """));

    [Fact]
    public Task Fix_all_awaits_each_list_filled_by_add_or_holding_a_task_local()
        => VerifyCancelFixAsync(
            Code("""
                    using var first = new CancellationTokenSource();
                    var list = new List<Task<int>> { FetchAsync(1, first.Token) };
                    list.Add(FetchAsync(2, first.Token));
                    var one = await {|AG0101:Task.WhenAny(list)|};
                    using var second = new CancellationTokenSource();
                    var a = FetchAsync(3, second.Token);
                    var pair = new List<Task<int>> { a, FetchAsync(5, second.Token) };
                    var two = await {|AG0101:Task.WhenAny(pair)|};
                    return await one + await two;
            """),
            Code($$"""
                    using var first = new CancellationTokenSource();
                    var list = new List<Task<int>> { FetchAsync(1, first.Token) };
                    list.Add(FetchAsync(2, first.Token));
                    var one = await Task.WhenAny(list);
                    first.Cancel();
                    await Task.WhenAll(list).{{OnContext}}
                    using var second = new CancellationTokenSource();
                    var a = FetchAsync(3, second.Token);
                    var pair = new List<Task<int>> { a, FetchAsync(5, second.Token) };
                    var two = await Task.WhenAny(pair);
                    second.Cancel();
                    await Task.WhenAll(pair).{{OnContext}}
                    return await one + await two;
            """));

    [Fact]
    public Task Fix_awaits_a_list_created_empty_and_filled_by_add()
        => VerifyCancelFixAsync(
            Code("""
                    using var cts = new CancellationTokenSource();
                    var list = new List<Task<int>>();
                    foreach (var id in ids) list.Add(FetchAsync(id, cts.Token));
                    var first = await {|AG0101:Task.WhenAny(list)|};
                    return await first;
            """),
            Code($$"""
                    using var cts = new CancellationTokenSource();
                    var list = new List<Task<int>>();
                    foreach (var id in ids) list.Add(FetchAsync(id, cts.Token));
                    var first = await Task.WhenAny(list);
                    cts.Cancel();
                    await Task.WhenAll(list).{{OnContext}}
                    return await first;
            """));

    [Fact]
    public Task Fix_only_cancels_a_lazy_sequence_or_a_collection_holding_other_tasks()
        => VerifyCancelFixAsync(
            Code("""
                    using var first = new CancellationTokenSource();
                    var lazy = ids.Select(id => FetchAsync(id, first.Token));
                    var one = await {|AG0101:Task.WhenAny(lazy)|};
                    using var second = new CancellationTokenSource();
                    var signal = new TaskCompletionSource<int>();
                    var mixed = new[] { FetchAsync(1, second.Token), FetchAsync(2, second.Token), signal.Task };
                    var two = await {|AG0101:Task.WhenAny(mixed)|};
                    return await one + await two;
            """),
            Code("""
                    using var first = new CancellationTokenSource();
                    var lazy = ids.Select(id => FetchAsync(id, first.Token));
                    var one = await Task.WhenAny(lazy);
                    first.Cancel();
                    using var second = new CancellationTokenSource();
                    var signal = new TaskCompletionSource<int>();
                    var mixed = new[] { FetchAsync(1, second.Token), FetchAsync(2, second.Token), signal.Task };
                    var two = await Task.WhenAny(mixed);
                    second.Cancel();
                    return await one + await two;
            """));

    [Fact]
    public Task Fix_all_only_cancels_lists_that_also_hold_tasks_from_elsewhere()
        => VerifyCancelFixAsync(
            Code("""
                    using var first = new CancellationTokenSource();
                    var some = given.Append(FetchAsync(1, first.Token)).ToList();
                    var one = await {|AG0101:Task.WhenAny(some)|};
                    using var second = new CancellationTokenSource();
                    var more = new List<Task<int>> { FetchAsync(2, second.Token) };
                    more.AddRange(given.Append(FetchAsync(3, second.Token)));
                    var two = await {|AG0101:Task.WhenAny(more)|};
                    return await one + await two;
            """),
            Code("""
                    using var first = new CancellationTokenSource();
                    var some = given.Append(FetchAsync(1, first.Token)).ToList();
                    var one = await Task.WhenAny(some);
                    first.Cancel();
                    using var second = new CancellationTokenSource();
                    var more = new List<Task<int>> { FetchAsync(2, second.Token) };
                    more.AddRange(given.Append(FetchAsync(3, second.Token)));
                    var two = await Task.WhenAny(more);
                    second.Cancel();
                    return await one + await two;
            """));

    // ---- Task or Task<T>: the cast ----

    [Fact]
    public Task Fix_awaits_a_pair_of_plain_tasks_without_a_cast()
        => VerifyCancelFixAsync(
            Code("""
                    using var cts = new CancellationTokenSource();
                    var a = Task.Run(() => Log("a"), cts.Token);
                    var b = Task.Run(() => Log("b"), cts.Token);
                    await {|AG0101:Task.WhenAny(a, b)|};
                    return 0;
            """),
            Code($$"""
                    using var cts = new CancellationTokenSource();
                    var a = Task.Run(() => Log("a"), cts.Token);
                    var b = Task.Run(() => Log("b"), cts.Token);
                    await Task.WhenAny(a, b);
                    cts.Cancel();
                    await Task.WhenAll(a, b).{{OnContext}}
                    return 0;
            """));

    [Fact]
    public Task Fix_all_casts_to_task_only_where_when_all_returns_a_task_of_t()
        => VerifyCancelFixAsync(
            Code("""
                    using var first = new CancellationTokenSource();
                    var a = FetchAsync(1, first.Token);
                    var b = FetchAsync(2, first.Token);
                    await {|AG0101:Task.WhenAny(a, b)|};
                    using var second = new CancellationTokenSource();
                    var c = FetchAsync(3, second.Token);
                    var d = Task.Run(() => Log("d"), second.Token);
                    await {|AG0101:Task.WhenAny(c, d)|};
                    return 0;
            """),
            Code($$"""
                    using var first = new CancellationTokenSource();
                    var a = FetchAsync(1, first.Token);
                    var b = FetchAsync(2, first.Token);
                    await Task.WhenAny(a, b);
                    first.Cancel();
                    await Task.WhenAll(a, b).{{OnContext}}
                    using var second = new CancellationTokenSource();
                    var c = FetchAsync(3, second.Token);
                    var d = Task.Run(() => Log("d"), second.Token);
                    await Task.WhenAny(c, d);
                    second.Cancel();
                    await Task.WhenAll(c, d).{{OnContext}}
                    return 0;
            """));

    // ---- which tasks: named work started with the cancelled source ----

    [Fact]
    public Task Fix_awaits_the_work_named_or_inline_not_a_signal()
        => VerifyCancelFixAsync(
            Code("""
                    using var cts = new CancellationTokenSource();
                    var stop = new TaskCompletionSource<int>();
                    var signal = stop.Task;
                    var a = FetchAsync(1, cts.Token);
                    var first = await {|AG0101:Task.WhenAny(a, FetchAsync(2, cts.Token), signal)|};
                    return await first;
            """),
            Code($$"""
                    using var cts = new CancellationTokenSource();
                    var stop = new TaskCompletionSource<int>();
                    var signal = stop.Task;
                    var a = FetchAsync(1, cts.Token);
                    var fetchTask = FetchAsync(2, cts.Token);
                    var first = await Task.WhenAny(a, fetchTask, signal);
                    cts.Cancel();
                    await Task.WhenAll(a, fetchTask).{{OnContext}}
                    return await first;
            """));

    [Fact]
    public Task Fix_all_names_inline_calls_and_only_cancels_reassigned_locals()
        => VerifyCancelFixAsync(
            Code("""
                    using var first = new CancellationTokenSource();
                    var one = await {|AG0101:Task.WhenAny(FetchAsync(1, first.Token), FetchAsync(2, first.Token))|};
                    using var second = new CancellationTokenSource();
                    var a = FetchAsync(3, second.Token);
                    var b = FetchAsync(4, second.Token);
                    a = given.First();
                    var two = await {|AG0101:Task.WhenAny(a, b)|};
                    return await one + await two;
            """),
            Code($$"""
                    using var first = new CancellationTokenSource();
                    var fetchTask = FetchAsync(1, first.Token);
                    var fetchTask2 = FetchAsync(2, first.Token);
                    var one = await Task.WhenAny(fetchTask, fetchTask2);
                    first.Cancel();
                    await Task.WhenAll(fetchTask, fetchTask2).{{OnContext}}
                    using var second = new CancellationTokenSource();
                    var a = FetchAsync(3, second.Token);
                    var b = FetchAsync(4, second.Token);
                    a = given.First();
                    var two = await Task.WhenAny(a, b);
                    second.Cancel();
                    await b.{{OnContext}}
                    return await one + await two;
            """));

    // ---- where await is not legal or not meant: cancel only ----

    [Fact]
    public Task Fix_only_cancels_in_a_sync_method()
        => VerifyCancelFixAsync(
            Code("""
                    return 0;
                }

                int Run(CancellationToken ct)
                {
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    var a = FetchAsync(1, cts.Token);
                    var b = FetchAsync(2, cts.Token);
                    var winner = {|AG0101:Task.WhenAny(a, b)|}.Result;
                    return winner.Result;
            """),
            Code("""
                    return 0;
                }

                int Run(CancellationToken ct)
                {
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    var a = FetchAsync(1, cts.Token);
                    var b = FetchAsync(2, cts.Token);
                    var winner = Task.WhenAny(a, b).Result;
                    cts.Cancel();
                    return winner.Result;
            """));

    [Fact]
    public Task Fix_all_only_cancels_blocking_waits_and_non_constant_contexts()
        => VerifyCancelFixAsync(
            Code("""
                    using var first = new CancellationTokenSource();
                    var a = FetchAsync(1, first.Token);
                    var b = FetchAsync(2, first.Token);
                    {|AG0101:Task.WaitAny(a, b)|};
                    using var second = new CancellationTokenSource();
                    var c = FetchAsync(3, second.Token);
                    var d = FetchAsync(4, second.Token);
                    var winner = await {|AG0101:Task.WhenAny(c, d)|}.ConfigureAwait(ids.Length > 0);
                    return await winner;
            """),
            Code("""
                    using var first = new CancellationTokenSource();
                    var a = FetchAsync(1, first.Token);
                    var b = FetchAsync(2, first.Token);
                    Task.WaitAny(a, b);
                    first.Cancel();
                    using var second = new CancellationTokenSource();
                    var c = FetchAsync(3, second.Token);
                    var d = FetchAsync(4, second.Token);
                    var winner = await Task.WhenAny(c, d).ConfigureAwait(ids.Length > 0);
                    second.Cancel();
                    return await winner;
            """));

    [Fact]
    public Task Fix_only_cancels_in_a_lock_body()
        => VerifyCancelFixAsync(
            Code("""
                    using var cts = new CancellationTokenSource();
                    var a = FetchAsync(1, cts.Token);
                    var b = FetchAsync(2, cts.Token);
                    Task<int> winner;
                    lock (ids)
                    {
                        winner = {|AG0101:Task.WhenAny(a, b)|}.Result;
                    }

                    return await winner;
            """),
            Code("""
                    using var cts = new CancellationTokenSource();
                    var a = FetchAsync(1, cts.Token);
                    var b = FetchAsync(2, cts.Token);
                    Task<int> winner;
                    lock (ids)
                    {
                        winner = Task.WhenAny(a, b).Result;
                        cts.Cancel();
                    }

                    return await winner;
            """));

    [Fact]
    public Task Fix_adds_no_second_await_to_a_lock_body_that_already_has_one()
        // Half-written code: the await in the lock is already an error (CS1996); the fix must not add another.
        => VerifyCancelFixAsync(
            Code("""
                    using var cts = new CancellationTokenSource();
                    var a = FetchAsync(1, cts.Token);
                    var b = FetchAsync(2, cts.Token);
                    lock (ids)
                    {
                        var winner = {|CS1996:await {|AG0101:Task.WhenAny(a, b)|}|};
                    }

                    return 0;
            """),
            Code("""
                    using var cts = new CancellationTokenSource();
                    var a = FetchAsync(1, cts.Token);
                    var b = FetchAsync(2, cts.Token);
                    lock (ids)
                    {
                        var winner = {|CS1996:await Task.WhenAny(a, b)|};
                        cts.Cancel();
                    }

                    return 0;
            """));

    // ---- the file's usings ----

    [Fact]
    public Task Fix_keeps_the_names_qualified_without_a_tasks_using()
        => VerifyCancelFixAsync(
            """
            using System.Threading;

            class C
            {
                static System.Threading.Tasks.Task<int> FetchAsync(int id, CancellationToken cancellationToken) =>
                    System.Threading.Tasks.Task.FromResult(id);

                async System.Threading.Tasks.Task<int> RunAsync()
                {
                    using var cts = new CancellationTokenSource();
                    var a = FetchAsync(1, cts.Token);
                    var b = FetchAsync(2, cts.Token);
                    var first = await {|AG0101:System.Threading.Tasks.Task.WhenAny(a, b)|};
                    return await first;
                }
            }
            """,
            """
            using System.Threading;

            class C
            {
                static System.Threading.Tasks.Task<int> FetchAsync(int id, CancellationToken cancellationToken) =>
                    System.Threading.Tasks.Task.FromResult(id);

                async System.Threading.Tasks.Task<int> RunAsync()
                {
                    using var cts = new CancellationTokenSource();
                    var a = FetchAsync(1, cts.Token);
                    var b = FetchAsync(2, cts.Token);
                    var first = await System.Threading.Tasks.Task.WhenAny(a, b);
                    cts.Cancel();
                    await System.Threading.Tasks.Task.WhenAll(a, b).ContinueWith(t => _ = t.Exception, System.Threading.Tasks.TaskScheduler.Default);
                    return await first;
                }
            }
            """);

    // ---- targets without ConfigureAwaitOptions (before .NET 8) ----

    [Fact]
    public Task Fix_observes_through_continue_with_before_net8()
        => VerifyCancelFixBeforeNet8Async(
            Code("""
                    using var cts = new CancellationTokenSource();
                    var a = FetchAsync(1, cts.Token);
                    var b = FetchAsync(2, cts.Token);
                    var first = await {|AG0101:Task.WhenAny(a, b)|};
                    return await first;
            """),
            Code("""
                    using var cts = new CancellationTokenSource();
                    var a = FetchAsync(1, cts.Token);
                    var b = FetchAsync(2, cts.Token);
                    var first = await Task.WhenAny(a, b);
                    cts.Cancel();
                    await Task.WhenAll(a, b).ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                    return await first;
            """));

    [Fact]
    public Task Fix_all_observes_through_continue_with_keeping_configure_await_false_and_free_names()
        => VerifyCancelFixBeforeNet8Async(
            Code("""
                    using var first = new CancellationTokenSource();
                    var tasks = ids.Select(id => FetchAsync(id, first.Token)).ToList();
                    var one = await {|AG0101:Task.WhenAny(tasks)|}.ConfigureAwait(false);
                    using var second = new CancellationTokenSource();
                    var a = FetchAsync(1, second.Token);
                    var b = FetchAsync(2, second.Token);
                    var t = await {|AG0101:Task.WhenAny(a, b)|};
                    return await one + await t;
            """),
            Code("""
                    using var first = new CancellationTokenSource();
                    var tasks = ids.Select(id => FetchAsync(id, first.Token)).ToList();
                    var one = await Task.WhenAny(tasks).ConfigureAwait(false);
                    first.Cancel();
                    await Task.WhenAll(tasks).ContinueWith(t2 => _ = t2.Exception, TaskScheduler.Default).ConfigureAwait(false);
                    using var second = new CancellationTokenSource();
                    var a = FetchAsync(1, second.Token);
                    var b = FetchAsync(2, second.Token);
                    var t = await Task.WhenAny(a, b);
                    second.Cancel();
                    await Task.WhenAll(a, b).ContinueWith(t2 => _ = t2.Exception, TaskScheduler.Default);
                    return await one + await t;
            """));
}
