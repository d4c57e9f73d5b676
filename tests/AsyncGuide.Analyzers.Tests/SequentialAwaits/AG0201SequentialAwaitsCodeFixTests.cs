using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuide.CodeFixes;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0201SequentialAwaitsAnalyzer,
    AsyncGuide.CodeFixes.AG0201SequentialAwaitsCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>AG0201 fixes: Async.Gather with the runtime, Task.WhenAll without; each with a Fix All twin.</summary>
public class AG0201SequentialAwaitsCodeFixTests
{
    private const string IncludeDiscarded = "asyncguide.AG0201.include_discarded_results = true\n";

    private static string Source([StringSyntax("C#-test")] string body, string usings = "") => $$"""
        using System.Threading.Tasks;
        {{usings}}

        class Program
        {
            async Task Run(int id)
            {
        {{body}}
            }

            static Task<int> A(int x) => Task.FromResult(x);
            static Task<string> B(int y) => Task.FromResult(y.ToString());
            static Task SaveAsync(int x) => Task.CompletedTask;
            static Task<(int, string)> PairAsync(int x) => Task.FromResult((x, x.ToString()));
        }
        """;

    /// <summary>Markup locations #0.. are consecutive runs of the given sizes.</summary>
    private static Task Fix(string body, string fixedBody, bool withRuntime, string key, string? editorconfig, params int[] runSizes)
    {
        var addsUsing = key == AG0201SequentialAwaitsCodeFix.GatherKey;
        var test = Verify.CreateTest(Source(body), Source(fixedBody, addsUsing ? "using AsyncGuide;\n" : ""), withRuntime);
        test.CodeActionEquivalenceKey = key;
        if (editorconfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\n" + editorconfig));
            test.FixedState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\n" + editorconfig));
        }

        test.ExpectedDiagnostics.AddRange(Verify.InfoRuns(RuleIds.SequentialAwaits, runSizes));
        return test.RunAsync(CancellationToken.None);
    }

    private static Task NoFix(string body, bool withRuntime, params int[] runSizes)
    {
        var test = Verify.CreateTest(Source(body), Source(body), withRuntime);
        test.ExpectedDiagnostics.AddRange(Verify.InfoRuns(RuleIds.SequentialAwaits, runSizes));
        return test.RunAsync(CancellationToken.None);
    }

    // ---- With the runtime: Async.Gather ----

    [Fact]
    public Task Declarations_become_a_gather_deconstruction() => Fix("""
                // fetch both
                var a = await {|#0:A(1)|};
                var b = await {|#1:B(id)|};
                System.Console.WriteLine(a + b);
        """, """
                // fetch both
                var (a, b) = await Async.Gather(A(1), B(id));
                System.Console.WriteLine(a + b);
        """, withRuntime: true, AG0201SequentialAwaitsCodeFix.GatherKey, null, 2);

    [Fact]
    public Task Explicit_types_and_ConfigureAwait_are_kept() => Fix("""
                int a = await {|#0:A(1)|}.ConfigureAwait(false);
                string b = await {|#1:B(2)|}.ConfigureAwait(false);
                var c = await {|#2:A(3)|}.ConfigureAwait(false);
        """, """
                (int a, string b, var c) = await Async.Gather(A(1), B(2), A(3)).ConfigureAwait(false);
        """, withRuntime: true, AG0201SequentialAwaitsCodeFix.GatherKey, null, 3);

    [Fact]
    public Task Assignments_and_declarations_mix() => Fix("""
                int a;
                a = await {|#0:A(1)|};
                var b = await {|#1:B(2)|};
                id = await {|#2:A(3)|};
        """, """
                int a;
                (a, var b, id) = await Async.Gather(A(1), B(2), A(3));
        """, withRuntime: true, AG0201SequentialAwaitsCodeFix.GatherKey, null, 3);

