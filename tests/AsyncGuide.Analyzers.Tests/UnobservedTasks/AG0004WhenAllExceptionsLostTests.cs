using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuide.Analyzers.Tests.Infrastructure;
using AsyncGuide.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0004WhenAllExceptionsLostAnalyzer,
    AsyncGuide.CodeFixes.AG0004WhenAllExceptionsLostCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

public class AG0004WhenAllExceptionsLostTests
{
    private static string Code([StringSyntax("C#-test")] string body) => TestSources.Code(body);

    /// <summary><c>Remote.FetchAsync()</c>, documented to throw <c>TimeoutException</c>.</summary>
    private const string RemoteDocumentedToTimeOut = """
        static class Remote
        {
            /// <summary>Fetches.</summary>
            /// <exception cref="TimeoutException">The remote did not answer.</exception>
            public static Task FetchAsync() => Task.CompletedTask;
        }
        """;

    // ---------- positives ----------

    [Fact]
    public Task Catch_all_that_logs_only_the_first_exception() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task Inline()
            {
                try { await {|AG0004:Task.WhenAll(Api.SendAsync(), Api.SendAsync())|}; }
                catch (Exception ex) { Api.Log(ex); }
            }

            async Task Locals(Task a, Task b)
            {
                try { await {|AG0004:Task.WhenAll(a, b)|}.ConfigureAwait(false); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
            }

            async Task<int[]> Results(List<Task<int>> tasks)
            {
                try { return await {|AG0004:Task.WhenAll(tasks)|}; }
                catch (Exception ex) when (ex is not OperationCanceledException) { Api.Log(ex); return Array.Empty<int>(); }
            }

            void WithLocalFunction()
            {
                async Task Local()
                {
                    try { await {|AG0004:Task.WhenAll(Api.SendAsync(), Api.CountAsync())|}; }
                    catch (Exception ex) { Api.Log(ex); }
                }

                _ = Local();
            }

            async Task StoredBeforeTheTry()
            {
                var all = Task.WhenAll(Api.SendAsync(), Api.CountAsync());
                try { await {|AG0004:all|}; }
                catch (Exception ex) { Api.Log(ex); }
            }
        }
        """));

    [Fact]
    public async Task In_lambdas_and_top_level_statements()
    {
        var test = Verify.CreateTest("""
            using System;
            using System.Threading.Tasks;

            Func<Task> run = async () =>
            {
                try { await {|AG0004:Task.WhenAll(Work(), Work())|}; }
                catch (Exception ex) { Console.WriteLine(ex); }
            };
            try { await {|AG0004:Task.WhenAll(Work(), Work())|}; }
            catch (Exception ex) { Console.WriteLine(ex); }

