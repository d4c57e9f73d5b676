using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0001DroppedTaskAnalyzer,
    AsyncGuide.CodeFixes.AG0001DroppedTaskCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>AG0001 analyzer: where a dropped awaitable is reported, and where it deliberately is not.</summary>
public class AG0001DroppedTaskTests
{
    private const string Api = """
        class Api
        {
            public static Task SendAsync() => Task.Run(() => { });
            public static Task<int> CountAsync() => Task.Run(() => 1);
            public static ValueTask PingAsync() => new(Task.Run(() => { }));
            public static ValueTask<int> PeekAsync() => new(Task.Run(() => 1));
            public Task CloseAsync() => Task.Run(() => { });
            public ValueTask FlushAsync() => new(Task.Run(() => { }));
            public static T Echo<T>(T value) => value;
            public static void Observe(Task task) { }
        }

        static class AwaitExtensions
        {
            // Foundatio's ConfigureAwait wrapper: its signature says it only configures the task it is given.
            public static System.Runtime.CompilerServices.ConfiguredTaskAwaitable<T> AnyContext<T>(this Task<T> task) => task.ConfigureAwait(false);
            public static System.Runtime.CompilerServices.ConfiguredTaskAwaitable AnyContext(this Task task) => task.ConfigureAwait(false);
        }
        """;

    private static string Code(string body) => "using System;\nusing System.Threading.Tasks;\n\n" + body + "\n" + Api;

    // ---------- positives ----------

    // Seen in IoT Edge's certificate generator (`Task.Delay(1000);` in a retry loop): a dropped delay is a missing wait, and the
    // message says so; any other dropped call speaks of its exception.
    [Fact]
    public Task The_message_names_what_is_lost() => Verify.VerifyAnalyzerAsync(
        Code("""
            class C
            {
                void Wait() => Task.Delay(1000);

                void Send() => Api.SendAsync();
            }
            """),
        withRuntime: false,
        Verify.Diagnostic("AG0001").WithSpan(6, 20, 6, 36).WithArguments("Delay", "nothing waits for it"),
        Verify.Diagnostic("AG0001").WithSpan(8, 20, 8, 35).WithArguments("SendAsync", "its exception is never observed"));


