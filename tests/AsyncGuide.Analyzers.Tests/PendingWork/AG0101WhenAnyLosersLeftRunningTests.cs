using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuide.Analyzers.Tests.Infrastructure;
using AsyncGuide.CodeFixes;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0101WhenAnyLosersLeftRunningAnalyzer,
    AsyncGuide.CodeFixes.AG0101WhenAnyLosersLeftRunningCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

public class AG0101WhenAnyLosersLeftRunningTests
{
    internal static string Code([StringSyntax("C#-test")] string body, bool runtime = false) => TestSources.InRunAsync(body, runtime);

    // Seen in duplicati (KeepRemoteConnection): loops of helpers made here with a source's token, raced, then the source
    // is cancelled. The helper keeps the token it was given, so cancelling the source ends the losers. A helper made
    // without the token is still reported.
    [Fact]
    public Task Helpers_made_here_with_a_token_that_is_cancelled_after_the_race() => Verify.VerifyAnalyzerAsync(TestSources.Usings + """
        class Refresher
        {
            public Refresher(TimeSpan interval, CancellationToken token) { }
            public Refresher(TimeSpan interval) { }
            public Task RunLoopAsync() => Task.CompletedTask;
        }

        class C
        {
            readonly CancellationTokenSource _cts = new();

            async Task RunAsync(TimeSpan interval)
            {
                var heartbeat = new Refresher(interval, _cts.Token);
                var reconnect = new Refresher(interval, _cts.Token);
                var t = await Task.WhenAny(heartbeat.RunLoopAsync(), reconnect.RunLoopAsync());
                await _cts.CancelAsync();
                await t;
            }

            async Task WithoutTokenAsync(TimeSpan interval)
            {
                var heartbeat = new Refresher(interval);
                var reconnect = new Refresher(interval, _cts.Token);
                var t = await {|AG0101:Task.WhenAny(heartbeat.RunLoopAsync(), reconnect.RunLoopAsync())|};
                await _cts.CancelAsync();
                await t;
            }
        }
        """);

    // The review of round 10's AG0102 fix: a helper that only hands back a task the object already holds (a local function
    // returning a field's `tcs.Task`, SlimMessageBus' AsyncManualResetEvent) is a signal, not started work, for every
    // pending-work rule (RacedTasks.IsStartedWork). Two such signals raced leave nothing running, and one operation raced
    // against one is "stop waiting when signalled", like a raced `tcs.Task`. A helper handing back a call's task is work:
    // two of those are still reported.
    [Fact]
    public Task Held_signals_handed_back_by_helpers_are_not_work() => Verify.VerifyAnalyzerAsync(TestSources.Usings + """
        class C
        {
            private readonly object _lock = new();
            private TaskCompletionSource<bool> _ready = new();
            private TaskCompletionSource<bool> _stopped = new();

            Task Ready() { lock (_lock) { return _ready.Task; } }
            Task Stopped() => _stopped.Task;
            Task Start(CancellationToken ct) => FetchAsync(ct);
            static Task<int> FetchAsync(CancellationToken ct) => Task.FromResult(1);

            async Task RunAsync(CancellationToken ct)
            {
                var ready = Ready();
                var stopped = Stopped();
                await Task.WhenAny(ready, stopped);

                var work = FetchAsync(ct);
                await Task.WhenAny(Ready(), work);

                await {|AG0101:Task.WhenAny(Start(ct), Start(ct))|};
            }
        }
        """);

    // ---- reported ----

