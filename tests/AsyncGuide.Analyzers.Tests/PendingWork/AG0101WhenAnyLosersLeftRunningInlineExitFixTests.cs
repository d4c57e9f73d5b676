using System.Threading.Tasks;
using AsyncGuide.CodeFixes;
using static AsyncGuide.Analyzers.Tests.AG0101WhenAnyLosersLeftRunningExitFixTests;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0101WhenAnyLosersLeftRunningAnalyzer,
    AsyncGuide.CodeFixes.AG0101WhenAnyLosersLeftRunningCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>
/// AG0101's cancel fix with raced calls written inline: it declares them as locals right before the wait's
/// statement and awaits their exit like named tasks, or, where moving them could change what is evaluated
/// when, only cancels. Each positive fix test has a Fix All twin. The helpers (<c>Code</c>, <c>OnContext</c>, the cancel
/// fix's verifiers) are <see cref="AG0101WhenAnyLosersLeftRunningExitFixTests"/>'s.
/// </summary>
public class AG0101WhenAnyLosersLeftRunningInlineExitFixTests
{
    // ---- hoisted and awaited ----

    [Fact]
    public Task Fix_names_two_inline_calls_and_awaits_them()
        => VerifyCancelFixAsync(
            Code("""
                    using var cts = new CancellationTokenSource();
                    // the first answer wins
                    var first = await {|AG0101:Task.WhenAny(FetchAsync(1, cts.Token), FetchAsync(2, cts.Token))|};
                    return await first;
            """),
            Code($$"""
                    using var cts = new CancellationTokenSource();
                    // the first answer wins
                    var fetchTask = FetchAsync(1, cts.Token);
                    var fetchTask2 = FetchAsync(2, cts.Token);
                    var first = await Task.WhenAny(fetchTask, fetchTask2);
                    cts.Cancel();
                    await Task.WhenAll(fetchTask, fetchTask2).{{OnContext}}
                    return await first;
            """));

    [Fact]
    public Task Fix_all_names_the_calls_of_each_race_apart()
        => VerifyCancelFixAsync(
            Code("""
                    using var one = new CancellationTokenSource();
                    var a = await {|AG0101:Task.WhenAny(FetchAsync(1, one.Token), FetchAsync(2, one.Token))|};
                    using var two = new CancellationTokenSource();
                    await {|AG0101:Task.WhenAny(FetchAsync(3, two.Token), Task.Run(() => Log("x"), two.Token))|};
                    return await a;
            """),
            Code($$"""
                    using var one = new CancellationTokenSource();
                    var fetchTask = FetchAsync(1, one.Token);
                    var fetchTask2 = FetchAsync(2, one.Token);
                    var a = await Task.WhenAny(fetchTask, fetchTask2);
                    one.Cancel();
                    await Task.WhenAll(fetchTask, fetchTask2).{{OnContext}}
                    using var two = new CancellationTokenSource();
                    var fetchTask3 = FetchAsync(3, two.Token);
                    var runTask = Task.Run(() => Log("x"), two.Token);
                    await Task.WhenAny(fetchTask3, runTask);
                    two.Cancel();
                    await Task.WhenAll(fetchTask3, runTask).{{OnContext}}
                    return await a;
            """));

    [Fact]
    public Task Fix_all_names_the_calls_of_races_in_adjacent_statements()
        => VerifyCancelFixAsync(
            Code("""
                    using var one = new CancellationTokenSource();
                    using var two = new CancellationTokenSource();
                    var a = await {|AG0101:Task.WhenAny(FetchAsync(1, one.Token), FetchAsync(2, one.Token))|};
                    var b = await {|AG0101:Task.WhenAny(FetchAsync(3, two.Token), FetchAsync(4, two.Token))|};
                    return await a + await b;
            """),
            Code($$"""
                    using var one = new CancellationTokenSource();
                    using var two = new CancellationTokenSource();
                    var fetchTask = FetchAsync(1, one.Token);
                    var fetchTask2 = FetchAsync(2, one.Token);
                    var a = await Task.WhenAny(fetchTask, fetchTask2);
                    one.Cancel();
                    await Task.WhenAll(fetchTask, fetchTask2).{{OnContext}}
                    var fetchTask3 = FetchAsync(3, two.Token);
                    var fetchTask4 = FetchAsync(4, two.Token);
                    var b = await Task.WhenAny(fetchTask3, fetchTask4);
                    two.Cancel();
                    await Task.WhenAll(fetchTask3, fetchTask4).{{OnContext}}
                    return await a + await b;
            """));

