using System.Threading.Tasks;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>AG0201 never gathers calls that share state: receivers, mutable arguments, non-concurrent types, locks.</summary>
public class AG0201SequentialAwaitsSharedStateTests
{
    private static Task NotReported(string body, string extraMembers = "", string? editorconfig = null, string extraTypes = "") =>
        AG0201SequentialAwaitsTests.NotReported(body, extraMembers, editorconfig, extraTypes);

    // ---- Negatives: shared state ----

    [Fact]
    public Task The_same_mutable_argument_is_not_reported() => NotReported("""
                var request = new Request { Id = id };
                var a = await Send(request);
                var b = await Log(request);
        """);

    [Fact]
    public Task The_same_receiver_of_a_user_type_is_not_reported_in_strict_mode() => NotReported("""
                var a = await _repo.GetA(1);
                var b = await _repo.GetB(2);
        """, editorconfig: "asyncguide.AG0201.receivers = strict\n");

    [Fact]
    public Task The_same_mutable_argument_is_not_reported_in_strict_mode() => NotReported("""
                var request = new Request { Id = id };
                var a = await GetById(request);
                var b = await GetByName(request);
        """, "static Task<int> GetById(Request r) => Task.FromResult(0); static Task<int> GetByName(Request r) => Task.FromResult(0);",
        "asyncguide.AG0201.receivers = strict\n");

    [Fact]
    public Task Instance_methods_on_this_are_not_reported() => NotReported("""
                var a = await Mine(1);
                var b = await this.Mine(2);
        """, "Task<int> Mine(int x) => Task.FromResult(x + _counter);");

    [Fact]
    public Task A_DbContext_is_never_gathered() => NotReported("""
                var a = await _db.CountAsync(1);
                var b = await _db.CountAsync(2);
                var c = await _first.CountAsync(3);
                var d = await _second.CountAsync(4);
        """, "readonly AppDb _db = new AppDb(), _first = new AppDb(), _second = new AppDb();", extraTypes: """
        class AppDb : Microsoft.EntityFrameworkCore.DbContext { public Task<int> CountAsync(int x) => Task.FromResult(x); }
        namespace Microsoft.EntityFrameworkCore { public class DbContext { } }
        """);

    [Fact]
    public Task Streams_are_never_gathered() => NotReported("""
                var buffer1 = new byte[4];
                var buffer2 = new byte[4];
                var a = await s1.ReadAsync(buffer1, 0, 4, ct);
                var b = await s2.ReadAsync(buffer2, 0, 4, ct);
        """, "readonly System.IO.Stream s1 = System.IO.Stream.Null, s2 = System.IO.Stream.Null;");

    [Fact]
    public Task Database_commands_are_never_gathered() => NotReported("""
                var a = await _command.ExecuteScalarAsync(ct);
                var b = await _command2.ExecuteNonQueryAsync(ct);
        """, "readonly System.Data.Common.DbCommand _command = null!, _command2 = null!;");

    [Fact]
    public Task IQueryable_sources_are_never_gathered() => NotReported("""
                var a = await CountAsync(_users);
                var b = await CountAsync(_orders);
        """, """
            readonly System.Linq.IQueryable<int> _users = null!, _orders = null!;
            static Task<int> CountAsync(System.Linq.IQueryable<int> q) => Task.FromResult(0);
        """);

    [Fact]
    public Task Types_named_in_editorconfig_are_never_gathered() => NotReported("""
                var a = await _s1.Get(1);
                var b = await _s2.Get(2);
        """, """
            readonly Session _s1 = new Session(), _s2 = new Session();
            class Session { public Task<int> Get(int x) => Task.FromResult(x); }
        """, "asyncguide.AG0201.non_concurrent_types = T:Program.Session\n");

    [Fact]
    public Task Metadata_names_in_editorconfig_work_and_malformed_ids_are_ignored() => NotReported("""
                var a = await _s1.Get(1);
                var b = await _s2.Get(2);
        """, "readonly Data.Session _s1 = new Data.Session(), _s2 = new Data.Session();",
        "asyncguide.AG0201.non_concurrent_types = T:, T:<<bad, Data.Session\n",
        extraTypes: "namespace Data { class Session { public Task<int> Get(int x) => Task.FromResult(x); } }");

    // ---- Negatives: lock-like regions ----

    [Fact]
    public Task Awaits_after_a_semaphore_wait_are_not_reported() => NotReported("""
                await _gate.WaitAsync(ct);
                try
                {
                    var a = await A(1);
                    var b = await B(2);
                }
                finally
                {
                    _gate.Release();
                }
        """, "readonly SemaphoreSlim _gate = new SemaphoreSlim(1);");

    [Fact]
    public Task Awaits_inside_an_awaited_using_lock_are_not_reported() => NotReported("""
                using (await LockAsync())
                {
                    var a = await A(1);
                    var b = await B(2);
                }
        """, "static Task<IDisposable> LockAsync() => Task.FromResult<IDisposable>(null!);");

    [Fact]
    public Task Awaits_after_an_awaited_using_declaration_are_not_reported() => NotReported("""
                using var releaser = await LockAsync();
                var a = await A(1);
                var b = await B(2);
        """, "static Task<IDisposable> LockAsync() => Task.FromResult<IDisposable>(null!);");

    [Fact]
    public Task In_strict_mode_with_EF_Core_referenced_services_are_never_gathered_but_static_calls_are()
    {
        var test = Infrastructure.CSharpCodeFixVerifier<AG0201SequentialAwaitsAnalyzer, AsyncGuide.CodeFixes.AG0201SequentialAwaitsCodeFix>
            .CreateTest(
                AG0201SequentialAwaitsTests.InMethod("""
                var a = await _repo.GetA(1);
                var b = await _other.GetB(2);
                var c = await {|#0:A(3)|};
                var d = await {|#1:B(4)|};
        """, extraTypes: "namespace Microsoft.EntityFrameworkCore { public class DbContext { } }"),
                null,
                withRuntime: false);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\nasyncguide.AG0201.receivers = strict\n"));
        test.ExpectedDiagnostics.Add(
            Infrastructure.CSharpCodeFixVerifier<AG0201SequentialAwaitsAnalyzer, AsyncGuide.CodeFixes.AG0201SequentialAwaitsCodeFix>
                .Diagnostic(RuleIds.SequentialAwaits).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithLocation(1));
        return test.RunAsync(System.Threading.CancellationToken.None);
    }

    [Fact]
    public Task Top_level_awaits_after_a_semaphore_wait_are_not_reported()
    {
        var test = Infrastructure.CSharpCodeFixVerifier<AG0201SequentialAwaitsAnalyzer, AsyncGuide.CodeFixes.AG0201SequentialAwaitsCodeFix>
            .CreateTest("""
            using System.Threading;
            using System.Threading.Tasks;

            var gate = new SemaphoreSlim(1);
            await gate.WaitAsync();
            var a = await A(1);
            var b = await A(2);
            gate.Release();

            static Task<int> A(int x) => Task.FromResult(x);
            """, null, withRuntime: false);
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        return test.RunAsync(System.Threading.CancellationToken.None);
    }
}
