using System.Threading;
using System.Threading.Tasks;
using AsyncGuide.CodeFixes;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0202SequentialAwaitsInLoopAnalyzer,
    AsyncGuide.CodeFixes.AG0202SequentialAwaitsInLoopCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>AG0202 beyond <c>list.Add(await F(x))</c>: service receivers, two-statement bodies, index stores, accumulations.</summary>
public class AG0202SequentialAwaitsInLoopShapesTests
{
    private const string Members = """
            readonly Service _service = new Service();
            readonly Db _db = new Db();
            Service _injected;
            readonly Func<int, Task<int>> _selector = x => Task.FromResult(x);
            public Program(Service service) { _injected = service; }
        """;

    private const string Types = """
        class Service
        {
            public Task<int> GetScore(int id) => Task.FromResult(id);
            public Task<int> Bump() => Task.FromResult(0);
            public Task<int> GetPage(int id, int size) => Task.FromResult(id);
            public Task<int> GetPage(Paging paging, int id, int size) => Task.FromResult(id);
            public Task<string?> Find(string name) => Task.FromResult<string?>(name);
            public void Reset() { }
        }
        class Paging { public int Size { get; set; } }
        class Db : System.IO.Stream
        {
            public Task<int> GetRow(int id) => Task.FromResult(id);
            public override bool CanRead => true; public override bool CanSeek => false; public override bool CanWrite => false;
            public override long Length => 0; public override long Position { get; set; }
            public override void Flush() { } public override int Read(byte[] b, int o, int c) => 0;
            public override long Seek(long o, System.IO.SeekOrigin s) => 0; public override void SetLength(long v) { }
            public override void Write(byte[] b, int o, int c) { }
        }
        class Repository { private readonly Db _db = new Db(); public Task<int> GetRow(int id) => _db.GetRow(id); }
        """;

    private static string Source(string body, string usings = "", string linq = "") =>
        AG0202SequentialAwaitsInLoopTests.Source(body, usings, Members + "\n    readonly Repository _repository = new Repository();", linq) + Types;

    private static Task Reported(string body)
    {
        var test = Verify.CreateTest(Source(body), null, withRuntime: false);
        test.ExpectedDiagnostics.Add(Verify.InfoAt(RuleIds.SequentialAwaitsInLoop, 0, 1));
        return test.RunAsync(CancellationToken.None);
    }

    private static Task NotReported(string body, string? editorconfig = null)
    {
        var test = Verify.CreateTest(Source(body), null, withRuntime: false);
        if (editorconfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\n" + editorconfig));
        }

        return test.RunAsync(CancellationToken.None);
    }

    private static Task Fix(string body, string fixedBody, bool withRuntime, int count = 1)
    {
        var test = Verify.CreateTest(
            Source(body),
            Source(fixedBody, withRuntime ? "using AsyncGuide;\n" : "", linq: "using System.Linq;\n"),
            withRuntime);
        test.CodeActionEquivalenceKey = withRuntime ? AG0202SequentialAwaitsInLoopCodeFix.GatherKey : AG0202SequentialAwaitsInLoopCodeFix.WhenAllKey;
        for (var i = 0; i < count; i++)
        {
            test.ExpectedDiagnostics.Add(Verify.InfoAt(RuleIds.SequentialAwaitsInLoop, i, 1));
        }

        return test.RunAsync(CancellationToken.None);
    }

    // ---- Positives ----

    [Fact]
    public Task A_loop_over_a_service_field_is_reported() => Reported("""
                foreach (var id in ids)
                    results.Add(await {|#0:_service.GetScore(id)|});
        """);

    [Fact]
    public Task A_two_statement_body_is_reported() => Reported("""
                foreach (var id in ids)
                {
                    var score = await {|#0:_service.GetScore(id)|};
                    results.Add(score);
                }
        """);

    [Fact]
    public Task A_two_statement_body_over_a_field_only_the_constructor_sets_is_reported() => Reported("""
                foreach (var id in ids)
                {
                    var score = await {|#0:_injected.GetScore(id)|};
                    results.Add(score);
                }
        """);

    [Fact]
    public Task A_dictionary_store_is_reported() => Reported("""
                var map = new Dictionary<int, int>();
                foreach (var id in ids)
                    map[id] = await {|#0:F(id)|};
        """);

    [Fact]
    public Task An_accumulation_is_reported() => Reported("""
                var total = 0;
                foreach (var id in ids)
                    total += await {|#0:F(id)|};
        """);

    [Fact]
    public Task A_settable_property_of_a_shared_object_is_reported() => Reported("""
                var paging = new Paging { Size = 10 };
                foreach (var id in ids)
                    results.Add(await {|#0:_service.GetPage(id, paging.Size)|});
        """);

    [Fact]
    public Task A_result_used_twice_is_reported() => Reported("""
                foreach (var id in ids)
                {
                    var score = await {|#0:F(id)|};
                    results.Add(score + score);
                }
        """);

    [Fact]
    public Task A_result_collected_behind_a_null_check_is_reported() => Reported("""
                var found = new List<string>();
                foreach (var name in names)
                {
                    var match = await {|#0:_service.Find(name.Trim())|}.ConfigureAwait(false);
                    if (match != null)
                        found.Add(match.ToUpperInvariant());
                }
        """);