    [Fact]
    public Task Fix_names_the_calls_of_a_race_in_a_nested_block_after_a_comment()
        => VerifyCancelFixAsync(
            Code("""
                    using var cts = new CancellationTokenSource();
                    if (ids.Length > 0)
                    {

                        // race the two replicas
                        var first = await {|AG0101:Task.WhenAny(
                            FetchAsync(1, cts.Token),
                            FetchAsync(2, cts.Token))|}; // first wins
                        return await first;
                    }

                    return 0;
            """),
            Code($$"""
                    using var cts = new CancellationTokenSource();
                    if (ids.Length > 0)
                    {

                        // race the two replicas
                        var fetchTask = FetchAsync(1, cts.Token);
                        var fetchTask2 = FetchAsync(2, cts.Token);
                        var first = await Task.WhenAny(
                            fetchTask,
                            fetchTask2); // first wins
                        cts.Cancel();
                        await Task.WhenAll(fetchTask, fetchTask2).{{OnContext}}
                        return await first;
                    }

                    return 0;
            """));

    [Fact]
    public Task Fix_names_the_calls_of_an_inline_array()
        => VerifyCancelFixAsync(
            Code("""
                    using var cts = new CancellationTokenSource();
                    var first = await {|AG0101:Task.WhenAny(new[] { FetchAsync(1, cts.Token), FetchAsync(2, cts.Token) })|};
                    return await first;
            """),
            Code($$"""
                    using var cts = new CancellationTokenSource();
                    var fetchTask = FetchAsync(1, cts.Token);
                    var fetchTask2 = FetchAsync(2, cts.Token);
                    var first = await Task.WhenAny(new[] { fetchTask, fetchTask2 });
                    cts.Cancel();
                    await Task.WhenAll(fetchTask, fetchTask2).{{OnContext}}
                    return await first;
            """));

    [Fact]
    public Task Fix_all_names_the_calls_of_typed_arrays_assigned_to_a_local()
        => VerifyCancelFixAsync(
            Code("""
                    Task<int> winner;
                    using var one = new CancellationTokenSource();
                    winner = await {|AG0101:Task.WhenAny(new Task<int>[] { FetchAsync(1, one.Token), FetchAsync(2, one.Token) })|};
                    var fetchTask = winner;
                    using var two = new CancellationTokenSource();
                    winner = await {|AG0101:Task.WhenAny(new Task<int>[] { FetchAsync(3, two.Token), FetchAsync(4, two.Token) })|};
                    return await fetchTask + await winner;
            """),
            Code($$"""
                    Task<int> winner;
                    using var one = new CancellationTokenSource();
                    var fetchTask2 = FetchAsync(1, one.Token);
                    var fetchTask3 = FetchAsync(2, one.Token);
                    winner = await Task.WhenAny(new Task<int>[] { fetchTask2, fetchTask3 });
                    one.Cancel();
                    await Task.WhenAll(fetchTask2, fetchTask3).{{OnContext}}
                    var fetchTask = winner;
                    using var two = new CancellationTokenSource();
                    var fetchTask4 = FetchAsync(3, two.Token);
                    var fetchTask5 = FetchAsync(4, two.Token);
                    winner = await Task.WhenAny(new Task<int>[] { fetchTask4, fetchTask5 });
                    two.Cancel();
                    await Task.WhenAll(fetchTask4, fetchTask5).{{OnContext}}
                    return await fetchTask + await winner;
            """));

