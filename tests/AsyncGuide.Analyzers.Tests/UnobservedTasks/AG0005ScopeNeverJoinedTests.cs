using System.Diagnostics.CodeAnalysis;
using System.Threading.Tasks;
using AsyncGuide.Analyzers.Tests.Infrastructure;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0005ScopeNeverJoinedAnalyzer,
    AsyncGuide.CodeFixes.AG0005ScopeNeverJoinedCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>AG0005: which scopes reach their disposal unjoined, path by path, and which are left alone.</summary>
public class AG0005ScopeNeverJoinedTests
{
    /// <summary>Expects exactly the markup's diagnostics in <paramref name="code"/>, between the scope usings and API, with the runtime.</summary>
    private static Task VerifyWithRuntimeAsync([StringSyntax("C#-test")] string code) =>
        Verify.VerifyAnalyzerAsync(TestSources.InScopeFile(code), withRuntime: true);

    // ---------- positives ----------

    [Fact]
    public Task Never_joined_in_an_await_using_declaration_a_using_statement_or_a_lambda() => VerifyWithRuntimeAsync("""
        class C
        {
            async Task Declaration(CancellationToken ct)
            {
                await using var {|AG0005:scope = new TaskScope(ct)|};
                _ = scope.Run(Api.SaveAsync);
                var count = scope.Run(Api.CountAsync);
                Console.WriteLine(count.Status);
            }

            async Task Statement()
            {
                await using (var {|AG0005:scope = new TaskScope()|})
                {
                    _ = scope.Run(token => Api.SaveAsync(token));
                }
            }

            Func<Task> InLambda(CancellationToken ct) => async () =>
            {
                await using var {|AG0005:scope = new TaskScope(ct)|};
                foreach (var i in new[] { 1, 2 })
                {
                    _ = scope.Run(Api.SaveAsync);
                }
            };
        }
        """);