    [Fact]
    public Task Several_statements_with_a_continue_and_a_throw_after_the_await_are_reported() => Reported("""
                var total = 0;
                foreach (var id in ids)
                {
                    var score = await {|#0:_service.GetScore(id)|};
                    if (score == 0) continue;
                    if (score < 0) throw new InvalidOperationException("negative score for " + id);
                    total += score;
                    results.Add(score);
                }
        """);

    [Fact]
    public Task Lambdas_after_the_await_are_reported() => Reported("""
                var found = new List<string>();
                foreach (var name in names)
                {
                    var match = await {|#0:_service.Find(name)|};
                    if (match != null && names.Exists(n => n.Length == match.Length))
                        found.Add(new string(Array.FindAll(match.ToCharArray(), c => { return char.IsLetter(c); })));
                }
        """);

    [Fact]
    public Task A_break_inside_a_switch_after_the_await_is_reported() => Reported("""
                foreach (var id in ids)
                {
                    var score = await {|#0:_service.GetScore(id)|};
                    switch (score)
                    {
                        case 0:
                            break;
                        default:
                            results.Add(score);
                            break;
                    }
                }
        """);

    [Fact]
    public Task A_for_loop_storing_a_local_into_the_slot_is_reported() => Reported("""
                for (var i = 0; i < ids.Length; i++)
                {
                    var id = ids[i];
                    var score = await {|#0:_service.GetScore(id)|}.ConfigureAwait(false);
                    slots[i] = score;
                }
        """);

    [Fact]
    public Task Declarations_before_the_await_are_reported() => Reported("""
                foreach (var name in names)
                {
                    var trimmed = name.Trim();
                    var paging = new Paging { Size = trimmed.Length };
                    results.Add(await {|#0:_service.GetPage(paging, trimmed.Length, 10)|});
                }
        """);

    // ---- Negatives ----

    [Fact]
    public Task A_statement_after_the_await_that_changes_the_receiver_is_not_reported() => NotReported("""
                foreach (var id in ids)
                {
                    var score = await _service.GetScore(id);
                    _service.Reset();
                    results.Add(score);
                }
        """);

    [Fact]
    public Task A_statement_after_the_await_that_changes_an_argument_is_not_reported() => NotReported("""
                var offset = 0;
                foreach (var id in ids)
                {
                    var score = await _service.GetPage(id, offset);
                    offset += score;
                }
        """);

    [Fact]
    public Task A_declaration_that_changes_an_object_the_call_gets_is_not_reported() => NotReported("""
                var paging = new Paging();
                foreach (var id in ids)
                {
                    var size = paging.Size = id;
                    results.Add(await _service.GetPage(paging, id, size));
                }
        """);

    [Fact]
    public Task A_return_after_the_await_is_not_reported() => NotReported("""
                foreach (var id in ids)
                {
                    var score = await _service.GetScore(id);
                    if (score < 0) return;
                    results.Add(score);
                }
        """);

    [Fact]
    public Task A_second_await_after_the_first_is_not_reported() => NotReported("""
                foreach (var id in ids)
                {
                    var score = await _service.GetScore(id);
                    results.Add(await F(score));
                }
        """);

    [Fact]
    public Task A_result_assigned_again_after_the_await_is_not_reported() => NotReported("""
                foreach (var id in ids)
                {
                    var score = await _service.GetScore(id);
                    score++;
                    results.Add(score);
                }
        """);

    [Fact]
    public Task A_body_that_adds_to_the_list_it_enumerates_is_not_reported() => NotReported("""
                var queue = new List<int>(ids);
                foreach (var id in queue)
                {
                    var score = await _service.GetScore(id);
                    if (score > 0) queue.Add(score);
                }
        """);

    [Fact]
    public Task A_settable_property_of_an_object_the_call_also_gets_is_not_reported() => NotReported("""
                var paging = new Paging { Size = 10 };
                foreach (var id in ids)
                    results.Add(await _service.GetPage(paging, id, paging.Size));
        """);

    [Fact]
    public Task A_delegate_held_in_a_field_is_not_reported() => NotReported("""
                foreach (var id in ids)
                    results.Add(await _selector(id));
        """);

    [Fact]
    public Task A_loop_that_breaks_on_a_result_is_not_reported() => NotReported("""
                foreach (var id in ids)
                {
                    var score = await _service.GetScore(id);
                    if (score > 10) break;
                }
        """);

    [Fact]
    public Task An_accumulator_that_feeds_the_call_is_not_reported() => NotReported("""
                var total = 0;
                foreach (var id in ids)
                    total += await F(total);
        """);

    [Fact]
    public Task A_call_that_ignores_the_item_is_not_reported() => NotReported("""
                foreach (var id in ids)
                    results.Add(await _service.Bump());
        """);

    [Fact]
    public Task A_repository_over_a_non_concurrent_object_is_not_reported() => NotReported("""
                foreach (var id in ids)
                    results.Add(await _repository.GetRow(id));
        """);