    [Fact]
    public Task Fix_awaits_off_the_context_after_configure_await_false()
        => VerifyCancelFixAsync(
            Code("""
                    using var cts = new CancellationTokenSource();
                    var first = await {|AG0101:Task.WhenAny(FetchAsync(1, cts.Token), FetchAsync(2, cts.Token))|}.ConfigureAwait(false);
                    return await first.ConfigureAwait(false);
            """),
            Code("""
                    using var cts = new CancellationTokenSource();
                    var fetchTask = FetchAsync(1, cts.Token);
                    var fetchTask2 = FetchAsync(2, cts.Token);
                    var first = await Task.WhenAny(fetchTask, fetchTask2).ConfigureAwait(false);
                    cts.Cancel();
                    await Task.WhenAll(fetchTask, fetchTask2).ContinueWith(t => _ = t.Exception, TaskScheduler.Default).ConfigureAwait(false);
                    return await first.ConfigureAwait(false);
            """));

    [Fact]
    public Task Fix_all_keeps_the_context_of_each_wait_with_inline_calls()
        => VerifyCancelFixAsync(
            Code("""
                    using var one = new CancellationTokenSource();
                    var a = await {|AG0101:Task.WhenAny(FetchAsync(1, one.Token), FetchAsync(2, one.Token))|}.ConfigureAwait(false);
                    using var two = new CancellationTokenSource();
                    var b = await {|AG0101:Task.WhenAny(FetchAsync(3, two.Token), FetchAsync(4, two.Token))|}.ConfigureAwait(true);
                    return await a + await b;
            """),
            Code($$"""
                    using var one = new CancellationTokenSource();
                    var fetchTask = FetchAsync(1, one.Token);
                    var fetchTask2 = FetchAsync(2, one.Token);
                    var a = await Task.WhenAny(fetchTask, fetchTask2).ConfigureAwait(false);
                    one.Cancel();
                    await Task.WhenAll(fetchTask, fetchTask2).ContinueWith(t => _ = t.Exception, TaskScheduler.Default).ConfigureAwait(false);
                    using var two = new CancellationTokenSource();
                    var fetchTask3 = FetchAsync(3, two.Token);
                    var fetchTask4 = FetchAsync(4, two.Token);
                    var b = await Task.WhenAny(fetchTask3, fetchTask4).ConfigureAwait(true);
                    two.Cancel();
                    await Task.WhenAll(fetchTask3, fetchTask4).{{OnContext}}
                    return await a + await b;
            """));

    [Fact]
    public Task Fix_names_the_inline_call_raced_after_a_local()
        => VerifyCancelFixAsync(
            Code("""
                    using var cts = new CancellationTokenSource();
                    var a = FetchAsync(1, cts.Token);
                    var first = await {|AG0101:Task.WhenAny(a, FetchAsync(2, cts.Token))|};
                    return await first;
            """),
            Code($$"""
                    using var cts = new CancellationTokenSource();
                    var a = FetchAsync(1, cts.Token);
                    var fetchTask = FetchAsync(2, cts.Token);
                    var first = await Task.WhenAny(a, fetchTask);
                    cts.Cancel();
                    await Task.WhenAll(a, fetchTask).{{OnContext}}
                    return await first;
            """));

