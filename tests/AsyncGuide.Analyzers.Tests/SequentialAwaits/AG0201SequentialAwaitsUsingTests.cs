using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuide.CodeFixes;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0201SequentialAwaitsAnalyzer,
    AsyncGuide.CodeFixes.AG0201SequentialAwaitsCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>
/// AG0201 and <c>using var c = await OpenAsync();</c>: resources (a connection, a response) are
/// gathered, and the fix keeps each one disposed, also when another call fails; releasers of async
/// locks (<c>IDisposable</c>, a struct with only <c>Dispose</c>, a call named <c>AcquireAsync</c>) still
/// start a lock-like region.
/// </summary>
public class AG0201SequentialAwaitsUsingTests
{
    private static string Source([StringSyntax("C#-test")] string body, string usings = "using System;\n") => $$"""
        {{usings}}using System.Threading.Tasks;

        class Connection : System.IDisposable, System.IAsyncDisposable
        {
            public int Id { get; }
            public Task<int> CountAsync() => Task.FromResult(Id);
            public void Dispose() { }
            public ValueTask DisposeAsync() => default;
        }

        class Handle : System.IDisposable
        {
            public bool IsAcquired { get; }
            public void Dispose() { }
        }

        struct Releaser : System.IDisposable
        {
            public void Dispose() { }
        }

        class Pooled
        {
            public int Id { get; }
            public ValueTask DisposeAsync() => default;
        }

        internal sealed class TestContext : System.IDisposable
        {
            internal int RepositoryId { get; }
            public void Dispose() { }
        }

        class Program
        {
            async Task Run(int id)
            {
        {{body}}
            }

            static Task<Connection> Open(int x) => Task.FromResult(new Connection());
            static Task<int> A(int x) => Task.FromResult(x);
            static Task<Handle> AcquireAsync(string name) => Task.FromResult(new Handle());
            static Task<Releaser> EnterAsync() => Task.FromResult(default(Releaser));
            static Task<System.IDisposable> LockAsync() => Task.FromResult<System.IDisposable>(new Connection());
            static Task<System.IAsyncDisposable> LockAsyncAsync() => Task.FromResult<System.IAsyncDisposable>(new Connection());
            static Task<Pooled> Rent(int x) => Task.FromResult(new Pooled());
            static Task<TestContext> CreateContext() => Task.FromResult(new TestContext());
        }
        """;

    private static Task Fix(string body, string fixedBody, bool withRuntime, params int[] runSizes) =>
        Fix(body, fixedBody, "using System;\n", withRuntime, runSizes);

    private static Task Fix(string body, string fixedBody, string usings, bool withRuntime, params int[] runSizes)
    {
        var test = Verify.CreateTest(Source(body, usings), Source(fixedBody), withRuntime);
        test.CodeActionEquivalenceKey = AG0201SequentialAwaitsCodeFix.WhenAllKey;
        test.ExpectedDiagnostics.AddRange(Verify.InfoRuns(RuleIds.SequentialAwaits, runSizes, countAsArgument: true));
        return test.RunAsync(CancellationToken.None);
    }

    private static Task Reported(string body, int count)
    {
        var test = Verify.CreateTest(Source(body), null, withRuntime: false);
        test.ExpectedDiagnostics.Add(Verify.InfoAt(RuleIds.SequentialAwaits, 0, count, count));
        return test.RunAsync(CancellationToken.None);
    }

    private static Task NotReported(string body) => Verify.CreateTest(Source(body), null, withRuntime: false).RunAsync(CancellationToken.None);

    // ---- Reported, with a fix that keeps disposal ----

    /// <summary>The fixed start of a run of <c>using</c> declarations of <c>Open(1)</c> and <c>Open(2)</c>, as the fix writes it.</summary>
    private const string OpenedOneAndTwoDisposedIfEitherFails = """
                var aTask = Open(1);
                var bTask = Open(2);
                try
                {
                    await Task.WhenAll(aTask, bTask);
                }
                catch
                {
                    if (bTask.Status == TaskStatus.RanToCompletion)
                    {
                        ((IDisposable)bTask.Result)?.Dispose();
                    }

                    if (aTask.Status == TaskStatus.RanToCompletion)
                    {
                        ((IDisposable)aTask.Result)?.Dispose();
                    }

                    throw;
                }
        """;

