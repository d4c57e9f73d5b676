using System.Threading;
using System.Threading.Tasks;
using AsyncGuide.CodeFixes;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0001DroppedTaskAnalyzer,
    AsyncGuide.CodeFixes.AG0001DroppedTaskCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>AG0001 fixes: await, gather a run, and no fix where an await cannot go or would change meaning.</summary>
public class AG0001DroppedTaskCodeFixTests
{
    private const string Api = """

        class Api
        {
            public static Task SendAsync() => Task.Run(() => { });
            public static Task<int> CountAsync() => Task.Run(() => 1);
            public static ValueTask PingAsync() => new(Task.Run(() => { }));
            public Task CloseAsync() => Task.Run(() => { });
        }
        """;

    private static string Code(string body) => "using System.Threading.Tasks;\n\n" + body + Api;

    private static string CodeWithRuntime(string body) => "using System.Threading.Tasks;\nusing AsyncGuide;\n\n" + body + Api;

    [Fact]
    public Task Await_a_dropped_call_keeping_ConfigureAwait() => Verify.VerifyCodeFixAsync(Code("""
        class C
        {
            async Task M()
            {
                // keep me
                {|AG0001:Api.SendAsync().ConfigureAwait(false)|}; // and me
            }
        }
        """), Code("""
        class C
        {
            async Task M()
            {
                // keep me
                await Api.SendAsync().ConfigureAwait(false); // and me
            }
        }
        """), equivalenceKey: AG0001DroppedTaskCodeFix.AwaitKey);

    [Fact]
    public Task Await_Fix_All_twin_discards_underscore_locals_and_ValueTask() => Verify.VerifyCodeFixAsync(Code("""
        class C
        {
            async Task M()
            {
                _ = {|AG0001:Api.CountAsync()|};
                System.Console.WriteLine();
                {|AG0001:Api.PingAsync()|};
                System.Console.WriteLine();
                {
                    var _ = {|AG0001:Api.SendAsync()|};
                }
            }

            void Sync() => System.Action.Equals(null, null);
        }
        """), Code("""
        class C
        {
            async Task M()
            {
                await Api.CountAsync();
                System.Console.WriteLine();
                await Api.PingAsync();
                System.Console.WriteLine();
                {
                    await Api.SendAsync();
                }
            }

            void Sync() => System.Action.Equals(null, null);
        }
        """), equivalenceKey: AG0001DroppedTaskCodeFix.AwaitKey);

    [Fact]
    public Task Await_twice_for_a_continuation_returning_a_task() => Verify.VerifyCodeFixAsync(Code("""
        class C
        {
            async Task M(Task task)
            {
                {|AG0001:task.ContinueWith(async t => await Api.SendAsync())|};
                await {|AG0001:Task.Factory.StartNew(async () => await Api.SendAsync())|};
            }
        }
        """), Code("""
        class C
        {
            async Task M(Task task)
            {
                await await task.ContinueWith(async t => await Api.SendAsync());
                await await Task.Factory.StartNew(async () => await Api.SendAsync());
            }
        }
        """), equivalenceKey: AG0001DroppedTaskCodeFix.AwaitKey);

    [Fact]
    public Task Await_in_async_lambdas_local_functions_and_top_level_code() => Verify.VerifyCodeFixAsync(Code("""
        class C
        {
            void M()
            {
                System.Func<Task> f = async () => { {|AG0001:Api.SendAsync()|}; };
                async Task Local() { {|AG0001:Api.SendAsync()|}; }
                _ = f;
                Local().Wait();
            }
        }
        """), Code("""
        class C
        {
            void M()
            {
                System.Func<Task> f = async () => { await Api.SendAsync(); };
                async Task Local() { await Api.SendAsync(); }
                _ = f;
                Local().Wait();
            }
        }
        """), equivalenceKey: AG0001DroppedTaskCodeFix.AwaitKey);

    [Fact]
    public Task Await_in_top_level_statements() => Verify.VerifyTopLevelCodeFixAsync("""
            using System.Threading.Tasks;

            {|AG0001:Work()|};
            System.Console.WriteLine();

            static Task Work() => Task.Run(() => { });
            """, """
            using System.Threading.Tasks;

            await Work();
            System.Console.WriteLine();

            static Task Work() => Task.Run(() => { });
            """, AG0001DroppedTaskCodeFix.AwaitKey);

