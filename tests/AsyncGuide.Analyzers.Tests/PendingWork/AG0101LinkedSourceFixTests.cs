using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuide.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using static AsyncGuide.Analyzers.Tests.AG0101WhenAnyLosersLeftRunningExitFixTests;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0101WhenAnyLosersLeftRunningAnalyzer,
    AsyncGuide.CodeFixes.AG0101WhenAnyLosersLeftRunningCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>
/// AG0101's cancel fix when the raced tasks take only the caller's token (issue 14): a source linked to it scopes the
/// statements from the first raced start to the block's end (<c>using (…) { … }</c>, C# 7.3 syntax), its token replaces
/// the caller's in the raced calls, and it is cancelled after the wait or before each exit of a WhenAny loop.
/// </summary>
public class AG0101LinkedSourceFixTests
{
    /// <summary>The cancel fix, with the diagnostics marked in <paramref name="fixedSource"/> still reported after it.</summary>
    private static Task VerifyFixKeepingDiagnosticsAsync([StringSyntax("C#-test")] string source, [StringSyntax("C#-test")] string fixedSource)
    {
        var test = Verify.CreateTest(source, fixedSource, withRuntime: false);
        test.CodeActionEquivalenceKey = AG0101WhenAnyLosersLeftRunningCodeFix.CancelSourceKey;
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task The_linked_source_compiles_against_netstandard2_0_too()
        => VerifyCancelFixBeforeNet8Async(
            Code("""
                    var a = FetchAsync(1, ct);
                    var b = FetchAsync(2, ct);
                    var first = await {|AG0101:Task.WhenAny(a, b)|};
                    return await first;
            """),
            Code("""
                    using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct))
                    {
                        var a = FetchAsync(1, cts.Token);
                        var b = FetchAsync(2, cts.Token);
                        var first = await Task.WhenAny(a, b);
                        cts.Cancel();
                        await Task.WhenAll(a, b).ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                        return await first;
                    }
            """));

    [Fact]
    public Task Task_locals_get_a_linked_source_cancelled_after_the_wait()
        => VerifyCancelFixAsync(
            Code("""
                    // two mirrors
                    var a = FetchAsync(1, ct);
                    var b = FetchAsync(2, ct);
                    var first = await {|AG0101:Task.WhenAny(a, b)|};
                    return await first;
            """),
            Code($$"""
                    using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct))
                    {
                        // two mirrors
                        var a = FetchAsync(1, cts.Token);
                        var b = FetchAsync(2, cts.Token);
                        var first = await Task.WhenAny(a, b);
                        cts.Cancel();
                        await Task.WhenAll(a, b).{{OnContext}}
                        return await first;
                    }
            """));

    [Fact]
    public Task Inline_calls_are_named_and_a_taken_name_is_not_reused()
        => VerifyCancelFixAsync(
            Code("""
                    var cts = 0;
                    var first = await {|AG0101:Task.WhenAny(FetchAsync(1, ct), FetchAsync(cts, ct))|};
                    return await first;
            """),
            Code($$"""
                    var cts = 0;
                    using (var linkedCts = CancellationTokenSource.CreateLinkedTokenSource(ct))
                    {
                        var fetchTask = FetchAsync(1, linkedCts.Token);
                        var fetchTask2 = FetchAsync(cts, linkedCts.Token);
                        var first = await Task.WhenAny(fetchTask, fetchTask2);
                        linkedCts.Cancel();
                        await Task.WhenAll(fetchTask, fetchTask2).{{OnContext}}
                        return await first;
                    }
            """));

    [Fact]
    public Task A_WhenAny_loop_over_a_list_filled_in_a_foreach()
        => VerifyCancelFixAsync(
            Code("""
                    var pending = new List<Task<int>>();
                    foreach (var id in ids) pending.Add(FetchAsync(id, ct));
                    while (pending.Count > 0)
                    {
                        var done = await {|AG0101:Task.WhenAny(pending)|};
                        pending.Remove(done);
                        if (await done > 10) return await done;
                    }

                    return -1;
            """),
            Code($$"""
                    var pending = new List<Task<int>>();
                    using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct))
                    {
                        foreach (var id in ids) pending.Add(FetchAsync(id, cts.Token));
                        while (pending.Count > 0)
                        {
                            var done = await Task.WhenAny(pending);
                            pending.Remove(done);
                            if (await done > 10)
                            {
                                cts.Cancel();
                                await Task.WhenAll(pending).{{OnContext}}
                                return await done;
                            }
                        }

                        return -1;
                    }
            """));

    [Fact]
    public Task Fix_all_links_one_source_per_race_and_only_the_last_race_of_a_block()
        => VerifyFixKeepingDiagnosticsAsync(
            Code("""
                    var total = 0;
                    if (ids.Length > 1)
                    {
                        var tasks = ids.Select(id => FetchAsync(id, ct)).ToList();
                        var first = await {|AG0101:Task.WhenAny(tasks)|};
                        total += await first;
                    }

                    var early = ids.Select(id => FetchAsync(id + 1, ct)).ToList();
                    var winner = await {|AG0101:Task.WhenAny(early)|};
                    var more = ids.Select(id => FetchAsync(id + 2, ct)).ToList();
                    var second = await {|AG0101:Task.WhenAny(more)|};
                    return total + await winner + await second;
            """),
            Code($$"""
                    var total = 0;
                    if (ids.Length > 1)
                    {
                        using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct))
                        {
                            var tasks = ids.Select(id => FetchAsync(id, cts.Token)).ToList();
                            var first = await Task.WhenAny(tasks);
                            cts.Cancel();
                            await Task.WhenAll(tasks).{{OnContext}}
                            total += await first;
                        }
                    }

                    var early = ids.Select(id => FetchAsync(id + 1, ct)).ToList();
                    var winner = await {|AG0101:Task.WhenAny(early)|};
                    using (var cts3 = CancellationTokenSource.CreateLinkedTokenSource(ct))
                    {
                        var more = ids.Select(id => FetchAsync(id + 2, cts3.Token)).ToList();
                        var second = await Task.WhenAny(more);
                        cts3.Cancel();
                        await Task.WhenAll(more).{{OnContext}}
                        return total + await winner + await second;
                    }
            """));

    [Fact]
    public Task No_linked_source_when_a_task_takes_no_token_or_another_one()
        => VerifyNoFixAsync(Code("""
                    var a = FetchAsync(1, ct);
                    var b = FetchAsync(2);
                    var first = await {|AG0101:Task.WhenAny(a, b)|};
                    var c = FetchAsync(3, ct);
                    var d = FetchAsync(4, CancellationToken.None);
                    var second = await {|AG0101:Task.WhenAny(c, d)|};
                    return await first + await second;
            """));

    [Fact]
    public Task No_linked_source_when_the_tasks_are_started_outside_the_loop_of_the_wait_or_the_token_comes_later()
        => VerifyNoFixAsync(Code("""
                    var a = FetchAsync(1, ct);
                    var token = ct;
                    var b = FetchAsync(2, token);
                    var first = await {|AG0101:Task.WhenAny(a, b)|};
                    var c = FetchAsync(3, ct);
                    var d = FetchAsync(4, ct);
                    foreach (var id in ids)
                    {
                        var next = await {|AG0101:Task.WhenAny(c, d)|};
                        Log(next.Id.ToString());
                    }

                    return await first;
            """));
}
