using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuide.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0202SequentialAwaitsInLoopAnalyzer,
    AsyncGuide.CodeFixes.AG0202SequentialAwaitsInLoopCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>AG0202: loops that await one independent call per item. Negatives first and many.</summary>
public class AG0202SequentialAwaitsInLoopTests
{
    internal static string Source([StringSyntax("C#-test")] string body, string usings = "", string extraMembers = "", string linq = "") => $$"""
        using System;
        using System.Collections.Generic;
        {{linq}}using System.Threading;
        using System.Threading.Tasks;
        {{usings}}
        class Program
        {
            readonly Repo _repo = new Repo();
            {{extraMembers}}

            async Task Run(int[] ids, List<string> names, CancellationToken ct)
            {
                var results = new List<int>();
                var slots = new int[ids.Length];
        {{body}}
            }

            static Task<int> F(int x) => Task.FromResult(x);
            static Task<int> G(string s, CancellationToken ct) => Task.FromResult(s.Length);
            static Task<Page> GetPage(string? token) => Task.FromResult(new Page());
            static Task Save(int x) => Task.CompletedTask;
        }

        class Repo { public Task<int> Get(int id) => Task.FromResult(id); }
        class Page { public string? Next { get; init; } }
        """;

    private static DiagnosticResult Loop() =>
        Verify.InfoAt(RuleIds.SequentialAwaitsInLoop, 0, 1);

    private static Task Reported(string body) => Verify.VerifyAnalyzerAsync(Source(body), false, Loop());

    private static Task NotReported(string body, string extraMembers = "", string? editorconfig = null)
    {
        var test = Verify.CreateTest(Source(body, extraMembers: extraMembers), null, withRuntime: false);
        if (editorconfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\n" + editorconfig));
        }

        return test.RunAsync(CancellationToken.None);
    }

    private static Task Fix(string body, string fixedBody, bool withRuntime, string key, bool linq = true)
    {
        var test = Verify.CreateTest(
            Source(body),
            Source(fixedBody, withRuntime ? "using AsyncGuide;\n" : "", linq: linq ? "using System.Linq;\n" : ""),
            withRuntime);
        test.CodeActionEquivalenceKey = key;
        for (var i = 0; i < CountMarkers(body); i++)
        {
            test.ExpectedDiagnostics.Add(Verify.InfoAt(RuleIds.SequentialAwaitsInLoop, i, 1));
        }

        return test.RunAsync(CancellationToken.None);
    }

