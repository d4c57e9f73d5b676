using System.Diagnostics.CodeAnalysis;
using System.Threading.Tasks;
using AsyncGuide.Analyzers.Tests.Infrastructure;
using AsyncGuide.CodeFixes;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>
/// On .NET 9+ <c>Task.WhenAll(a, b)</c> and <c>Task.WhenAny(a, b, c)</c> bind to
/// <c>params ReadOnlySpan&lt;Task&gt;</c>: the tasks arrive as a collection expression, not an array.
/// Every rule that looks inside a combinator's arguments must see them the same way.
/// </summary>
public class ParamsSpanOverloadTests
{
    private static string Code([StringSyntax("C#-test")] string body) => TestSources.Code(body);

    [Fact]
    public Task AG0004_sees_a_span_WhenAll() =>
        CSharpCodeFixVerifier<AG0004WhenAllExceptionsLostAnalyzer, AG0004WhenAllExceptionsLostCodeFix>.VerifyAnalyzerOnNet10Async(Code("""
            class C
            {
                async Task M(Task a, Task b)
                {
                    try { await {|AG0004:Task.WhenAll(Api.SendAsync(), Api.SendAsync())|}; }
                    catch (Exception ex) { Api.Log(ex); }

                    try { await {|AG0004:Task.WhenAll(a, b)|}; }
                    catch (Exception ex) { Api.Log(ex); }
                }
            }
            """));

    [Fact]
    public Task AG0004_still_ignores_a_single_task_and_a_rethrow() =>
        CSharpCodeFixVerifier<AG0004WhenAllExceptionsLostAnalyzer, AG0004WhenAllExceptionsLostCodeFix>.VerifyAnalyzerOnNet10Async(Code("""
            class C
            {
                async Task M(Task a, Task b)
                {
                    try { await Task.WhenAll(a); }
                    catch (Exception ex) { Api.Log(ex); }

                    try { await Task.WhenAll(a, b); }
                    catch (Exception) { throw; }
                }
            }
            """));

    [Fact]
    public Task AG0003_sees_the_raced_tasks_of_a_span_WhenAny() =>
        CSharpCodeFixVerifier<AG0003WhenAnyWinnerNotObservedAnalyzer, AG0003WhenAnyWinnerNotObservedCodeFix>.VerifyAnalyzerOnNet10Async(Code("""
            class C
            {
                async Task M()
                {
                    _ = await {|AG0003:Task.WhenAny(Api.SendAsync(), Api.CountAsync(), Api.SendAsync())|};
                }
            }
            """));

    [Fact]
    public Task AG0003_raced_locals_observed_later_are_fine() =>
        CSharpCodeFixVerifier<AG0003WhenAnyWinnerNotObservedAnalyzer, AG0003WhenAnyWinnerNotObservedCodeFix>.VerifyAnalyzerOnNet10Async(Code("""
            class C
            {
                async Task M()
                {
                    var a = Api.SendAsync();
                    var b = Api.SendAsync();
                    var c = Api.SendAsync();
                    await Task.WhenAny(a, b, c);
                    await Task.WhenAll(a, b, c);
                }
            }
            """));

    [Fact]
    public Task AG0101_sees_the_losers_of_a_span_WhenAny() =>
        CSharpCodeFixVerifier<AG0101WhenAnyLosersLeftRunningAnalyzer, AG0101WhenAnyLosersLeftRunningCodeFix>.VerifyAnalyzerOnNet10Async(Code("""
            class C
            {
                async Task<int> M(CancellationToken ct)
                {
                    var first = await {|AG0101:Task.WhenAny(Api.CountAsync(ct), Api.CountAsync(ct), Api.CountAsync(ct))|};
                    return await first;
                }
            }
            """));

    [Fact]
    public Task AG0101_losers_cancelled_afterwards_are_fine() =>
        CSharpCodeFixVerifier<AG0101WhenAnyLosersLeftRunningAnalyzer, AG0101WhenAnyLosersLeftRunningCodeFix>.VerifyAnalyzerOnNet10Async(Code("""
            class C
            {
                async Task<int> M()
                {
                    using var cts = new CancellationTokenSource();
                    var first = await Task.WhenAny(Api.CountAsync(cts.Token), Api.CountAsync(cts.Token), Api.CountAsync(cts.Token));
                    cts.Cancel();
                    return await first;
                }
            }
            """));

    [Fact]
    public Task AG0002_tasks_gathered_through_a_span_WhenAll_are_observed() =>
        CSharpCodeFixVerifier<AG0002StoredTaskNeverObservedAnalyzer, AG0002StoredTaskNeverObservedCodeFix>.VerifyAnalyzerOnNet10Async(Code("""
            class C
            {
                async Task M()
                {
                    var a = Api.SendAsync();
                    var b = Api.CountAsync();
                    await Task.WhenAll(a, b);
                }
            }
            """));
}