    [Fact]
    public Task Expression_statement_in_a_sync_method() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            void M()
            {
                {|AG0001:Api.SendAsync()|};
                {|AG0001:Api.PingAsync()|};
                {|AG0001:Api.PeekAsync()|};
            }
        }
        """));

    [Fact]
    public Task Expression_statement_in_an_async_method_overlaps_CS4014() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task M()
            {
                {|AG0001:Api.CountAsync()|};
                await Task.Yield();
            }
        }
        """));

    [Fact]
    public Task Discard_and_underscore_local() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            void Discard() => _ = {|AG0001:Api.SendAsync()|};

            void UnderscoreLocal()
            {
                var _ = {|AG0001:Api.CountAsync()|};
            }

            void TypedUnderscoreLocal()
            {
                Task _ = {|AG0001:Api.CountAsync()|};
            }
        }
        """));

    [Fact]
    public Task Task_run_and_StartNew() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            void M()
            {
                {|AG0001:Task.Run(() => Work())|};
                _ = {|AG0001:Task.Factory.StartNew(() => Work())|};
                {|AG0001:Task.Run(async () => await Api.SendAsync())|};
            }

            static void Work() => throw new InvalidOperationException();
        }
        """));

    [Fact]
    public Task Null_conditional_and_ConfigureAwait() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            void M(Api? api)
            {
                {|AG0001:api?.CloseAsync()|};
                {|AG0001:api?.FlushAsync()|};
                {|AG0001:Api.SendAsync().ConfigureAwait(false)|};
                _ = {|AG0001:Api.PingAsync().ConfigureAwait(false)|};
            }
        }
        """));

    [Fact]
    public Task Lambdas_local_functions_constructors_and_accessors() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            C() { {|AG0001:Api.SendAsync()|}; }

            int P
            {
                get { _ = {|AG0001:Api.SendAsync()|}; return 1; }
                set => {|AG0001:Api.SendAsync()|};
            }

            void M()
            {
                Action a = () => {|AG0001:Api.SendAsync()|};
                Func<Task> f = async () => { {|AG0001:Api.SendAsync()|}; await Task.Yield(); };
                void Local() { {|AG0001:Api.SendAsync()|}; }
                Local();
            }
        }
        """));

    [Fact]
    public Task ContinueWith_async_lambda_whose_inner_task_is_dropped() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task M(Task task)
            {
                await {|AG0001:task.ContinueWith(async t => await Api.SendAsync())|};
                await {|AG0001:Task.Factory.StartNew(async () => await Api.SendAsync())|};
                {|AG0001:task.ContinueWith(async t => { await Api.SendAsync(); })|};
                await task.ContinueWith(async t => await Api.SendAsync()).Unwrap();
            }
        }
        """));

    [Fact]
    public async Task Top_level_statements()
    {
        var test = Verify.CreateTest("""
            using System.Threading.Tasks;

            {|AG0001:Work()|};
            _ = {|AG0001:Work()|};
            await Task.Yield();

            static Task Work() => Task.Run(() => { });
            """, null, withRuntime: false);
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task Custom_awaitables_and_task_combinators() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            void M()
            {
                {|AG0001:Task.Yield()|};
                {|AG0001:new Awaitable().Start()|};
                {|AG0001:Task.WhenAll(Api.SendAsync(), Api.SendAsync())|};
            }
        }

        class Awaitable
        {
            public Awaitable Start() => this;
            public System.Runtime.CompilerServices.TaskAwaiter GetAwaiter() => Task.CompletedTask.GetAwaiter();
        }
        """));

    // ---------- negatives ----------

    [Fact]
    public Task Awaited_returned_and_expression_bodied_members_are_fine() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            Task A() => Api.SendAsync();
            Task<int> B() { return Api.CountAsync(); }
            ValueTask Cc() => Api.PingAsync();
            Task P => Api.SendAsync();
            async Task D()
            {
                await Api.SendAsync();
                await Api.SendAsync().ConfigureAwait(false);
                await Api.PingAsync().ConfigureAwait(false);
                var n = await Api.CountAsync();
                Func<Task> f = () => Api.SendAsync();
                Func<Task> g = async () => await Api.SendAsync();
            }
        }
        """));

    [Fact]
    public Task Assigned_and_observed_later_or_passed_on_is_fine() => Verify.VerifyAnalyzerAsync(Code("""
        using System.Collections.Generic;

        class C
        {
            Task? _field;

            async Task M(List<Task> pending)
            {
                var t = Api.SendAsync();
                _field = Api.SendAsync();
                pending.Add(Api.SendAsync());
                Api.Observe(Api.SendAsync());
                var _ = Api.SendAsync();
                await _;
                await t;
            }
        }
        """));

    [Fact]
    public Task Completed_tasks_interlocked_and_non_awaitables_are_fine() => Verify.VerifyAnalyzerAsync(Code("""
        using System.Threading;

        class C
        {
            Task _current = Task.CompletedTask;

            void M()
            {
                Task.FromResult(1);
                _ = Task.FromResult(1);
                ValueTask.FromResult(1);
                Task.FromCanceled(new CancellationToken(true));
                _ = Task.CompletedTask;
                Interlocked.Exchange(ref _current, Api.SendAsync());
                Console.WriteLine();
                _ = Api.SendAsync().IsCompleted;
            }
        }
        """));

    [Fact]
    public Task Continuations_that_read_the_antecedent_outcome_are_fine() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            // quartz's TaskSchedulingThreadPool keeps its continuation in a field.
            private readonly Action<Task> _complete;

            C() => _complete = Log;

            Action<Task> Completion => Log;

            void M(Task task, Action<Task> given)
            {
                task.ContinueWith(t => Console.WriteLine(t.Exception), TaskContinuationOptions.OnlyOnFaulted);
                _ = task.ContinueWith(t => { if (t.IsFaulted) Console.WriteLine("failed"); });
                task.ContinueWith(Log);
                _ = task.ContinueWith(_complete, System.Threading.CancellationToken.None);
                task.ContinueWith(Completion);
                task.ContinueWith(given);
                Action<Task> local = Log;
                task.ContinueWith(local);
            }

            static void Log(Task t) => Console.WriteLine(t.Exception);
        }
        """));

    // Round 9, family B (iotedge): a continuation that reads its antecedent through the local holding it
    // (`taskResult.ContinueWith(_ => { ReadTaskDone(taskResult, args); … })`), and `Task.Run` handing back such a continuation
    // (the background task registry records each task's outcome in a status map). A continuation that reads another task, or
    // a run whose continuation ignores its antecedent, is still reported.
    [Fact]
    public Task Continuations_reading_the_antecedent_through_its_local_or_behind_Task_Run_are_fine() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _statuses = new();

            static bool Done(Task task) => task.IsFaulted;

            void Read(Func<Task<int>> read, Task other)
            {
                Task<int> taskResult = read();
                taskResult.ContinueWith(_ => { Done(taskResult); Console.WriteLine("read"); }, TaskContinuationOptions.ExecuteSynchronously);
                {|AG0001:taskResult.ContinueWith(_ => { Done(other); Console.WriteLine("read"); })|};
            }

            void Run(Func<Task> work, string id, System.Threading.CancellationToken token)
            {
                Task.Run(() => work().ContinueWith(t => _statuses[id] = t.Status.ToString(), token), token);
                {|AG0001:Task.Run(() => work().ContinueWith(_ => _statuses[id] = "done", token), token)|};
            }

            // iotedge's TaskEx.ToAsyncResult (a real bug, kept): the continuation casts the outer `state`, not its own `st`,
            // and that cast's failure is lost; handing the antecedent to a callback as an IAsyncResult does not observe it.
            void ToAsyncResult(Task task, AsyncCallback callback, object state)
            {
                {|AG0001:task.ContinueWith((t, st) => ((AsyncCallback)state)(t), callback, TaskContinuationOptions.ExecuteSynchronously)|};
            }
        }
        """));

    [Fact]
    public Task A_delegate_value_that_is_not_the_continuation_does_not_count() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            private readonly Action _work = () => { };

            void M(Task task)
            {
                // The continuation ignores its antecedent; the delegate is only the state.
                {|AG0001:task.ContinueWith((t, state) => ((Action)state!)(), _work)|};
                {|AG0001:Task.Run(_work)|};
            }
        }
        """));

    [Fact]
    public Task The_exit_observer_of_the_AG01_cancel_fix_is_fine() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task M(Task<int> a, Task<int> b)
            {
                // What the AG0101-AG0103 cancel fix inserts after cancelling: before .NET 8, then on .NET 8+.
                await Task.WhenAll(a, b).ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                await Task.WhenAll(a, b).ContinueWith(t => _ = t.Exception, TaskScheduler.Default).ConfigureAwait(false);
                await a.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                await a.ContinueWith(t => t.Exception, TaskScheduler.Default);
                await ((Task)Task.WhenAll(a, b)).ConfigureAwait(
                    ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
                await ((Task)a).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

                // Not awaited, the continuation still observes its antecedent (DelegateObservesItsOwnFailure).
                Task.WhenAll(a, b).ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            }
        }
        """));

    [Fact]
    public Task Fire_and_forget_whose_delegate_catches_everything_is_fine() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            void M()
            {
                _ = Task.Run(async () =>
                {
                    try { await Api.SendAsync(); }
                    catch (Exception ex) { Console.WriteLine(ex); }
                });
                Task.Run(() => { try { Work(); } catch { } });
            }

            static void Work() { }
        }
        """));

    [Fact]
    public Task Catch_with_a_filter_is_not_a_catch_all() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            void M()
            {
                _ = {|AG0001:Task.Run(() => { try { Work(); } catch (Exception ex) when (ex is TimeoutException) { } })|};
            }

            static void Work() { }
        }
        """));

    [Fact]
    public async Task Fire_and_forget_helpers_named_in_editorconfig_are_fine()
    {
        var test = Verify.CreateTest(Code("""
            namespace MyNs
            {
                static class TaskExtensions
                {
                    public static Task Forget(this Task task) => task;
                    public static Task LogFailures(this Task task) => task;
                }

                static class Background
                {
                    public static Task Start(Func<Task> work) => work();
                }

                class C
                {
                    // Discord.Net's shape: a method of the project that only forwards to a configured helper.
                    Task CompleteAsync() => Api.SendAsync().Forget();
                    Task CompleteLaterAsync() { var t = Api.SendAsync(); return t.Forget(); }

                    void M()
                    {
                        Api.SendAsync().Forget();
                        _ = Api.SendAsync().LogFailures();
                        Background.Start(() => Api.SendAsync());
                        _ = CompleteAsync();
                        {|AG0001:Api.SendAsync()|};
                        _ = {|AG0001:CompleteLaterAsync()|};
                    }
                }
            }
            """), null, withRuntime: false);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
            root = true

            [*.cs]
            asyncguide.AG0001.fire_and_forget_methods = MyNs.TaskExtensions.Forget, M:MyNs.TaskExtensions.LogFailures, MyNs.Background
            """));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Top_level_statements_that_await_or_return_are_fine()
    {
        var test = Verify.CreateTest("""
            using System.Threading.Tasks;

            await Work();
            var pending = Work();
            await pending;

            static Task Work() => Task.Run(() => { });
            """, null, withRuntime: false);
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task Awaited_WhenAny_is_left_to_AG0003() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task M(Task a, Task b)
            {
                await Task.WhenAny(a, b);
                await Task.WhenAny(a, b).ConfigureAwait(false);
                await Task.WhenAny(a, b).AnyContext();
                await Task.Run(async () => await Api.SendAsync());
            }
        }
        """));

    [Fact]
    public Task A_WhenAny_winner_handed_through_a_generic_helper_is_left_to_AG0003() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            // As EventStore's projection tests: `await Task.WhenAny(started).WithTimeout(…)`.
            async Task M(Task a, Task b)
            {
                await Task.WhenAny(a, b).WithTimeout(TimeSpan.FromSeconds(1));
                await Helpers.Logged(Task.WhenAny(a, b).WithTimeout(TimeSpan.FromSeconds(1)));
                await {|AG0001:Helpers.Replace(Task.WhenAny(a, b))|};
                await {|AG0001:Helpers.Unwrapped(Task.WhenAny(a, b))|};
            }
        }

        static class Helpers
        {
            public static async Task<T> WithTimeout<T>(this Task<T> task, TimeSpan timeout)
            {
                await Task.WhenAny(task, Task.Delay(timeout));
                return await task;
            }

            public static Task<T> Logged<T>(Task<T> task) => task;

            // Not generic in the result: it may hand back any task.
            public static async Task<Task> Replace(Task<Task> winner)
            {
                await winner;
                return Api.SendAsync();
            }

            // Generic, but constrained: it may make a T of its own.
            public static async Task<T> Unwrapped<T>(Task<T> task) where T : Task
            {
                await task;
                return (T)Api.SendAsync();
            }
        }
        """));

    [Fact]
    public Task Values_passed_through_a_type_parameter_are_existing_tasks_not_new_work() => Verify.VerifyAnalyzerAsync(Code("""
        using System.Collections.Concurrent;
        using System.Linq;

        class C
        {
            readonly ConcurrentDictionary<string, Task<int>> _cache = new();

            void M(Task[] tasks)
            {
                Api.Echo(Api.SendAsync());
                _cache.GetOrAdd("key", _ => Api.CountAsync());
                tasks.First();
                Api.Echo(5);
            }
        }
        """));

    [Fact]
    public Task Non_awaitable_results_and_awaitables_passed_on_are_fine() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task M()
            {
                Console.WriteLine(Api.SendAsync());
                Api.Observe(Api.SendAsync().ContinueWith(t => { }));
                var configured = Api.PingAsync().ConfigureAwait(false);
                await configured;
                await Api.SendAsync().ContinueWith(t => t.Exception);
                Func<ValueTask> f = () => Api.PingAsync();
                Func<int, Task<int>> g = n => Task.FromResult(n);
                _ = Api.SendAsync().Status;
                _ = nameof(Api.SendAsync);
            }
        }
        """));

    [Fact]
    public Task Children_started_on_a_TaskScope_are_observed_by_the_scope() => Verify.VerifyAnalyzerAsync("""
        using System.Threading.Tasks;
        using AsyncGuide;

        class C
        {
            async Task M()
            {
                await using var scope = new TaskScope();
                scope.Run(async ct => await Task.Delay(10, ct));
                _ = scope.Run(ct => Task.FromResult(1));
                await scope.JoinAsync();
            }
        }
        """, withRuntime: true);

    [Fact]
    public Task NSubstitute_received_checks_are_fine() => Verify.VerifyAnalyzerAsync(Code("""
        namespace NSubstitute
        {
            public static class SubstituteExtensions
            {
                public static T Received<T>(this T substitute) => substitute;
            }
        }

        namespace Tests
        {
            using NSubstitute;

            class C
            {
                void M(Api api, Api other)
                {
                    api.Received().CloseAsync();
                    api.CloseAsync(); // a call on the substitute itself returns its placeholder
                    {|AG0001:other.CloseAsync()|};
                }
            }
        }
        """));

    [Fact]
    public Task Half_typed_code_does_not_throw()
        => Verify.VerifyAnalyzerIgnoringCompilerErrorsAsync(Code("""
            class C
            {
                async Task M(Api api)
                {
                    Api.SendAsync(
                    _ = Api.
                    var _ = Missing.DoAsync();
                    api?.
                    Task.Run(() => )
                    Unknown();
                    _ = ;
                    await Task.WhenAny(;
                    task.ContinueWith(t => t.
                }
            }
            """));
}
