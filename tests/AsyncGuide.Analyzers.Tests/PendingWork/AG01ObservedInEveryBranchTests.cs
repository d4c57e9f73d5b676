using System.Diagnostics.CodeAnalysis;
using System.Threading.Tasks;
using AG0101Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0101WhenAnyLosersLeftRunningAnalyzer,
    AsyncGuide.CodeFixes.AG0101WhenAnyLosersLeftRunningCodeFix>;
using AG0102Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0102TimeoutByRacingDelayAnalyzer,
    AsyncGuide.CodeFixes.AG0102TimeoutByRacingDelayCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>
/// AG0101/AG0102 (shared ObservationPaths): a task awaited in every branch of an if/else after the
/// wait is awaited on every path, so nothing is left running; so is one that a branch's condition says has
/// won (RaceOutcome). One branch that skips a task still running is still reported.
/// </summary>
public class AG01ObservedInEveryBranchTests
{
    /// <summary>Expects exactly <paramref name="body"/>'s AG0101 markup, as the body of AG0101's <c>RunAsync</c>.</summary>
    private static Task VerifyAG0101Async([StringSyntax("C#-test")] string body) =>
        AG0101Verify.VerifyAnalyzerAsync(AG0101WhenAnyLosersLeftRunningTests.Code(body));

    /// <summary>Expects exactly <paramref name="body"/>'s AG0102 markup, as the body of AG0102's <c>RunAsync</c>.</summary>
    private static Task VerifyAG0102Async([StringSyntax("C#-test")] string body) =>
        AG0102Verify.VerifyAnalyzerAsync(AG0102TimeoutByRacingDelayTests.Code(body));

    // ---- not reported ----

    [Fact]
    public Task AG0102_work_awaited_in_both_branches_of_the_race_condition()
        => VerifyAG0102Async("""
                    var work = FetchAsync(ct);
                    if (await Task.WhenAny(work, Task.Delay(timeout, ct)) == work)
                    {
                        return await work;
                    }
                    else
                    {
                        Log("slow");
                        return await work;
                    }
            """);

    [Fact]
    public Task AG0102_work_awaited_in_every_branch_of_an_else_if_chain()
        => VerifyAG0102Async("""
                    var work = FetchAsync(ct);
                    var winner = await Task.WhenAny(work, Task.Delay(timeout, ct));
                    if (winner == work)
                    {
                        return await work;
                    }
                    else if (timeout > TimeSpan.FromSeconds(1))
                    {
                        Log("slow");
                        return await work;
                    }
                    else
                    {
                        var late = await work;
                        Log("very slow");
                        return late;
                    }
            """);

    [Fact]
    public Task AG0101_losers_awaited_in_both_branches()
        => VerifyAG0101Async("""
                    var a = FetchAsync(1, ct);
                    var b = FetchAsync(2, ct);
                    var first = await Task.WhenAny(a, b);
                    if (first == a)
                    {
                        Log("a first");
                        return await a + await b;
                    }
                    else
                    {
                        return await b + await a;
                    }
            """);

    [Fact]
    public Task AG0101_losers_awaited_in_a_nested_if_else_of_one_branch_and_in_the_other()
        => VerifyAG0101Async("""
                    var a = FetchAsync(1, ct);
                    var b = FetchAsync(2, ct);
                    var first = await Task.WhenAny(a, b);
                    if (first == a)
                    {
                        if (ids.Length > 0)
                        {
                            await b;
                        }
                        else
                        {
                            await b.ConfigureAwait(false);
                        }

                        await a;
                    }
                    else
                    {
                        await a;
                        await b;
                    }

                    return await first;
            """);

    [Fact]
    public Task AG0101_await_the_other_one_where_the_condition_names_the_winner()
        => VerifyAG0101Async("""
                    var a = FetchAsync(1, ct);
                    var b = FetchAsync(2, ct);
                    var first = await Task.WhenAny(a, b);
                    if (first == a)
                    {
                        await b;
                    }
                    else
                    {
                        await a;
                    }

                    return await first;
            """);

    [Fact]
    public Task AG0101_winner_compared_inline_and_negated()
        => VerifyAG0101Async("""
                    var a = FetchAsync(1, ct);
                    var b = FetchAsync(2, ct);
                    if (!(await Task.WhenAny(a, b) != b))
                    {
                        return await a + await b;
                    }
                    else
                    {
                        return await b;
                    }
            """);

    [Fact]
    public Task AG0102_work_awaited_only_where_the_timer_won_and_finished_where_it_did_not()
        => VerifyAG0102Async("""
                    var work = FetchAsync(ct);
                    var delay = Task.Delay(timeout, ct);
                    var winner = await Task.WhenAny(work, delay);
                    if (winner != delay)
                    {
                        Log("in time");
                    }
                    else
                    {
                        Log("slow");
                        await work;
                    }

                    return 0;
            """);

    // ---- still reported ----

    [Fact]
    public Task AG0102_work_awaited_in_one_branch_only()
        => VerifyAG0102Async("""
                    var work = FetchAsync(ct);
                    if (await {|AG0102:Task.WhenAny(work, Task.Delay(timeout, ct))|} == work)
                    {
                        return await work;
                    }
                    else
                    {
                        Log("slow");
                        return -1;
                    }
            """);

    [Fact]
    public Task AG0102_a_branch_that_returns_before_awaiting_the_work()
        => VerifyAG0102Async("""
                    var work = FetchAsync(ct);
                    if (await {|AG0102:Task.WhenAny(work, Task.Delay(timeout, ct))|} == work)
                    {
                        return await work;
                    }
                    else
                    {
                        if (timeout > TimeSpan.FromSeconds(1)) return -1;
                        return await work;
                    }
            """);

    [Fact]
    public Task AG0101_if_else_inside_a_loop_is_not_every_path()
        => VerifyAG0101Async("""
                    var a = FetchAsync(1, ct);
                    var b = FetchAsync(2, ct);
                    var first = await {|AG0101:Task.WhenAny(a, b)|};
                    foreach (var id in ids)
                    {
                        if (id > 0) await b; else await b;
                    }

                    return await first;
            """);

    [Fact]
    public Task AG0101_the_branch_where_the_other_task_won_leaves_this_one_running()
        => VerifyAG0101Async("""
                    var a = FetchAsync(1, ct);
                    var b = FetchAsync(2, ct);
                    var first = await {|AG0101:Task.WhenAny(a, b)|};
                    if (first == a)
                    {
                        await b;
                    }
                    else
                    {
                        Log("b first");
                    }

                    return await first;
            """);

    [Fact]
    public Task AG0101_three_raced_tasks_a_not_equal_test_does_not_name_the_winner()
        => VerifyAG0101Async("""
                    var a = FetchAsync(1, ct);
                    var b = FetchAsync(2, ct);
                    var c = FetchAsync(3, ct);
                    var first = await {|AG0101:Task.WhenAny(a, b, c)|};
                    if (first != a)
                    {
                        await a;
                    }
                    else
                    {
                        await b;
                        await c;
                    }

                    return await first;
            """);

    [Fact]
    public Task AG0101_a_comparison_with_another_local_names_no_winner()
        => VerifyAG0101Async("""
                    var a = FetchAsync(1, ct);
                    var b = FetchAsync(2, ct);
                    var first = await {|AG0101:Task.WhenAny(a, b)|};
                    var other = a;
                    if (other == b)
                    {
                        await a;
                    }
                    else
                    {
                        await a;
                        await b;
                    }

                    return await first;
            """);
}
