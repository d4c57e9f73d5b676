using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using AsyncGuide.Analyzers.Tests.Infrastructure;
using AsyncGuide.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Abstractions;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>
/// One <c>dotnet format analyzers --severity info</c> run fixes every fixable occurrence of a rule,
/// whichever occurrence dotnet format meets first (it takes the Fix All key from that one, null when
/// it has no fix), and a second run finds nothing left to fix. Each source starts with an occurrence
/// the fix declines today, then fixable ones of different kinds.
/// </summary>
public class OneDotnetFormatRunTests
{
    private readonly ITestOutputHelper output;

    public OneDotnetFormatRunTests(ITestOutputHelper output) => this.output = output;

    private const string Usings = TestSources.Usings;

    private const string Api = """

        class Api
        {
            public static Task SendAsync() => Task.Run(() => { });
            public static Task<int> CountAsync() => Task.Run(() => 1);
            public static Task<int> FetchAsync(int id, CancellationToken cancellationToken) => Task.Run(() => id, cancellationToken);
            public static ValueTask PingAsync() => new(Task.Run(() => { }));
            public static void Log(object value) { }
        }
        """;

    public static TheoryData<string> Rules => new() { "AG0001", "AG0002", "AG0003", "AG0004", "AG0101", "AG0102", "AG0103", "AG0201", "AG0202" };

