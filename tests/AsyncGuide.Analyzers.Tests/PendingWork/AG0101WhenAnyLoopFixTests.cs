using System.Diagnostics.CodeAnalysis;
using System.Threading.Tasks;
using static AsyncGuide.Analyzers.Tests.AG0101WhenAnyLosersLeftRunningExitFixTests;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>
/// AG0101's fix for the WhenAny loop that returns or breaks with tasks pending (issue 14): the tasks' source is
/// cancelled right before each exit after the wait, then the rest's exit is awaited where that is allowed.
/// </summary>
public class AG0101WhenAnyLoopFixTests
{
    private static Task VerifyNoFixAsync([StringSyntax("C#-test")] string source) =>
        AG0101WhenAnyLosersLeftRunningExitFixTests.VerifyNoFixAsync(source, withRuntime: true);

    // ---- fixed ----

    [Fact]
    public Task Return_inside_an_if_gets_a_block_with_the_cancel_and_the_exit()
        => VerifyCancelFixAsync(
            Code("""
                    using var cts = new CancellationTokenSource();
                    var pending = new List<Task<int>> { FetchAsync(1, cts.Token), FetchAsync(2, cts.Token) };
                    while (pending.Count > 0)
                    {
                        var done = await {|AG0101:Task.WhenAny(pending)|};
                        pending.Remove(done);
                        if (await done > 0) return await done;
                    }

                    return -1;
            """),
            Code($$"""
                    using var cts = new CancellationTokenSource();
                    var pending = new List<Task<int>> { FetchAsync(1, cts.Token), FetchAsync(2, cts.Token) };
                    while (pending.Count > 0)
                    {
                        var done = await Task.WhenAny(pending);
                        pending.Remove(done);
                        if (await done > 0)
                        {
                            cts.Cancel();
                            await Task.WhenAll(pending).{{OnContext}}
                            return await done;
                        }
                    }

                    return -1;
            """));

    [Fact]
    public Task Break_in_a_block_and_a_linked_source_filled_in_a_loop()
        => VerifyCancelFixAsync(
            Code("""
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    var pending = new List<Task<int>>();
                    foreach (var id in ids) pending.Add(FetchAsync(id, cts.Token));
                    var best = 0;
                    while (pending.Count > 0)
                    {
                        var done = await {|AG0101:Task.WhenAny(pending)|}.ConfigureAwait(false);
                        pending.Remove(done);
                        best = await done.ConfigureAwait(false);
                        if (best > 10)
                        {
                            // good enough
                            break;
                        }
                    }

                    return best;
            """),
            Code("""
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    var pending = new List<Task<int>>();
                    foreach (var id in ids) pending.Add(FetchAsync(id, cts.Token));
                    var best = 0;
                    while (pending.Count > 0)
                    {
                        var done = await Task.WhenAny(pending).ConfigureAwait(false);
                        pending.Remove(done);
                        best = await done.ConfigureAwait(false);
                        if (best > 10)
                        {
                            // good enough
                            cts.Cancel();
                            await Task.WhenAll(pending).ContinueWith(t => _ = t.Exception, TaskScheduler.Default).ConfigureAwait(false);
                            break;
                        }
                    }

                    return best;
            """));

    [Fact]
    public Task Every_exit_after_the_wait_gets_the_cancel_and_a_break_of_an_inner_switch_does_not()
        => VerifyCancelFixAsync(
            Code("""
                    using var cts = new CancellationTokenSource();
                    var pending = ids.Select(id => FetchAsync(id, cts.Token)).ToList();
                    var sum = 0;
                    while (pending.Count > 0)
                    {
                        var done = await {|AG0101:Task.WhenAny(pending)|};
                        pending.Remove(done);
                        switch (await done)
                        {
                            case 0:
                                break;
                            case 1:
                                return sum;
                            default:
                                sum += await done;
                                break;
                        }

                        if (sum > 100) break;
                    }

                    return sum;
            """),
            Code($$"""
                    using var cts = new CancellationTokenSource();
                    var pending = ids.Select(id => FetchAsync(id, cts.Token)).ToList();
                    var sum = 0;
                    while (pending.Count > 0)
                    {
                        var done = await Task.WhenAny(pending);
                        pending.Remove(done);
                        switch (await done)
                        {
                            case 0:
                                break;
                            case 1:
                                cts.Cancel();
                                await Task.WhenAll(pending).{{OnContext}}
                                return sum;
                            default:
                                sum += await done;
                                break;
                        }

                        if (sum > 100)
                        {
                            cts.Cancel();
                            await Task.WhenAll(pending).{{OnContext}}
                            break;
                        }
                    }

                    return sum;
            """));

