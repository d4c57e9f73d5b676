using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0201SequentialAwaitsAnalyzer,
    AsyncGuide.CodeFixes.AG0201SequentialAwaitsCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>AG0201 detection: shapes, dependence, arguments. Shared state and locks: AG0201SequentialAwaitsSharedStateTests.</summary>
public class AG0201SequentialAwaitsTests
{
    /// <summary>Members every test can call: independent static fetches, a ValueTask, a mutable request.</summary>
    internal const string Members = """
            static Task<int> A(int x) => Task.FromResult(x);
            static Task<string> B(int y) => Task.FromResult(y.ToString());
            static Task<int> C(string s) => Task.FromResult(s.Length);
            static Task Save(int x) => Task.CompletedTask;
            static Task<int> Send(Request r) => Task.FromResult(0);
            static Task<int> Log(Request r) => Task.FromResult(1);
            static ValueTask<int> VA(int x) => new ValueTask<int>(x);
            static Task<Page> GetPage(string? token) => Task.FromResult(new Page());
        }

        class Request { public int Id { get; init; } public string Name { get; set; } = ""; }
        class Page { public string? Next { get; init; } }
        class Repo { public Task<int> GetA(int id) => Task.FromResult(id); public Task<int> GetB(int id) => Task.FromResult(id); }
        """;

    internal static string InMethod([StringSyntax("C#-test")] string body, string extraMembers = "", string extraTypes = "") => $$"""
        using System;
        using System.Collections.Generic;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        class Program
        {
            readonly Repo _repo = new Repo();
            readonly Repo _other = new Repo();
            int _counter;
            {{extraMembers}}

            async Task Run(int id, CancellationToken ct)
            {
        {{body}}
            }

            {{Members}}
        {{extraTypes}}
        """;

    internal static Task Reported(string body, int count, string extraMembers = "", string extraTypes = "") =>
        Verify.VerifyAnalyzerAsync(InMethod(body, extraMembers, extraTypes), false, Verify.InfoAt(RuleIds.SequentialAwaits, 0, count, count));

    internal static Task NotReported(string body, string extraMembers = "", string? editorconfig = null, string extraTypes = "")
    {
        var test = Verify.CreateTest(InMethod(body, extraMembers, extraTypes), null, withRuntime: false);
        if (editorconfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\n" + editorconfig));
        }

        return test.RunAsync(CancellationToken.None);
    }

    // ---- Positives ----

    [Fact]
    public Task Two_independent_declarations_are_reported_on_the_first_call() => Reported("""
                var a = await {|#0:A(1)|};
                var b = await {|#1:B(2)|};
                Console.WriteLine(a + b);
        """, 2);

    [Fact]
    public Task Configured_awaits_and_a_shared_immutable_argument_are_reported() => Reported("""
                int a = await {|#0:A(id)|}.ConfigureAwait(false);
                string b = await {|#1:B(id)|}.ConfigureAwait(false);
                var c = await {|#2:C("x")|}.ConfigureAwait(false);
        """, 3);

    [Fact]
    public Task Results_checked_with_a_throw_or_a_constant_fallback_are_reported() => Reported("""
                string b;
                var a = await {|#0:B(1)|} ?? throw new InvalidOperationException("no a " + id);
                b = await {|#1:B(2)|} ?? "none";
                var c = await {|#2:A(3)|}.ConfigureAwait(false) as int? ?? throw new InvalidOperationException();
        """, 2);

    [Theory]
    [InlineData("?? Fallback()")]
    [InlineData("?? await B(3)")]
    [InlineData("?? throw new InvalidOperationException(await B(3))")]
    [InlineData("?? new Request().Name")]
    public Task A_fallback_with_an_effect_is_not_reported(string fallback) => NotReported($"""
                var a = await B(1) {fallback};
                var b = await B(2) {fallback};
        """, "static string Fallback() => \"\";");

    [Fact]
    public Task Awaits_directly_under_a_case_label_are_reported() => Reported("""
                switch (id)
                {
                    case 1:
                        var a = await {|#0:B(1)|};
                        var b = await {|#1:B(2)|};
                        Console.WriteLine(a + b);
                        break;
                    default:
                        var c = await B(3);
                        var d = await B(c.Length);
                        break;
                }
        """, 2);

    [Fact]
    public Task A_property_or_field_of_each_result_is_reported() => Reported("""
                int b;
                var a = (await {|#0:B(1)|}).Length;
                b = (await {|#1:Pair(2)|}).Item1;
        """, 2, "static Task<(int, string)> Pair(int x) => Task.FromResult((x, \"\"));");