    [Fact]
    public Task Locals_with_the_callers_token()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var a = FetchAsync(1, ct);
                    var b = FetchAsync(2, ct);
                    var first = await {|AG0101:Task.WhenAny(a, b)|};
                    return await first;
            """));

    [Fact]
    public Task Array_local_and_inline_array()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var tasks = new[] { FetchAsync(1), FetchAsync(2) };
                    var first = await {|AG0101:Task.WhenAny(tasks)|};
                    var second = await {|AG0101:Task.WhenAny(new[] { FetchAsync(3), FetchAsync(4) })|};
                    return await first + await second;
            """));

    [Fact]
    public Task Linq_select_list_with_a_local_source_never_cancelled()
        => Verify.VerifyAnalyzerAsync(Code("""
                    using var cts = new CancellationTokenSource();
                    var tasks = ids.Select(id => FetchAsync(id, cts.Token)).ToList();
                    var first = await {|AG0101:Task.WhenAny(tasks)|};
                    return await first;
            """));

    [Fact]
    public Task List_filled_with_add_and_wait_any()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var tasks = new List<Task<int>>();
                    foreach (var id in ids) tasks.Add(FetchAsync(id, ct));
                    var first = await {|AG0101:Task.WhenAny(tasks)|};
                    var a = FetchAsync(1);
                    var b = FetchAsync(2);
                    var index = {|AG0101:Task.WaitAny(a, b)|};
                    return index + await first;
            """));

    [Fact]
    public Task Losers_awaited_on_one_branch_only()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var a = FetchAsync(1, ct);
                    var b = FetchAsync(2, ct);
                    var first = await {|AG0101:Task.WhenAny(a, b)|};
                    if (first == a)
                    {
                        await b;
                    }

                    return await first;
            """));

    [Fact]
    public Task Async_wait_first_completed_with_the_result_dropped()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var tasks = ids.Select(id => FetchAsync(id, ct)).ToList();
                    await {|AG0101:Async.Wait(tasks, ReturnWhen.FirstCompleted)|};
                    await {|AG0101:Async.Wait(tasks, timeout: timeout)|};
                    return 0;
            """, runtime: true), withRuntime: true);

    [Fact]
    public Task Field_source_not_cancelled_in_this_method()
        => Verify.VerifyAnalyzerAsync(Code("""
                    return 0;
                }

                private readonly CancellationTokenSource _stopping = new();

                async Task<int> FieldAsync()
                {
                    var first = await {|AG0101:Task.WhenAny(FetchAsync(1, _stopping.Token), FetchAsync(2, _stopping.Token))|};
                    return await first;
            """));

    [Fact]
    public Task Inline_select_collection()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var first = await {|AG0101:Task.WhenAny(ids.Select(id => FetchAsync(id, ct)))|};
                    var any = await Task.WhenAny(given.Where(task => !task.IsCompleted));
                    return await first + await any;
            """));

    // ---- not reported ----

    [Fact]
    public Task Field_source_cancelled_after_the_wait()
        => Verify.VerifyAnalyzerAsync(Code("""
                    return 0;
                }

                private readonly CancellationTokenSource _stopping = new();

                async Task<int> FieldAsync()
                {
                    var first = await Task.WhenAny(FetchAsync(1, _stopping.Token), FetchAsync(2, _stopping.Token));
                    _stopping.Cancel();
                    return await first;
            """));


    [Fact]
    public Task Source_cancelled_after_the_wait()
        => Verify.VerifyAnalyzerAsync(Code("""
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    var tasks = ids.Select(id => FetchAsync(id, cts.Token)).ToList();
                    var first = await Task.WhenAny(tasks);
                    await cts.CancelAsync();
                    return await first;
            """));

    [Fact]
    public Task Losers_awaited_in_finally()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var a = FetchAsync(1, ct);
                    var b = FetchAsync(2, ct);
                    try
                    {
                        var first = await Task.WhenAny(a, b);
                        return await first;
                    }
                    finally
                    {
                        await Task.WhenAll(a, b);
                    }
            """));

    [Fact]
    public Task All_tasks_awaited_later()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var tasks = ids.Select(id => FetchAsync(id, ct)).ToArray();
                    var first = await Task.WhenAny(tasks);
                    Log("first: " + await first);
                    var all = await Task.WhenAll(tasks);
                    return all.Length;
            """));

    [Fact]
    public Task Early_return_before_the_wait_does_not_hide_the_later_await()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var a = FetchAsync(1, ct);
                    var b = FetchAsync(2, ct);
                    if (ids.Length == 0)
                    {
                        return 0;
                    }
                    else
                    {
                        Log((await Task.WhenAny(a, b)).Id.ToString());
                    }

                    await Task.WhenAll(a, b);
                    return 1;
            """));

    [Fact]
    public Task Process_as_they_complete_loop()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var pending = ids.Select(id => FetchAsync(id, ct)).ToList();
                    var sum = 0;
                    while (pending.Count > 0)
                    {
                        var finished = await Task.WhenAny(pending);
                        pending.Remove(finished);
                        sum += await finished;
                    }

                    return sum;
            """));

    [Fact]
    public Task Restart_the_finished_one_loop()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var a = FetchAsync(1, ct);
                    var b = FetchAsync(2, ct);
                    while (!ct.IsCancellationRequested)
                    {
                        var finished = await Task.WhenAny(a, b);
                        if (finished == a) a = FetchAsync(1, ct); else b = FetchAsync(2, ct);
                    }

                    return 0;
            """));

    [Fact]
    public Task Tasks_already_complete()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var a = FetchAsync(1, ct);
                    var b = FetchAsync(2, ct);
                    await Task.WhenAll(a, b);
                    var first = await Task.WhenAny(a, b);
                    var done = await Task.WhenAny(Task.FromResult(1), Task.FromResult(2));
                    return await first + await done;
            """));

    [Fact]
    public Task Timeout_races_are_AG0102s()
        => Verify.VerifyAnalyzerAsync(Code("""
                    await Task.WhenAny(FetchAsync(1, ct), Task.Delay(timeout));
                    await Task.WhenAny(FetchAsync(1, ct), FetchAsync(2, ct), Task.Delay(timeout));
                    var tasks = new List<Task> { FetchAsync(1), Task.Delay(timeout) };
                    await Task.WhenAny(tasks);
                    return 0;
            """));

    // Seen in orleans (the membership services' shutdown): a grace period, Task.WhenAll(Task.Delay(t), signal), raced
    // against the work is a timed wait; like a bare Task.Delay it is a timer race, not AG0101's.
    [Fact]
    public Task Grace_period_gathering_a_timer_is_a_timed_wait()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var tasks = new List<Task<int>> { FetchAsync(1, ct), FetchAsync(2, ct) };
                    var gracePeriod = Task.WhenAll(Task.Delay(timeout), FetchAsync(3));
                    await Task.WhenAny(gracePeriod, Task.WhenAll(tasks));
                    await Task.WhenAny(Task.WhenAll(Task.Delay(timeout), FetchAsync(4)), FetchAsync(5, ct));
                    return 0;
            """));

    // Seen in Coyote's tests of WhenAny itself: one-step writers raced on purpose; they complete at once and take no token,
    // so nothing is left running. A writer that waits on a real delay or calls other code is still work left running.
    [Fact]
    public Task One_step_losers_leave_nothing_running()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var entry = new Entry();
                    await Task.WhenAny(Entry.WriteAsync(entry, 5), Entry.WriteLaterAsync(entry, 3));
                    await Task.WhenAny(Task.Run(async () => await Entry.WriteAsync(entry, 5)), Task.Run(() => 1));
                    var tasks = new List<Task<int>>();
                    for (var i = 0; i < 3; i++) tasks.Add(Task.Run(() => 1));
                    await await Task.WhenAny(tasks);

                    await {|AG0101:Task.WhenAny(Entry.WriteAsync(entry, 5), Entry.WaitAndWriteAsync(entry, timeout))|};
                    await {|AG0101:Task.WhenAny(Task.Run(() => 1), FetchAsync(2))|};
                    return entry.Value;
            """) + """

            class Entry
            {
                public int Value { get; set; }
                public static async Task WriteAsync(Entry entry, int value) { await Task.CompletedTask; entry.Value = value; }
                public static async Task WriteLaterAsync(Entry entry, int value) { await Task.Delay(1); entry.Value = value; }
                public static async Task WaitAndWriteAsync(Entry entry, TimeSpan wait) { await Task.Delay(wait); entry.Value = 1; }
            }
            """);

    // Seen in WalletWasabi's coinjoin tests: a WhenAll over a task array made with a source that times itself out, raced against
    // a signal wait with the same token. The array's initializer hands the token to every gathered call. Without the timeout
    // nothing cancels them: raced against another fetch with the same plain source, both are left running.
    [Fact]
    public Task Gathered_array_made_with_a_timed_source()
        => Verify.VerifyAnalyzerAsync(Code("""
                    using var timed = new CancellationTokenSource(timeout);
                    var tasks = ids.Select(id => FetchAsync(id, timed.Token)).ToArray();
                    var all = Task.WhenAll(tasks);
                    var done = new TaskCompletionSource<int>();
                    var first = await Task.WhenAny(all, done.Task.WaitAsync(timed.Token));

                    using var plain = new CancellationTokenSource();
                    var others = ids.Select(id => FetchAsync(id, plain.Token)).ToArray();
                    var allOthers = Task.WhenAll(others);
                    var second = await {|AG0101:Task.WhenAny(allOthers, FetchAsync(0, plain.Token))|};
                    return first == all && second == allOthers ? 1 : 0;
            """));

    // Seen in Polly (HedgingExecutionContext, netstandard2.0): timeProvider.Delay(t, token) is a timer like Task.Delay.
    [Fact]
    public Task TimeProvider_delay_race_is_a_timer_race()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var delay = TimeProvider.System.Delay(timeout, ct);
                    var work = FetchAsync(1, ct);
                    var first = await Task.WhenAny(work, delay);
                    return first == delay ? 0 : 1;
            """) + """

            namespace System.Threading.Tasks
            {
                static class TimeProviderTaskExtensions
                {
                    public static Task Delay(this TimeProvider provider, TimeSpan delay, CancellationToken ct = default) => Task.Delay(delay, ct);
                }
            }
            """);

    // Seen in durabletask's orchestrations: racing an activity against a durable timer is a timed wait (its activities have no
    // cancellation API); the same name on the project's own type is still a race of work.
    [Fact]
    public Task Durable_timer_race_is_a_timer_race()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var work = FetchAsync(1, ct);
                    var timer = Orchestration.Context.CreateTimer(DateTime.UtcNow, -1, ct);
                    var first = await Task.WhenAny(work, timer);
                    var other = FetchAsync(2, ct);
                    var own = Orchestration.Own.CreateTimer(DateTime.UtcNow, -1, ct);
                    var second = await {|AG0101:Task.WhenAny(other, own)|};
                    return first == timer || second == own ? 0 : await work;
            """) + """

            namespace DurableTask.Core
            {
                public abstract class OrchestrationContext
                {
                    public abstract Task<T> CreateTimer<T>(DateTime fireAt, T state, CancellationToken cancelToken);
                }
            }

            class OwnScheduler { public Task<int> CreateTimer<T>(DateTime fireAt, T state, CancellationToken ct) => Task.FromResult(1); }

            static class Orchestration
            {
                public static DurableTask.Core.OrchestrationContext Context = null!;
                public static OwnScheduler Own = new();
            }
            """);

    /// <summary>vs-threading's AsyncManualResetEvent (a signal) and a user type with a WaitAsync of its own.</summary>
    private const string EventStubs = """

            namespace Microsoft.VisualStudio.Threading
            {
                using System.Threading;
                using System.Threading.Tasks;

                class AsyncManualResetEvent { public Task WaitAsync(CancellationToken ct = default) => Task.CompletedTask; }
            }

            class MyEvent
            {
                public System.Threading.Tasks.Task WaitAsync(System.Threading.CancellationToken ct = default) =>
                    System.Threading.Tasks.Task.CompletedTask;
            }
            """;

    // Seen in vs-streamjsonrpc tests: the request raced against an AsyncManualResetEvent of vs-threading, then
    // cancelled. The event wait starts no work: it is a signal, like tcs.Task.
    [Fact]
    public Task Library_event_waits_are_signals_not_work()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var entered = new Microsoft.VisualStudio.Threading.AsyncManualResetEvent();
                    using var cts = new CancellationTokenSource();
                    var invoke = FetchAsync(1, cts.Token);
                    await Task.WhenAny(invoke, entered.WaitAsync(ct));
                    cts.Cancel();
                    return 0;
            """) + EventStubs);

    // Seen in akka.net (ChannelScheduler): the data waits of several channel readers raced in a loop, the finished ones
    // replaced. A WaitToReadAsync reads nothing and starts no work; the losers are signals, not running work.
    [Fact]
    public Task Channel_data_waits_are_signals_not_work()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var high = System.Threading.Channels.Channel.CreateUnbounded<int>();
                    var low = System.Threading.Channels.Channel.CreateUnbounded<int>();
                    var reads = new[] { high.Reader.WaitToReadAsync(ct).AsTask(), low.Reader.WaitToReadAsync(ct).AsTask() };
                    var first = await Task.WhenAny(reads);
                    return first.Result ? 1 : 0;
            """));

    // Near-miss: a channel wait raced against work still leaves the work running.
    [Fact]
    public Task Channel_data_wait_raced_against_work_is_still_reported()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var channel = System.Threading.Channels.Channel.CreateUnbounded<int>();
                    var work = FetchAsync(1, ct);
                    var first = await {|AG0101:Task.WhenAny(work, channel.Reader.WaitToReadAsync(ct).AsTask(), FetchAsync(2, ct))|};
                    return first == work ? await work : 0;
            """));

    // Near-miss: a WaitAsync of the user's own type is not known to be a signal; the race is still reported.
    [Fact]
    public Task Own_type_wait_is_still_work()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var entered = new MyEvent();
                    var invoke = FetchAsync(1, ct);
                    await {|AG0101:Task.WhenAny(invoke, entered.WaitAsync(ct))|};
                    return await invoke;
            """) + EventStubs);

    // Near-miss: a WhenAll of work (no timer in it) raced against other work is still a race of work.
    [Fact]
    public Task WhenAll_of_work_without_a_timer_is_still_reported()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var both = Task.WhenAll(FetchAsync(1, ct), FetchAsync(2, ct));
                    await {|AG0101:Task.WhenAny(both, FetchAsync(3, ct))|};
                    return 0;
            """));

    [Fact]
    public Task Async_wait_factory_form_all_completed_or_kept_result()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var operations = ids.Select(id => (Func<CancellationToken, Task<int>>)(token => FetchAsync(id, token)));
                    await Async.Wait(operations, ReturnWhen.FirstCompleted);
                    var tasks = ids.Select(id => FetchAsync(id, ct)).ToList();
                    await Async.Wait(tasks);
                    await Async.Wait(tasks, ReturnWhen.AllCompleted, timeout: null);
                    var result = await Async.Wait(tasks, ReturnWhen.FirstCompleted);
                    var (done, _) = await Async.Wait(tasks, ReturnWhen.FirstCompleted).ConfigureAwait(false);
                    return result.Done.Count + done.Count;
            """, runtime: true), withRuntime: true);

    [Fact]
    public Task One_operation_raced_against_a_signal_or_unknown_tasks()
        => Verify.VerifyAnalyzerAsync(Code("""
                    var stop = new TaskCompletionSource<int>();
                    var first = await Task.WhenAny(FetchAsync(1, ct), stop.Task);
                    var any = await Task.WhenAny(given);
                    return await first + await any;
            """));

    [Fact]
    public Task Sources_that_cancel_themselves_or_escape()
        => Verify.VerifyAnalyzerAsync(Code("""
                    using var timed = new CancellationTokenSource(timeout);
                    await Task.WhenAny(FetchAsync(1, timed.Token), FetchAsync(2, timed.Token));
                    var parent = new CancellationTokenSource();
                    parent.CancelAfter(timeout);
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(parent.Token, ct);
                    await Task.WhenAny(FetchAsync(1, linked.Token), FetchAsync(2, linked.Token));
                    var kept = new CancellationTokenSource();
                    Keep(kept);
                    await Task.WhenAny(FetchAsync(1, kept.Token), FetchAsync(2, kept.Token));
                    return 0;
                }

                static void Keep(CancellationTokenSource source)
                {
            """));

    [Fact]
    public Task Half_typed_code_does_not_throw()
        => Verify.VerifyAnalyzerIgnoringCompilerErrorsAsync(Code("""
                    var a = FetchAsync(1, ct
                    var first = await Task.WhenAny(a, Missing(2)
                    var tasks = ids.Select(id => FetchAsync(id, cts.Token)).ToList()
                    await Task.WhenAny(tasks
                    Task.WaitAny(
                    await Async.Wait(tasks, ReturnWhen.
                    while (x) { var f = await Task.WhenAny(pending); pending.Remove( }
            """));

    // Round 11 (Playwright's HAR test): the work is raced against a labelled timer (`Task.Delay(1000).ContinueWith(_ =>
    // "timeout")`, a timer like a bare delay, not work to cancel) and awaited after the race through a lambda handed to an
    // assertion (`await PlaywrightAssert.ThrowsAsync<PlaywrightException>(() => evalTask)`), which hands it on as an argument
    // would. A lambda that uses the task on some paths only, or one given to another race, still leaves it running; so does a
    // delay whose continuation calls a method (work of its own).
    [Fact]
    public Task Loser_handed_on_in_a_lambda_after_the_race() => Verify.VerifyAnalyzerAsync(TestSources.Usings + """
        static class Check
        {
            public static async Task ThrowsAsync<T>(Func<Task> action) where T : Exception
            {
                try { await action(); } catch (T) { return; }
                throw new InvalidOperationException("no exception");
            }
        }

        class C
        {
            static Task<string> EvaluateAsync() => Task.FromResult("x");
            static string Log() => "logged";

            async Task HandedOnAsync()
            {
                var evalTask = EvaluateAsync();
                var result = await Task.WhenAny(evalTask, Task.Delay(1000).ContinueWith(_ => "timeout"));
                Console.WriteLine(result.Result);
                await Check.ThrowsAsync<InvalidOperationException>(() => evalTask);
            }

            async Task BothHandedOnAsync()
            {
                var first = EvaluateAsync();
                var second = EvaluateAsync();
                await Task.WhenAny(first, second, Task.Delay(1000).ContinueWith(_ => "timeout"));
                await Check.ThrowsAsync<InvalidOperationException>(() => first);
                await Check.ThrowsAsync<InvalidOperationException>(async () => { await second; }).ConfigureAwait(false);
            }

            async Task SomePathsAsync(bool flag)
            {
                var first = EvaluateAsync();
                var second = EvaluateAsync();
                await {|AG0101:Task.WhenAny(first, second, Task.Delay(1000).ContinueWith(_ => "timeout"))|};
                await Check.ThrowsAsync<InvalidOperationException>(() => first);
                await Check.ThrowsAsync<InvalidOperationException>(() => flag ? second : Task.CompletedTask);
            }

            async Task RacedAgainAsync()
            {
                var first = EvaluateAsync();
                var second = EvaluateAsync();
                await {|AG0101:Task.WhenAny(first, second)|};
                await first;
                await Task.WhenAny(Task.Run(() => second), Task.Delay(10));
            }

            async Task TimerWithWorkAsync()
            {
                var evalTask = EvaluateAsync();
                var result = await {|AG0101:Task.WhenAny(evalTask, Task.Delay(1000).ContinueWith(_ => Log()))|};
                await Check.ThrowsAsync<InvalidOperationException>(() => evalTask);
            }
        }
        """);

    // Round 11 (dotnet-monitor's capture operation): `_stopped.Task.WaitAsync(token)` raced against `writer.WaitAsync()`,
    // which hands back the writer's held loop task. The wait of a held task starts nothing (its token only ends the
    // waiting), so two such waits leave no work running. The wait of work started here is still work.
    [Fact]
    public Task Waits_of_held_tasks_are_not_work() => Verify.VerifyAnalyzerAsync(TestSources.Usings + """
        sealed class Writer
        {
            private readonly Task _writerTask;
            public Writer() => _writerTask = Task.Run(() => { });
            public Task WaitAsync() => _writerTask;
        }

        class C
        {
            private readonly TaskCompletionSource _stopped = new();

            async Task CaptureAsync(Writer writer, CancellationToken token)
            {
                await Task.WhenAny(_stopped.Task.WaitAsync(token), writer.WaitAsync()).Unwrap().ConfigureAwait(false);
                var stopped = _stopped.Task;
                await Task.WhenAny(stopped.WaitAsync(token), writer.WaitAsync().WaitAsync(token));
            }

            async Task StartedAsync(Writer writer, CancellationToken token)
            {
                await {|AG0101:Task.WhenAny(Task.Run(() => Work()).WaitAsync(token), LoadAsync().WaitAsync(token))|};
            }

            static void Work() { }
            static async Task LoadAsync() => await Task.Yield();
        }
        """);
}
