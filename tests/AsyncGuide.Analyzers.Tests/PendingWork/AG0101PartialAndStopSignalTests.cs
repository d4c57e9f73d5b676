using System.Threading.Tasks;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0101WhenAnyLosersLeftRunningAnalyzer,
    AsyncGuide.CodeFixes.AG0101WhenAnyLosersLeftRunningCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>AG0101 (issue 14): a source cancelled after the race that reaches only some raced tasks, and work raced against a stop signal.</summary>
public class AG0101PartialAndStopSignalTests
{
    private static string Code(string body) => AG0101WhenAnyLosersLeftRunningTests.Code(body);

    // ---- reported ----

    [Fact]
    public Task Partial_cancellation_leaves_the_task_without_the_token_running()
        => Verify.VerifyAnalyzerAsync(Code("""
                    using var cts = new CancellationTokenSource();
                    var a = FetchAsync(1, cts.Token);
                    var b = FetchAsync(2);
                    var first = await {|AG0101:Task.WhenAny(a, b)|};
                    cts.Cancel();
                    return await first;
            """));

    [Fact]
    public Task Partial_cancellation_with_the_callers_token_on_one_call()
        => Verify.VerifyAnalyzerAsync(Code("""
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    var first = await {|AG0101:Task.WhenAny(FetchAsync(1, cts.Token), FetchAsync(2, ct))|};
                    cts.Cancel();
                    return await first;
            """));

