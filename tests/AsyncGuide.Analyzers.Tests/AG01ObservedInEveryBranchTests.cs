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
/// wait is awaited on every path, so nothing is left running; one branch that skips it is still reported.
/// </summary>
public class AG01ObservedInEveryBranchTests
{
    // ---- not reported ----

    [Fact]
    public Task AG0102_work_awaited_in_both_branches_of_the_race_condition()
        => AG0102Verify.VerifyAnalyzerAsync(AG0102TimeoutByRacingDelayTests.Code("""
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
            """));

    [Fact]
    public Task AG0102_work_awaited_in_every_branch_of_an_else_if_chain()
        => AG0102Verify.VerifyAnalyzerAsync(AG0102TimeoutByRacingDelayTests.Code("""
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
            """));

    [Fact]
    public Task AG0101_losers_awaited_in_both_branches()
        => AG0101Verify.VerifyAnalyzerAsync(AG0101WhenAnyLosersLeftRunningTests.Code("""
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
            """));

    [Fact]
    public Task AG0101_losers_awaited_in_a_nested_if_else_of_one_branch_and_in_the_other()
        => AG0101Verify.VerifyAnalyzerAsync(AG0101WhenAnyLosersLeftRunningTests.Code("""
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
            """));

    // ---- still reported ----

    [Fact]
    public Task AG0102_work_awaited_in_one_branch_only()
        => AG0102Verify.VerifyAnalyzerAsync(AG0102TimeoutByRacingDelayTests.Code("""
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
            """));

    [Fact]
    public Task AG0102_a_branch_that_returns_before_awaiting_the_work()
        => AG0102Verify.VerifyAnalyzerAsync(AG0102TimeoutByRacingDelayTests.Code("""
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
            """));

    [Fact]
    public Task AG0101_if_else_inside_a_loop_is_not_every_path()
        => AG0101Verify.VerifyAnalyzerAsync(AG0101WhenAnyLosersLeftRunningTests.Code("""
                    var a = FetchAsync(1, ct);
                    var b = FetchAsync(2, ct);
                    var first = await {|AG0101:Task.WhenAny(a, b)|};
                    foreach (var id in ids)
                    {
                        if (id > 0) await b; else await b;
                    }

                    return await first;
            """));
}