    [Fact]
    public Task Discarded_results_gather_without_a_target() => Fix("""
                await {|#0:SaveAsync(1)|};
                await {|#1:SaveAsync(2)|};
                await {|#2:A(3)|};
        """, """
                await Async.Gather(SaveAsync(1), SaveAsync(2), A(3));
        """, withRuntime: true, AG0201SequentialAwaitsCodeFix.GatherKey, IncludeDiscarded, 3);

    [Fact]
    public Task A_discard_among_kept_results_becomes_an_underscore() => Fix("""
                var a = await {|#0:A(1)|};
                await {|#1:A(2)|};
        """, """
                var (a, _) = await Async.Gather(A(1), A(2));
        """, withRuntime: true, AG0201SequentialAwaitsCodeFix.GatherKey, IncludeDiscarded, 2);

    [Fact]
    public Task Kept_results_with_a_non_generic_task_fall_back_to_WhenAll() => Fix("""
                var a = await {|#0:A(1)|};
                await {|#1:SaveAsync(2)|};
        """, """
                var aTask = A(1);
                var saveTask = SaveAsync(2);
                await Task.WhenAll(aTask, saveTask);
                var a = await aTask;
        """, withRuntime: true, AG0201SequentialAwaitsCodeFix.WhenAllKey, IncludeDiscarded, 2);

    [Fact]
    public Task More_than_seven_results_fall_back_to_WhenAll() => Fix("""
                var a1 = await {|#0:A(1)|};
                var a2 = await {|#1:A(2)|};
                var a3 = await {|#2:A(3)|};
                var a4 = await {|#3:A(4)|};
                var a5 = await {|#4:A(5)|};
                var a6 = await {|#5:A(6)|};
                var a7 = await {|#6:A(7)|};
                var a8 = await {|#7:A(8)|};
        """, """
                var a1Task = A(1);
                var a2Task = A(2);
                var a3Task = A(3);
                var a4Task = A(4);
                var a5Task = A(5);
                var a6Task = A(6);
                var a7Task = A(7);
                var a8Task = A(8);
                await Task.WhenAll(a1Task, a2Task, a3Task, a4Task, a5Task, a6Task, a7Task, a8Task);
                var a1 = await a1Task;
                var a2 = await a2Task;
                var a3 = await a3Task;
                var a4 = await a4Task;
                var a5 = await a5Task;
                var a6 = await a6Task;
                var a7 = await a7Task;
                var a8 = await a8Task;
        """, withRuntime: true, AG0201SequentialAwaitsCodeFix.WhenAllKey, null, 8);

    [Fact]
    public Task Fix_all_gathers_every_run_in_the_document() => Fix("""
                var a = await {|#0:A(1)|};
                var b = await {|#1:B(2)|};
                System.Console.WriteLine(a);
                if (id > 0)
                {
                    var c = await {|#2:A(3)|};
                    var d = await {|#3:B(4)|};
                }
        """, """
                var (a, b) = await Async.Gather(A(1), B(2));
                System.Console.WriteLine(a);
                if (id > 0)
                {
                    var (c, d) = await Async.Gather(A(3), B(4));
                }
        """, withRuntime: true, AG0201SequentialAwaitsCodeFix.GatherKey, null, 2, 2);

    // ---- Without the runtime: Task.WhenAll ----

    [Fact]
    public Task Without_the_runtime_tasks_start_then_WhenAll_then_results_are_awaited() => Fix("""
                // fetch both
                int a = await {|#0:A(1)|};
                var b = await {|#1:B(id)|};
        """, """
                // fetch both
                var aTask = A(1);
                var bTask = B(id);
                await Task.WhenAll(aTask, bTask);
                int a = await aTask;
                var b = await bTask;
        """, withRuntime: false, AG0201SequentialAwaitsCodeFix.WhenAllKey, null, 2);

