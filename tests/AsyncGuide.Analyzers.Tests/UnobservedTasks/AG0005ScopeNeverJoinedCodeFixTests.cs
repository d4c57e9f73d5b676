using System.Diagnostics.CodeAnalysis;
using System.Threading.Tasks;
using AsyncGuide.Analyzers.Tests.Infrastructure;
using AsyncGuide.CodeFixes;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0005ScopeNeverJoinedAnalyzer,
    AsyncGuide.CodeFixes.AG0005ScopeNeverJoinedCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>AG0005's fix: <c>await scope.JoinAsync();</c> at the end of the scope's block or before the statement leaving it.</summary>
public class AG0005ScopeNeverJoinedCodeFixTests
{
    private static string Code([StringSyntax("C#-test")] string body) => TestSources.InScopeFile(body);

    private static Task VerifyJoinFixAsync([StringSyntax("C#-test")] string source, [StringSyntax("C#-test")] string fixedSource) =>
        Verify.VerifyCodeFixAsync(source, fixedSource, withRuntime: true, AG0005ScopeNeverJoinedCodeFix.JoinKey);

    [Fact]
    public Task Join_at_the_end_of_the_block_keeping_comments() => VerifyJoinFixAsync(Code("""
        class C
        {
            async Task M(CancellationToken ct)
            {
                await using var {|AG0005:scope = new TaskScope(ct)|};
                _ = scope.Run(Api.SaveAsync); // save
                // then count
                _ = scope.Run(Api.CountAsync);
            }
        }
        """), Code("""
        class C
        {
            async Task M(CancellationToken ct)
            {
                await using var scope = new TaskScope(ct);
                _ = scope.Run(Api.SaveAsync); // save
                // then count
                _ = scope.Run(Api.CountAsync);
                await scope.JoinAsync();
            }
        }
        """));

    [Fact]
    public Task Join_at_the_end_Fix_All_twin_using_statements_lambdas_and_locals_disposed_by_hand() => VerifyJoinFixAsync(Code("""
        class C
        {
            async Task Statement(CancellationToken ct)
            {
                await using (var {|AG0005:scope = new TaskScope(ct)|})
                {
                    _ = scope.Run(Api.SaveAsync);
                }
            }

            Func<Task> Lambda(CancellationToken ct) => async () =>
            {
                await using var {|AG0005:scope = new TaskScope(ct)|};
                _ = scope.Run(Api.SaveAsync);
            };

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
                await scope.DisposeAsync();
            }
        }
        """), Code("""
        class C
        {
            async Task Statement(CancellationToken ct)
            {
                await using (var scope = new TaskScope(ct))
                {
                    _ = scope.Run(Api.SaveAsync);
                    await scope.JoinAsync();
                }
            }

            Func<Task> Lambda(CancellationToken ct) => async () =>
            {
                await using var scope = new TaskScope(ct);
                _ = scope.Run(Api.SaveAsync);
                await scope.JoinAsync();
            };

            async Task TryFinally(CancellationToken ct)
            {
                var scope = new TaskScope(ct);
                try
                {
                    _ = scope.Run(Api.SaveAsync);
                    await scope.JoinAsync();
                }
                finally
                {
                    await scope.DisposeAsync();
                }
            }

            async Task StraightLine(CancellationToken ct)
            {
                var scope = new TaskScope(ct);
                _ = scope.Run(Api.SaveAsync);
                await scope.JoinAsync();
                await scope.DisposeAsync();
            }
        }
        """));

    [Fact]
    public Task Join_before_an_early_return_wrapping_an_embedded_statement() => VerifyJoinFixAsync(Code("""
        class C
        {
            async Task<int> M(bool cached, CancellationToken ct)
            {
                await using var scope = new TaskScope(ct);
                var count = scope.Run(Api.CountAsync);
                if (cached)
                    {|AG0005:return 0;|} // cached
                await scope.JoinAsync();
                return count.Result;
            }
        }
        """), Code("""
        class C
        {
            async Task<int> M(bool cached, CancellationToken ct)
            {
                await using var scope = new TaskScope(ct);
                var count = scope.Run(Api.CountAsync);
                if (cached)
                {
                    await scope.JoinAsync();
                    return 0;
                } // cached
                await scope.JoinAsync();
                return count.Result;
            }
        }
        """));