    [Fact]
    public Task Using_declarations_of_resources_are_gathered_and_disposed_if_another_call_fails() => Fix("""
                using var a = await {|#0:Open(1)|};
                using var b = await {|#1:Open(2)|};
                System.Console.WriteLine(a.Id + b.Id);
        """, $$"""
        {{OpenedOneAndTwoDisposedIfEitherFails}}
                using var a = await aTask;
                using var b = await bTask;
                System.Console.WriteLine(a.Id + b.Id);
        """, withRuntime: false, 2);

    [Fact]
    public Task Fix_all_keeps_disposal_in_every_run() => Fix("""
                using var a = await {|#0:Open(1)|};
                using var b = await {|#1:Open(2)|};
                await Task.Yield();
                using var c = await {|#2:Open(3)|};
                var d = await {|#3:A(4)|};
        """, $$"""
        {{OpenedOneAndTwoDisposedIfEitherFails}}
                using var a = await aTask;
                using var b = await bTask;
                await Task.Yield();
                var cTask = Open(3);
                var dTask = A(4);
                try
                {
                    await Task.WhenAll(cTask, dTask);
                }
                catch
                {
                    if (cTask.Status == TaskStatus.RanToCompletion)
                    {
                        ((IDisposable)cTask.Result)?.Dispose();
                    }

                    throw;
                }
                using var c = await cTask;
                var d = await dTask;
        """, withRuntime: false, 2, 2);

    [Fact]
    public Task With_the_runtime_a_run_with_using_takes_the_WhenAll_form_and_keeps_ConfigureAwait() => Fix("""
                var n = await {|#0:A(1)|}.ConfigureAwait(false);
                using var b = await {|#1:Open(2)|}.ConfigureAwait(false);
        """, """
                var nTask = A(1);
                var bTask = Open(2);
                try
                {
                    await Task.WhenAll(nTask, bTask).ConfigureAwait(false);
                }
                catch
                {
                    if (bTask.Status == TaskStatus.RanToCompletion)
                    {
                        ((IDisposable)bTask.Result)?.Dispose();
                    }

                    throw;
                }
                var n = await nTask.ConfigureAwait(false);
                using var b = await bTask.ConfigureAwait(false);
        """, withRuntime: true, 2);

    [Fact]
    public Task Await_using_declarations_are_gathered_and_disposed_asynchronously_if_another_call_fails() => Fix("""
                await using var a = await {|#0:Open(1)|}.ConfigureAwait(false);
                using var b = await {|#1:Open(2)|}.ConfigureAwait(false);
                var n = await {|#2:A(3)|}.ConfigureAwait(false);
        """, """
                var aTask = Open(1);
                var bTask = Open(2);
                var nTask = A(3);
                try
                {
                    await Task.WhenAll(aTask, bTask, nTask).ConfigureAwait(false);
                }
                catch
                {
                    if (bTask.Status == TaskStatus.RanToCompletion)
                    {
                        ((IDisposable)bTask.Result)?.Dispose();
                    }

                    if (aTask.Status == TaskStatus.RanToCompletion && aTask.Result is IAsyncDisposable)
                    {
                        await ((IAsyncDisposable)aTask.Result).DisposeAsync().ConfigureAwait(false);
                    }

                    throw;
                }
                await using var a = await aTask.ConfigureAwait(false);
                using var b = await bTask.ConfigureAwait(false);
                var n = await nTask.ConfigureAwait(false);
        """, withRuntime: true, 3);

    [Fact]
    public Task Fix_all_gathers_await_using_runs_without_the_runtime() => Fix("""
                await using var a = await {|#0:Open(1)|};
                await using var b = await {|#1:Open(2)|};
                await Task.Yield();
                await using Connection c = await {|#2:Open(3)|};
                await using Connection d = await {|#3:Open(4)|};
        """, """
                var aTask = Open(1);
                var bTask = Open(2);
                try
                {
                    await Task.WhenAll(aTask, bTask);
                }
                catch
                {
                    if (bTask.Status == TaskStatus.RanToCompletion && bTask.Result is IAsyncDisposable)
                    {
                        await ((IAsyncDisposable)bTask.Result).DisposeAsync();
                    }

                    if (aTask.Status == TaskStatus.RanToCompletion && aTask.Result is IAsyncDisposable)
                    {
                        await ((IAsyncDisposable)aTask.Result).DisposeAsync();
                    }

                    throw;
                }
                await using var a = await aTask;
                await using var b = await bTask;
                await Task.Yield();
                var cTask = Open(3);
                var dTask = Open(4);
                try
                {
                    await Task.WhenAll(cTask, dTask);
                }
                catch
                {
                    if (dTask.Status == TaskStatus.RanToCompletion && dTask.Result is IAsyncDisposable)
                    {
                        await ((IAsyncDisposable)dTask.Result).DisposeAsync();
                    }

                    if (cTask.Status == TaskStatus.RanToCompletion && cTask.Result is IAsyncDisposable)
                    {
                        await ((IAsyncDisposable)cTask.Result).DisposeAsync();
                    }

                    throw;
                }
                await using Connection c = await cTask;
                await using Connection d = await dTask;
        """, withRuntime: false, 2, 2);