    [Fact]
    public Task A_method_called_on_a_result_or_a_member_read_by_the_next_call_is_not_gathered() => NotReported("""
                var a = (await B(1)).Trim();
                var b = (await B(2)).Trim();
                var c = (await B(3)).Length;
                var d = await A(c);
        """);

    [Fact]
    public Task Deconstructions_into_new_locals_are_reported() => Reported("""
                var (a, _) = await {|#0:Pair(1)|};
                (int b, string c) = await {|#1:Pair(2)|};
                var d = await {|#2:A(3)|};
        """, 3, "static Task<(int, string)> Pair(int x) => Task.FromResult((x, \"\"));");

    [Fact]
    public Task A_deconstruction_into_existing_variables_or_reading_an_earlier_result_is_not_gathered() => NotReported("""
                int a;
                string b;
                (a, b) = await Pair(1);
                var c = await A(a);
                var (d, e) = await Pair(c);
        """, "static Task<(int, string)> Pair(int x) => Task.FromResult((x, \"\"));");

    [Fact]
    public Task Assignments_to_existing_locals_and_parameters_are_reported() => Reported("""
                int a;
                a = await {|#0:A(1)|};
                id = await {|#1:A(2)|};
        """, 2);

    [Fact]
    public Task A_shared_HttpClient_with_different_requests_is_reported() => Reported("""
                using var http = new HttpClient();
                var home = await {|#0:http.GetStringAsync("https://example.com/", ct)|};
                var about = await {|#1:http.GetStringAsync($"https://example.com/{id}", ct)|};
        """, 2);

    [Fact]
    public Task Different_receivers_are_reported() => Reported("""
                var a = await {|#0:_repo.GetA(id)|};
                var b = await {|#1:_other.GetB(id)|};
        """, 2);

    [Fact]
    public Task A_dependent_statement_starts_a_new_run() => Reported("""
                var a = await A(1);
                var b = await {|#0:A(a)|};
                var c = await {|#1:B(2)|};
        """, 2);

    [Fact]
    public async Task Discarded_results_are_reported_only_when_opted_in()
    {
        var test = Verify.CreateTest(InMethod("""
                    await {|#0:Save(1)|};
                    await {|#1:Save(2)|};
            """), null, withRuntime: false);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\nasyncguide.AG0201.include_discarded_results = true\n"));
        test.ExpectedDiagnostics.Add(Verify.InfoAt(RuleIds.SequentialAwaits, 0, 2, 2));
        await test.RunAsync(CancellationToken.None);
    }

    // ---- Negatives: shapes that are not a run ----

    [Fact]
    public Task A_single_await_is_not_reported() => NotReported("var a = await A(1);");

    [Fact]
    public Task Tasks_already_started_and_awaited_later_are_not_reported() => NotReported("""
                var t1 = A(1);
                var t2 = B(2);
                var a = await t1;
                var b = await t2;
        """);

    [Fact]
    public Task Awaits_in_different_blocks_are_not_reported() => NotReported("""
                var a = await A(1);
                {
                    var b = await B(2);
                }
        """);

    [Fact]
    public Task Discarded_results_are_not_reported_by_default() => NotReported("""
                await Save(1);
                await Save(2);
        """);

    [Fact]
    public Task A_command_between_queries_breaks_the_run() => NotReported("""
                var a = await A(1);
                await Save(a);
                var b = await B(2);
        """);

    [Fact]
    public Task Task_Delay_is_never_gathered_even_when_opted_in() => NotReported("""
                await Task.Delay(100);
                await Save(2);
        """, editorconfig: "asyncguide.AG0201.include_discarded_results = true\n");

    [Fact]
    public Task Combinators_are_not_reported() => NotReported("""
                var a = await Task.WhenAll(A(1), A(2));
                var b = await Task.WhenAny(A(3), A(4));
        """);

    [Fact]
    public Task ValueTask_calls_are_not_reported() => NotReported("""
                var a = await VA(1);
                var b = await VA(2);
        """);

    [Fact]
    public Task Await_foreach_and_await_using_are_not_runs() => NotReported("""
                await foreach (var x in Items()) { }
                await using var d = new Disposable();
                var a = await A(1);
                await foreach (var y in Items()) { }
                var b = await B(2);
        """, """
            static async IAsyncEnumerable<int> Items() { await Task.Yield(); yield return 1; }
            class Disposable : IAsyncDisposable { public ValueTask DisposeAsync() => default; }
        """);

    [Fact]
    public Task Awaits_in_conditions_and_loop_headers_are_not_reported() => NotReported("""
                if (await A(1) > 0) { }
                var b = await B(2);
                while (await A(3) > 10) { }
                var c = await B(4);
        """);