    [Fact]
    public Task Fix_all_names_inline_calls_next_to_locals_in_either_order()
        => VerifyCancelFixAsync(
            Code("""
                    using var one = new CancellationTokenSource();
                    var a = FetchAsync(1, one.Token);
                    var x = await {|AG0101:Task.WhenAny(a, FetchAsync(2, one.Token))|};
                    using var two = new CancellationTokenSource();
                    var b = FetchAsync(3, two.Token);
                    var y = await {|AG0101:Task.WhenAny(FetchAsync(4, two.Token), b)|};
                    return await x + await y;
            """),
            Code($$"""
                    using var one = new CancellationTokenSource();
                    var a = FetchAsync(1, one.Token);
                    var fetchTask = FetchAsync(2, one.Token);
                    var x = await Task.WhenAny(a, fetchTask);
                    one.Cancel();
                    await Task.WhenAll(a, fetchTask).{{OnContext}}
                    using var two = new CancellationTokenSource();
                    var b = FetchAsync(3, two.Token);
                    var fetchTask2 = FetchAsync(4, two.Token);
                    var y = await Task.WhenAny(fetchTask2, b);
                    two.Cancel();
                    await Task.WhenAll(fetchTask2, b).{{OnContext}}
                    return await x + await y;
            """));

    [Fact]
    public Task Fix_keeps_inline_a_call_that_also_waits_on_a_task_from_elsewhere()
        => VerifyCancelFixAsync(
            Code("""
                    using var cts = new CancellationTokenSource();
                    var first = await {|AG0101:Task.WhenAny(FetchAsync(1, cts.Token), Task.Run(() => given.First(), cts.Token))|};
                    return await first;
            """),
            Code($$"""
                    using var cts = new CancellationTokenSource();
                    var fetchTask = FetchAsync(1, cts.Token);
                    var first = await Task.WhenAny(fetchTask, Task.Run(() => given.First(), cts.Token));
                    cts.Cancel();
                    await fetchTask.{{OnContext}}
                    return await first;
            """));

    // ---- before .NET 8 ----

    [Fact]
    public Task Fix_observes_named_inline_calls_through_continue_with_before_net8()
        => VerifyCancelFixBeforeNet8Async(
            Code("""
                    using var cts = new CancellationTokenSource();
                    var first = await {|AG0101:Task.WhenAny(FetchAsync(1, cts.Token), FetchAsync(2, cts.Token))|};
                    return await first;
            """),
            Code("""
                    using var cts = new CancellationTokenSource();
                    var fetchTask = FetchAsync(1, cts.Token);
                    var fetchTask2 = FetchAsync(2, cts.Token);
                    var first = await Task.WhenAny(fetchTask, fetchTask2);
                    cts.Cancel();
                    await Task.WhenAll(fetchTask, fetchTask2).ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                    return await first;
            """));

    [Fact]
    public Task Fix_all_observes_named_inline_calls_through_continue_with_before_net8()
        => VerifyCancelFixBeforeNet8Async(
            Code("""
                    using var one = new CancellationTokenSource();
                    var a = await {|AG0101:Task.WhenAny(new[] { FetchAsync(1, one.Token), FetchAsync(2, one.Token) })|}.ConfigureAwait(false);
                    using var two = new CancellationTokenSource();
                    var b = await {|AG0101:Task.WhenAny(FetchAsync(3, two.Token), FetchAsync(4, two.Token))|};
                    return await a + await b;
            """),
            Code("""
                    using var one = new CancellationTokenSource();
                    var fetchTask = FetchAsync(1, one.Token);
                    var fetchTask2 = FetchAsync(2, one.Token);
                    var a = await Task.WhenAny(new[] { fetchTask, fetchTask2 }).ConfigureAwait(false);
                    one.Cancel();
                    await Task.WhenAll(fetchTask, fetchTask2).ContinueWith(t => _ = t.Exception, TaskScheduler.Default).ConfigureAwait(false);
                    using var two = new CancellationTokenSource();
                    var fetchTask3 = FetchAsync(3, two.Token);
                    var fetchTask4 = FetchAsync(4, two.Token);
                    var b = await Task.WhenAny(fetchTask3, fetchTask4);
                    two.Cancel();
                    await Task.WhenAll(fetchTask3, fetchTask4).ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                    return await a + await b;
            """));

    // ---- top-level statements ----

