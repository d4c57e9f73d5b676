using System.Threading;
using System.Threading.Tasks;
using AsyncGuide.Analyzers.Tests.Infrastructure;
using AsyncGuide.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0002StoredTaskNeverObservedAnalyzer,
    AsyncGuide.CodeFixes.AG0002StoredTaskNeverObservedCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

public class AG0002StoredTaskNeverObservedTests
{
    private const string Api = """

        class Api
        {
            public static Task SendAsync() => Task.Run(() => { });
            public static Task<int> CountAsync() => Task.Run(() => 1);
            public static ValueTask PingAsync() => new ValueTask(Task.Run(() => { }));
            public static ValueTask<int> PeekAsync() => new ValueTask<int>(Task.Run(() => 1));
            public static bool Exists() => true;
            public static void Observe(Task task) { }
            public static Task Observe(System.Collections.Generic.IEnumerable<Task> tasks) => Task.WhenAll(tasks);
        }
        """;

    private static string Code(string body) =>
        "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading.Tasks;\n\n" + body + Api;

    private static string CodeWithRuntime(string body) =>
        "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading.Tasks;\nusing AsyncGuide;\n\n" + body + Api;

    // ---------- positives ----------

    [Fact]
    public Task Task_locals_in_sync_and_async_methods_lambdas_and_local_functions() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            C() { var {|AG0002:started|} = Api.SendAsync(); }

            int P
            {
                get { var {|AG0002:inGetter|} = Api.SendAsync(); return 1; }
                set { Task<int> {|AG0002:inSetter|} = Api.CountAsync(); }
            }

            void Sync()
            {
                var {|AG0002:t|} = Api.SendAsync();
                Task<int> {|AG0002:n|} = Api.CountAsync();
                ValueTask {|AG0002:v|} = Api.PingAsync();
                Task {|AG0002:later|};
                later = Task.Run(() => Console.WriteLine());
                if (t.IsCompleted) Console.WriteLine(t.Id);
            }