    [Fact]
    public Task Join_before_leaving_Fix_All_twin_return_break_continue_and_the_end() => VerifyJoinFixAsync(Code("""
        class C
        {
            async Task<int> M(IEnumerable<int> batches, CancellationToken ct)
            {
                foreach (var batch in batches)
                {
                    await using var {|AG0005:scope = new TaskScope(ct)|};
                    _ = scope.Run(Api.SaveAsync);
                    if (batch == 0)
                    {
                        // nothing more
                        {|AG0005:continue;|}
                    }

                    switch (batch)
                    {
                        case < 0:
                            {|AG0005:return batch;|}
                    }

                    if (batch > 100) {|AG0005:break;|}
                }

                return 0;
            }
        }
        """), Code("""
        class C
        {
            async Task<int> M(IEnumerable<int> batches, CancellationToken ct)
            {
                foreach (var batch in batches)
                {
                    await using var scope = new TaskScope(ct);
                    _ = scope.Run(Api.SaveAsync);
                    if (batch == 0)
                    {
                        await scope.JoinAsync();
                        // nothing more
                        continue;
                    }

                    switch (batch)
                    {
                        case < 0:
                            await scope.JoinAsync();
                            return batch;
                    }

                    if (batch > 100)
                    {
                        await scope.JoinAsync();
                        break;
                    }
                    await scope.JoinAsync();
                }

                return 0;
            }
        }
        """));

    [Fact]
    public Task Join_configured_like_the_other_awaits_in_library_code() => VerifyJoinFixAsync(Code("""
        class C
        {
            async Task M(CancellationToken ct)
            {
                var {|AG0005:scope = new TaskScope(ct)|};
                await using (scope.ConfigureAwait(false))
                {
                    _ = scope.Run(Api.SaveAsync);
                    await Task.Delay(1, ct).ConfigureAwait(false);
                }
            }
        }
        """), Code("""
        class C
        {
            async Task M(CancellationToken ct)
            {
                var scope = new TaskScope(ct);
                await using (scope.ConfigureAwait(false))
                {
                    _ = scope.Run(Api.SaveAsync);
                    await Task.Delay(1, ct).ConfigureAwait(false);
                    await scope.JoinAsync().ConfigureAwait(false);
                }
            }
        }
        """));

    [Fact]
    public Task Join_configured_Fix_All_twin() => VerifyJoinFixAsync(Code("""
        class C
        {
            async Task<int> M(bool skip, CancellationToken ct)
            {
                await using var scope = new TaskScope(ct);
                var count = scope.Run(Api.CountAsync);
                if (skip) {|AG0005:return 0;|}
                _ = scope.Run(Api.SaveAsync);
                if (ct.CanBeCanceled) {|AG0005:return 1;|}
                await scope.JoinAsync().ConfigureAwait(false);
                return count.Result;
            }
        }
        """), Code("""
        class C
        {
            async Task<int> M(bool skip, CancellationToken ct)
            {
                await using var scope = new TaskScope(ct);
                var count = scope.Run(Api.CountAsync);
                if (skip)
                {
                    await scope.JoinAsync().ConfigureAwait(false);
                    return 0;
                }
                _ = scope.Run(Api.SaveAsync);
                if (ct.CanBeCanceled)
                {
                    await scope.JoinAsync().ConfigureAwait(false);
                    return 1;
                }
                await scope.JoinAsync().ConfigureAwait(false);
                return count.Result;
            }
        }
        """));

    [Fact]
    public Task No_fix_before_a_throw_in_a_lock_when_the_returned_value_uses_the_scope_or_without_a_block() => Verify.VerifyNoCodeFixAsync(Code("""
        class C
        {
            readonly object _gate = new();

            async Task Throw(string? name, CancellationToken ct)
            {
                await using var scope = new TaskScope(ct);
                _ = scope.Run(Api.SaveAsync);
                if (name is null) {|AG0005:throw new ArgumentNullException(nameof(name));|}
                await scope.JoinAsync();
            }

            async Task<int> Lock(bool done, CancellationToken ct)
            {
                await using var scope = new TaskScope(ct);
                _ = scope.Run(Api.SaveAsync);
                lock (_gate)
                {
                    if (done) {|AG0005:return 0;|}
                }

                await scope.JoinAsync();
                return 1;
            }

            async Task<Task<int>> Returned(CancellationToken ct)
            {
                await using var scope = new TaskScope(ct);
                _ = scope.Run(Api.SaveAsync);
                {|AG0005:return scope.Run(Api.CountAsync);|}
            }

            async Task Embedded(CancellationToken ct)
            {
                await using (var {|AG0005:scope = new TaskScope(ct)|})
                    _ = scope.Run(Api.SaveAsync);
            }
        }
        """), withRuntime: true);
}