    [Fact]
    public Task Fix_all_names_inline_calls_in_top_level_statements()
        => Verify.VerifyTopLevelCodeFixAsync(
            """
            using System.Threading;
            using System.Threading.Tasks;

            using var one = new CancellationTokenSource();
            var a = await {|AG0101:Task.WhenAny(FetchAsync(1, one.Token), FetchAsync(2, one.Token))|};
            using var two = new CancellationTokenSource();
            var b = await {|AG0101:Task.WhenAny(FetchAsync(3, two.Token), FetchAsync(4, two.Token))|}.ConfigureAwait(false);
            System.Console.WriteLine(await a + await b);

            static Task<int> FetchAsync(int id, CancellationToken cancellationToken) => Task.FromResult(id);
            """,
            """
            using System.Threading;
            using System.Threading.Tasks;

            using var one = new CancellationTokenSource();
            var fetchTask = FetchAsync(1, one.Token);
            var fetchTask2 = FetchAsync(2, one.Token);
            var a = await Task.WhenAny(fetchTask, fetchTask2);
            one.Cancel();
            await Task.WhenAll(fetchTask, fetchTask2).ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            using var two = new CancellationTokenSource();
            var fetchTask3 = FetchAsync(3, two.Token);
            var fetchTask4 = FetchAsync(4, two.Token);
            var b = await Task.WhenAny(fetchTask3, fetchTask4).ConfigureAwait(false);
            two.Cancel();
            await Task.WhenAll(fetchTask3, fetchTask4).ContinueWith(t => _ = t.Exception, TaskScheduler.Default).ConfigureAwait(false);
            System.Console.WriteLine(await a + await b);

            static Task<int> FetchAsync(int id, CancellationToken cancellationToken) => Task.FromResult(id);
            """,
            AG0101WhenAnyLosersLeftRunningCodeFix.CancelSourceKey);

    // ---- cancel only: moving the calls could change what is evaluated when ----

    [Fact]
    public Task Fix_only_cancels_when_the_statement_evaluates_something_first()
        => VerifyCancelFixAsync(
            Code("""
                    using var cts = new CancellationTokenSource();
                    var id = ids.Sum() + (await {|AG0101:Task.WhenAny(FetchAsync(1, cts.Token), FetchAsync(2, cts.Token))|}).Id;
                    return id;
            """),
            Code("""
                    using var cts = new CancellationTokenSource();
                    var id = ids.Sum() + (await Task.WhenAny(FetchAsync(1, cts.Token), FetchAsync(2, cts.Token))).Id;
                    cts.Cancel();
                    return id;
            """));

    [Fact]
    public Task Fix_all_only_cancels_where_a_property_is_read_before_the_calls_or_the_result_is_used_in_place()
        => VerifyCancelFixAsync(
            Code("""
                    var stop = new TaskCompletionSource<int>();
                    using var one = new CancellationTokenSource();
                    var a = await {|AG0101:Task.WhenAny(stop.Task, FetchAsync(1, one.Token), FetchAsync(2, one.Token))|};
                    using var two = new CancellationTokenSource();
                    var id = (await {|AG0101:Task.WhenAny(FetchAsync(3, two.Token), FetchAsync(4, two.Token))|}).Id;
                    return await a + id;
            """),
            Code("""
                    var stop = new TaskCompletionSource<int>();
                    using var one = new CancellationTokenSource();
                    var a = await Task.WhenAny(stop.Task, FetchAsync(1, one.Token), FetchAsync(2, one.Token));
                    one.Cancel();
                    using var two = new CancellationTokenSource();
                    var id = (await Task.WhenAny(FetchAsync(3, two.Token), FetchAsync(4, two.Token))).Id;
                    two.Cancel();
                    return await a + id;
            """));