    [Fact]
    public Task Fix_all_fixes_two_loops_in_one_method()
        => VerifyCancelFixAsync(
            Code("""
                    using var first = new CancellationTokenSource();
                    var one = new List<Task<int>> { FetchAsync(1, first.Token), FetchAsync(2, first.Token) };
                    var a = 0;
                    while (one.Count > 0)
                    {
                        var done = await {|AG0101:Task.WhenAny(one)|};
                        one.Remove(done);
                        a = await done;
                        if (a > 0) break;
                    }

                    using var second = new CancellationTokenSource();
                    var two = new List<Task<int>> { FetchAsync(3, second.Token), FetchAsync(4, second.Token) };
                    while (two.Count > 0)
                    {
                        var done = await {|AG0101:Task.WhenAny(two)|};
                        two.Remove(done);
                        if (await done > a) return await done;
                    }

                    return a;
            """),
            Code($$"""
                    using var first = new CancellationTokenSource();
                    var one = new List<Task<int>> { FetchAsync(1, first.Token), FetchAsync(2, first.Token) };
                    var a = 0;
                    while (one.Count > 0)
                    {
                        var done = await Task.WhenAny(one);
                        one.Remove(done);
                        a = await done;
                        if (a > 0)
                        {
                            first.Cancel();
                            await Task.WhenAll(one).{{OnContext}}
                            break;
                        }
                    }

                    using var second = new CancellationTokenSource();
                    var two = new List<Task<int>> { FetchAsync(3, second.Token), FetchAsync(4, second.Token) };
                    while (two.Count > 0)
                    {
                        var done = await Task.WhenAny(two);
                        two.Remove(done);
                        if (await done > a)
                        {
                            second.Cancel();
                            await Task.WhenAll(two).{{OnContext}}
                            return await done;
                        }
                    }

                    return a;
            """));

    [Fact]
    public Task With_the_runtime_the_same_fix_is_offered()
        => VerifyCancelFixAsync(
            AG0101WhenAnyLosersLeftRunningTests.Code("""
                    using var cts = new CancellationTokenSource();
                    var pending = new List<Task<int>> { FetchAsync(1, cts.Token), FetchAsync(2, cts.Token) };
                    while (pending.Count > 0)
                    {
                        var done = await {|AG0101:Task.WhenAny(pending)|};
                        pending.Remove(done);
                        if (await done > 0) return 1;
                    }

                    return -1;
            """, runtime: true),
            AG0101WhenAnyLosersLeftRunningTests.Code($$"""
                    using var cts = new CancellationTokenSource();
                    var pending = new List<Task<int>> { FetchAsync(1, cts.Token), FetchAsync(2, cts.Token) };
                    while (pending.Count > 0)
                    {
                        var done = await Task.WhenAny(pending);
                        pending.Remove(done);
                        if (await done > 0)
                        {
                            cts.Cancel();
                            await Task.WhenAll(pending).{{OnContext}}
                            return 1;
                        }
                    }

                    return -1;
            """, runtime: true),
            withRuntime: true);

    // ---- no fix ----

    [Fact]
    public Task No_fix_when_the_tasks_took_the_callers_token_and_one_took_none()
        => VerifyNoFixAsync(Code("""
                    var pending = new List<Task<int>> { FetchAsync(1, ct), FetchAsync(2) };
                    while (pending.Count > 0)
                    {
                        var done = await {|AG0101:Task.WhenAny(pending)|};
                        pending.Remove(done);
                        if (await done > 0) return await done;
                    }

                    return -1;
            """));

    [Fact]
    public Task No_fix_when_some_tasks_come_from_elsewhere()
        => VerifyNoFixAsync(Code("""
                    using var cts = new CancellationTokenSource();
                    var pending = new List<Task<int>> { FetchAsync(1, cts.Token), FetchAsync(2, cts.Token) };
                    pending.AddRange(given);
                    while (pending.Count > 0)
                    {
                        var done = await {|AG0101:Task.WhenAny(pending)|};
                        pending.Remove(done);
                        if (await done > 0) return 1;
                    }

                    return -1;
            """));

    [Fact]
    public Task No_fix_when_the_source_is_used_after_the_loop()
        => VerifyNoFixAsync(Code("""
                    using var cts = new CancellationTokenSource();
                    var pending = new List<Task<int>> { FetchAsync(1, cts.Token), FetchAsync(2, cts.Token) };
                    var best = 0;
                    while (pending.Count > 0)
                    {
                        var done = await {|AG0101:Task.WhenAny(pending)|};
                        pending.Remove(done);
                        best = await done;
                        if (best > 10) break;
                    }

                    return best + await FetchAsync(3, cts.Token);
            """));

    [Fact]
    public Task No_fix_when_the_returned_value_reads_the_pending_tasks()
        => VerifyNoFixAsync(Code("""
                    using var cts = new CancellationTokenSource();
                    var pending = new List<Task<int>> { FetchAsync(1, cts.Token), FetchAsync(2, cts.Token) };
                    while (pending.Count > 0)
                    {
                        var done = await {|AG0101:Task.WhenAny(pending)|};
                        pending.Remove(done);
                        if (await done > 0) return await pending[0];
                    }

                    return -1;
            """));

    [Fact]
    public Task No_fix_when_an_outer_loop_reuses_the_source()
        => VerifyNoFixAsync(Code("""
                    using var cts = new CancellationTokenSource();
                    var best = 0;
                    foreach (var id in ids)
                    {
                        var pending = new List<Task<int>> { FetchAsync(id, cts.Token), FetchAsync(id + 1, cts.Token) };
                        while (pending.Count > 0)
                        {
                            var done = await {|AG0101:Task.WhenAny(pending)|};
                            pending.Remove(done);
                            best = await done;
                            if (best > 10) break;
                        }
                    }

                    return best;
            """));
}