            async Task Async()
            {
                var {|AG0002:t|} = Api.SendAsync();
                Func<Task> f = async () => { var {|AG0002:inner|} = Api.SendAsync(); await Task.Yield(); };
                void Local() { var {|AG0002:local|} = Task.WhenAll(Api.SendAsync()); }
                await f();
                Local();
            }
        }
        """));

    [Fact]
    public Task Local_collections_filled_with_started_tasks() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            void M(int count)
            {
                var {|AG0002:list|} = new List<Task>();
                for (var i = 0; i < count; i++) list.Add(Api.SendAsync());
                Console.WriteLine(list.Count);

                var {|AG0002:array|} = new Task[2];
                array[0] = Api.SendAsync();

                var {|AG0002:initialized|} = new List<Task<int>> { Api.CountAsync(), Api.CountAsync() };
                Task[] {|AG0002:literal|} = { Api.SendAsync(), Task.Run(() => { }) };
            }
        }
        """));

    [Fact]
    public async Task Top_level_statements()
    {
        var test = Verify.CreateTest("""
            using System.Threading.Tasks;

            var {|AG0002:pending|} = Work();
            await Task.Yield();

            static Task Work() => Task.Run(() => { });
            """, null, withRuntime: false);
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        await test.RunAsync(CancellationToken.None);
    }

    // ---------- negatives ----------

    [Fact]
    public Task Awaited_returned_passed_on_or_stored_elsewhere_is_fine() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            Task? _field;

            async Task Awaited() { var t = Api.SendAsync(); await t; }
            async Task AwaitedConfigured() { var t = Api.CountAsync(); _ = await t.ConfigureAwait(false); }
            Task Returned() { var t = Api.SendAsync(); return t; }
            Task ExpressionBodied() => Api.SendAsync();
            void Passed() { var t = Api.SendAsync(); Api.Observe(t); }
            void Field() { var t = Api.SendAsync(); _field = t; }
            void Waited() { var t = Api.SendAsync(); t.Wait(); }
            int Result() { var t = Api.CountAsync(); return t.Result; }
            void Continued() { var t = Api.SendAsync(); t.ContinueWith(x => Console.WriteLine(x.Exception)); }
            void Captured() { var t = Api.SendAsync(); Action a = () => t.Wait(); a(); }
            async Task ValueTaskAwaited() { var v = Api.PingAsync(); await v; }
            async Task Gathered() { var a = Api.SendAsync(); var b = Api.CountAsync(); await Task.WhenAll(a, b); }
            void Ref() { var t = Api.SendAsync(); Exchange(ref t); }
            static void Exchange(ref Task t) { }
        }
        """));

    [Fact]
    public Task Collections_observed_later_or_never_given_started_work_are_fine() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task WhenAll(int count)
            {
                var list = new List<Task>();
                for (var i = 0; i < count; i++) list.Add(Api.SendAsync());
                await Task.WhenAll(list);
            }

            async Task Foreach()
            {
                var list = new List<Task> { Api.SendAsync() };
                foreach (var t in list) await t;
            }

            Task Passed()
            {
                var array = new[] { Api.SendAsync() };
                return Api.Observe(array);
            }

            void Empty(Task existing)
            {
                var list = new List<Task>();
                list.Add(existing);
                var done = new List<Task> { Task.CompletedTask, Task.FromResult(1) };
            }
        }
        """));

    [Fact]
    public Task Completed_tasks_existing_tasks_and_discards_are_fine() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            Task _field = Task.CompletedTask;

            void M(Task parameter)
            {
                var done = Task.CompletedTask;
                var value = Task.FromResult(1);
                var copy = parameter;
                var field = _field;
                var _ = Api.SendAsync();
                Task? none = null;
            }

            void PassThrough(List<Task> tasks, System.Collections.Concurrent.ConcurrentDictionary<int, Task> cache)
            {
                var first = tasks.FirstOrDefault();
                var cached = cache.GetOrAdd(1, _ => Api.SendAsync());
                var exchanged = System.Threading.Interlocked.Exchange(ref _field, Api.SendAsync());
            }

            async Task WinnerIsAG0003(Task a, Task b)
            {
                var winner = Task.WhenAny(a, b);
                await Task.Yield();
            }
        }
        """));

    [Fact]
    public async Task Top_level_statements_that_observe_are_fine()
    {
        var test = Verify.CreateTest("""
            using System.Threading.Tasks;

            var pending = Work();
            await pending;

            static Task Work() => Task.Run(() => { });
            """, null, withRuntime: false);
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task Children_kept_from_a_TaskScope_are_observed_by_the_scope() => Verify.VerifyAnalyzerAsync("""
        using System.Threading.Tasks;
        using AsyncGuide;

        class C
        {
            async Task M()
            {
                await using var scope = new TaskScope();
                var child = scope.Run(ct => Task.FromResult(1));
                await scope.JoinAsync();
            }
        }
        """, withRuntime: true);

    [Fact]
    public Task Half_typed_code_does_not_throw()
        => Verify.VerifyAnalyzerIgnoringCompilerErrorsAsync(Code("""
            class C
            {
                async Task M()
                {
                    var t = Api.SendAsync(
                    var list = new List<Task>();
                    list.Add(Api.
                    Task u = Missing();
                    var v = await
                    list[0] =
                }
            }
            """));

    // ---------- fixes ----------

    [Fact]
    public Task Fix_awaits_a_single_task_at_the_end() => Verify.VerifyCodeFixAsync(Code("""
        class C
        {
            async Task M()
            {
                var {|AG0002:t|} = Api.SendAsync();
                Console.WriteLine();
            }
        }
        """), Code("""
        class C
        {
            async Task M()
            {
                var t = Api.SendAsync();
                Console.WriteLine();
                await t;
            }
        }
        """), equivalenceKey: AG0002StoredTaskNeverObservedCodeFix.GatherAtEndKey);

    [Fact]
    public Task Fix_All_twin_gathers_every_forgotten_task_with_WhenAll() => Verify.VerifyCodeFixAsync(Code("""
        class C
        {
            async Task M()
            {
                var {|AG0002:a|} = Api.SendAsync();
                var {|AG0002:b|} = Api.CountAsync();
                Console.WriteLine();
            }

            async void N()
            {
                var {|AG0002:list|} = new List<Task>();
                list.Add(Api.SendAsync());
            }
        }
        """), Code("""
        class C
        {
            async Task M()
            {
                var a = Api.SendAsync();
                var b = Api.CountAsync();
                Console.WriteLine();
                await Task.WhenAll(a, b);
            }

            async void N()
            {
                var list = new List<Task>();
                list.Add(Api.SendAsync());
                await Task.WhenAll(list);
            }
        }
        """), equivalenceKey: AG0002StoredTaskNeverObservedCodeFix.GatherAtEndKey);

    [Fact]
    public Task Fix_All_twin_gathers_with_the_runtime() => Verify.VerifyCodeFixAsync(Code("""
        class C
        {
            async Task M()
            {
                var {|AG0002:a|} = Api.SendAsync();
                var {|AG0002:b|} = Api.CountAsync();
            }

            async Task N()
            {
                var {|AG0002:tasks|} = new List<Task<int>> { Api.CountAsync() };
            }
        }
        """), CodeWithRuntime("""
        class C
        {
            async Task M()
            {
                var a = Api.SendAsync();
                var b = Api.CountAsync();
                await Async.Gather(a, b);
            }

            async Task N()
            {
                var tasks = new List<Task<int>> { Api.CountAsync() };
                await Async.Gather(tasks);
            }
        }
        """), withRuntime: true, equivalenceKey: AG0002StoredTaskNeverObservedCodeFix.GatherAtEndKey);

    [Fact]
    public Task Fix_awaits_a_stored_ValueTask_of_T_instead_of_passing_it_to_WhenAll() => Verify.VerifyCodeFixAsync(Code("""
        class C
        {
            async Task M()
            {
                var {|AG0002:v|} = Api.PeekAsync();
                await Task.Yield();
            }

            async Task N()
            {
                ValueTask {|AG0002:p|} = Api.PingAsync();
                await Task.Yield();
            }
        }
        """), Code("""
        class C
        {
            async Task M()
            {
                var v = Api.PeekAsync();
                await Task.Yield();
                await v;
            }

            async Task N()
            {
                ValueTask p = Api.PingAsync();
                await Task.Yield();
                await p;
            }
        }
        """), equivalenceKey: AG0002StoredTaskNeverObservedCodeFix.GatherAtEndKey);

    [Fact]
    public Task Discarding_a_stored_task_is_not_observing_it() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            void M()
            {
                Task {|AG0002:t|} = Api.SendAsync();
                _ = t;
            }
        }
        """));

    [Fact]
    public Task Stored_continuations_and_runs_that_observe_their_own_failure_are_fine() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            // As in EventStore's BatchAppend worker: `#if DEBUG var sendTask = #endif Send().ContinueWith(HandleCompletion, …)`.
            Task Work()
            {
                var tcs = new TaskCompletionSource();
                var sendTask = Api.SendAsync().ContinueWith(HandleCompletion, System.Threading.CancellationToken.None);
                var logged = Api.SendAsync().ContinueWith(t => Console.WriteLine(t.Exception));
                var onlyFaults = Api.SendAsync().ContinueWith(t => Console.WriteLine(t.Exception), TaskContinuationOptions.OnlyOnFaulted);
                var handled = Task.Run(async () =>
                {
                    try { await Api.SendAsync(); }
                    catch (Exception ex) { Console.WriteLine(ex.Message); }
                });
                return tcs.Task;

                async void HandleCompletion(Task task)
                {
                    try { await task; tcs.TrySetResult(); }
                    catch (Exception ex) { tcs.TrySetException(ex); }
                }
            }
        }
        """));

    [Fact]
    public Task Stored_continuations_and_runs_that_lose_the_failure_are_reported() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            void Work()
            {
                var {|AG0002:ignoring|} = Api.SendAsync().ContinueWith(_ => Console.WriteLine("done"));
                var {|AG0002:run|} = Task.Run(async () => await Api.SendAsync());
                var {|AG0002:rethrown|} = Task.Run(async () =>
                {
                    try { await Api.SendAsync(); }
                    catch (Exception ex) { Console.WriteLine(ex.Message); throw; }
                });
            }
        }
        """));

    // Seen in garnet (MultiDatabaseManager.RunPausedCheckpointsAndReleaseLocksAsync): an array of tasks made and pre-filled,
    // then `try { …a handling try… } finally { release }`. A finally that throws, a fill past the array's size, or a body
    // that does more after its handling try, is still reported.
    [Fact]
    public Task Stored_task_of_a_callee_handling_its_failures_inside_a_try_finally_is_fine() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            int _locks;

            Task<bool> Checkpoint(int count, bool background)
            {
                var checkpoint = RunAndReleaseAsync(count);
                var {|AG0002:throwing|} = ReleaseThrowsAsync(count);
                var {|AG0002:overfilled|} = OverfillsAsync(count);
                var {|AG0002:working|} = WorksAfterAsync(count);
                if (background) return Task.FromResult(true);
                return checkpoint;
            }

            async Task<bool> RunAndReleaseAsync(int count)
            {
                var tasks = new Task[count];
                for (var i = 0; i < count; i++)
                    tasks[i] = Task.CompletedTask;

                try
                {
                    await Task.Yield();
                    try
                    {
                        for (var i = 0; i < count; i++) tasks[i] = Api.SendAsync();
                        await Task.WhenAll(tasks);
                    }
                    catch (Exception ex)
                    {
                        Console.WriteLine(ex.Message);
                    }
                }
                finally
                {
                    _locks--;
                }

                return true;

                // A local function declared after the final return (garnet's TakeOneCheckpointAsync).
                static Task TakeOne() => Api.SendAsync();
            }

            async Task<bool> ReleaseThrowsAsync(int count)
            {
                try
                {
                    try { await Api.SendAsync(); }
                    catch (Exception ex) { Console.WriteLine(ex.Message); }
                }
                finally
                {
                    if (_locks < 0) throw new InvalidOperationException();
                }

                return true;
            }

            async Task<bool> OverfillsAsync(int count)
            {
                var tasks = new Task[count];
                for (var i = 0; i < count + 1; i++)
                    tasks[i] = Task.CompletedTask;

                try { await Task.WhenAll(tasks); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }

                return true;
            }

            async Task<bool> WorksAfterAsync(int count)
            {
                try
                {
                    try { await Api.SendAsync(); }
                    catch (Exception ex) { Console.WriteLine(ex.Message); }
                    await Api.SendAsync();
                }
                finally
                {
                    _locks--;
                }

                return true;
            }
        }
        """));

    /// <summary>Nito.AsyncEx's coordination types, as the library declares them (namespace and names).</summary>
    private const string NitoAsyncEx = """

        namespace Nito.AsyncEx
        {
            public sealed class AsyncManualResetEvent { public Task WaitAsync() => Task.CompletedTask; public void Set() { } }
            public sealed class AsyncAutoResetEvent { public Task WaitAsync() => Task.CompletedTask; public void Set() { } }
            public sealed class AsyncSemaphore { public Task WaitAsync() => Task.CompletedTask; }
            public interface IAsyncWaitQueue<T> { Task<T> Enqueue(); bool IsEmpty { get; } }
            public sealed class DefaultAsyncWaitQueue<T> : IAsyncWaitQueue<T>
            {
                Task<T> IAsyncWaitQueue<T>.Enqueue() => Task.FromResult(default(T)!);
                bool IAsyncWaitQueue<T>.IsEmpty => true;
            }
            public sealed class DeferralManager { public Task WaitForDeferralsAsync() => Task.CompletedTask; }
            public sealed class AsyncWorker { public Task WaitAsync() => Task.Run(() => { }); }
        }

        namespace Nito.AsyncEx.Interop
        {
            public static class WaitHandleAsyncFactory
            {
                public static Task FromWaitHandle(System.Threading.WaitHandle handle) => Task.CompletedTask;
            }
        }
        """;

    [Fact]
    public Task Waits_that_end_only_when_signalled_or_cancelled_are_fine() => Verify.VerifyAnalyzerAsync(Code("""
        using Nito.AsyncEx;

        class C
        {
            // As in Nito.AsyncEx's own tests: a wait is taken, then only its completion is inspected.
            void Events(AsyncManualResetEvent manual, AsyncAutoResetEvent auto, AsyncSemaphore semaphore, DeferralManager deferrals)
            {
                var task = manual.WaitAsync();
                var other = auto.WaitAsync();
                var entered = semaphore.WaitAsync();
                var deferred = deferrals.WaitForDeferralsAsync();
                Console.WriteLine(task.IsCompleted && other.IsCompleted && entered.IsCompleted && deferred.IsCompleted);
            }

            void Queue(System.Threading.ManualResetEvent handle)
            {
                var queue = new DefaultAsyncWaitQueue<object>() as IAsyncWaitQueue<object>;
                var entry = queue.Enqueue();
                var signalled = Nito.AsyncEx.Interop.WaitHandleAsyncFactory.FromWaitHandle(handle);
                Console.WriteLine(queue.IsEmpty);
            }
        }
        """ + NitoAsyncEx));

    [Fact]
    public Task Waits_of_other_types_or_on_work_are_reported() => Verify.VerifyAnalyzerAsync(Code("""
        using Nito.AsyncEx;

        class C
        {
            void M(AsyncWorker worker, Task work)
            {
                var {|AG0002:done|} = worker.WaitAsync();
                var {|AG0002:bounded|} = work.WaitAsync(TimeSpan.FromSeconds(1));
                Console.WriteLine(done.IsCompleted || bounded.IsCompleted);
            }
        }
        """ + NitoAsyncEx));

    [Fact]
    public Task A_task_asserted_complete_with_Debug_Assert_is_fine() => Verify.VerifyAnalyzerAsync(Code("""
        using System.Diagnostics;

        class C
        {
            // As in npgsql's PrependInternalMessage: the author asserts that the write fit the buffer.
            void Prepend()
            {
                var t = Api.SendAsync();
                Debug.Assert(t.IsCompleted, "Could not fully write the message into the buffer");
            }

            void BothChecked(bool ready)
            {
                var t = Api.SendAsync();
                Trace.Assert(ready && (t.IsCompleted));
            }

            void Succeeded()
            {
                var t = Api.SendAsync();
                Debug.Assert(t.IsCompletedSuccessfully);
            }
        }
        """));

    // Seen in durabletask's orchestration tests: `if (!dummyTask.IsCompleted) throw new Exception("…")`, the same claim as an
    // assertion. A guard that only logs, or one that throws when the task is complete, is still reported.
    [Fact]
    public Task A_task_required_complete_by_a_throwing_guard_is_fine() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            void Required()
            {
                var t = Api.SendAsync();
                if (!t.IsCompleted)
                    throw new InvalidOperationException("fire-and-forget should complete immediately");
            }

            void Logged()
            {
                var {|AG0002:t|} = Api.SendAsync();
                if (!t.IsCompleted) Console.WriteLine("still running");
            }

            void Inverted()
            {
                var {|AG0002:t|} = Api.SendAsync();
                if (t.IsCompleted) throw new InvalidOperationException("too fast");
            }
        }
        """));

    [Fact]
    public Task A_task_a_test_asserts_complete_is_fine() => Verify.VerifyAnalyzerAsync(Code("""
        namespace Xunit
        {
            public static class Assert
            {
                public static void True(bool condition, string? message = null) { }
                public static void False(bool condition, string? message = null) { }
            }
        }

        namespace Tests
        {
            using Xunit;

            class C
            {
                // As in wolverine's inline_receiver_drain_and_latch: the drain must return at once.
                void Drain()
                {
                    var drainTask = Api.SendAsync();
                    Assert.True(drainTask.IsCompleted, "DrainAsync should return immediately");
                }

                void Pending()
                {
                    var {|AG0002:drainTask|} = Api.SendAsync();
                    Assert.False(drainTask.IsCompleted);
                }
            }
        }
        """));

    // Round 13 (elastic-apm's timer tests): `delayTask.IsCompleted.Should().BeTrue();`, FluentAssertions' form of the same
    // claim. Asserting it false, or asserting another value with Should(), is still reported.
    [Fact]
    public Task A_task_a_fluent_assertion_asserts_complete_is_fine() => Verify.VerifyAnalyzerAsync(Code("""
        namespace FluentAssertions
        {
            public static class AssertionExtensions
            {
                public static BooleanAssertions Should(this bool value) => new();
            }

            public sealed class BooleanAssertions
            {
                public void BeTrue() { }
                public void BeFalse() { }
            }
        }

        namespace Tests
        {
            using FluentAssertions;

            class TimerTests
            {
                void Fires()
                {
                    var delayTask = Api.SendAsync();
                    delayTask.IsCompleted.Should().BeFalse();
                    delayTask.IsCompleted.Should().BeTrue();
                }

                void StillPending()
                {
                    var {|AG0002:delayTask|} = Api.SendAsync();
                    delayTask.IsCompleted.Should().BeFalse();
                }

                void OtherValue()
                {
                    var {|AG0002:delayTask|} = Api.SendAsync();
                    (delayTask.Id > 0).Should().BeTrue();
                }
            }
        }
        """));

    // Round 10 (azure-webjobs-sdk's executor tests): `Task ignore = Task.Delay(5000).ContinueWith(ct => exit = true);` — a
    // continuation that only sets a flag, of a delay without a token, cannot fault. Continuing work that can fault is still
    // reported.
    [Fact]
    public Task A_flag_setting_continuation_of_a_delay_is_fine() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task<object?> Invoke()
            {
                bool exit = false;
                Task ignore = Task.Delay(5000).ContinueWith(ct => exit = true);
                while (!exit) await Task.Delay(500);
                return null;
            }

            async Task<object?> InvokeWork()
            {
                bool exit = false;
                Task {|AG0002:ignore|} = Api.SendAsync().ContinueWith(ct => exit = true);
                while (!exit) await Task.Delay(500);
                return null;
            }
        }
        """));

    // Round 10 (EasyNetQ's request tests): a test that starts a request, throws a TimeoutException when a wait times out, then
    // awaits the request. The throw fails the test, which is what the test reports; the request's own failure is not lost in
    // a way that hides anything. In a test method, a set-up method of a test class, or a lambda a throw assertion runs, a throw
    // is not a path that leaves a task behind. An early return in a test, and a throw in product code, still are.
    [Fact]
    public Task A_throw_that_fails_the_test_leaves_nothing_behind() => Verify.VerifyAnalyzerAsync(Code("""
        namespace Xunit
        {
            public sealed class FactAttribute : Attribute { }
            public static class Assert
            {
                public static Task<T> ThrowsAsync<T>(Func<Task> testCode) where T : Exception => Task.FromResult<T>(null!);
            }
        }

        namespace Tests
        {
            using System.Threading;
            using Xunit;

            class RequestTests
            {
                readonly CountdownEvent _waiter = new(2);
                int _response;

                public async Task InitializeAsync()
                {
                    var task = Api.CountAsync();
                    if (!_waiter.Wait(5000))
                        throw new TimeoutException();

                    _response = await task;
                }

                [Fact]
                public async Task Responds()
                {
                    var task = Api.CountAsync();
                    if (!_waiter.Wait(5000)) throw new TimeoutException();
                    Console.WriteLine(await task);
                }

                [Fact]
                public async Task Responder_fails()
                {
                    await Assert.ThrowsAsync<InvalidOperationException>(async () =>
                    {
                        var task = Api.CountAsync();
                        if (!_waiter.Wait(5000)) throw new TimeoutException();
                        await task;
                    });
                }

                [Fact]
                public async Task Returns_early()
                {
                    var {|#0:task|} = Api.CountAsync();
                    if (!_waiter.Wait(5000)) {|#1:return|};
                    Console.WriteLine(await task);
                }
            }

            class Product
            {
                readonly CountdownEvent _waiter = new(2);

                public async Task<int> RequestAsync()
                {
                    var {|#2:task|} = Api.CountAsync();
                    if (!_waiter.Wait(5000)) {|#3:throw|} new TimeoutException();
                    return await task;
                }
            }
        }
        """),
        false,
        Verify.Diagnostic("AG0002").WithLocation(1).WithLocation(0).WithArguments("task", AG0002StoredTaskNeverObservedAnalyzer.LeftBehindHere),
        Verify.Diagnostic("AG0002").WithLocation(3).WithLocation(2).WithArguments("task", AG0002StoredTaskNeverObservedAnalyzer.LeftBehindHere));

    [Fact]
    public Task IsCompleted_read_outside_an_assertion_or_asserted_false_is_reported() => Verify.VerifyAnalyzerAsync(Code("""
        using System.Diagnostics;

        class C
        {
            void Printed()
            {
                var {|AG0002:t|} = Api.SendAsync();
                Console.WriteLine(t.IsCompleted);
            }

            void Branched()
            {
                var {|AG0002:t|} = Api.SendAsync();
                if (t.IsCompleted) return;
                Console.WriteLine("pending");
            }

            void AssertedPending()
            {
                var {|AG0002:t|} = Api.SendAsync();
                Debug.Assert(!t.IsCompleted);
            }

            void AssertedEither(bool ready)
            {
                var {|AG0002:t|} = Api.SendAsync();
                Debug.Assert(ready || t.IsCompleted);
            }

            void InTheMessage(bool ready)
            {
                var {|AG0002:t|} = Api.SendAsync();
                Debug.Assert(ready, t.IsCompleted.ToString());
            }
        }
        """));

    [Fact]
    public Task An_early_return_or_throw_before_the_await_is_reported_on_the_leaving_path() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task<bool> Upload(string name)
            {
                var {|#2:backup|} = Api.SendAsync();
                if (Api.Exists()) {|#0:return|} false;
                await backup;
                return true;
            }

            async Task Validate(string? name)
            {
                var {|#3:pending|} = Api.CountAsync();
                if (name is null) {|#1:throw|} new ArgumentNullException(nameof(name));
                Console.WriteLine(await pending);
            }
        }
        """),
        false,
        Verify.Diagnostic("AG0002").WithLocation(0).WithLocation(2).WithArguments("backup", AG0002StoredTaskNeverObservedAnalyzer.LeftBehindHere),
        Verify.Diagnostic("AG0002").WithLocation(1).WithLocation(3).WithArguments("pending", AG0002StoredTaskNeverObservedAnalyzer.LeftBehindHere));

    [Fact]
    public Task An_exit_before_the_local_is_given_work_is_fine_one_after_is_reported() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task AssignedInTheOtherBranch(bool b)
            {
                Task t;
                if (b)
                {
                    throw new InvalidOperationException();
                }
                else
                {
                    t = Api.SendAsync();
                }

                await t;
            }

            async Task AssignedThenLeft(bool b)
            {
                Task {|#1:t|};
                t = Api.SendAsync();
                if (b)
                {
                    {|#0:throw|} new InvalidOperationException();
                }

                await t;
            }
        }
        """),
        false,
        Verify.Diagnostic("AG0002").WithLocation(0).WithLocation(1).WithArguments("t", AG0002StoredTaskNeverObservedAnalyzer.LeftBehindHere));

    [Fact]
    public Task A_task_unwrapped_from_a_cold_task_holds_work_only_once_that_is_started() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            readonly object _gate = new object();
            bool _stopping;

            // quartz's TaskSchedulingThreadPool: the early return leaves before anything runs.
            bool Schedule(Func<Task> action, TaskScheduler scheduler)
            {
                var task = new Task<Task>(action);
                var unwrapped = task.Unwrap();
                lock (_gate)
                {
                    if (_stopping)
                    {
                        return false;
                    }
                }

                _ = unwrapped.ContinueWith(t => Console.WriteLine(t.Exception), TaskScheduler.Default);
                task.Start(scheduler);
                return true;
            }

            bool NeverStarted(Func<Task> action)
            {
                var task = new Task<Task>(action);
                var unwrapped = task.Unwrap();
                return false;
            }

            async Task<bool> StartedThenLeft(Func<Task> action, bool b)
            {
                var task = new Task<Task>(action);
                var {|#1:unwrapped|} = task.Unwrap();
                if (b) return false;
                task.Start();
                if (b) {|#0:return|} false;
                await unwrapped;
                return true;
            }

            void StartedAndForgotten(Func<Task> action)
            {
                var task = new Task<Task>(action);
                var {|#2:unwrapped|} = task.Unwrap();
                task.RunSynchronously();
            }
        }
        """),
        false,
        Verify.Diagnostic("AG0002").WithLocation(0).WithLocation(1).WithArguments("unwrapped", AG0002StoredTaskNeverObservedAnalyzer.LeftBehindHere),
        Verify.Diagnostic("AG0002").WithLocation(2).WithArguments("unwrapped", AG0002StoredTaskNeverObservedAnalyzer.NeverObserved));

    [Fact]
    public Task An_exit_in_another_branch_than_the_start_leaves_nothing_behind() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            // StackExchange.Redis ServerEndPoint: given work in the `if`, the throw is in the `else`.
            ValueTask<int> WriteAsync(object? connection, object? bridge)
            {
                ValueTask<int> result;
                if (connection == null)
                {
                    result = Api.PeekAsync();
                }
                else
                {
                    if (bridge == null)
                    {
                        throw new ObjectDisposedException("bridge");
                    }
                    else
                    {
                        result = Api.PeekAsync();
                    }
                }

                if (!result.IsCompletedSuccessfully)
                {
                    return result;
                }

                result.GetAwaiter().GetResult();
                return default;
            }

            async Task<int> BySwitch(int mode)
            {
                Task<int> t;
                switch (mode)
                {
                    case 0:
                        t = Api.CountAsync();
                        break;
                    default:
                        throw new ArgumentOutOfRangeException(nameof(mode));
                }

                return await t;
            }

            async Task<int> SameBranchIsStillReported(bool a, bool b)
            {
                Task<int> {|#1:t|};
                if (a)
                {
                    t = Api.CountAsync();
                    if (b) {|#0:throw|} new InvalidOperationException();
                }
                else
                {
                    t = Api.CountAsync();
                }

                return await t;
            }

            async Task<int> AfterTheIfIsStillReported(bool a, bool b)
            {
                Task<int> {|#3:t|};
                if (a) t = Api.CountAsync();
                else t = Api.CountAsync();
                if (b) {|#2:return|} 0;
                return await t;
            }
        }
        """),
        false,
        Verify.Diagnostic("AG0002").WithLocation(0).WithLocation(1).WithArguments("t", AG0002StoredTaskNeverObservedAnalyzer.LeftBehindHere),
        Verify.Diagnostic("AG0002").WithLocation(2).WithLocation(3).WithArguments("t", AG0002StoredTaskNeverObservedAnalyzer.LeftBehindHere));

    [Fact]
    public Task Stored_tasks_that_hold_no_failure_are_fine() => Verify.VerifyAnalyzerAsync(Code($$"""
        {{TestSources.RedisBatchAndTransaction}}

        namespace App
        {
            using StackExchange.Redis;

            class C
            {
                void M(IDatabaseAsync db, ITransaction tran, IBatch batch)
                {
                    var placeholder = db.StringSetAsync("k", "v", CommandFlags.FireAndForget);
                    var queued = tran.StringSetAsync("k", "v");
                    tran.Execute();
                    var completed = Completed();
                    var {|AG0002:real|} = db.StringSetAsync("k", "v");
                    var {|AG0002:batched|} = batch.StringSetAsync("k", "v");
                    batch.Execute();
                }

                static Task Completed() => Task.CompletedTask;
            }
        }
        """));

    [Fact]
    public Task Exits_that_observe_first_or_sit_in_a_try_or_a_lambda_are_fine() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task<int> ReturnsIt(bool b)
            {
                var t = Api.CountAsync();
                if (b) return await t;
                return await t + 1;
            }

            async Task ObservedBeforeLeaving(bool b)
            {
                var t = Api.SendAsync();
                if (b) { await t; return; }
                await t;
            }

            async Task HandledInATry(bool b)
            {
                var t = Api.SendAsync();
                try { if (b) throw new InvalidOperationException(); }
                catch (InvalidOperationException) { }
                try { if (b) return; }
                finally { await t; }
            }

            async Task LambdaExits()
            {
                var t = Api.SendAsync();
                Func<int> f = () => { return 1; };
                Action g = () => throw new InvalidOperationException();
                await t;
            }

            async Task ReadInALambda(bool b)
            {
                var t = Api.SendAsync();
                Func<Task> later = () => t;
                if (b) return;
                await t;
            }
        }
        """));

    [Fact]
    public async Task No_fix_in_sync_code_with_early_returns_ValueTask_or_nested_scopes()
    {
        var source = Code("""
            class C
            {
                void Sync() { var {|AG0002:t|} = Api.SendAsync(); }

                async Task EarlyReturn(bool b)
                {
                    var {|AG0002:t|} = Api.SendAsync();
                    if (b) return;
                    Console.WriteLine();
                }

                async Task ValueWithATask() { var {|AG0002:v|} = Api.PingAsync(); var {|AG0002:t|} = Api.SendAsync(); await Task.Yield(); }

                async Task Nested(bool b)
                {
                    if (b) { var {|AG0002:t|} = Api.SendAsync(); }
                    await Task.Yield();
                }

                async Task<int> Generic() { var {|AG0002:t|} = Api.SendAsync(); return 1; }
            }
            """);
        var test = Verify.CreateTest(source, source, withRuntime: false);
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        await test.RunAsync(CancellationToken.None);
    }

    // Round 9 (Foundatio's vendored copy of Nito.AsyncEx's AsyncManualResetEvent): `WaitAsync()` returns the task of a private
    // completion-source field that its type only completes, cancels or replaces, so a wait left behind on an early return holds
    // no failure. A field that is also given an exception, or handed elsewhere, still counts as work that can fail.
    [Fact]
    public Task Waits_on_a_completion_source_field_only_completed_hold_no_failure() => Verify.VerifyAnalyzerAsync(Code("""
        sealed class ManualResetEvent
        {
            readonly object _mutex = new();
            TaskCompletionSource<object?> _tcs = new();

            public Task WaitAsync() { lock (_mutex) { return _tcs.Task; } }
            public void Set() { lock (_mutex) { _tcs.TrySetResult(null); } }
            public void Reset() { lock (_mutex) { if (_tcs.Task.IsCompleted) this._tcs = new TaskCompletionSource<object?>(); } }

            // A debugger view of the same type reads the task through another instance.
            sealed class DebugView(ManualResetEvent owner) { public Task Current => owner._tcs.Task; }

            public void Wait(System.Threading.CancellationToken token)
            {
                var ret = WaitAsync();
                if (ret.IsCompleted) return;
                ret.Wait(token);
            }
        }

        sealed class FailingEvent
        {
            TaskCompletionSource<object?> _tcs = new();

            public Task WaitAsync() => _tcs.Task;
            public void Fail(Exception e) => _tcs.TrySetException(e);

            public void Wait(System.Threading.CancellationToken token)
            {
                var {|#2:ret|} = WaitAsync();
                if (ret.IsCompleted) {|#0:return|};
                ret.Wait(token);
            }
        }

        sealed class SharedEvent
        {
            TaskCompletionSource<object?> _tcs = new();

            public Task WaitAsync() => _tcs.Task;
            public void Share(System.Collections.Generic.List<TaskCompletionSource<object?>> all) => all.Add(_tcs);

            public void Wait(System.Threading.CancellationToken token)
            {
                var {|#3:ret|} = WaitAsync();
                if (ret.IsCompleted) {|#1:return|};
                ret.Wait(token);
            }
        }
        """),
        false,
        Verify.Diagnostic("AG0002").WithLocation(0).WithLocation(2).WithArguments("ret", AG0002StoredTaskNeverObservedAnalyzer.LeftBehindHere),
        Verify.Diagnostic("AG0002").WithLocation(1).WithLocation(3).WithArguments("ret", AG0002StoredTaskNeverObservedAnalyzer.LeftBehindHere));
}