    [Fact]
    public Task A_result_checked_with_a_throw_is_read_back_with_its_check_even_with_the_runtime() => Fix("""
                var a = await {|#0:A(1)|};
                var b = await {|#1:B(id)|} ?? throw new System.InvalidOperationException("no b");
        """, """
                var aTask = A(1);
                var bTask = B(id);
                await Task.WhenAll(aTask, bTask);
                var a = await aTask;
                var b = await bTask ?? throw new System.InvalidOperationException("no b");
        """, withRuntime: true, AG0201SequentialAwaitsCodeFix.WhenAllKey, null, 2);

    /// <summary>Two awaits directly under a <c>case</c> label; another section declares <c>aTask</c> in the switch's one scope.</summary>
    private const string CaseSection = """
                switch (id)
                {
                    case 1:
                        var a = await {|#0:A(1)|};
                        var b = await {|#1:B(2)|};
                        System.Console.WriteLine(a + b);
                        break;
                    default:
                        var aTask = 0;
                        System.Console.WriteLine(aTask);
                        break;
                }
        """;

    [Fact]
    public Task A_run_under_a_case_label_is_rewritten_in_its_section_with_names_free_in_the_whole_switch() => Fix(CaseSection, """
                switch (id)
                {
                    case 1:
                        var aTask2 = A(1);
                        var bTask = B(2);
                        await Task.WhenAll(aTask2, bTask);
                        var a = await aTask2;
                        var b = await bTask;
                        System.Console.WriteLine(a + b);
                        break;
                    default:
                        var aTask = 0;
                        System.Console.WriteLine(aTask);
                        break;
                }
        """, withRuntime: false, AG0201SequentialAwaitsCodeFix.WhenAllKey, null, 2);

    [Fact]
    public Task A_run_under_a_case_label_is_gathered_in_its_section_with_the_runtime() => Fix(CaseSection, """
                switch (id)
                {
                    case 1:
                        var (a, b) = await Async.Gather(A(1), B(2));
                        System.Console.WriteLine(a + b);
                        break;
                    default:
                        var aTask = 0;
                        System.Console.WriteLine(aTask);
                        break;
                }
        """, withRuntime: true, AG0201SequentialAwaitsCodeFix.GatherKey, null, 2);

    [Fact]
    public Task A_member_of_the_result_is_read_back_with_its_member_even_with_the_runtime() => Fix("""
                var length = (await {|#0:B(1)|}).Length;
                var count = (await {|#1:PairAsync(id)|}).Item1;
                var a = await {|#2:A(2)|};
        """, """
                var lengthTask = B(1);
                var countTask = PairAsync(id);
                var aTask = A(2);
                await Task.WhenAll(lengthTask, countTask, aTask);
                var length = (await lengthTask).Length;
                var count = (await countTask).Item1;
                var a = await aTask;
        """, withRuntime: true, AG0201SequentialAwaitsCodeFix.WhenAllKey, null, 3);

    [Fact]
    public Task A_deconstruction_is_read_back_whole_even_with_the_runtime() => Fix("""
                var (count, name) = await {|#0:PairAsync(1)|};
                var b = await {|#1:B(id)|};
        """, """
                var pairTask = PairAsync(1);
                var bTask = B(id);
                await Task.WhenAll(pairTask, bTask);
                var (count, name) = await pairTask;
                var b = await bTask;
        """, withRuntime: true, AG0201SequentialAwaitsCodeFix.WhenAllKey, null, 2);

    [Fact]
    public Task Without_the_runtime_ConfigureAwait_and_assignments_are_kept() => Fix("""
                int a;
                a = await {|#0:A(1)|}.ConfigureAwait(false);
                var b = await {|#1:B(2)|}.ConfigureAwait(false);
        """, """
                int a;
                var aTask = A(1);
                var bTask = B(2);
                await Task.WhenAll(aTask, bTask).ConfigureAwait(false);
                a = await aTask.ConfigureAwait(false);
                var b = await bTask.ConfigureAwait(false);
        """, withRuntime: false, AG0201SequentialAwaitsCodeFix.WhenAllKey, null, 2);