    [Fact]
    public Task Work_started_without_the_stopping_token()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var work = FetchAsync(1);
                    await {|AG0101:Task.WhenAny(work, Task.Delay(Timeout.Infinite, ct))|};
                    return work.IsCompleted ? 1 : 0;
            """));

    [Fact]
    public Task Inline_work_with_another_token_against_a_stop_signal()
        => Verify.VerifyAnalyzerAsync(Code("""
                    await {|AG0101:Task.WhenAny(FetchAsync(1, CancellationToken.None), Task.Delay(Timeout.InfiniteTimeSpan, ct))|};
                    return 0;
            """));

    // ---- not reported ----

    [Fact]
    public Task Every_raced_task_gets_the_cancelled_token()
        => Verify.VerifyAnalyzerAsync(Code("""
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    var first = await Task.WhenAny(FetchAsync(1, cts.Token), FetchAsync(2, cts.Token));
                    cts.Cancel();
                    return await first;
            """));

    [Fact]
    public Task The_task_without_the_token_is_awaited_afterwards()
        => Verify.VerifyAnalyzerAsync(Code("""
                    using var cts = new CancellationTokenSource();
                    var a = FetchAsync(1, cts.Token);
                    var b = FetchAsync(2);
                    await Task.WhenAny(a, b);
                    cts.Cancel();
                    return await b;
            """));

    [Fact]
    public Task Two_sources_both_cancelled()
        => Verify.VerifyAnalyzerAsync(Code("""
                    using var one = new CancellationTokenSource();
                    using var two = new CancellationTokenSource();
                    var first = await Task.WhenAny(FetchAsync(1, one.Token), FetchAsync(2, two.Token));
                    one.Cancel();
                    two.Cancel();
                    return await first;
            """));

    [Fact]
    public Task Work_started_with_the_stopping_token()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var work = FetchAsync(1, ct);
                    await Task.WhenAny(work, Task.Delay(Timeout.Infinite, ct));
                    return work.IsCompleted ? 1 : 0;
            """));

    [Fact]
    public Task Work_started_with_a_source_linked_to_the_stopping_token()
        => Verify.VerifyAnalyzerAsync(Code("""
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    var work = FetchAsync(1, linked.Token);
                    await Task.WhenAny(work, Task.Delay(Timeout.Infinite, ct));
                    return work.IsCompleted ? 1 : 0;
            """));

    [Fact]
    public Task Stop_signal_race_whose_work_is_awaited_afterwards()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var work = FetchAsync(1);
                    await Task.WhenAny(work, Task.Delay(-1, ct));
                    return await work;
            """));

    [Fact]
    public Task Infinite_delay_without_a_token_is_a_placeholder()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var work = FetchAsync(1);
                    await Task.WhenAny(work, Task.Delay(Timeout.Infinite));
                    return 0;
            """));

    [Fact]
    public Task Stop_signal_raced_against_a_signal_task()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var tcs = new TaskCompletionSource<int>();
                    await Task.WhenAny(tcs.Task, Task.Delay(Timeout.Infinite, ct));
                    return 0;
            """));

    // ---- WhenAny loops that return or break with the rest still running ----

    [Fact]
    public Task Loop_returns_the_first_good_result_with_the_rest_running()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var pending = ids.Select(id => FetchAsync(id, ct)).ToList();
                    while (pending.Count > 0)
                    {
                        var done = await {|AG0101:Task.WhenAny(pending)|};
                        pending.Remove(done);
                        if (await done > 0) return await done;
                    }

                    return -1;
            """));

    // The shapes found in public code (issue 14): two lookups where either answer settles it, the array reassigned
    // without the finished task; a probe per address filled by Add in a for loop. No token reaches the calls, so
    // nothing can cancel them: reported, no fix.
    [Fact]
    public Task Loop_over_an_array_reassigned_without_the_finished_task_returns_early()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var first = FetchAsync(1);
                    var second = FetchAsync(2);
                    var tasks = new[] { first, second };
                    while (tasks.Length > 0)
                    {
                        var completed = await {|AG0101:Task.WhenAny(tasks)|};
                        if (await completed > 0)
                            return 1;

                        tasks = tasks.Where(t => t != completed).ToArray();
                    }

                    return 0;
            """));

    [Fact]
    public Task An_array_of_task_locals_each_awaited_afterwards_is_fine()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var first = FetchAsync(1);
                    var second = FetchAsync(2);
                    var tasks = new[] { first, second };
                    var completed = await Task.WhenAny(tasks);
                    return await first + await second + await completed;
            """));

    [Fact]
    public Task An_array_of_task_locals_left_running_is_reported()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var first = FetchAsync(1);
                    var second = FetchAsync(2);
                    var tasks = new[] { first, second };
                    var completed = await {|AG0101:Task.WhenAny(tasks)|};
                    return await completed;
            """));

    [Fact]
    public Task Loop_over_probes_added_in_a_for_loop_returns_the_first_hit()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var probes = new List<Task<int>>();
                    for (var i = 1; i <= 254; i++)
                    {
                        probes.Add(FetchAsync(i));
                    }

                    while (probes.Count > 0)
                    {
                        var completed = await {|AG0101:Task.WhenAny(probes)|};
                        probes.Remove(completed);
                        var hit = await completed;
                        if (hit > 0)
                        {
                            Log("found");
                            return hit;
                        }
                    }

                    return 0;
            """));

    [Fact]
    public Task Loop_breaks_out_and_nobody_awaits_the_rest()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var pending = new List<Task<int>> { FetchAsync(1, ct), FetchAsync(2, ct) };
                    var best = 0;
                    while (pending.Count > 0)
                    {
                        var done = await {|AG0101:Task.WhenAny(pending)|};
                        pending.Remove(done);
                        best = await done;
                        if (best > 10) break;
                    }

                    return best;
            """));

    [Fact]
    public Task Loop_breaks_then_awaits_the_rest()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var pending = new List<Task<int>> { FetchAsync(1, ct), FetchAsync(2, ct) };
                    var best = 0;
                    while (pending.Count > 0)
                    {
                        var done = await Task.WhenAny(pending);
                        pending.Remove(done);
                        best = await done;
                        if (best > 10) break;
                    }

                    await Task.WhenAll(pending);
                    return best;
            """));

    [Fact]
    public Task Loop_returns_only_before_the_wait_when_nothing_is_pending()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var pending = new List<Task<int>> { FetchAsync(1, ct), FetchAsync(2, ct) };
                    var sum = 0;
                    while (true)
                    {
                        if (pending.Count == 0) return sum;
                        var done = await Task.WhenAny(pending);
                        pending.Remove(done);
                        sum += await done;
                    }
            """));

    [Fact]
    public Task Loop_that_returns_after_cancelling_the_rest()
        => Verify.VerifyAnalyzerAsync(Code("""
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    var pending = ids.Select(id => FetchAsync(id, cts.Token)).ToList();
                    while (pending.Count > 0)
                    {
                        var done = await Task.WhenAny(pending);
                        pending.Remove(done);
                        if (await done > 0)
                        {
                            cts.Cancel();
                            return await done;
                        }
                    }

                    return -1;
            """));

    [Fact]
    public Task Loop_whose_exit_is_inside_a_lambda()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var pending = new List<Task<int>> { FetchAsync(1, ct), FetchAsync(2, ct) };
                    var sum = 0;
                    while (pending.Count > 0)
                    {
                        var done = await Task.WhenAny(pending);
                        pending.Remove(done);
                        Func<int, int> twice = x => { return x * 2; };
                        sum += twice(await done);
                    }

                    return sum;
            """));
    // Seen in MQTTnet's tests (Injection_Tests): the test asserts that the losers are still pending, on purpose.
    // MSTest's Assert by its full name, stubbed here.
    private static string WithMsTestAssert(string body) => Code(body) + """

        namespace Microsoft.VisualStudio.TestTools.UnitTesting
        {
            static class Assert
            {
                public static void AreEqual(object expected, object actual) { }
            }
        }
        """;

    [Fact]
    public Task Losers_asserted_still_pending()
        => Verify.VerifyAnalyzerAsync(WithMsTestAssert("""
                    var a = FetchAsync(1);
                    var b = FetchAsync(2);
                    Task.WaitAny(a, b);
                    Microsoft.VisualStudio.TestTools.UnitTesting.Assert.AreEqual(TaskStatus.WaitingForActivation, a.Status);
                    Microsoft.VisualStudio.TestTools.UnitTesting.Assert.AreEqual(TaskStatus.Faulted, b.Status);
                    return 0;
            """));

    // Near-misses: a raced task whose state is not asserted (or only logged), or an assertion in a branch.
    [Fact]
    public Task Losers_not_all_asserted_pending_are_still_reported()
        => Verify.VerifyAnalyzerAsync(WithMsTestAssert("""
                    var a = FetchAsync(1);
                    var b = FetchAsync(2);
                    {|AG0101:Task.WaitAny(a, b)|};
                    Microsoft.VisualStudio.TestTools.UnitTesting.Assert.AreEqual(TaskStatus.WaitingForActivation, a.Status);
                    var c = FetchAsync(3);
                    var d = FetchAsync(4);
                    {|AG0101:Task.WaitAny(c, d)|};
                    Log(c.Status.ToString());
                    Microsoft.VisualStudio.TestTools.UnitTesting.Assert.AreEqual(TaskStatus.Faulted, d.Status);
                    var e = FetchAsync(5);
                    var f = FetchAsync(6);
                    {|AG0101:Task.WaitAny(e, f)|};
                    if (ct.CanBeCanceled) Microsoft.VisualStudio.TestTools.UnitTesting.Assert.AreEqual(TaskStatus.Running, e.Status);
                    Microsoft.VisualStudio.TestTools.UnitTesting.Assert.AreEqual(TaskStatus.Faulted, f.Status);
                    return 0;
            """));

    // Seen in Coyote's and dotNext's tests of WhenAny/WaitAny themselves: assertions after the race read the state of every
    // raced task (`Specification.Assert((task1.IsCompleted && !task2.IsCompleted) || …)`, `True(task1.IsCompleted ^
    // task2.IsCompleted)`, `result.Id == task1.Id`). The losers' state is what the test checks. Coyote's Specification and
    // xUnit's Assert by their full names, stubbed here.
    private static string WithStateAssertions(string body) => Code(body) + """

        namespace Microsoft.Coyote.Specifications
        {
            static class Specification
            {
                public static void Assert(bool predicate, string message) { }
            }
        }

        namespace Xunit
        {
            static class Assert
            {
                public static void True(bool condition) { }
            }
        }
        """;

    [Fact]
    public Task Every_raced_task_state_asserted()
        => Verify.VerifyAnalyzerAsync(WithStateAssertions("""
                    var a = FetchAsync(1);
                    var b = FetchAsync(2);
                    Task.WaitAny(a, b);
                    Microsoft.Coyote.Specifications.Specification.Assert(
                        (a.IsCompleted && !b.IsCompleted) || (!a.IsCompleted && b.IsCompleted), "both completed");
                    var c = FetchAsync(3);
                    var d = FetchAsync(4);
                    var first = await Task.WhenAny(c, d);
                    Xunit.Assert.True(first.Id == c.Id || first.Id == d.Id);
                    return 0;
            """));

    // Near-misses: one raced task's state not read by an assertion, or read by a method of the project's own.
    [Fact]
    public Task Raced_task_state_read_outside_assertions_is_still_reported()
        => Verify.VerifyAnalyzerAsync(WithStateAssertions("""
                    var a = FetchAsync(1);
                    var b = FetchAsync(2);
                    {|AG0101:Task.WaitAny(a, b)|};
                    Xunit.Assert.True(a.IsCompleted);
                    var c = FetchAsync(3);
                    var d = FetchAsync(4);
                    {|AG0101:Task.WaitAny(c, d)|};
                    Check(c.IsCompleted ^ d.IsCompleted);
                    return 0;
                }

                static void Check(bool condition) { }
                void Unused()
                {
            """));

    // Round 10 (SlimMessageBus' request-cleanup test): the same assertions written with FluentAssertions,
    // `r1Task.IsCompleted.Should().BeFalse("…")`, recognised by the `Should()` extension's namespace (FluentAssertions or its fork
    // AwesomeAssertions, which SlimMessageBus uses). A chain whose subject
    // reads only one raced task is still reported.
    private static string WithFluentAssertions(string body) => Code(body) + """

        namespace FluentAssertions
        {
            static class AssertionExtensions
            {
                public static Primitives.BooleanAssertions Should(this bool value) => new();
            }
        }

        namespace FluentAssertions.Primitives
        {
            class BooleanAssertions
            {
                public BooleanAssertions And => this;
                public BooleanAssertions BeFalse(string because = "") => this;
                public BooleanAssertions BeTrue(string because = "") => this;
            }
        }

        namespace AwesomeAssertions
        {
            static class AssertionExtensions
            {
                public static FluentAssertions.Primitives.BooleanAssertions Should(this bool value) => new();
            }
        }
        """;

    [Fact]
    public Task Every_raced_task_state_asserted_with_FluentAssertions()
        => Verify.VerifyAnalyzerAsync(WithFluentAssertions("""
                    var r1 = FetchAsync(1);
                    var r2 = FetchAsync(2);
                    await Task.WhenAny(r1, r2);
                    FluentAssertions.AssertionExtensions.Should(r1.IsCompleted).BeFalse("request 1 is still pending");
                    FluentAssertions.AssertionExtensions.Should(r2.IsCanceled).BeTrue("request 2 was cancelled").And.BeTrue();
                    var r5 = FetchAsync(5);
                    var r6 = FetchAsync(6);
                    await Task.WhenAny(r5, r6);
                    AwesomeAssertions.AssertionExtensions.Should(r5.IsCompleted ^ r6.IsCompleted).BeTrue();
                    var r3 = FetchAsync(3);
                    var r4 = FetchAsync(4);
                    await {|AG0101:Task.WhenAny(r3, r4)|};
                    FluentAssertions.AssertionExtensions.Should(r3.IsCompleted).BeFalse();
                    return 0;
            """));
}