    /// <summary>Per rule: the source (first occurrence without a fix), and whether it needs the runtime.</summary>
    private static (string Source, bool Runtime) Case(string rule) => rule switch
    {
        "AG0001" => (Usings + """
            class C
            {
                void Sync() { Api.SendAsync(); }

                async Task M()
                {
                    Api.SendAsync();
                    Console.WriteLine();
                    Api.SendAsync();
                    Api.SendAsync();
                    await Task.Yield();
                }
            }
            """ + Api, false),
        "AG0002" => (Usings + """
            class C
            {
                void Sync() { var t = Api.SendAsync(); }

                async Task One() { var t = Api.SendAsync(); await Task.Yield(); }

                async Task Two() { var a = Api.SendAsync(); var b = Api.CountAsync(); await Task.Yield(); }
            }
            """ + Api, false),
        "AG0003" => (Usings + """
            class C
            {
                async Task M()
                {
                    var timeout = Task.Delay(1000);
                    var winner = await Task.WhenAny(Api.SendAsync(), timeout);
                    Console.WriteLine(winner.IsCompleted);
                    await Task.WhenAny(Api.SendAsync(), Task.Delay(1000));
                    _ = await Task.WhenAny(Api.CountAsync(), Api.CountAsync());
                }
            }
            """ + Api, true),
        "AG0004" => (Usings + """
            class C
            {
                async Task Message(Task a, Task b)
                {
                    try { await Task.WhenAll(a, b); }
                    catch (Exception ex) { Console.WriteLine(ex.Message); }
                }

                async Task Two(Task a, Task b, Task c)
                {
                    try { await Task.WhenAll(a, b); }
                    catch (Exception ex) { Api.Log(ex); }
                    try { await Task.WhenAll(b, c); }
                    catch (Exception ex) { Api.Log(ex); }
                }
            }
            """ + Api, false),
        "AG0101" => (Usings + """
            class C
            {
                async Task<int> CallerToken(CancellationToken ct)
                {
                    var a = Api.FetchAsync(1, ct);
                    var b = Api.FetchAsync(2, ct);
                    var first = await Task.WhenAny(a, b);
                    return await first;
                }

                async Task<int> OwnSource(int[] ids, CancellationToken ct)
                {
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    var tasks = ids.Select(id => Api.FetchAsync(id, cts.Token)).ToList();
                    var first = await Task.WhenAny(tasks);
                    return await first;
                }

                async Task<int> Inline(CancellationToken ct)
                {
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    var first = await Task.WhenAny(Api.FetchAsync(1, cts.Token), Api.FetchAsync(2, cts.Token));
                    return await first;
                }
            }
            """ + Api, true),
        "AG0102" => (Usings + """
            class C
            {
                async Task<int> CallerToken(TimeSpan timeout, CancellationToken ct)
                {
                    await Task.WhenAny(Api.FetchAsync(1, ct), Task.Delay(timeout));
                    return 0;
                }

                async Task<int> OwnSource(TimeSpan timeout, CancellationToken ct)
                {
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    var work = Api.FetchAsync(1, cts.Token);
                    var winner = await Task.WhenAny(work, Task.Delay(timeout));
                    if (winner == work) return await work;
                    throw new TimeoutException();
                }

                async Task<int> WaitFor(TimeSpan timeout, CancellationToken ct)
                {
                    var work = Api.FetchAsync(2, ct);
                    if (await Task.WhenAny(work, Task.Delay(timeout)) != work)
                        throw new TimeoutException();
                    return await work;
                }
            }
            """ + Api, true),
        "AG0103" => (Usings + "using AsyncGuide;\n" + """
            class C
            {
                async Task<int> CallerToken(int[] ids, CancellationToken ct)
                {
                    var tasks = ids.Select(id => Api.FetchAsync(id, ct)).ToList();
                    var (done, _) = await Async.Wait(tasks, ReturnWhen.FirstCompleted);
                    return await done[0];
                }

                async Task<int> OwnSources(TimeSpan timeout)
                {
                    using var first = new CancellationTokenSource();
                    var (done, pending) = await Async.Wait(
                        new[] { Api.FetchAsync(1, first.Token), Api.FetchAsync(2, first.Token) }, ReturnWhen.FirstCompleted);
                    using var second = new CancellationTokenSource();
                    var result = await Async.Wait(new[] { Api.FetchAsync(3, second.Token) }, timeout: timeout);
                    return await done[0] + result.Done.Count;
                }
            }
            """ + Api, true),
        "AG0201" => (Usings + """
            class C
            {
                async Task<int> Mixed()
                {
                    var a = await Api.CountAsync().ConfigureAwait(false);
                    var b = await Api.FetchAsync(1, default);
                    return a + b;
                }

                async Task<int> Runs()
                {
                    var a = await Api.CountAsync();
                    var b = await Api.FetchAsync(1, default);
                    Console.WriteLine(a + b);
                    var c = await Api.CountAsync();
                    var d = await Api.FetchAsync(2, default);
                    return c + d;
                }
            }
            """ + Api, false),
        "AG0202" => (Usings + """
            class C
            {
                async Task Run(int[] ids, List<string> names, CancellationToken ct)
                {
                    var slots = new int[ids.Length];
                    for (var i = 0; i < ids.Length; i++)
                        slots[i] = await Api.FetchAsync(ids[i], ct);
                    var results = new List<int>();
                    foreach (var id in ids)
                        results.Add(await Api.FetchAsync(id, ct));
                    var lengths = new List<int>();
                    foreach (var name in names)
                        lengths.Add(await Api.FetchAsync(name.Length, ct));
                }
            }
            """ + Api, false),
        _ => throw new System.ArgumentOutOfRangeException(nameof(rule)),
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task One_run_fixes_every_fixable_occurrence_whichever_comes_first(string rule)
    {
        var (analyzer, fixer) = Components(rule);
        var (source, runtime) = Case(rule);
        var references = runtime ? TestReferences.Net80.Add(TestReferences.AsyncGuideRuntime) : TestReferences.Net80;

        using var probe = new DotnetFormatRun(analyzer, fixer, source, references);
        var before = await probe.AnalyzeAsync(probe.Solution.Projects.Single());
        var keys = KeyConstants(fixer);
        var offered = new List<bool>();
        foreach (var diagnostic in before)
        {
            var actions = await probe.ActionsAsync(diagnostic);
            offered.Add(!actions.IsEmpty);
            output.WriteLine(
                $"{diagnostic.Location.GetLineSpan().StartLinePosition}: " +
                $"[{string.Join(", ", actions.Select(a => $"{a.EquivalenceKey} '{a.Title}'"))}]");
            Assert.All(actions, action => Assert.True(
                action.EquivalenceKey is { } key && keys.Contains(key),
                $"{rule}: action '{action.Title}' has key {action.EquivalenceKey ?? "null"}, not one of the fix's constants"));
        }

        Assert.True(before.Length >= 2, $"{rule}: the source should report several occurrences");
        Assert.Contains(true, offered);

        // Whichever occurrence dotnet format meets first: one run, nothing fixable left, no new error, a second run changes nothing.
        for (var first = 0; first < before.Length; first++)
        {
            using var run = new DotnetFormatRun(analyzer, fixer, source, references);
            var baseline = await run.ErrorsAsync();
            var (key, returned) = await run.RunAsync(first);
            Assert.True(returned, $"{rule}, first occurrence #{first} (key {key ?? "null"}): the Fix All returned no action");
            var left = await run.FixableLeftAsync();
            Assert.True(
                left.IsEmpty,
                $"{rule}, first occurrence #{first} (key {key ?? "null"}): " +
                $"still fixable after one run: {string.Join("; ", left)}\n{(await run.TextsAsync())[0]}");
            var errors = await run.ErrorsAsync();
            Assert.True(
                baseline.SequenceEqual(errors),
                $"{rule}, first occurrence #{first} (key {key ?? "null"}): " +
                $"new errors {string.Join("; ", errors.Except(baseline))}\n{(await run.TextsAsync())[0]}");
            Assert.Equal(before.Length - offered.Count(o => o), (await run.AnalyzeAsync(run.Solution.Projects.Single())).Length);
        }
    }

    [Fact]
    public async Task Mixed_action_kinds_each_occurrence_gets_the_requested_kind_or_its_own_first()
    {
        const string source = """
            class C
            {
                void M()
                {
                    N();
                    A();
                    B();
                    A();
                    B();
                }

                void N() { }
                void A() { }
                void B() { }
                void Alpha() { }
                void Beta() { }
            }
            """;
        async Task<string> RunWith(int first)
        {
            using var run = new DotnetFormatRun(new StubAnalyzer(), new StubFix(), source, TestReferences.Net80);
            var (_, returned) = await run.RunAsync(first);
            Assert.True(returned);
            var text = (await run.TextsAsync()).Single();
            return string.Join(" ", text.Split('\n').Select(l => l.Trim()).Where(l => l.EndsWith("();", System.StringComparison.Ordinal)));
        }

        // First occurrence without a fix: dotnet format asks with a null key, every occurrence gets its first action.
        Assert.Equal("N(); Alpha(); Beta(); Alpha(); Beta();", await RunWith(0));
        // First occurrence offering only Alpha: occurrences that offer Alpha get it.
        Assert.Equal("N(); Alpha(); Alpha(); Alpha(); Alpha();", await RunWith(1));
        // First occurrence offering Beta first: those without Beta still get their own first action.
        Assert.Equal("N(); Alpha(); Beta(); Alpha(); Beta();", await RunWith(2));
    }

    [Fact]
    public void Every_fix_uses_the_shared_Fix_All_and_keys_prefixed_with_its_rule_id()
    {
        var fixers = typeof(EveryOccurrenceFixAllProvider).Assembly.GetTypes()
            .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t)
                        && !t.IsAbstract
                        && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
            .ToList();
        Assert.NotEmpty(fixers);
        foreach (var type in fixers)
        {
            var fixer = (CodeFixProvider)System.Activator.CreateInstance(type)!;
            Assert.Same(EveryOccurrenceFixAllProvider.Instance, fixer.GetFixAllProvider());
            var id = Assert.Single(fixer.FixableDiagnosticIds);
            var keys = KeyConstants(fixer);
            Assert.NotEmpty(keys);
            Assert.All(keys, key => Assert.StartsWith(id + ".", key));
        }
    }

    /// <summary>The fix's public string constants: its equivalence keys.</summary>
    private static ImmutableHashSet<string> KeyConstants(CodeFixProvider fixer) =>
        fixer.GetType().GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToImmutableHashSet();

    private static (DiagnosticAnalyzer Analyzer, CodeFixProvider Fix) Components(string rule)
    {
        var analyzer = typeof(RuleIds).Assembly.GetTypes()
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract && t.Name.StartsWith(rule, System.StringComparison.Ordinal))
            .Select(t => (DiagnosticAnalyzer)System.Activator.CreateInstance(t)!)
            .Single();
        var fix = typeof(EveryOccurrenceFixAllProvider).Assembly.GetTypes()
            .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract && t.Name.StartsWith(rule, System.StringComparison.Ordinal))
            .Select(t => (CodeFixProvider)System.Activator.CreateInstance(t)!)
            .Single();
        return (analyzer, fix);
    }
}