    [Fact]
    public Task A_return_throw_or_break_between_the_first_Run_and_the_join() => VerifyWithRuntimeAsync("""
        class C
        {
            async Task<int> Return(bool cached, CancellationToken ct)
            {
                await using var scope = new TaskScope(ct);
                var count = scope.Run(Api.CountAsync);
                if (cached)
                    {|AG0005:return 0;|}
                await scope.JoinAsync();
                return count.Result;
            }

            async Task Throw(string? name, CancellationToken ct)
            {
                await using var scope = new TaskScope(ct);
                _ = scope.Run(Api.SaveAsync);
                if (name is null)
                {
                    {|AG0005:throw new ArgumentNullException(nameof(name));|}
                }

                await scope.JoinAsync();
            }

            async Task Break(IEnumerable<int> batches, CancellationToken ct)
            {
                foreach (var batch in batches)
                {
                    await using (var scope = new TaskScope(ct))
                    {
                        _ = scope.Run(Api.SaveAsync);
                        if (batch < 0)
                            {|AG0005:break;|}
                        await scope.JoinAsync();
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Joined_on_one_branch_only_or_before_a_later_Run() => VerifyWithRuntimeAsync("""
        class C
        {
            async Task OneBranch(bool wait, CancellationToken ct)
            {
                await using var {|AG0005:scope = new TaskScope(ct)|};
                _ = scope.Run(Api.SaveAsync);
                if (wait)
                {
                    await scope.JoinAsync();
                }
            }

            async Task RunAfterJoin(CancellationToken ct)
            {
                await using var {|AG0005:scope = new TaskScope(ct)|};
                await scope.JoinAsync();
                _ = scope.Run(Api.SaveAsync);
            }

            async Task FinallyJoinsSometimes(bool wait, CancellationToken ct)
            {
                await using var {|AG0005:scope = new TaskScope(ct)|};
                try
                {
                    _ = scope.Run(Api.SaveAsync);
                }
                finally
                {
                    if (wait) await scope.JoinAsync();
                }
            }
        }
        """);

    [Fact]
    public Task A_local_disposed_later_by_hand() => VerifyWithRuntimeAsync("""
        class C
        {
            async Task TryFinally(CancellationToken ct)
            {
                var {|AG0005:scope = new TaskScope(ct)|};
                try
                {
                    _ = scope.Run(Api.SaveAsync);
                }
                finally
                {
                    await scope.DisposeAsync();
                }
            }

            async Task StraightLine(CancellationToken ct)
            {
                var {|AG0005:scope = new TaskScope(ct)|};
                _ = scope.Run(Api.SaveAsync);
                Console.WriteLine("started");
                await scope.DisposeAsync();
            }

            async Task UsingTheLocal(CancellationToken ct)
            {
                var {|AG0005:scope = new TaskScope(ct)|};
                await using (scope.ConfigureAwait(false))
                {
                    _ = scope.Run(Api.SaveAsync);
                }
            }
        }
        """);

    // ---------- negatives ----------

    [Fact]
    public Task Joined_on_every_path() => VerifyWithRuntimeAsync("""
        class C
        {
            async Task<int> M(bool cached, int mode, CancellationToken ct)
            {
                await using var scope = new TaskScope(ct);
                var count = scope.Run(Api.CountAsync);
                if (cached)
                {
                    await scope.JoinAsync();
                    return 0;
                }

                switch (mode)
                {
                    case 1:
                        _ = scope.Run(Api.SaveAsync);
                        break;
                    default:
                        break;
                }

                for (var i = 0; i < 3; i++)
                {
                    if (i == mode) continue;
                    _ = scope.Run(Api.SaveAsync);
                }

                await scope.JoinAsync().ConfigureAwait(false);
                return count.Result;
            }

            async Task Branches(bool fast, CancellationToken ct)
            {
                await using (var scope = new TaskScope(ct))
                {
                    _ = scope.Run(Api.SaveAsync);
                    if (fast) await scope.JoinAsync(); else scope.JoinAsync().GetAwaiter().GetResult();
                }
            }
        }
        """);

    [Fact]
    public Task Joined_in_a_finally_or_in_a_try_whose_catch_handles_the_failure() => VerifyWithRuntimeAsync("""
        class C
        {
            async Task<int> Finally(bool cached, CancellationToken ct)
            {
                await using var scope = new TaskScope(ct);
                try
                {
                    var count = scope.Run(Api.CountAsync);
                    if (cached) return 0;
                    if (count.IsFaulted) throw new InvalidOperationException();
                    return 1;
                }
                finally
                {
                    await scope.JoinAsync();
                }
            }

            async Task ByHand(CancellationToken ct)
            {
                var scope = new TaskScope(ct);
                try
                {
                    _ = scope.Run(Api.SaveAsync);
                }
                finally
                {
                    await scope.JoinAsync();
                    await scope.DisposeAsync();
                }
            }

            async Task Caught(CancellationToken ct)
            {
                await using var scope = new TaskScope(ct);
                try
                {
                    _ = scope.Run(Api.SaveAsync);
                    if (ct.CanBeCanceled) throw new InvalidOperationException("caught below");
                    await scope.JoinAsync();
                }
                catch (Exception ex)
                {
                    Console.WriteLine(ex.Message);
                }
            }
        }
        """);

    [Fact]
    public Task Leaving_before_the_first_Run_or_a_scope_with_no_Run() => VerifyWithRuntimeAsync("""
        class C
        {
            async Task Early(bool skip, CancellationToken ct)
            {
                await using var scope = new TaskScope(ct);
                if (skip) return;
                if (ct.IsCancellationRequested) throw new OperationCanceledException(scope.Token);
                _ = scope.Run(Api.SaveAsync);
                await scope.JoinAsync();
            }

            async Task NoRun(CancellationToken ct)
            {
                await using var scope = new TaskScope(ct);
                await Api.SaveAsync(scope.Token);
            }

            async Task<int> OnlyAwaitedRuns(CancellationToken ct)
            {
                await using var scope = new TaskScope(ct);
                await scope.Run(Api.SaveAsync);
                return await scope.Run(Api.CountAsync);
            }
        }
        """);

    [Fact]
    public Task A_scope_that_escapes_or_is_joined_where_the_path_cannot_be_followed() => VerifyWithRuntimeAsync("""
        class C
        {
            TaskScope? _kept;

            async Task Passed(CancellationToken ct)
            {
                await using var scope = new TaskScope(ct);
                _ = scope.Run(Api.SaveAsync);
                Api.Keep(scope);
            }

            async Task Stored(CancellationToken ct)
            {
                await using var scope = new TaskScope(ct);
                _kept = scope;
                _ = scope.Run(Api.SaveAsync);
            }

            async Task JoinTaskKept(CancellationToken ct)
            {
                await using var scope = new TaskScope(ct);
                _ = scope.Run(Api.SaveAsync);
                var join = scope.JoinAsync();
                await join;
            }

            async Task JoinInLambda(CancellationToken ct)
            {
                await using var scope = new TaskScope(ct);
                _ = scope.Run(Api.SaveAsync);
                Func<Task> join = async () => await scope.JoinAsync();
                await join();
            }

            async Task NotCreatedHere(CancellationToken ct)
            {
                await using var scope = Api.Open(ct);
                _ = scope.Run(Api.SaveAsync);
            }

            TaskScope NeverDisposed(CancellationToken ct)
            {
                var scope = new TaskScope(ct);
                _ = scope.Run(Api.SaveAsync);
                return scope;
            }
        }
        """);

    [Fact]
    public Task Nothing_without_the_runtime_even_for_a_type_of_the_same_name() => Verify.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Mine
        {
            sealed class TaskScope : IAsyncDisposable
            {
                public Task Run(Func<CancellationToken, Task> operation) => operation(default);
                public Task JoinAsync() => Task.CompletedTask;
                public ValueTask DisposeAsync() => default;
            }

            class C
            {
                async Task M()
                {
                    await using var scope = new TaskScope();
                    _ = scope.Run(ct => Task.CompletedTask);
                }
            }
        }
        """);

    [Fact]
    public Task Half_typed_code_reports_nothing_and_does_not_throw() => VerifyWithRuntimeAsync("""
        class C
        {
            async Task M(CancellationToken ct)
            {
                await using var scope = new TaskScope(ct);
                _ = scope.{|CS1501:Run|}();
                {|CS0103:Missing|}(scope);
            }

            async Task N(CancellationToken ct)
            {
                await using var scope = new TaskScope({|CS0103:token|});
            }
        }
        """);
}