    [Fact]
    public Task Fix_names_the_calls_raced_before_a_property_read()
        => VerifyCancelFixAsync(
            Code("""
                    var stop = new TaskCompletionSource<int>();
                    using var cts = new CancellationTokenSource();
                    var first = await {|AG0101:Task.WhenAny(FetchAsync(1, cts.Token), FetchAsync(2, cts.Token), stop.Task)|};
                    return await first;
            """),
            Code($$"""
                    var stop = new TaskCompletionSource<int>();
                    using var cts = new CancellationTokenSource();
                    var fetchTask = FetchAsync(1, cts.Token);
                    var fetchTask2 = FetchAsync(2, cts.Token);
                    var first = await Task.WhenAny(fetchTask, fetchTask2, stop.Task);
                    cts.Cancel();
                    await Task.WhenAll(fetchTask, fetchTask2).{{OnContext}}
                    return await first;
            """));

    [Fact]
    public Task Fix_all_only_cancels_after_a_call_that_stays_inline_or_a_local_assigned_again()
        => VerifyCancelFixAsync(
            Code("""
                    using var one = new CancellationTokenSource();
                    var a = await {|AG0101:Task.WhenAny(Task.Run(() => given.First(), one.Token), FetchAsync(1, one.Token))|};
                    using var two = new CancellationTokenSource();
                    var b = FetchAsync(2, two.Token);
                    b = FetchAsync(3, two.Token);
                    var c = await {|AG0101:Task.WhenAny(b, FetchAsync(4, two.Token))|};
                    return await a + await c;
            """),
            Code("""
                    using var one = new CancellationTokenSource();
                    var a = await Task.WhenAny(Task.Run(() => given.First(), one.Token), FetchAsync(1, one.Token));
                    one.Cancel();
                    using var two = new CancellationTokenSource();
                    var b = FetchAsync(2, two.Token);
                    b = FetchAsync(3, two.Token);
                    var c = await Task.WhenAny(b, FetchAsync(4, two.Token));
                    two.Cancel();
                    return await a + await c;
            """));

    [Fact]
    public Task Fix_only_cancels_a_call_declaring_a_variable_or_an_inline_select()
        => VerifyCancelFixAsync(
            Code("""
                    using var one = new CancellationTokenSource();
                    var a = await {|AG0101:Task.WhenAny(FetchAsync(int.TryParse("1", out var n) ? n : 0, one.Token), FetchAsync(2, one.Token))|};
                    using var two = new CancellationTokenSource();
                    var b = await {|AG0101:Task.WhenAny(ids.Select(id => FetchAsync(id, two.Token)).ToArray())|};
                    return await a + await b + n;
            """),
            Code("""
                    using var one = new CancellationTokenSource();
                    var a = await Task.WhenAny(FetchAsync(int.TryParse("1", out var n) ? n : 0, one.Token), FetchAsync(2, one.Token));
                    one.Cancel();
                    using var two = new CancellationTokenSource();
                    var b = await Task.WhenAny(ids.Select(id => FetchAsync(id, two.Token)).ToArray());
                    two.Cancel();
                    return await a + await b + n;
            """));

    [Fact]
    public Task Fix_only_cancels_inline_calls_in_a_sync_method()
        => VerifyCancelFixAsync(
            Code("""
                    return 0;
                }

                int Run()
                {
                    using var cts = new CancellationTokenSource();
                    var winner = {|AG0101:Task.WhenAny(FetchAsync(1, cts.Token), FetchAsync(2, cts.Token))|}.Result;
                    return winner.Result;
            """),
            Code("""
                    return 0;
                }

                int Run()
                {
                    using var cts = new CancellationTokenSource();
                    var winner = Task.WhenAny(FetchAsync(1, cts.Token), FetchAsync(2, cts.Token)).Result;
                    cts.Cancel();
                    return winner.Result;
            """));

    [Fact]
    public Task No_cancel_fix_when_an_inline_call_has_another_token()
    {
        var source = Code("""
                    using var cts = new CancellationTokenSource();
                    var first = await {|AG0101:Task.WhenAny(FetchAsync(1, cts.Token), FetchAsync(2, ct))|};
                    return await first;
            """);
        return VerifyCancelFixAsync(source, source);
    }
}