    [Fact]
    public Task Without_the_runtime_names_do_not_collide() => Fix("""
                var aTask = 0;
                var a = await {|#0:A(aTask)|};
                var b = await {|#1:B(2)|};
                {
                    var bTask = "taken in a nested scope";
                }
        """, """
                var aTask = 0;
                var aTask2 = A(aTask);
                var bTask2 = B(2);
                await Task.WhenAll(aTask2, bTask2);
                var a = await aTask2;
                var b = await bTask2;
                {
                    var bTask = "taken in a nested scope";
                }
        """, withRuntime: false, AG0201SequentialAwaitsCodeFix.WhenAllKey, null, 2);

    [Fact]
    public Task Without_the_runtime_fix_all_gives_each_run_its_own_names() => Fix("""
                await {|#0:SaveAsync(1)|};
                await {|#1:SaveAsync(2)|};
                System.Console.WriteLine();
                await {|#2:SaveAsync(3)|};
                await {|#3:SaveAsync(4)|};
        """, """
                var saveTask = SaveAsync(1);
                var saveTask2 = SaveAsync(2);
                await Task.WhenAll(saveTask, saveTask2);
                System.Console.WriteLine();
                var saveTask3 = SaveAsync(3);
                var saveTask4 = SaveAsync(4);
                await Task.WhenAll(saveTask3, saveTask4);
        """, withRuntime: false, AG0201SequentialAwaitsCodeFix.WhenAllKey, IncludeDiscarded, 2, 2);

    // ---- Top-level statements ----

    private const string TopLevel = """
        using System.Threading.Tasks;
        {0}
        var a = await {{|#0:A(1)|}};
        var b = await {{|#1:A(2)|}};
        await Task.Yield();
        var c = await {{|#2:A(3)|}};
        var d = await {{|#3:A(4)|}};
        System.Console.WriteLine(a + b + c + d);

        static Task<int> A(int x) => Task.FromResult(x);
        """;