            static Task Work() => Task.CompletedTask;
            """, null, withRuntime: false);
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        await test.RunAsync(CancellationToken.None);
    }

    // ---------- negatives ----------

    [Fact]
    public Task Catch_all_that_returns_while_the_results_are_read_after_the_try() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task<int> M()
            {
                var a = Api.CountAsync();
                var b = Api.CountAsync();
                try { await {|AG0004:Task.WhenAll(a, b)|}; }
                catch (Exception ex) { Api.Log(ex.Message); return 0; }
                return a.Result + await b;
            }
        }
        """));

    [Fact]
    public Task Results_read_after_a_catch_that_does_not_return_or_failures_inspected_are_fine() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task<int> FallsThrough()
            {
                var a = Api.CountAsync();
                var b = Api.CountAsync();
                try { await Task.WhenAll(a, b); }
                catch (Exception ex) { Api.Log(ex.Message); }
                return a.Result + b.Result;
            }

            async Task<int> Inspected()
            {
                var a = Api.CountAsync();
                var b = Api.CountAsync();
                try { await Task.WhenAll(a, b); }
                catch (Exception ex) { Api.Log(ex.Message); return 0; }
                Api.Log(a.Exception!);
                return a.Result + b.Result;
            }
        }
        """));

    [Fact]
    public Task Typed_catch_around_calls_that_all_throw_that_type() => Verify.VerifyAnalyzerAsync(Code($$"""
        using System.Net.Http;

        class C
        {
            async Task Http(HttpClient client)
            {
                try { await {|AG0004:Task.WhenAll(client.GetStringAsync("a"), client.GetStringAsync("b"))|}; }
                catch (HttpRequestException ex) { Api.Log(ex); }
            }

            async Task Documented()
            {
                var a = Remote.FetchAsync();
                var b = Remote.FetchAsync();
                try { await {|AG0004:Task.WhenAll(a, b)|}; }
                catch (TimeoutException ex) { Api.Log(ex); }
            }
        }

        {{RemoteDocumentedToTimeOut}}
        """));

    [Fact]
    public Task Typed_catch_around_calls_not_known_to_throw_that_type_is_fine() => Verify.VerifyAnalyzerAsync(Code("""
        using System.Net.Http;

        class C
        {
            async Task Mixed(HttpClient client)
            {
                try { await Task.WhenAll(client.GetStringAsync("a"), Api.SendAsync()); }
                catch (HttpRequestException ex) { Api.Log(ex); }
            }

            async Task Undocumented()
            {
                try { await Task.WhenAll(Api.SendAsync(), Api.SendAsync()); }
                catch (TimeoutException ex) { Api.Log(ex); }
            }

            async Task Collection(HttpClient client, List<Task<string>> requests)
            {
                try { await Task.WhenAll(requests); }
                catch (HttpRequestException ex) { Api.Log(ex); }
            }

            async Task Filtered(HttpClient client)
            {
                try { await Task.WhenAll(client.GetStringAsync("a"), client.GetStringAsync("b")); }
                catch (HttpRequestException ex) when (ex.StatusCode is null) { Api.Log(ex); }
            }
        }
        """));

    [Fact]
    public Task Rethrowing_wrapping_or_ignoring_the_exception_is_fine() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task Rethrow() { try { await Task.WhenAll(Api.SendAsync(), Api.SendAsync()); } catch (Exception ex) { Api.Log(ex); throw; } }
            async Task Wrap()
            {
                try { await Task.WhenAll(Api.SendAsync(), Api.SendAsync()); }
                catch (Exception ex) { throw new InvalidOperationException("failed", ex); }
            }
            async Task Ignore() { try { await Task.WhenAll(Api.SendAsync(), Api.SendAsync()); } catch (Exception) { Api.Log("failed"); } }
            async Task Bare() { try { await Task.WhenAll(Api.SendAsync(), Api.SendAsync()); } catch { Api.Log("failed"); } }
            async Task Specific() { try { await Task.WhenAll(Api.SendAsync(), Api.SendAsync()); } catch (TimeoutException ex) { Api.Log(ex); } }
            async Task NoCatch() { try { await Task.WhenAll(Api.SendAsync(), Api.SendAsync()); } finally { Api.Log("done"); } }
            async Task NotInTry() => await Task.WhenAll(Api.SendAsync(), Api.SendAsync());
        }
        """));

    // Seen in orleans (StatelessWorkerGrainContext): the catch completes a TaskCompletionSource with the
    // exception, which hands it to whoever awaits that task, as a rethrow hands it to the caller.
    [Fact]
    public Task Handing_the_exception_to_a_completion_source_is_fine() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task Forward(TaskCompletionSource<bool> completion, List<Task> tasks)
            {
                try { await Task.WhenAll(tasks); completion.TrySetResult(true); }
                catch (Exception ex) { Api.Log(ex); completion.TrySetException(ex); }
            }

            async Task Set(TaskCompletionSource<int> completion)
            {
                try { await Task.WhenAll(Api.SendAsync(), Api.SendAsync()); }
                catch (Exception exception) { completion.SetException(exception); }
            }
        }
        """));

    // Seen in orleans (PubSubRendezvousGrain, TransactionAgent): the catch keeps the exception in an outer local that
    // is thrown or returned later, so it is handed on as by a rethrow.
    [Fact]
    public Task Exception_kept_and_thrown_or_returned_later_is_fine() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task ThrownLater()
            {
                Exception? failure = null;
                try { await Task.WhenAll(Api.SendAsync(), Api.SendAsync()); }
                catch (Exception ex) { failure = ex; }
                Api.Log("cleanup");
                if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
            }

            async Task<(int, Exception?)> Returned()
            {
                Exception? failure;
                var status = 0;
                try { await Task.WhenAll(Api.SendAsync(), Api.SendAsync()); failure = null; }
                catch (Exception ex) { Api.Log(ex); status = 1; failure = ex; }
                return (status, failure);
            }
        }
        """));

    // Near-miss: the outer local is only logged later, so the other failures are still lost.
    [Fact]
    public Task Exception_kept_and_only_logged_later_is_still_reported() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task M()
            {
                Exception? failure = null;
                try { await {|AG0004:Task.WhenAll(Api.SendAsync(), Api.SendAsync())|}; }
                catch (Exception ex) { failure = ex; }
                if (failure is not null) Api.Log(failure);
            }
        }
        """));

    // Seen in orleans (PersistentStreamPullingAgent): every gathered task comes from a local function whose body
    // handles its own failures, so the WhenAll cannot throw and the catch is for the try's other code.
    [Fact]
    public Task Gathered_callees_that_cannot_fault_are_fine() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            bool IsShutdown { get; set; }

            async Task M(int[] items)
            {
                try
                {
                    await Api.SendAsync();
                    var tasks = new List<Task>(items.Length);
                    foreach (var item in items) tasks.Add(Isolated(item));
                    await Task.WhenAll(tasks);
                    await Task.WhenAll(Isolated(1), Isolated(2));
                }
                catch (Exception ex) { Api.Log(ex); }

                async Task Isolated(int item)
                {
                    if (IsShutdown) return;
                    try { await Api.FetchAsync(item, default); }
                    catch (Exception ex) { Api.Log(ex); }
                }
            }
        }
        """));

    // Near-miss: gathered callees that rethrow and calls of another assembly can fault; two of them can lose a failure (one
    // alone cannot: its failure is the one the catch sees).
    [Fact]
    public Task Gathered_callee_that_can_fault_is_still_reported() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task M(int[] items)
            {
                try
                {
                    var tasks = new List<Task>();
                    foreach (var item in items) tasks.Add(Isolated(item));
                    tasks.Add(Rethrows());
                    await {|AG0004:Task.WhenAll(tasks)|};
                    await {|AG0004:Task.WhenAll(Isolated(1), Task.Run(() => Api.Log("x")), Rethrows())|};
                    await Task.WhenAll(Isolated(1), Rethrows());
                }
                catch (Exception ex) { Api.Log(ex); }

                async Task Isolated(int item)
                {
                    try { await Api.FetchAsync(item, default); }
                    catch (Exception ex) { Api.Log(ex); }
                }

                async Task Rethrows()
                {
                    try { await Api.SendAsync(); }
                    catch (Exception ex) { Api.Log(ex); throw; }
                }
            }
        }
        """));

    // Seen in IoT Edge (`GetConnectedClients().Select(id => ProcessSubscription(id))`), Aspire's NuGet search
    // (`sources.Select(async source => { try { … } catch (Exception ex) { warn; return empty; } })`) and the Event Hubs
    // partition manager (`Task.Run(async () => { try { … } catch (Exception e) { log } }, token)`): tasks that cannot fault,
    // through a Select (a lambda, an async lambda or a method group, also materialized) or Task.Run. A selector or a run
    // lambda that can fault is still reported.
    [Fact]
    public Task Gathered_through_Select_or_Task_Run_of_work_that_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task M(int[] items, CancellationToken token)
            {
                try
                {
                    await Task.WhenAll(items.Select(item => Isolated(item)));
                    await Task.WhenAll(items.Select(Isolated).ToList());
                    var isolated = items.Select(item => Isolated(item)).ToList();
                    await Task.WhenAll(isolated);
                    var fetches = items.Select(item => Api.FetchAsync(item, token));
                    await {|AG0004:Task.WhenAll(fetches)|};
                    await Task.WhenAll(items.Select(async item =>
                    {
                        try { await Api.FetchAsync(item, token); }
                        catch (Exception ex) { Api.Log(ex); }
                    }).ToArray());
                    await Task.WhenAll(
                        Task.Run(async () => { try { await Api.SendAsync(); } catch (Exception ex) { Api.Log(ex); } }, token),
                        Task.Run(async () => { try { await Api.SendAsync(); } catch (Exception ex) { Api.Log(ex); } }, token));
                    await {|AG0004:Task.WhenAll(items.Select(item => Api.FetchAsync(item, token)))|};
                    await {|AG0004:Task.WhenAll(items.Select(async item => await System.IO.File.ReadAllTextAsync($"{item}", token)))|};
                    await {|AG0004:Task.WhenAll(Task.Run(async () => await System.IO.File.ReadAllTextAsync("a")), Isolated(1), Api.SendAsync())|};
                }
                catch (Exception ex) { Api.Log(ex); }

                async Task Isolated(int item)
                {
                    try { await Api.FetchAsync(item, default); }
                    catch (Exception ex) { Api.Log(ex); }
                }
            }
        }
        """));

    // Round 9 (the Event Hubs partition manager's lease renewals): each gathered task is a continuation that logs its antecedent's
    // failure and keeps house (`if (r.IsFaulted) log(r.Exception); if (lost) leases[id] = null;`). A continuation that ignores
    // its antecedent, or one that does work that can fail (writes a file), is still reported.
    [Fact]
    public Task Gathered_continuations_that_log_their_antecedent_failure_are_fine() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task Renew(int[] ids, Dictionary<int, string?> owners, CancellationToken token)
            {
                try
                {
                    var renewals = new List<Task>();
                    foreach (var id in ids)
                    {
                        renewals.Add(Api.FetchAsync(id, token).ContinueWith(r =>
                        {
                            if (r.IsFaulted)
                            {
                                Api.Log(r.Exception!);
                                if (r.Exception!.GetBaseException() is TimeoutException) owners[id] = null;
                            }
                        }, token));
                    }

                    await Task.WhenAll(renewals);

                    var ignored = new List<Task>();
                    foreach (var id in ids) ignored.Add(Api.FetchAsync(id, token).ContinueWith(_ => Api.Log("renewed"), token));
                    await {|AG0004:Task.WhenAll(ignored)|};

                    var written = new List<Task>();
                    foreach (var id in ids)
                    {
                        written.Add(Api.FetchAsync(id, token).ContinueWith(r =>
                        {
                            if (r.IsFaulted) System.IO.File.AppendAllText("renewals.log", r.Exception!.Message);
                        }, token));
                    }

                    await {|AG0004:Task.WhenAll(written)|};
                }
                catch (Exception ex) { Api.Log(ex); }
            }
        }
        """));

    // Round 9 (aspire's pipeline): the gathered tasks are selected out of a dictionary of completion sources, and the catch
    // finds every failed one through the same dictionary (`completions[name].Task.IsFaulted`). A catch that reads the
    // dictionary but no task's outcome, or a task's outcome through another collection, is still reported.
    [Fact]
    public Task A_catch_that_finds_failed_tasks_through_their_source_sees_every_failure() => Verify.VerifyAnalyzerAsync(Code("""
        class Pipeline
        {
            async Task Run(List<string> names, Dictionary<string, TaskCompletionSource> completions, List<Task> others)
            {
                var deps = names.Where(completions.ContainsKey).Select(name => completions[name].Task);
                try
                {
                    await Task.WhenAll(deps);
                }
                catch (Exception ex)
                {
                    var failed = names.Where(name => completions.ContainsKey(name) && completions[name].Task.IsFaulted).ToList();
                    Api.Log(ex.Message + string.Join(", ", failed));
                    return;
                }

                try
                {
                    await {|AG0004:Task.WhenAll(names.Select(name => completions[name].Task))|};
                }
                catch (Exception ex)
                {
                    Api.Log(ex.Message + completions.Count);
                    return;
                }

                try
                {
                    await {|AG0004:Task.WhenAll(names.Select(name => completions[name].Task))|};
                }
                catch (Exception ex)
                {
                    Api.Log(ex.Message + others.Count(t => t.IsFaulted));
                }
            }
        }
        """));

    // Seen in jellyfin (BasePeriodicWebSocketListener): the gathered tasks come from a local iterator that yields only calls
    // that handle their own failures. An iterator that also yields a call that can fault is still reported.
    [Fact]
    public Task Gathered_from_an_iterator_of_calls_that_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task M(int[] items)
            {
                try
                {
                    IEnumerable<Task> GetTasks()
                    {
                        foreach (var item in items) yield return Isolated(item);
                    }

                    IEnumerable<Task> GetMixed()
                    {
                        foreach (var item in items) yield return Isolated(item);
                        yield return Api.SendAsync();
                    }

                    await Task.WhenAll(GetTasks());
                    await {|AG0004:Task.WhenAll(GetMixed())|};
                }
                catch (Exception ex) { Api.Log(ex); }

                async Task Isolated(int item)
                {
                    try { await Api.FetchAsync(item, default); }
                    catch (Exception ex) { Api.Log(ex); }
                }
            }
        }
        """));

    // Seen in protoactor's cluster benchmark: the gathered callee counts its request and takes a default before a catch-all.
    // A default computed by a call that can throw, or a task local written again, is still reported.
    [Fact]
    public Task Gathered_callees_with_counting_preludes_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        class Context { public Context Root => this; }

        class C
        {
            static int _requests;

            async Task M(Context system, int count)
            {
                try { await Task.WhenAll(Send(system), Send(system)); }
                catch (Exception ex) { Api.Log(ex); }

                var requests = new List<Task>();
                try
                {
                    for (var i = 0; i < count; i++)
                    {
                        var request = Send(system);
                        requests.Add(request);
                    }

                    await Task.WhenAll(requests);
                }
                catch (Exception ex) { Api.Log(ex); }

                var others = new List<Task>();
                try
                {
                    for (var i = 0; i < count; i++)
                    {
                        var request = Send(system);
                        if (i == 0) request = SendComputed(system);
                        others.Add(request);
                    }

                    await {|AG0004:Task.WhenAll(others)|};
                }
                catch (Exception ex) { Api.Log(ex); }

                try { await {|AG0004:Task.WhenAll(SendComputed(system), SendComputed(system))|}; }
                catch (Exception ex) { Api.Log(ex); }
            }

            static async Task Send(Context system, Context? context = null)
            {
                Interlocked.Increment(ref _requests);
                if (context == null)
                {
                    context = system.Root;
                }

                try { await Api.SendAsync(); }
                catch { Interlocked.Decrement(ref _requests); }
            }

            static async Task SendComputed(Context system, Context? context = null)
            {
                if (context == null) context = Make(system);
                try { await Api.SendAsync(); }
                catch { Interlocked.Decrement(ref _requests); }
            }

            static Context Make(Context system) => throw new InvalidOperationException();
        }
        """));

    // Near-miss: the completion source gets another exception, so the caught one ends in the log only.
    [Fact]
    public Task Completing_a_source_with_another_exception_is_still_reported() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task M(TaskCompletionSource<bool> completion)
            {
                try { await {|AG0004:Task.WhenAll(Api.SendAsync(), Api.SendAsync())|}; }
                catch (Exception ex) { Api.Log(ex); completion.TrySetException(new InvalidOperationException("failed")); }
            }
        }
        """));

    [Fact]
    public Task Inspecting_the_WhenAll_task_or_the_tasks_is_fine() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task WhenAllTask()
            {
                var all = Task.WhenAll(Api.SendAsync(), Api.SendAsync());
                try { await all; }
                catch (Exception ex) { Api.Log(all.Exception ?? ex); }
            }

            async Task Tasks(Task a, Task b)
            {
                try { await Task.WhenAll(a, b); }
                catch (Exception ex) { Api.Log(ex); }
                if (a.IsFaulted) Api.Log(a.Exception!);
                if (b.IsFaulted) Api.Log(b.Exception!);
            }

            async Task Collection(List<Task> tasks)
            {
                try { await Task.WhenAll(tasks); }
                catch (Exception ex)
                {
                    foreach (var t in tasks) if (t.Exception is not null) Api.Log(t.Exception);
                    Api.Log(ex);
                }
            }
        }
        """));

    [Fact]
    public Task Single_task_other_awaits_and_awaits_in_the_catch_are_fine() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            Task _field = Task.CompletedTask;

            async Task Single() { try { await Task.WhenAll(Api.SendAsync()); } catch (Exception ex) { Api.Log(ex); } }
            async Task SingleArray() { try { await Task.WhenAll(new[] { Api.SendAsync() }); } catch (Exception ex) { Api.Log(ex); } }
            async Task OneAwait() { try { await Api.SendAsync(); } catch (Exception ex) { Api.Log(ex); } }
            async Task WhenAny() { try { await await Task.WhenAny(Api.SendAsync(), Api.SendAsync()); } catch (Exception ex) { Api.Log(ex); } }
            async Task Field() { try { await Task.WhenAll(_field, Api.SendAsync()); } catch (Exception ex) { Api.Log(ex); } }
            async Task InCatch()
            {
                try { Api.Log("x"); }
                catch (Exception ex) { await Task.WhenAll(Api.SendAsync(), Api.SendAsync()); Api.Log(ex); }
            }

            async Task InLambdaInsideTry()
            {
                try { Func<Task> f = async () => await Task.WhenAll(Api.SendAsync(), Api.SendAsync()); await f(); }
                catch (Exception ex) { Api.Log(ex); }
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
                    try { await Task.WhenAll(Api.SendAsync(), ; }
                    catch (Exception ex) { Api.Log(ex }
                    try { await Task.WhenAll(Missing(), x) } catch (Exception ex) { Log(ex); }
                    try { await Task.WhenAll(
                }
            }
            """));

    // ---------- fixes ----------

    [Fact]
    public Task Fix_hoists_the_WhenAll_and_logs_every_exception() => Verify.VerifyCodeFixAsync(Code("""
        class C
        {
            async Task M(Task a, Task b)
            {
                try
                {
                    await {|AG0004:Task.WhenAll(a, b)|}.ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    Api.Log(ex);
                    Console.WriteLine(ex);
                }
            }
        }
        """), Code("""
        class C
        {
            async Task M(Task a, Task b)
            {
                var whenAll = Task.WhenAll(a, b);
                try
                {
                    await whenAll.ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    Api.Log(whenAll.Exception ?? ex);
                    Console.WriteLine(whenAll.Exception ?? ex);
                }
            }
        }
        """), equivalenceKey: AG0004WhenAllExceptionsLostCodeFix.SurfaceAllKey);

    [Fact]
    public Task Fix_casts_a_typed_catch_variable_so_the_coalesce_compiles() => Verify.VerifyCodeFixAsync(Code($$"""
        class C
        {
            async Task M()
            {
                var a = Remote.FetchAsync();
                var b = Remote.FetchAsync();
                try { await {|AG0004:Task.WhenAll(a, b)|}; }
                catch (TimeoutException ex) { Api.Log(ex); }
            }
        }

        {{RemoteDocumentedToTimeOut}}
        """), Code($$"""
        class C
        {
            async Task M()
            {
                var a = Remote.FetchAsync();
                var b = Remote.FetchAsync();
                var whenAll = Task.WhenAll(a, b);
                try { await whenAll; }
                catch (TimeoutException ex) { Api.Log(whenAll.Exception ?? (Exception)ex); }
            }
        }

        {{RemoteDocumentedToTimeOut}}
        """), equivalenceKey: AG0004WhenAllExceptionsLostCodeFix.SurfaceAllKey);

    [Fact]
    public Task Fix_All_twin_uses_fresh_names_and_existing_locals() => Verify.VerifyCodeFixAsync(Code("""
        class C
        {
            async Task<int[]> M(List<Task<int>> tasks, Task a, Task b, Task c, Task d, int whenAll)
            {
                try { await {|AG0004:Task.WhenAll(a, b)|}; }
                catch (Exception ex) { Api.Log(ex); }

                var all = Task.WhenAll(c, d);
                try { await {|AG0004:all|}; }
                catch (Exception e) { Api.Log(e); }

                try { return await {|AG0004:Task.WhenAll(tasks)|}; }
                catch (Exception ex) { Api.Log(ex); return new int[0]; }
            }
        }
        """), Code("""
        class C
        {
            async Task<int[]> M(List<Task<int>> tasks, Task a, Task b, Task c, Task d, int whenAll)
            {
                var whenAll2 = Task.WhenAll(a, b);
                try { await whenAll2; }
                catch (Exception ex) { Api.Log(whenAll2.Exception ?? ex); }

                var all = Task.WhenAll(c, d);
                try { await all; }
                catch (Exception e) { Api.Log(all.Exception ?? e); }

                var whenAll3 = Task.WhenAll(tasks);
                try { return await whenAll3; }
                catch (Exception ex) { Api.Log(whenAll3.Exception ?? ex); return new int[0]; }
            }
        }
        """), equivalenceKey: AG0004WhenAllExceptionsLostCodeFix.SurfaceAllKey);

    [Fact]
    public Task Fix_with_the_runtime_referenced_emits_the_same_BCL_code() => Verify.VerifyCodeFixAsync(Code("""
        class C
        {
            async Task M(Task a, Task b)
            {
                try { await {|AG0004:Task.WhenAll(a, b)|}; }
                catch (Exception ex) { Api.Log(ex); }
            }
        }
        """), Code("""
        class C
        {
            async Task M(Task a, Task b)
            {
                var whenAll = Task.WhenAll(a, b);
                try { await whenAll; }
                catch (Exception ex) { Api.Log(whenAll.Exception ?? ex); }
            }
        }
        """), withRuntime: true, equivalenceKey: AG0004WhenAllExceptionsLostCodeFix.SurfaceAllKey);

    // Seen in Aspire's executor: `await Task.WhenAll(tasks).WaitAsync(token)` rethrows only the first failure just the same.
    // The fix keeps the WhenAll task and the wait on it.
    [Fact]
    public Task WhenAll_awaited_through_WaitAsync_is_reported_and_fixed() => Verify.VerifyCodeFixAsync(Code("""
        class C
        {
            async Task M(Task a, Task b, CancellationToken token)
            {
                try { await {|AG0004:Task.WhenAll(a, b)|}.WaitAsync(token).ConfigureAwait(false); }
                catch (Exception ex) { Api.Log(ex); }
            }
        }
        """), Code("""
        class C
        {
            async Task M(Task a, Task b, CancellationToken token)
            {
                var whenAll = Task.WhenAll(a, b);
                try { await whenAll.WaitAsync(token).ConfigureAwait(false); }
                catch (Exception ex) { Api.Log(whenAll.Exception ?? ex); }
            }
        }
        """), equivalenceKey: AG0004WhenAllExceptionsLostCodeFix.SurfaceAllKey);

    // Seen in Foundatio (`await Task.WhenAll(…).AnyContext()`): a project's ConfigureAwait wrapper, told by its signature, hides
    // nothing. The fix keeps the wrapper on the hoisted WhenAll.
    [Fact]
    public Task WhenAll_awaited_through_a_ConfigureAwait_wrapper_is_reported_and_fixed() => Verify.VerifyCodeFixAsync(Code("""
        static class AwaitExtensions
        {
            public static System.Runtime.CompilerServices.ConfiguredTaskAwaitable AnyContext(this Task task) => task.ConfigureAwait(false);
        }

        class C
        {
            async Task M(Task a, Task b)
            {
                try { await {|AG0004:Task.WhenAll(a, b)|}.AnyContext(); }
                catch (Exception ex) { Api.Log(ex); }
            }
        }
        """), Code("""
        static class AwaitExtensions
        {
            public static System.Runtime.CompilerServices.ConfiguredTaskAwaitable AnyContext(this Task task) => task.ConfigureAwait(false);
        }

        class C
        {
            async Task M(Task a, Task b)
            {
                var whenAll = Task.WhenAll(a, b);
                try { await whenAll.AnyContext(); }
                catch (Exception ex) { Api.Log(whenAll.Exception ?? ex); }
            }
        }
        """), equivalenceKey: AG0004WhenAllExceptionsLostCodeFix.SurfaceAllKey);

    [Fact]
    public async Task No_fix_when_the_exception_is_inspected_calls_would_leave_the_try_or_the_list_is_used_in_it()
    {
        var source = Code("""
            class C
            {
                async Task Message(Task a, Task b)
                {
                    try { await {|AG0004:Task.WhenAll(a, b)|}; }
                    catch (Exception ex) { Console.WriteLine(ex.Message); }
                }

                async Task Calls()
                {
                    try { await {|AG0004:Task.WhenAll(Api.SendAsync(), Api.SendAsync())|}; }
                    catch (Exception ex) { Api.Log(ex); }
                }

                // Hoisting the WhenAll above the try would lose the list declared in it, or read it before it is filled.
                async Task ListDeclaredInTheTry()
                {
                    try
                    {
                        var tasks = new List<Task> { Api.SendAsync(), Api.SendAsync() };
                        await {|AG0004:Task.WhenAll(tasks)|};
                    }
                    catch (Exception ex) { Api.Log(ex); }
                }

                async Task ListFilledInTheTry(int[] items)
                {
                    var tasks = new List<Task>();
                    try
                    {
                        foreach (var item in items) tasks.Add(Api.SendAsync());
                        await {|AG0004:Task.WhenAll(tasks)|};
                    }
                    catch (Exception ex) { Api.Log(ex); }
                }
            }
            """);
        var test = Verify.CreateTest(source, source, withRuntime: false);
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        await test.RunAsync(CancellationToken.None);
    }
}