    private static int CountMarkers(string body)
    {
        var count = 0;
        while (body.Contains("{|#" + count + ":", System.StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    // ---- Positives ----

    [Fact]
    public Task A_foreach_that_adds_each_awaited_result_is_reported() => Reported("""
                foreach (var id in ids)
                {
                    results.Add(await {|#0:F(id)|});
                }
        """);

    [Fact]
    public Task A_for_loop_over_an_index_is_reported() => Reported("""
                for (var i = 0; i < ids.Length; i++)
                    slots[i] = await {|#0:F(ids[i])|}.ConfigureAwait(false);
        """);

    [Fact]
    public Task Shared_immutable_arguments_are_reported() => Reported("""
                var lengths = new List<int>();
                foreach (var name in names)
                    lengths.Add(await {|#0:G(name, ct)|});
        """);

    [Fact]
    public Task A_call_on_each_item_is_reported() => Reported("""
                var repos = new List<Repo>();
                foreach (var repo in repos)
                    results.Add(await {|#0:repo.Get(1)|});
        """);

    // Round 16 (DSharpPlus' slash-command checks: `foreach (var att in attributes) { bool result = await
    // att.ExecuteChecksAsync(ctx); dict.Add(att, result); }`): an abstract or interface member called on the item runs each
    // item's own implementation, a user's check among them; like a delegate handed in, nothing is known of the callees. A
    // non-virtual member on the item (above) is still reported.
    [Fact]
    public Task A_member_each_item_implements_is_not_reported() => NotReported("""
                var checks = new List<Check>();
                foreach (var check in checks)
                    results.Add(await check.Run(1));
                var probes = new List<IProbe>();
                foreach (var probe in probes)
                    results.Add(await probe.Run(2));
        """, extraMembers: """
            abstract class Check { public abstract Task<int> Run(int x); }
            interface IProbe { Task<int> Run(int x); }
        """);

    // ---- Negatives ----

    [Fact]
    public Task A_loop_with_other_statements_is_not_reported() => NotReported("""
                foreach (var id in ids)
                {
                    Console.WriteLine(id);
                    results.Add(await F(id));
                }
        """);

    [Fact]
    public Task A_break_on_a_result_is_not_reported() => NotReported("""
                foreach (var id in ids)
                {
                    var r = await F(id);
                    if (r < 0) break;
                    results.Add(r);
                }
        """);

    [Fact]
    public Task An_accumulator_read_is_not_reported() => NotReported("""
                foreach (var id in ids)
                    results.Add(await F(results.Count));
        """);

    [Fact]
    public Task A_previous_slot_read_is_not_reported() => NotReported("""
                for (var i = 0; i < ids.Length; i++)
                    slots[i] = await F(slots[0]);
        """);

    [Fact]
    public Task A_continuation_token_is_not_reported() => NotReported("""
                string? token = null;
                var pages = new List<Page>();
                do
                {
                    var page = await GetPage(token);
                    pages.Add(page);
                    token = page.Next;
                }
                while (token is not null);
        """);

    [Fact]
    public Task Await_foreach_is_not_reported() => NotReported("""
                await foreach (var id in Items())
                    results.Add(await F(id));
        """, "static async IAsyncEnumerable<int> Items() { await Task.Yield(); yield return 1; }");

    [Fact]
    public Task Discarded_results_are_not_reported() => NotReported("""
                foreach (var id in ids)
                    await Save(id);
        """);

    [Fact]
    public Task Adding_to_the_enumerated_list_is_not_reported() => NotReported("""
                foreach (var r in results)
                    results.Add(await F(r));
        """);

    [Fact]
    public Task A_shared_receiver_of_a_user_type_is_not_reported_in_strict_mode() => NotReported("""
                foreach (var id in ids)
                    results.Add(await _repo.Get(id));
        """, editorconfig: "asyncguide.AG0202.receivers = strict\n");

    [Fact]
    public Task A_shared_mutable_argument_is_not_reported() => NotReported("""
                var buffer = new List<int>();
                foreach (var id in ids)
                    results.Add(await Fill(buffer, id));
        """, "static Task<int> Fill(List<int> b, int id) => Task.FromResult(id);");

    [Fact]
    public Task Side_effects_in_arguments_are_not_reported() => NotReported("""
                var n = 0;
                foreach (var id in ids)
                    results.Add(await F(n++));
        """);

    [Fact]
    public Task A_stream_is_never_read_in_parallel() => NotReported("""
                foreach (var id in ids)
                    results.Add(await ReadAsync(_stream, id));
        """, """
            readonly System.IO.Stream _stream = System.IO.Stream.Null;
            static Task<int> ReadAsync(System.IO.Stream s, int id) => Task.FromResult(id);
        """);

    [Fact]
    public Task Types_named_in_editorconfig_are_never_gathered() => NotReported("""
                foreach (var s in _sessions)
                    results.Add(await s.Get(1));
        """, """
            readonly List<Session> _sessions = new List<Session>();
            class Session { public Task<int> Get(int x) => Task.FromResult(x); }
        """, "asyncguide.AG0202.non_concurrent_types = T:Program.Session\n");

    [Fact]
    public Task A_loop_under_a_semaphore_is_not_reported() => NotReported("""
                await _gate.WaitAsync(ct);
                try
                {
                    foreach (var id in ids)
                        results.Add(await F(id));
                }
                finally { _gate.Release(); }
        """, "readonly SemaphoreSlim _gate = new SemaphoreSlim(1);");

    [Fact]
    public Task A_for_loop_with_another_step_is_not_reported() => NotReported("""
                for (var i = 0; i < ids.Length; i += 2)
                    slots[i] = await F(ids[i]);
        """);

    [Fact]
    public Task ValueTask_calls_are_not_reported() => NotReported("""
                foreach (var id in ids)
                    results.Add(await V(id));
        """, "static ValueTask<int> V(int x) => new ValueTask<int>(x);");

    [Theory]
    [InlineData("foreach (var id in ids) results.Add(await F(id)")]
    [InlineData("foreach (var id in ids) results.Add(await F(")]
    [InlineData("foreach (var id in missing) results.Add(await F(id));")]
    [InlineData("foreach (var id in ids) unknown.Add(await F(id));")]
    [InlineData("for (var i = 0; i < ids.Length; i++) slots[i] = await Missing(ids[i]);")]
    [InlineData("for (var i = 0; i < ; i++) slots[i] = await F(ids[i]);")]
    public Task Half_typed_code_does_not_throw(string body)
        => Verify.VerifyAnalyzerIgnoringCompilerErrorsAsync(Source(body));

    // ---- Fixes ----

    [Fact]
    public Task With_the_runtime_the_loop_becomes_AddRange_of_Gather() => Fix("""
                foreach (var id in ids)
                {
                    results.Add(await {|#0:F(id)|});
                }
        """, """
                results.AddRange(await Async.Gather(ids.Select(id => F(id))));
        """, withRuntime: true, AG0202SequentialAwaitsInLoopCodeFix.GatherKey);

    [Fact]
    public Task Without_the_runtime_the_loop_becomes_AddRange_of_WhenAll_keeping_ConfigureAwait() => Fix("""
                foreach (var id in ids)
                    results.Add(await {|#0:F(id)|}.ConfigureAwait(false));
        """, """
                results.AddRange(await Task.WhenAll(ids.Select(id => F(id))).ConfigureAwait(false));
        """, withRuntime: false, AG0202SequentialAwaitsInLoopCodeFix.WhenAllKey);

    // A literal list of constants is unrolled: no constant array moves into an argument (CA1861).
    [Fact]
    public Task With_the_runtime_a_literal_list_becomes_one_call_per_element() => Fix("""
                foreach (var id in new[] { 1, 2, -3 })
                {
                    results.Add(await {|#0:F(id)|});
                }
        """, """
                results.AddRange(await Async.Gather<int>(F(1), F(2), F(-3)));
        """, withRuntime: true, AG0202SequentialAwaitsInLoopCodeFix.GatherKey, linq: false);

    [Fact]
    public Task Without_the_runtime_a_literal_list_becomes_WhenAll_of_each_call() => Fix("""
                var lengths = new List<int>();
                foreach (var name in new string[] { "a", "bb" })
                    lengths.Add(await {|#0:G(name, ct)|}.ConfigureAwait(false));
        """, """
                var lengths = new List<int>();
                lengths.AddRange(await Task.WhenAll(G("a", ct), G("bb", ct)).ConfigureAwait(false));
        """, withRuntime: false, AG0202SequentialAwaitsInLoopCodeFix.WhenAllKey, linq: false);

    // An element without the loop variable's type (null) or a value that is not a constant keeps the Select.
    [Theory]
    [InlineData("new string?[] { \"a\", null }")]
    [InlineData("new[] { names[0], \"b\" }")]
    public Task A_list_that_is_not_exactly_constants_keeps_the_select(string list) => Fix($$"""
                var pages = new List<Page>();
                foreach (var token in {{list}})
                    pages.Add(await {|#0:GetPage(token)|});
        """, $$"""
                var pages = new List<Page>();
                pages.AddRange(await Task.WhenAll(({{list}}).Select(token => GetPage(token))));
        """, withRuntime: false, AG0202SequentialAwaitsInLoopCodeFix.WhenAllKey);

    [Fact]
    public Task Fix_all_rewrites_every_loop() => Fix("""
                foreach (var id in ids)
                    results.Add(await {|#0:F(id)|});
                var lengths = new List<int>();
                foreach (var name in names)
                    lengths.Add(await {|#1:G(name, ct)|});
        """, """
                results.AddRange(await Task.WhenAll(ids.Select(id => F(id))));
                var lengths = new List<int>();
                lengths.AddRange(await Task.WhenAll(names.Select(name => G(name, ct))));
        """, withRuntime: false, AG0202SequentialAwaitsInLoopCodeFix.WhenAllKey);

    [Fact]
    public Task Fix_all_with_the_runtime_rewrites_every_loop() => Fix("""
                foreach (var id in ids)
                    results.Add(await {|#0:F(id)|});
                var lengths = new List<int>();
                foreach (var name in names)
                    lengths.Add(await {|#1:G(name, ct)|});
        """, """
                results.AddRange(await Async.Gather(ids.Select(id => F(id))));
                var lengths = new List<int>();
                lengths.AddRange(await Async.Gather(names.Select(name => G(name, ct))));
        """, withRuntime: true, AG0202SequentialAwaitsInLoopCodeFix.GatherKey);

    [Fact]
    public Task A_for_loop_over_an_index_gets_no_fix()
    {
        var body = """
                    for (var i = 0; i < ids.Length; i++)
                        slots[i] = await {|#0:F(ids[i])|};
            """;
        var test = Verify.CreateTest(Source(body), Source(body), withRuntime: true);
        test.ExpectedDiagnostics.Add(Loop());
        return test.RunAsync(CancellationToken.None);
    }
}