    private static Task FixTopLevel(string fixedStatements, bool withRuntime, string key, string fixedUsing)
    {
        var source = string.Format(TopLevel, "");
        var fixedSource = "using System.Threading.Tasks;\n" + fixedUsing + "\n" + fixedStatements
            + "\nSystem.Console.WriteLine(a + b + c + d);\n\nstatic Task<int> A(int x) => Task.FromResult(x);";
        var test = Verify.CreateTopLevelTest(source, fixedSource, key, withRuntime);
        test.ExpectedDiagnostics.AddRange(Verify.InfoRuns(RuleIds.SequentialAwaits, [2, 2]));
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task Top_level_statements_are_gathered_with_the_runtime() => FixTopLevel("""
        var (a, b) = await Async.Gather(A(1), A(2));
        await Task.Yield();
        var (c, d) = await Async.Gather(A(3), A(4));
        """, withRuntime: true, AG0201SequentialAwaitsCodeFix.GatherKey, "using AsyncGuide;\n");

    [Fact]
    public Task Top_level_statements_get_fresh_names_across_the_file_without_the_runtime() => FixTopLevel("""
        var aTask = A(1);
        var bTask = A(2);
        await Task.WhenAll(aTask, bTask);
        var a = await aTask;
        var b = await bTask;
        await Task.Yield();
        var cTask = A(3);
        var dTask = A(4);
        await Task.WhenAll(cTask, dTask);
        var c = await cTask;
        var d = await dTask;
        """, withRuntime: false, AG0201SequentialAwaitsCodeFix.WhenAllKey, "");

    // ---- No fix rather than a wrong one ----

    [Fact]
    public Task Different_ConfigureAwait_arguments_get_no_fix() => NoFix("""
                var a = await {|#0:A(1)|}.ConfigureAwait(false);
                var b = await {|#1:B(2)|};
        """, withRuntime: true, 2);

    [Fact]
    public Task A_directive_between_the_awaits_gets_no_fix() => NoFix("""
                var a = await {|#0:A(1)|};
        #region second
                var b = await {|#1:B(2)|};
        #endregion
        """, withRuntime: false, 2);

    // ---- Comments are carried along (issue 16) ----

    [Fact]
    public Task Leading_and_trailing_comments_move_above_the_gathered_statement() => Fix("""
                // user and name
                var a = await {|#0:A(1)|}; // the user
                // the second one
                var b = await {|#1:B(2)|}; // last
        """, """
                // user and name
                // the user
                // the second one
                var (a, b) = await Async.Gather(A(1), B(2)); // last
        """, withRuntime: true, AG0201SequentialAwaitsCodeFix.GatherKey, null, 2);

    [Fact]
    public Task Comments_stay_with_their_started_task_without_the_runtime() => Fix("""
                var a = await {|#0:A(1)|}; // the user
                // the second one
                var b = await {|#1:B(2)|};
        """, """
                var aTask = A(1); // the user
                // the second one
                var bTask = B(2);
                await Task.WhenAll(aTask, bTask);
                var a = await aTask;
                var b = await bTask;
        """, withRuntime: false, AG0201SequentialAwaitsCodeFix.WhenAllKey, null, 2);

    [Fact]
    public Task Fix_all_carries_the_comments_of_every_run() => Fix("""
                var a = await {|#0:A(1)|}; // first
                var b = await {|#1:B(2)|};
                await Task.Yield();
                // third
                var c = await {|#2:A(3)|};
                // fourth
                var d = await {|#3:B(4)|};
        """, """
                // first
                var (a, b) = await Async.Gather(A(1), B(2));
                await Task.Yield();
                // third
                // fourth
                var (c, d) = await Async.Gather(A(3), B(4));
        """, withRuntime: true, AG0201SequentialAwaitsCodeFix.GatherKey, null, 2, 2);

    // ---- Switch sections (issue 16) ----

    /// <summary>A run of two awaits in a braced switch section, to fix in either form.</summary>
    private const string InASwitchSection = """
                switch (id)
                {
                    case 1:
                    {
                        var a = await {|#0:A(1)|};
                        var b = await {|#1:B(2)|};
                        break;
                    }
                }
        """;

    [Fact]
    public Task Inside_a_switch_section_the_fix_keeps_the_indentation() => Fix(
        InASwitchSection, """
                switch (id)
                {
                    case 1:
                    {
                        var (a, b) = await Async.Gather(A(1), B(2));
                        break;
                    }
                }
        """, withRuntime: true, AG0201SequentialAwaitsCodeFix.GatherKey, null, 2);

    [Fact]
    public Task Inside_a_switch_section_the_WhenAll_fix_keeps_the_indentation() => Fix(
        InASwitchSection, """
                switch (id)
                {
                    case 1:
                    {
                        var aTask = A(1);
                        var bTask = B(2);
                        await Task.WhenAll(aTask, bTask);
                        var a = await aTask;
                        var b = await bTask;
                        break;
                    }
                }
        """, withRuntime: false, AG0201SequentialAwaitsCodeFix.WhenAllKey, null, 2);

    [Theory]
    [InlineData(true, "Gather with Async.Gather")]
    [InlineData(false, "Gather with Task.WhenAll")]
    public Task Fix_titles_say_what_happens_to_concurrency(bool withRuntime, string title)
    {
        var test = Verify.CreateTest(
            Source("""
                var a = await {|#0:A(1)|};
                var b = await {|#1:B(2)|};
        """),
            Source(withRuntime ? """
                var (a, b) = await Async.Gather(A(1), B(2));
        """ : """
                var aTask = A(1);
                var bTask = B(2);
                await Task.WhenAll(aTask, bTask);
                var a = await aTask;
                var b = await bTask;
        """, withRuntime ? "using AsyncGuide;\n" : ""),
            withRuntime);
        test.ExpectedDiagnostics.Add(Verify.InfoAt(RuleIds.SequentialAwaits, 0, 2));
        test.CodeActionVerifier = (action, verifier) => verifier.Equal(title, action.Title);
        return test.RunAsync(CancellationToken.None);
    }
}