    // A project's ConfigureAwait wrapper (Foundatio's `AnyContext()`) is kept like ConfigureAwait: the await goes around it.
    [Fact]
    public Task Fixes_keep_a_projects_ConfigureAwait_wrapper() => Verify.VerifyCodeFixAsync(Code("""
        static class AwaitExtensions
        {
            public static System.Runtime.CompilerServices.ConfiguredTaskAwaitable AnyContext(this Task task) => task.ConfigureAwait(false);
        }

        class C
        {
            async Task M() { {|AG0001:Api.SendAsync().AnyContext()|}; }
        }
        """), Code("""
        static class AwaitExtensions
        {
            public static System.Runtime.CompilerServices.ConfiguredTaskAwaitable AnyContext(this Task task) => task.ConfigureAwait(false);
        }

        class C
        {
            async Task M() { await Api.SendAsync().AnyContext(); }
        }
        """), withRuntime: false, equivalenceKey: AG0001DroppedTaskCodeFix.AwaitKey);

    [Fact]
    public Task Observe_in_sync_code_without_the_runtime_is_the_same_text_for_every_target() => Verify.VerifyCodeFixAsync(Code("""
        class C
        {
            readonly object _gate = new();

            void Sync(Task t) { {|AG0001:Api.SendAsync()|}; }

            int P { get { _ = {|AG0001:Api.CountAsync()|}; return 1; } }

            void Locked() { lock (_gate) { var _ = {|AG0001:Api.PingAsync()|}; } }
        }
        """), Code("""
        class C
        {
            readonly object _gate = new();

            void Sync(Task t) { _ = Api.SendAsync().ContinueWith(t1 => _ = t1.Exception, TaskContinuationOptions.OnlyOnFaulted); }

            int P { get { _ = Api.CountAsync().ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted); return 1; } }

            void Locked() { lock (_gate) { _ = Api.PingAsync().AsTask().ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted); } }
        }
        """), withRuntime: false, equivalenceKey: AG0001DroppedTaskCodeFix.ObserveKey);

    [Fact]
    public Task Observe_Fix_All_twin_with_the_runtime_uses_Async_Forget() => Verify.VerifyCodeFixAsync(Code("""
        class C
        {
            void Sync()
            {
                {|AG0001:Api.SendAsync()|};
                _ = {|AG0001:Api.PingAsync()|};
            }
        }
        """), CodeWithRuntime("""
        class C
        {
            void Sync()
            {
                Async.Forget(Api.SendAsync());
                Async.Forget(Api.PingAsync().AsTask());
            }
        }
        """), withRuntime: true, equivalenceKey: AG0001DroppedTaskCodeFix.ObserveKey);

    [Fact]
    public Task Observe_on_netstandard20_writes_the_same_text() => Verify.VerifyCodeFixOnNetStandard20Async("""
        using System.Threading.Tasks;

        class C
        {
            void Sync() { {|AG0001:Send()|}; }

            static Task Send() => Task.Run(() => { });
        }
        """, """
        using System.Threading.Tasks;

        class C
        {
            void Sync() { _ = Send().ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted); }

            static Task Send() => Task.Run(() => { });
        }
        """, AG0001DroppedTaskCodeFix.ObserveKey);

    [Fact]
    public Task In_sync_code_the_default_action_observes() => Verify.VerifyCodeFixAsync(Code("""
        class C
        {
            void Sync() { {|AG0001:Api.SendAsync()|}; }
        }
        """), Code("""
        class C
        {
            void Sync() { _ = Api.SendAsync().ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted); }
        }
        """));

    [Fact]
    public Task No_statement_fix_for_a_drop_in_the_expression_body_of_a_lambda() => Verify.VerifyCodeFixAsync(Code("""
        class C
        {
            async Task M(System.Func<System.Func<Task>, Task> run)
            {
                await run(async () => _ = {|AG0001:Api.SendAsync()|});
            }
        }
        """), Code("""
        class C
        {
            async Task M(System.Func<System.Func<Task>, Task> run)
            {
                await run(async () => _ = {|AG0001:Api.SendAsync()|});
            }
        }
        """));