    [Fact]
    public Task Awaits_inside_expressions_are_not_reported() => NotReported("""
                var a = await A(1) + 1;
                var b = (await B(2)).Length;
                var c = await A(await A(3));
        """);

    [Fact]
    public Task Using_declarations_of_bare_IDisposable_results_are_not_reported() => NotReported("""
                using var a = await OpenAsync();
                using var b = await OpenAsync();
        """, """
            static Task<IDisposable> OpenAsync() => Task.FromResult<IDisposable>(null!);
        """);

    [Fact]
    public Task Field_assignments_are_not_reported() => NotReported("""
                _counter = await A(1);
                _counter = await A(2);
        """);

    [Fact]
    public Task Writing_the_same_variable_twice_is_not_reported() => NotReported("""
                int x;
                x = await A(1);
                x = await A(2);
        """);

    // ---- Negatives: dependence ----

    [Fact]
    public Task A_dependent_chain_is_not_reported() => NotReported("""
                var a = await A(1);
                var b = await B(a);
                var c = await C(b);
        """);

    [Fact]
    public Task The_same_call_twice_reads_a_sequence_and_is_not_reported() => NotReported("""
                var first = await ReadMessageAsync();
                var second = await ReadMessageAsync();
                Console.WriteLine(first + second);
                var a = await A(id);
                var b = await A(id);
        """, "static Task<string> ReadMessageAsync() => Task.FromResult(\"m\");");

    [Fact]
    public Task A_continuation_token_is_not_reported() => NotReported("""
                var first = await GetPage(null);
                var second = await GetPage(first.Next);
        """);

    [Fact]
    public Task Pagination_through_a_variable_is_not_reported() => NotReported("""
                string? token = null;
                var page = await GetPage(token);
                token = page.Next;
                var next = await GetPage(token);
        """);

    [Fact]
    public Task An_exception_thrown_between_awaits_breaks_the_run() => NotReported("""
                var a = await A(1);
                if (a < 0) throw new InvalidOperationException();
                var b = await B(2);
        """);

    [Fact]
    public Task A_try_catch_between_awaits_breaks_the_run() => NotReported("""
                var a = await A(1);
                try { Console.WriteLine(a); } catch (Exception) { }
                var b = await B(2);
        """);

    // ---- Negatives: side effects in arguments ----

    [Fact]
    public Task Invocations_in_arguments_are_not_reported() => NotReported("""
                var a = await A(Next());
                var b = await B(Next());
        """, "static int Next() => 1;");

    [Fact]
    public Task Increments_in_arguments_are_not_reported() => NotReported("""
                var i = 0;
                var a = await A(i++);
                var b = await B(i++);
        """);

    [Fact]
    public Task Object_creation_and_lambdas_in_arguments_are_not_reported() => NotReported("""
                var a = await Send(new Request());
                var b = await Run(() => 1);
        """, "static Task<int> Run(Func<int> f) => Task.FromResult(f());");

    [Fact]
    public Task Mutable_fields_and_settable_properties_in_arguments_are_not_reported() => NotReported("""
                var request = new Request();
                var a = await A(_counter);
                var b = await C(request.Name);
        """, "void Bump() => _counter++;");

    [Fact]
    public Task In_arguments_are_not_reported() => NotReported("""
                var x = 1;
                var a = await ByIn(in x);
                var b = await ByIn(in x);
        """, "static Task<int> ByIn(in int x) => Task.FromResult(x);");

    [Fact]
    public Task Params_arrays_holding_a_collection_are_not_reported() => NotReported("""
                var list = new List<int>();
                var a = await Many(list);
                var b = await Many(list, new List<int>());
        """, "static Task<int> Many(params List<int>[] xs) => Task.FromResult(xs.Length);");

    // ---- Half-typed code never throws ----

    [Theory]
    [InlineData("var a = await A(1)\n var b = await B(2);")]
    [InlineData("var a = await A(\n var b = await B(2);")]
    [InlineData("var a = await Missing(1);\n var b = await Missing(2);")]
    [InlineData("var a = await A(1);\n var b = await B(undefinedLocal);")]
    [InlineData("Unknown a = await A(1);\n Unknown b = await B(2);")]
    [InlineData("var a = await;\n var b = await ;")]
    [InlineData("var a = await _missing.Get(1);\n var b = await _missing.Get(2);")]
    public Task Half_typed_code_does_not_throw(string body)
        => Verify.VerifyAnalyzerIgnoringCompilerErrorsAsync(InMethod(body));
}