    [Fact]
    public Task The_fix_adds_using_System_when_the_file_lacks_it() => Fix("""
                using Connection a = await {|#0:Open(1)|};
                using Connection b = await {|#1:Open(2)|};
        """, $$"""
        {{OpenedOneAndTwoDisposedIfEitherFails}}
                using Connection a = await aTask;
                using Connection b = await bTask;
        """, usings: "", withRuntime: false, 2);

    [Fact]
    public Task Awaits_after_a_using_of_an_awaited_task_are_gathered() => Reported("""
                var pending = Open(1);
                using var connection = await pending;
                var a = await {|#0:A(1)|};
                var b = await {|#1:A(2)|};
        """, 2);

    [Fact]
    public Task Awaits_after_a_using_resource_are_gathered() => Reported("""
                using var connection = await Open(1);
                await Task.Yield();
                var a = await {|#0:A(1)|};
                var b = await {|#1:A(2)|};
        """, 2);

    // ---- Not reported ----

    [Fact]
    public Task A_result_used_by_the_next_call_is_not_gathered() => NotReported("""
                using var connection = await Open(1);
                var count = await connection.CountAsync();
        """);

    [Fact]
    public Task Two_pooled_connections_opened_by_the_same_call_are_gathered() => Reported("""
                using var first = await {|#0:Open(1)|};
                using var second = await {|#1:Open(1)|};
        """, 2);

    [Fact]
    public Task The_same_call_twice_without_a_using_is_not_gathered() => NotReported("""
                var first = await Open(1);
                var second = await Open(1);
        """);

    [Fact]
    public Task Awaits_inside_a_using_statement_of_an_internal_resource_are_gathered() => Reported("""
                using (var context = await CreateContext())
                {
                    var a = await {|#0:A(context.RepositoryId)|};
                    var b = await {|#1:A(2)|};
                }
        """, 2);

    [Fact]
    public Task Awaits_inside_a_using_statement_of_a_resource_are_gathered() => Reported("""
                using (var connection = await Open(1))
                {
                    var a = await {|#0:A(1)|};
                    var b = await {|#1:A(2)|};
                }
        """, 2);

    [Fact]
    public Task Awaits_inside_a_using_statement_of_a_releaser_or_a_lock_named_call_are_not_reported() => NotReported("""
                using (var releaser = await LockAsync())
                {
                    var a = await A(1);
                    var b = await A(2);
                }

                using (var handle = await AcquireAsync("x"))
                {
                    var c = await A(3);
                    var d = await A(4);
                }

                using (await LockAsync())
                {
                    var e = await A(5);
                    var f = await A(6);
                }
        """);

    [Fact]
    public Task Await_using_of_a_type_with_only_a_pattern_DisposeAsync_is_not_gathered() => NotReported("""
                await using var a = await Rent(1);
                await using var b = await Rent(2);
        """);

    [Fact]
    public Task Awaits_after_an_await_using_of_a_bare_IAsyncDisposable_releaser_are_not_reported() => NotReported("""
                await using var releaser = await LockAsyncAsync();
                var a = await A(1);
                var b = await A(2);
        """);

    [Fact]
    public Task Awaits_after_a_bare_IDisposable_releaser_are_not_reported() => NotReported("""
                using var releaser = await LockAsync();
                var a = await A(1);
                var b = await A(2);
        """);

    [Fact]
    public Task Awaits_after_a_releaser_struct_are_not_reported() => NotReported("""
                using var scope = await EnterAsync();
                var a = await A(1);
                var b = await A(2);
        """);

    [Fact]
    public Task Awaits_after_a_lock_acquired_by_name_are_not_reported_even_when_its_handle_has_members() => NotReported("""
                using var handle = await AcquireAsync("orders");
                var a = await A(1);
                var b = await A(2);
        """);

    [Fact]
    public Task Two_releasers_are_not_gathered() => NotReported("""
                using var first = await LockAsync();
                using var second = await EnterAsync();
        """);
}