    [Fact]
    public Task No_fix_for_a_null_conditional_call() => Verify.VerifyCodeFixAsync(Code("""
        class C
        {
            async Task M(Api? api)
            {
                {|AG0001:api?.CloseAsync()|};
                await Task.Yield();
            }
        }
        """), Code("""
        class C
        {
            async Task M(Api? api)
            {
                {|AG0001:api?.CloseAsync()|};
                await Task.Yield();
            }
        }
        """));

    [Fact]
    public Task For_a_run_the_default_action_gathers_rather_than_awaiting_each_in_turn() => Verify.VerifyCodeFixAsync(Code("""
        class C
        {
            async Task M()
            {
                {|AG0001:Api.SendAsync()|};
                {|AG0001:Api.CountAsync()|};
            }
        }
        """), Code("""
        class C
        {
            async Task M()
            {
                await Task.WhenAll(Api.SendAsync(), Api.CountAsync());
            }
        }
        """));

    [Fact]
    public async Task No_fix_while_a_Span_local_is_in_scope()
    {
        // C# 13 allows ref-like locals in async methods, but not alive across an await (CS4007).
        var source = Code("""
            class C
            {
                async Task M()
                {
                    await Task.Yield();
                    System.Span<byte> buffer = stackalloc byte[4];
                    {|AG0001:Api.SendAsync()|};
                    buffer[0] = 1;
                }
            }
            """);
        var test = Verify.CreateTest(source, source, withRuntime: false);
        test.CodeActionEquivalenceKey = AG0001DroppedTaskCodeFix.AwaitKey;
        test.FixedState.MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow;
        test.SolutionTransforms.Add((solution, projectId) => solution.WithProjectParseOptions(
            projectId,
            ((Microsoft.CodeAnalysis.CSharp.CSharpParseOptions)solution.GetProject(projectId)!.ParseOptions!)
                .WithLanguageVersion(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Preview)));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task Gather_a_run_with_Task_WhenAll_without_the_runtime() => Verify.VerifyCodeFixAsync(Code("""
        class C
        {
            async Task M()
            {
                {|AG0001:Api.SendAsync()|};
                _ = {|AG0001:Api.CountAsync()|};
                {|AG0001:Task.Run(() => System.Console.WriteLine())|};
                System.Console.WriteLine();
            }
        }
        """), Code("""
        class C
        {
            async Task M()
            {
                await Task.WhenAll(Api.SendAsync(), Api.CountAsync(), Task.Run(() => System.Console.WriteLine()));
                System.Console.WriteLine();
            }
        }
        """), withRuntime: false, equivalenceKey: AG0001DroppedTaskCodeFix.GatherKey);

    [Fact]
    public async Task Gather_Fix_All_twin_with_the_runtime_gathers_each_run_and_awaits_the_ValueTask_it_cannot_gather()
    {
        var test = Verify.CreateTest(Code("""
        class C
        {
            async Task M()
            {
                {|AG0001:Api.SendAsync()|};
                {|AG0001:Api.CountAsync()|};
                System.Console.WriteLine();
                {|AG0001:Api.CountAsync()|};
                {|AG0001:Api.CountAsync()|};
                {|AG0001:Api.PingAsync()|};
            }
        }
        """), CodeWithRuntime("""
        class C
        {
            async Task M()
            {
                await Async.Gather(Api.SendAsync(), Api.CountAsync());
                System.Console.WriteLine();
                await Async.Gather(Api.CountAsync(), Api.CountAsync());
                {|AG0001:Api.PingAsync()|};
            }
        }
        """), withRuntime: true);
        // Fix All gives the ValueTask, which offers no Gather, its own first action (the shared Fix All).
        test.BatchFixedCode = CodeWithRuntime("""
        class C
        {
            async Task M()
            {
                await Async.Gather(Api.SendAsync(), Api.CountAsync());
                System.Console.WriteLine();
                await Async.Gather(Api.CountAsync(), Api.CountAsync());
                await Api.PingAsync();
            }
        }
        """);
        test.CodeActionEquivalenceKey = AG0001DroppedTaskCodeFix.GatherKey;
        test.FixedState.MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow;
        await test.RunAsync(CancellationToken.None);
    }
}