    [Fact]
    public Task A_non_concurrent_receiver_is_not_reported() => NotReported("""
                foreach (var id in ids)
                    results.Add(await _db.GetRow(id));
        """);


    [Fact]
    public Task A_key_computed_by_a_call_is_not_reported() => NotReported("""
                var map = new Dictionary<int, int>();
                foreach (var id in ids)
                    map[id.GetHashCode()] = await F(id);
        """);

    [Fact]
    public Task A_service_loop_in_strict_mode_is_not_reported() => NotReported("""
                foreach (var id in ids)
                    results.Add(await _service.GetScore(id));
        """, "asyncguide.AG0202.receivers = strict\n");

    [Fact]
    public Task A_using_declaration_in_the_body_is_not_reported() => NotReported("""
                foreach (var id in ids)
                {
                    using var score = await Open(id);
                    results.Add(1);
                }
        """.Replace("Open(id)", "System.Threading.Tasks.Task.FromResult<System.IDisposable>(null!)"));

    // ---- Fixes (each runs Fix All too) ----

    [Fact]
    public Task A_two_statement_body_keeps_its_loop_over_the_gathered_results() => Fix("""
                foreach (var id in ids)
                {
                    var score = await {|#0:_service.GetScore(id)|};
                    results.Add(score);
                }
        """, """
                foreach (var score in await Task.WhenAll(ids.Select(id => _service.GetScore(id))))
                {
                    results.Add(score);
                }
        """, withRuntime: false);

    [Fact]
    public Task A_dictionary_store_keeps_each_key_with_its_result() => Fix("""
            var map = new Dictionary<int, int>();
            foreach (var id in ids)
                map[id] = await {|#0:F(id)|}.ConfigureAwait(false);
    """, """
            var map = new Dictionary<int, int>();
            foreach (var (id, result) in await Task.WhenAll(ids.Select(async id => (id, await F(id).ConfigureAwait(false)))).ConfigureAwait(false))
                map[id] = result;
    """, withRuntime: false);

    [Fact]
    public Task An_accumulation_adds_the_gathered_results_in_input_order() => Fix("""
                var total = 0;
                foreach (var id in ids)
                    total += await {|#0:F(id)|};
        """, """
                var total = 0;
                foreach (var result in await Async.Gather(ids.Select(id => F(id))))
                    total += result;
        """, withRuntime: true);

    [Fact]
    public Task Comments_in_the_loop_are_carried_along() => Fix("""
                foreach (var id in ids)
                {
                    // one score per id
                    results.Add(await {|#0:F(id)|}); // kept in order
                }
        """, """
                foreach (var result in await Task.WhenAll(ids.Select(id => F(id))))
                {
                    // one score per id
                    results.Add(result); // kept in order
                }
        """, withRuntime: false);

    [Fact]
    public Task Statements_after_the_await_run_over_the_gathered_results() => Fix("""
                var found = new List<string>();
                foreach (var n in names)
                {
                    var m = await {|#0:G(n, ct)|}.ConfigureAwait(false);
                    // keep only non-empty names
                    if (m == 0) continue;
                    found.Add(m + "@" + n);
                }
        """, """
                var found = new List<string>();
                foreach (var (n, m) in await Task.WhenAll(names.Select(async n => (n, await G(n, ct).ConfigureAwait(false)))).ConfigureAwait(false))
                {
                    // keep only non-empty names
                    if (m == 0) continue;
                    found.Add(m + "@" + n);
                }
        """, withRuntime: false);

    [Fact]
    public Task Declarations_before_the_await_move_into_each_items_task() => Fix("""
                foreach (var s in names)
                {
                    var t = s.Trim();
                    results.Add(await {|#0:_service.GetScore(t.Length)|});
                }
        """, """
                foreach (var result in await Async.Gather(names.Select(async s => { var t = s.Trim(); return await _service.GetScore(t.Length); })))
                {
                    results.Add(result);
                }
        """, withRuntime: true);

    [Fact]
    public Task Statements_after_the_await_that_read_a_declaration_before_it_get_no_fix()
    {
        var body = """
                    foreach (var name in names)
                    {
                        var trimmed = name.Trim();
                        var score = await {|#0:_service.GetScore(trimmed.Length)|};
                        results.Add(score + trimmed.Length);
                    }
            """;
        var test = Verify.CreateTest(Source(body), Source(body), withRuntime: true);
        test.ExpectedDiagnostics.Add(Verify.InfoAt(RuleIds.SequentialAwaitsInLoop, 0, 1));
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task Fix_all_rewrites_every_shape() => Fix("""
                var total = 0;
                foreach (var id in ids)
                    total += await {|#0:F(id)|};
                foreach (var id in ids)
                {
                    var score = await {|#1:_service.GetScore(id)|};
                    results.Add(score);
                }
        """, """
                var total = 0;
                foreach (var result in await Task.WhenAll(ids.Select(id => F(id))))
                    total += result;
                foreach (var score in await Task.WhenAll(ids.Select(id => _service.GetScore(id))))
                {
                    results.Add(score);
                }
        """, withRuntime: false, count: 2);
}
