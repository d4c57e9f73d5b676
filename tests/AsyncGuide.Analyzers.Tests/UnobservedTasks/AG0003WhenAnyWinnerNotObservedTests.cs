using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuide.Analyzers.Tests.Infrastructure;
using AsyncGuide.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0003WhenAnyWinnerNotObservedAnalyzer,
    AsyncGuide.CodeFixes.AG0003WhenAnyWinnerNotObservedCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

public class AG0003WhenAnyWinnerNotObservedTests
{
    private static string Code([StringSyntax("C#-test")] string body) => TestSources.Code(body);

    private static string CodeWithRuntime([StringSyntax("C#-test")] string body) => TestSources.Code(body, withRuntime: true);

    // ---------- positives ----------

    [Fact]
    public Task Winner_dropped_discarded_or_only_compared() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task Dropped()
            {
                var work = Api.SendAsync();
                await {|AG0003:Task.WhenAny(work, Task.Delay(1000))|};
            }

            async Task Discarded() => _ = await {|AG0003:Task.WhenAny(Api.SendAsync(), Api.CountAsync())|}.ConfigureAwait(false);

            async Task Compared()
            {
                var work = Api.CountAsync();
                var timeout = Task.Delay(1000);
                if (await {|AG0003:Task.WhenAny(work, timeout)|} == timeout) throw new TimeoutException();
            }

