using System.Threading.Tasks;
using AsyncGuide.CodeFixes;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0104TimerLeftRunningAnalyzer,
    AsyncGuide.CodeFixes.AG0104TimerLeftRunningCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>The AG0104 fix: one text for every target framework (checked on .NET 8 and .NET Standard 2.0), each with a Fix All twin.</summary>
public class AG0104TimerLeftRunningFixTests
{
    private static string Code(string body) => AG0104TimerLeftRunningTests.Code(body);

    private const string AwaitedWorkBefore = """
                    var work = FetchAsync(ct);
                    // the race
                    await {|AG0104:Task.WhenAny(work, Task.Delay(5000))|};
                    return await work;
            """;

    private const string AwaitedWorkAfter = """
                    var work = FetchAsync(ct);
                    using var delayCts = new CancellationTokenSource();
                    // the race
                    await Task.WhenAny(work, Task.Delay(5000, delayCts.Token));
                    delayCts.Cancel();
                    return await work;
            """;

    [Fact]
    public Task Statement_race_cancels_after_the_statement()
        => Verify.VerifyCodeFixAsync(Code(AwaitedWorkBefore), Code(AwaitedWorkAfter), equivalenceKey: AG0104TimerLeftRunningCodeFix.CancelTimerKey);

    [Fact]
    public Task Statement_race_same_text_on_netstandard20()
        => Verify.VerifyCodeFixOnNetStandard20Async(
            Code(AwaitedWorkBefore.Replace("FetchAsync(ct)", "FetchAsync()")),
            Code(AwaitedWorkAfter.Replace("FetchAsync(ct)", "FetchAsync()")),
            AG0104TimerLeftRunningCodeFix.CancelTimerKey);

    [Fact]
    public Task If_race_cancels_in_both_paths_and_links_the_delay_token()
        => Verify.VerifyCodeFixAsync(
            Code("""
                    if (await {|AG0104:Task.WhenAny(given, Task.Delay(timeout, ct))|} != given)
                        throw new TimeoutException();
                    return given.Result;
            """),
            Code("""
                    using var delayCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    if (await Task.WhenAny(given, Task.Delay(timeout, delayCts.Token)) != given)
                    {
                        delayCts.Cancel();
                        throw new TimeoutException();
                    }

                    delayCts.Cancel();
                    return given.Result;
            """),
            equivalenceKey: AG0104TimerLeftRunningCodeFix.CancelTimerKey);

    [Fact]
    public Task If_else_race_and_a_delay_local()
        => Verify.VerifyCodeFixAsync(
            Code("""
                    var delay = Task.Delay(timeout);
                    var work = FetchAsync(ct);
                    if (await {|AG0104:Task.WhenAny(work, delay)|} == delay)
                    {
                        await work;
                        return -1;
                    }
                    else
                    {
                        return await work;
                    }
            """),
            Code("""
                    using var delayCts = new CancellationTokenSource();
                    var delay = Task.Delay(timeout, delayCts.Token);
                    var work = FetchAsync(ct);
                    if (await Task.WhenAny(work, delay) == delay)
                    {
                        delayCts.Cancel();
                        await work;
                        return -1;
                    }
                    else
                    {
                        delayCts.Cancel();
                        return await work;
                    }
            """),
            equivalenceKey: AG0104TimerLeftRunningCodeFix.CancelTimerKey);

    [Fact]
    public Task Fix_all_gives_each_race_its_own_source()
        => Verify.VerifyCodeFixAsync(
            Code("""
                    var work = FetchAsync(ct);
                    var winner = await {|AG0104:Task.WhenAny(work, Task.Delay(100))|};
                    await {|AG0104:Task.WhenAny(_signal.Task, Task.Delay(200))|};
                    return await work + (winner == work ? 1 : 0);
            """),
            Code("""
                    var work = FetchAsync(ct);
                    using var delayCts = new CancellationTokenSource();
                    var winner = await Task.WhenAny(work, Task.Delay(100, delayCts.Token));
                    delayCts.Cancel();
                    using var delayCts2 = new CancellationTokenSource();
                    await Task.WhenAny(_signal.Task, Task.Delay(200, delayCts2.Token));
                    delayCts2.Cancel();
                    return await work + (winner == work ? 1 : 0);
            """),
            equivalenceKey: AG0104TimerLeftRunningCodeFix.CancelTimerKey);

    [Fact]
    public Task No_fix_for_a_race_in_a_return()
        => Verify.VerifyCodeFixAsync(
            Code("""
                    return await {|AG0104:Task.WhenAny(given, Task.Delay(100))|} == given ? given.Result : -1;
            """),
            Code("""
                    return await {|AG0104:Task.WhenAny(given, Task.Delay(100))|} == given ? given.Result : -1;
            """));
}