            async Task StoredAndCompared()
            {
                var work = Api.SendAsync();
                var winner = await {|AG0003:Task.WhenAny(work, Task.Delay(10))|};
                Console.WriteLine(winner == work ? "done" : "slow");
            }
        }
        """));

    [Fact]
    public Task Loop_that_removes_winners_without_awaiting_them_in_a_lambda_and_top_level() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            void M(int count)
            {
                async Task Local()
                {
                    _ = await {|AG0003:Task.WhenAny(Api.SendAsync(), Task.Delay(count))|};
                }

                Func<Task> drain = async () =>
                {
                    var tasks = new List<Task>();
                    for (var i = 0; i < count; i++) tasks.Add(Api.SendAsync());
                    while (tasks.Count > 0)
                    {
                        var finished = await {|AG0003:Task.WhenAny(tasks)|};
                        tasks.Remove(finished);
                    }
                };
            }
        }
        """));

    [Fact]
    public async Task Top_level_statements()
    {
        var test = Verify.CreateTest("""
            using System.Threading.Tasks;

            await {|AG0003:Task.WhenAny(Work(), Task.Delay(100))|};

            static Task Work() => Task.CompletedTask;
            """, null, withRuntime: false);
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        await test.RunAsync(CancellationToken.None);
    }

    // ---------- negatives ----------

    // Seen in duplicati (Issue6820 test, BackendManager.Handler): a raced task whose lambda keeps its own failure, and a
    // WhenAll raced inline whose tasks are each inspected after the race.
    [Fact]
    public Task Raced_work_that_keeps_its_own_failure_or_a_gathered_list_inspected_after() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task Handled(int timeout)
            {
                Exception? failure = null;
                var backup = Task.Run(async () =>
                {
                    try { await Api.SendAsync(); }
                    catch (Exception ex) { failure = ex; }
                });
                var completed = await Task.WhenAny(backup, Task.Delay(timeout)).ConfigureAwait(false);
                Console.WriteLine(completed == backup ? failure?.Message : "timed out");
            }

            async Task Inspected()
            {
                var tasks = new List<Task> { Api.SendAsync(), Api.CountAsync() };
                await Task.WhenAny(Task.Delay(1000), Task.WhenAll(tasks)).ConfigureAwait(false);
                foreach (var t in tasks)
                    if (t.IsFaulted) Api.Log(t.Exception!);
            }

            // Near-misses: a lambda without a catch around work that can fail, and a gathered task that is never looked at again.
            async Task Unhandled(int timeout)
            {
                var backup = Task.Run(async () => await System.IO.File.ReadAllTextAsync("backup"));
                var completed = await {|AG0003:Task.WhenAny(backup, Task.Delay(timeout))|}.ConfigureAwait(false);
                Console.WriteLine(completed == backup);
            }

            async Task OneLeftOut()
            {
                var output = Api.CountAsync();
                var exit = Api.SendAsync();
                await {|AG0003:Task.WhenAny(Task.WhenAll(output, exit), Task.Delay(100))|};
                Console.WriteLine(await output);
            }
        }
        """));

    // Seen in WalletWasabi's coinjoin test: a WhenAll kept in a local and raced; the gathered tasks are inspected afterwards.
    // A WhenAll local whose gathered tasks nobody looks at is still reported.
    [Fact]
    public Task Gathering_local_judged_by_its_tasks() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task Inspected(TaskCompletionSource<int> done)
            {
                var tasks = new[] { Api.CountAsync(), Api.CountAsync() };
                var all = Task.WhenAll(tasks);
                var finished = await Task.WhenAny(all, done.Task);
                if (finished == all)
                {
                    foreach (var t in tasks)
                        if (t.IsFaulted) Api.Log(t.Exception!);
                }
            }

            // azure-functions-host's shape: two task locals gathered, the winner compared, the tasks only handed to a check.
            async Task Compared()
            {
                var first = Api.CountAsync();
                var second = Api.CountAsync();
                var all = Task.WhenAll(first, second);
                var completed = await {|AG0003:Task.WhenAny(all, Task.Delay(5000))|};
                Same(completed == all, first, second);
            }

            static void Same(bool won, object expected, object actual) { }

            async Task Forgotten(TaskCompletionSource<int> done)
            {
                var first = Api.CountAsync();
                var second = Api.CountAsync();
                var all = Task.WhenAll(first, second);
                var finished = await {|AG0003:Task.WhenAny(all, done.Task)|};
                Console.WriteLine(finished == all);
            }
        }
        """));

    [Fact]
    public Task Winner_awaited_or_read_is_fine() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task AwaitAwait() => await await Task.WhenAny(Api.SendAsync(), Api.SendAsync());
            async Task<int> Result() { var w = await Task.WhenAny(Api.CountAsync(), Api.CountAsync()); return w.Result; }
            async Task Exception() { var w = await Task.WhenAny(Api.SendAsync()); Console.WriteLine(w.Exception); }
            async Task Faulted() { var w = await Task.WhenAny(Api.SendAsync()); if (w.IsFaulted) Console.WriteLine("failed"); }
            async Task<Task> Returned() => await Task.WhenAny(Api.SendAsync(), Api.SendAsync());
            async Task Passed() { var w = await Task.WhenAny(Api.SendAsync()); Observe(w); }
            async Task Configured() { var w = await Task.WhenAny(Api.SendAsync()).ConfigureAwait(false); await w.ConfigureAwait(false); }
            async Task Loop(List<Task> tasks)
            {
                while (tasks.Count > 0)
                {
                    var finished = await Task.WhenAny(tasks);
                    tasks.Remove(finished);
                    await finished;
                }
            }

            static void Observe(Task t) { }
        }
        """));

    [Fact]
    public Task Raced_tasks_observed_elsewhere_or_not_ours_are_fine() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            Task _field = Task.CompletedTask;

            async Task Timeout()
            {
                var work = Api.CountAsync();
                if (await Task.WhenAny(work, Task.Delay(1000)) != work) throw new TimeoutException();
                Console.WriteLine(await work);
            }

            async Task ThenAll()
            {
                var a = Api.SendAsync();
                var b = Api.SendAsync();
                await Task.WhenAny(a, b);
                await Task.WhenAll(a, b);
            }

            async Task Parameters(Task a, Task b) => await Task.WhenAny(a, b);
            async Task Field() => await Task.WhenAny(_field, Task.Delay(10));
            async Task OnlyDelays() => await Task.WhenAny(Task.Delay(10), Task.Delay(20));

            async Task Collection()
            {
                var tasks = new List<Task> { Api.SendAsync() };
                await Task.WhenAny(tasks);
                foreach (var t in tasks) await t;
            }

            async Task NotWhenAny() => await Task.WhenAll(Api.SendAsync());
        }
        """));

    [Fact]
    public async Task Top_level_statements_that_await_the_winner_are_fine()
    {
        var test = Verify.CreateTest("""
            using System.Threading.Tasks;

            var work = Work();
            var winner = await Task.WhenAny(work, Task.Delay(100));
            if (winner == work) await work;
            await await Task.WhenAny(Work(), Work());

            static Task Work() => Task.CompletedTask;
            """, null, withRuntime: false);
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task Delay_locals_and_copies_of_tasks_we_do_not_own_are_not_unobserved_work() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task TimeoutLocal(System.Threading.CancellationToken ct)
            {
                var timeout = Task.Delay(1000, ct);
                var work = Api.CountAsync();
                var first = await Task.WhenAny(work, timeout);
                if (first == timeout) return;
                Console.WriteLine(await work);
            }

            async Task Copies(Task parameter, List<Task> tasks)
            {
                var copy = parameter;
                var head = tasks[0];
                await Task.WhenAny(copy, head);
            }
        }
        """));

    // Seen in orleans (LocalDurableJobManager): a periodic timer's tick raced against a semaphore signal. Like
    // Task.Delay, these waits end only in success or cancellation, so no failure can be lost.
    [Fact]
    public Task Signal_and_tick_waits_that_only_end_in_cancellation_are_fine() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            readonly SemaphoreSlim _signal = new(0);

            async Task M(PeriodicTimer timer, CancellationToken ct)
            {
                var tick = timer.WaitForNextTickAsync(ct).AsTask();
                var signal = _signal.WaitAsync(ct);
                await Task.WhenAny(tick, signal);
                await Task.WhenAny(_signal.WaitAsync(ct), Task.Delay(1000, ct));
            }
        }
        """));

    // Seen in vs-streamjsonrpc tests: an AsyncManualResetEvent/AsyncAutoResetEvent wait of vs-threading or Nito.AsyncEx.
    [Fact]
    public Task Library_event_waits_only_end_in_cancellation() => Verify.VerifyAnalyzerAsync(Code("""
        namespace Microsoft.VisualStudio.Threading
        {
            class AsyncAutoResetEvent { public Task WaitAsync(CancellationToken ct = default) => Task.CompletedTask; }
        }

        class MyEvent { public Task WaitAsync(CancellationToken ct = default) => Api.SendAsync(); }

        class C
        {
            async Task M(Microsoft.VisualStudio.Threading.AsyncAutoResetEvent reached, MyEvent own, CancellationToken ct)
            {
                var invoke = Api.CountAsync(ct);
                await Task.WhenAny(invoke, reached.WaitAsync(ct));
                await {|AG0003:Task.WhenAny(invoke, own.WaitAsync(ct))|};
                await invoke;
            }
        }
        """));

    // Seen in dotNext's tests: two waits on an AsyncCounter (DotNext.Threading, by the type's full name) raced; each ends only
    // when signalled or cancelled. The same type name elsewhere is still work.
    [Fact]
    public Task DotNext_counter_waits_only_end_in_cancellation() => Verify.VerifyAnalyzerAsync(Code("""
        namespace DotNext.Threading
        {
            class AsyncCounter { public ValueTask WaitAsync(CancellationToken ct = default) => default; }
        }

        namespace Mine
        {
            class AsyncCounter { public ValueTask WaitAsync(CancellationToken ct = default) => new(Api.SendAsync()); }
        }

        class C
        {
            async Task M(DotNext.Threading.AsyncCounter counter, Mine.AsyncCounter own, CancellationToken ct)
            {
                var first = counter.WaitAsync(ct).AsTask();
                var second = counter.WaitAsync(ct).AsTask();
                await Task.WhenAny(first, second);

                var mine = own.WaitAsync(ct).AsTask();
                var other = own.WaitAsync(ct).AsTask();
                await {|AG0003:Task.WhenAny(mine, other)|};
            }
        }
        """));

    // Near-miss: a signal raced against work that can fail still loses the work's failure.
    [Fact]
    public Task Signal_raced_against_work_is_still_reported() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            readonly SemaphoreSlim _signal = new(0);

            async Task M(CancellationToken ct)
            {
                var work = Api.CountAsync(ct);
                await {|AG0003:Task.WhenAny(_signal.WaitAsync(ct), work)|};
            }
        }
        """));

    // Seen in Polly (HedgingExecutionContext): a helper that hands back tasks the object already holds (or a WhenAny
    // over them), raced against a TimeProvider delay. Nothing is started here and a WhenAny task never faults.
    [Fact]
    public Task Helpers_returning_existing_tasks_and_clock_delays_are_fine() => Verify.VerifyAnalyzerAsync(Code("""
        namespace System.Threading.Tasks
        {
            static class TimeProviderTaskExtensions
            {
                public static Task Delay(this TimeProvider provider, TimeSpan delay, CancellationToken ct = default) => Task.Delay(delay, ct);
            }
        }

        class Execution { public Task ExecutionTaskSafe { get; } = Task.CompletedTask; }

        class C
        {
            readonly List<Execution> _executing = new();
            readonly TimeProvider _time = TimeProvider.System;

            Task Competition() => _executing.Count switch
            {
                1 => _executing[0].ExecutionTaskSafe,
                _ => Task.WhenAny(_executing.Select(e => e.ExecutionTaskSafe)),
            };

            async Task<bool> M(TimeSpan delay, CancellationToken ct)
            {
                var delayTask = _time.Delay(delay, ct);
                var competition = Competition();
                var completed = await Task.WhenAny(competition, delayTask);
                return completed == delayTask;
            }
        }
        """));

    // Round 11 (Playwright's Request.TargetClosedAsync, raced in Route and Response): a helper handing back the closed signal of
    // the page or worker it holds, read through `?.`, a cast and a local, or a fresh source's task that never completes. A
    // helper that may hand back new work on one side of `??` still counts.
    [Fact]
    public Task Helpers_handing_back_held_signals_through_conditional_access_and_coalesce() => Verify.VerifyAnalyzerAsync(Code("""
        class Page { public TaskCompletionSource<bool> ClosedOrCrashed { get; } = new(); }
        class Frame { public object? Page { get; set; } }
        class Worker { public TaskCompletionSource<bool> Closed { get; } = new(); }

        class Request
        {
            private readonly Frame? _frame = new();
            public object? ServiceWorker { get; set; }

            Task<bool> TargetClosedAsync()
            {
                var frame = _frame;
                var result = ((Worker?)ServiceWorker)?.Closed.Task ?? (frame?.Page as Page)?.ClosedOrCrashed.Task;
                return result ?? new TaskCompletionSource<bool>().Task;
            }

            Task<bool> TargetClosedOrProbeAsync()
            {
                var result = ((Worker?)ServiceWorker)?.Closed.Task;
                return result ?? ProbeAsync();
            }

            static async Task<bool> ProbeAsync() { await Api.SendAsync(); return true; }

            async Task<string> FinishedAsync(Task<string> finished, Task<string> other)
            {
                var targetClosedTask = TargetClosedAsync();
                if (targetClosedTask == await Task.WhenAny(finished, targetClosedTask))
                {
                    throw new InvalidOperationException("closed");
                }

                var probe = TargetClosedOrProbeAsync();
                if (probe == await {|AG0003:Task.WhenAny(other, probe)|})
                {
                    throw new InvalidOperationException("closed");
                }

                return await finished;
            }
        }
        """));

    // Seen in durabletask's orchestrations: a durable timer (OrchestrationContext.CreateTimer, by the type's full name) only fires
    // or is cancelled, like Task.Delay. The same method name on the project's own type is still work.
    [Fact]
    public Task Durable_orchestration_timers_are_like_delays() => Verify.VerifyAnalyzerAsync(Code("""
        namespace DurableTask.Core
        {
            public abstract class OrchestrationContext
            {
                public abstract Task<T> CreateTimer<T>(DateTime fireAt, T state, CancellationToken cancelToken);
            }
        }

        class Scheduler { public Task<int> CreateTimer<T>(DateTime fireAt, T state, CancellationToken ct) => Api.CountAsync(ct); }

        class C
        {
            async Task<int> RunAsync(DurableTask.Core.OrchestrationContext context, Scheduler scheduler, Task<int> main, CancellationToken ct)
            {
                var timer = context.CreateTimer(DateTime.UtcNow, -1, ct);
                if (await Task.WhenAny(main, timer) == timer) throw new TimeoutException();

                var own = scheduler.CreateTimer(DateTime.UtcNow, -1, ct);
                if (await {|AG0003:Task.WhenAny(main, own)|} == own) throw new TimeoutException();
                return await main;
            }
        }
        """));

    // Seen in NuGet's PackagePreFetcher: `WhenAny(results.Select(e => e.EnsureResultAsync()))`, where the method stores its own
    // failure (a catch-all). A Select of a call that can fault is still reported.
    [Fact]
    public Task Select_of_calls_that_handle_their_own_failure_is_fine() => Verify.VerifyAnalyzerAsync(Code("""
        class Result
        {
            Exception? _error;
            public async Task EnsureAsync()
            {
                try { await Api.SendAsync(); }
                catch (Exception ex) { _error = ex; }
            }

            public Task FetchAsync() => Api.SendAsync();

            // NuGet's shape: a guard around a time stamp, the handling try, a stamp and an auto-property store.
            DateTimeOffset _started, _ended;
            public bool IsComplete { get; private set; }
            public async Task EnsureGuardedAsync()
            {
                if (_error == null)
                {
                    _started = DateTimeOffset.Now;
                    try { await Api.SendAsync(); }
                    catch (Exception ex) { _error = ex; }

                    _ended = DateTimeOffset.Now;
                    IsComplete = true;
                }
            }

            // Near-miss: the guard has an else that can throw.
            public async Task EnsureOrThrowAsync()
            {
                if (_error == null)
                {
                    try { await Api.SendAsync(); }
                    catch (Exception ex) { _error = ex; }
                }
                else
                {
                    throw _error;
                }
            }
        }

        class C
        {
            async Task M(List<Result> results)
            {
                await Task.WhenAny(results.Select(e => e.EnsureAsync()));
                await Task.WhenAny(results.Select(e => e.EnsureGuardedAsync()));
                await {|AG0003:Task.WhenAny(results.Select(e => e.FetchAsync()))|};
                await {|AG0003:Task.WhenAny(results.Select(e => e.EnsureOrThrowAsync()))|};
            }
        }
        """));

    // Seen in Coyote's tests of WhenAny: async writers whose bodies cannot throw (`await Task.CompletedTask; entry.Value = value;`).
    // A body that calls other code, or stores through a property with a body of its own, is still work that can fail.
    [Fact]
    public Task Async_bodies_that_cannot_throw_are_fine() => Verify.VerifyAnalyzerAsync(Code("""
        class Entry
        {
            int _checked;
            public int Value { get; set; }
            public int Checked { get => _checked; set => _checked = value > 0 ? value : throw new ArgumentOutOfRangeException(); }
        }

        class C
        {
            static async Task WriteAsync(Entry entry, int value)
            {
                await Task.CompletedTask;
                entry.Value = value;
            }

            static async Task WriteLaterAsync(Entry entry, int value)
            {
                await Task.Delay(1);
                entry.Value = value;
            }

            static async Task WriteCheckedAsync(Entry entry, int value)
            {
                await Task.Yield();
                entry.Checked = value;
            }

            static async Task SendAsync(Entry entry)
            {
                await Task.CompletedTask;
                await Api.SendAsync();
            }

            async Task M(Entry entry)
            {
                await Task.WhenAny(WriteAsync(entry, 5), WriteLaterAsync(entry, 3));
                await Task.WhenAny(Task.Run(async () => { await WriteAsync(entry, 5); }), Task.Run(async () => await WriteAsync(entry, 3)));
                await {|AG0003:Task.WhenAny(
                    Task.Run(async () => { await WriteAsync(entry, 5); }),
                    Task.Run(async () => { await SendAsync(entry); }))|};
                await {|AG0003:Task.WhenAny(WriteAsync(entry, 5), WriteCheckedAsync(entry, 3))|};
                await {|AG0003:Task.WhenAny(WriteAsync(entry, 5), SendAsync(entry))|};
            }
        }
        """));

    // Seen in WalletWasabi's UnconfirmedTransactionChainProvider: a local function behind Task.Run computes a random delay before
    // its handling try (`new Random()`, `Next(max)`, `TimeSpan.FromSeconds(int)`). A delay computed by the project's own code
    // that throws is still work that can fail.
    [Fact]
    public Task Random_delays_before_a_handling_try_are_harmless() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            const int MaxDelay = 10;

            static TimeSpan Checked(double seconds) => seconds >= 0 ? TimeSpan.FromSeconds(seconds) : throw new ArgumentOutOfRangeException();

            async Task M(List<int> ids, double seconds, CancellationToken cancel)
            {
                var tasks = new List<Task>();
                foreach (var id in ids) tasks.Add(Task.Run(() => Scheduled(id), cancel));
                await Task.WhenAny(tasks);

                List<Task> pending = [];
                foreach (var id in ids) pending.Add(Task.Run(() => Scheduled(id), cancel));
                await Task.WhenAny(pending);

                var others = new List<Task>();
                foreach (var id in ids) others.Add(Task.Run(() => FromDouble(seconds), cancel));
                await {|AG0003:Task.WhenAny(others)|};

                async Task Scheduled(int id)
                {
                    var random = new Random();
                    var delayInSeconds = random.Next(MaxDelay);
                    var delay = TimeSpan.FromSeconds(delayInSeconds);
                    try { await Task.Delay(delay, cancel); await Api.SendAsync(); }
                    catch (OperationCanceledException) { Console.WriteLine("cancelled"); }
                    catch (Exception e) { Console.WriteLine(e.Message); }
                }

                async Task FromDouble(double value)
                {
                    var delay = Checked(value);
                    try { await Task.Delay(delay, cancel); }
                    catch (Exception e) { Console.WriteLine(e.Message); }
                }
            }
        }
        """));

    // Near-miss: a helper that starts work (returns a call's task) still counts as work that can fail.
    [Fact]
    public Task Helpers_that_start_work_are_still_reported() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            Task<int> Start(CancellationToken ct) => Api.CountAsync(ct);

            async Task M(CancellationToken ct)
            {
                var work = Start(ct);
                await {|AG0003:Task.WhenAny(work, Task.Delay(1000, ct))|};
            }
        }
        """));

    [Fact]
    public Task Half_typed_code_does_not_throw()
        => Verify.VerifyAnalyzerIgnoringCompilerErrorsAsync(Code("""
            class C
            {
                async Task M()
                {
                    await Task.WhenAny(
                    var w = await Task.WhenAny(Missing(), );
                    if (await Task.WhenAny() == 
                    await Task.WhenAny(x, y)
                }
            }
            """));

    // ---------- fixes ----------

    [Fact]
    public Task Fix_awaits_the_winner() => Verify.VerifyCodeFixAsync(Code("""
        class C
        {
            async Task M()
            {
                // race
                await {|AG0003:Task.WhenAny(Api.SendAsync(), Task.Delay(1000))|}; // done
            }
        }
        """), Code("""
        class C
        {
            async Task M()
            {
                // race
                await await Task.WhenAny(Api.SendAsync(), Task.Delay(1000)); // done
            }
        }
        """), equivalenceKey: AG0003WhenAnyWinnerNotObservedCodeFix.AwaitWinnerKey);

    [Fact]
    public Task Fix_All_twin_awaits_every_winner_keeping_ConfigureAwait() => Verify.VerifyCodeFixAsync(Code("""
        class C
        {
            async Task M()
            {
                await {|AG0003:Task.WhenAny(Api.SendAsync(), Task.Delay(1000))|}.ConfigureAwait(false);
                _ = await {|AG0003:Task.WhenAny(Api.CountAsync(), Api.CountAsync())|};
            }
        }
        """), Code("""
        class C
        {
            async Task M()
            {
                await (await Task.WhenAny(Api.SendAsync(), Task.Delay(1000)).ConfigureAwait(false)).ConfigureAwait(false);
                await await Task.WhenAny(Api.CountAsync(), Api.CountAsync());
            }
        }
        """), equivalenceKey: AG0003WhenAnyWinnerNotObservedCodeFix.AwaitWinnerKey);

    [Fact]
    public Task Fix_with_the_runtime_waits_for_the_first_completion_and_gathers_what_is_done() => Verify.VerifyCodeFixAsync(Code("""
        class C
        {
            async Task M()
            {
                await {|AG0003:Task.WhenAny(Api.SendAsync(), Api.CountAsync())|};
            }
        }
        """), CodeWithRuntime("""
        class C
        {
            async Task M()
            {
                await Async.Gather((await Async.Wait(new Task[] { Api.SendAsync(), Api.CountAsync() }, ReturnWhen.FirstCompleted)).Done);
            }
        }
        """), withRuntime: true, equivalenceKey: AG0003WhenAnyWinnerNotObservedCodeFix.WaitFirstCompletedKey);

    [Fact]
    public Task Fix_All_twin_with_the_runtime_passes_collections_through() => Verify.VerifyCodeFixAsync(Code("""
        class C
        {
            async Task M(int n)
            {
                var tasks = new List<Task<int>> { Api.CountAsync() };
                await {|AG0003:Task.WhenAny(tasks)|};
                await {|AG0003:Task.WhenAny(Api.SendAsync(), Task.Delay(n))|};
            }
        }
        """), CodeWithRuntime("""
        class C
        {
            async Task M(int n)
            {
                var tasks = new List<Task<int>> { Api.CountAsync() };
                await Async.Gather((await Async.Wait(tasks, ReturnWhen.FirstCompleted)).Done);
                await Async.Gather((await Async.Wait(new Task[] { Api.SendAsync(), Task.Delay(n) }, ReturnWhen.FirstCompleted)).Done);
            }
        }
        """), withRuntime: true, equivalenceKey: AG0003WhenAnyWinnerNotObservedCodeFix.WaitFirstCompletedKey);

    [Fact]
    public Task Default_fix_with_the_runtime_cancels_the_losers_through_the_factory_form() => Verify.VerifyCodeFixAsync(Code("""
        class C
        {
            async Task M(System.Threading.CancellationToken ct)
            {
                // race
                await {|AG0003:Task.WhenAny(Api.FetchAsync(1, ct), Api.FetchAsync(2, ct))|};
            }
        }
        """), CodeWithRuntime("""
        class C
        {
            async Task M(System.Threading.CancellationToken ct)
            {
                // race
                await Async.Gather((await Async.Wait(
                    new Func<CancellationToken, Task<int>>[]
                    {
                        token => Api.FetchAsync(1, token),
                        token => Api.FetchAsync(2, token)
                    },
                    ReturnWhen.FirstCompleted,
                    cancellationToken: ct)).Done);
            }
        }
        """), withRuntime: true);

    [Fact]
    public Task Fix_All_twin_of_the_factory_form() => Verify.VerifyCodeFixAsync(Code("""
        class C
        {
            async Task M(System.Threading.CancellationToken ct)
            {
                await {|AG0003:Task.WhenAny(Api.FetchAsync(1, ct), Api.FetchAsync(2, ct))|};
                _ = await {|AG0003:Task.WhenAny(new[] { Api.FetchAsync(3, ct), Api.FetchAsync(4, ct) })|};
            }
        }
        """), CodeWithRuntime("""
        class C
        {
            async Task M(System.Threading.CancellationToken ct)
            {
                await Async.Gather((await Async.Wait(
                    new Func<CancellationToken, Task<int>>[]
                    {
                        token => Api.FetchAsync(1, token),
                        token => Api.FetchAsync(2, token)
                    },
                    ReturnWhen.FirstCompleted,
                    cancellationToken: ct)).Done);
                await Async.Gather((await Async.Wait(
                    new Func<CancellationToken, Task<int>>[]
                    {
                        token => Api.FetchAsync(3, token),
                        token => Api.FetchAsync(4, token)
                    },
                    ReturnWhen.FirstCompleted,
                    cancellationToken: ct)).Done);
            }
        }
        """), withRuntime: true, equivalenceKey: AG0003WhenAnyWinnerNotObservedCodeFix.WaitFactoryKey);

    [Fact]
    public Task Without_the_runtime_the_default_awaits_the_winner() => Verify.VerifyCodeFixAsync(Code("""
        class C
        {
            async Task M(System.Threading.CancellationToken ct)
            {
                await {|AG0003:Task.WhenAny(Api.FetchAsync(1, ct), Api.FetchAsync(2, ct))|};
            }
        }
        """), Code("""
        class C
        {
            async Task M(System.Threading.CancellationToken ct)
            {
                await await Task.WhenAny(Api.FetchAsync(1, ct), Api.FetchAsync(2, ct));
            }
        }
        """));

    [Fact]
    public async Task No_fix_when_the_winner_is_compared_or_stored()
    {
        var source = Code("""
            class C
            {
                async Task M()
                {
                    var work = Api.SendAsync();
                    var timeout = Task.Delay(1000);
                    if (await {|AG0003:Task.WhenAny(work, timeout)|} == timeout) throw new TimeoutException();
                    var winner = await {|AG0003:Task.WhenAny(Api.SendAsync(), timeout)|};
                    Console.WriteLine(winner.IsCompleted);
                }
            }
            """);
        var test = Verify.CreateTest(source, source, withRuntime: true);
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        await test.RunAsync(CancellationToken.None);
    }

    // Round 10 (SlimMessageBus' request-cleanup test): a test asserting a raced task still pending observes it, since a fault
    // completes it and fails the assertion; the other raced task's IsCanceled/IsFaulted are read. Written with FluentAssertions
    // (or AwesomeAssertions), xUnit's Assert.False or a negated Assert.True.
    private const string Assertions = """

        namespace Xunit
        {
            static class Assert
            {
                public static void True(bool condition) { }
                public static void False(bool condition) { }
            }
        }

        namespace FluentAssertions
        {
            static class AssertionExtensions
            {
                public static Primitives.BooleanAssertions Should(this bool value) => new();
            }
        }

        namespace FluentAssertions.Primitives
        {
            class BooleanAssertions
            {
                public BooleanAssertions BeFalse(string because = "") => this;
                public BooleanAssertions BeTrue(string because = "") => this;
            }
        }
        """;

    [Fact]
    public Task Raced_task_asserted_still_pending_is_observed() => Verify.VerifyAnalyzerAsync(Code("""
        using FluentAssertions;

        class C
        {
            async Task Fluent()
            {
                var r1 = Api.CountAsync();
                var r2 = Api.CountAsync();
                await Task.WhenAny(r1, r2);
                r1.IsCompleted.Should().BeFalse("request 1 is still pending");
                r2.IsCanceled.Should().BeTrue("request 2 was canceled");
            }

            async Task Classic()
            {
                var a = Api.SendAsync();
                var b = Api.SendAsync();
                await Task.WhenAny(a, b);
                Xunit.Assert.False(a.IsCompleted);
                Xunit.Assert.True(!b.IsCompleted);
            }
        }
        """ + Assertions));

    // Near-misses: asserting a raced task completed (a fault completes it too), or pending through a method of the project's own.
    [Fact]
    public Task Raced_task_asserted_completed_or_checked_by_own_code_is_still_reported() => Verify.VerifyAnalyzerAsync(Code("""
        using FluentAssertions;

        class C
        {
            async Task Completed()
            {
                var r1 = Api.CountAsync();
                var r2 = Api.CountAsync();
                await {|AG0003:Task.WhenAny(r1, r2)|};
                r1.IsCompleted.Should().BeTrue();
                Xunit.Assert.True(r2.IsCompleted);
            }

            async Task OwnCheck()
            {
                var a = Api.SendAsync();
                var b = Api.SendAsync();
                await {|AG0003:Task.WhenAny(a, b)|};
                Check(!a.IsCompleted);
                Xunit.Assert.False(!b.IsCompleted);
            }

            static void Check(bool condition) { }
        }
        """ + Assertions));
}
