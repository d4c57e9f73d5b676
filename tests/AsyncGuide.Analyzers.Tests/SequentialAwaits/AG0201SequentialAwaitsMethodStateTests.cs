using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0201SequentialAwaitsAnalyzer,
    AsyncGuide.CodeFixes.AG0201SequentialAwaitsCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>
/// A call on another object whose type holds a non-concurrent object somewhere is judged by the state the called
/// method uses (held-out family M6: a controller's helper called from a test), as calls on <c>this</c> already were;
/// and objects kept in a collection field (<c>List&lt;IRule&gt;</c>) count as instance state.
/// </summary>
public class AG0201SequentialAwaitsMethodStateTests
{
    /// <summary>A controller holding a repository over a DbContext and an HTTP client; a rule engine over such rules.</summary>
    internal const string Types = """
        namespace Microsoft.EntityFrameworkCore { public class DbContext { } }
        class AppDb : Microsoft.EntityFrameworkCore.DbContext { }
        class StoreRepository
        {
            private readonly AppDb _db = new AppDb();
            public Task<int> FindStore(int id) => Task.FromResult(_db.GetHashCode() + id);
        }
        class Rates { public Task<int> GetRate(int id) => Task.FromResult(id); }
        sealed class StoresController
        {
            private readonly StoreRepository _repo = new StoreRepository();
            private readonly Rates _rates = new Rates();
            public Task<int> FromModel(int id) => Task.FromResult(id * 2);
            public Task<int> GetModel(int id) => Task.FromResult(id * 3);
            public Task<int> GetRate(int id) => _rates.GetRate(id);
            public Task<int> GetStore(int id) => _repo.FindStore(id);
            public Task<int> GetSummary(int id) => Describe(id);
            public Task<int> Audit(int id) => Auditor.Check(this, id);
            private Task<int> Describe(int id) => _repo.FindStore(id);
        }
        class OpenController
        {
            private readonly StoreRepository _repo = new StoreRepository();
            public virtual Task<int> FromModel(int id) => Task.FromResult(id * 2);
        }
        static class Auditor { public static Task<int> Check(StoresController c, int id) => c.GetStore(id); }
        interface IRule { Task<int> Check(int id); }
        class StoreRule : IRule
        {
            private readonly StoreRepository _repo = new StoreRepository();
            public Task<int> Check(int id) => _repo.FindStore(id);
        }
        class RuleEngine
        {
            private readonly List<IRule> _rules = new() { new StoreRule() };
            public Task<int> Run(int id) => _rules[0].Check(id);
        }
        """;

    internal const string Fields = """
            readonly StoresController _controller = new StoresController();
            readonly OpenController _open = new OpenController();
            readonly RuleEngine _engine = new RuleEngine();
        """;

    private static Task Reported(string body, int count) =>
        Verify.VerifyAnalyzerAsync(
            AG0201SequentialAwaitsTests.InMethod(body, Fields, Types),
            false,
            Verify.InfoAt(RuleIds.SequentialAwaits, 0, count, count));

    private static Task NotReported(string body) =>
        Verify.CreateTest(AG0201SequentialAwaitsTests.InMethod(body, Fields, Types), null, withRuntime: false).RunAsync(CancellationToken.None);

    // ---- Positives ----

    [Fact]
    public Task A_helper_of_another_object_that_uses_no_unsafe_state_is_reported() => Reported("""
                var a = await {|#0:_controller.GetModel(1)|};
                var b = await {|#1:_controller.GetModel(2)|};
        """, 2);

    [Fact]
    public Task Helpers_over_a_safe_client_of_an_object_that_also_holds_a_repository_are_reported() => Reported("""
                var rate = await {|#0:_controller.GetRate(1)|};
                var model = await {|#1:_controller.FromModel(2)|};
        """, 2);

    [Fact]
    public Task The_same_helper_on_a_local_is_reported() => Reported("""
                var controller = new StoresController();
                var a = await {|#0:controller.GetModel(1)|};
                var b = await {|#1:controller.GetRate(2)|};
        """, 2);

    // ---- Negatives ----

    [Fact]
    public Task One_helper_over_the_repository_and_one_over_a_safe_client_are_reported() => Reported("""
                var store = await {|#0:_controller.GetStore(1)|};
                var rate = await {|#1:_controller.GetRate(2)|};
        """, 2);

    [Fact]
    public Task A_second_call_over_a_DbContext_ends_the_run() => Verify.VerifyAnalyzerAsync(
        AG0201SequentialAwaitsTests.InMethod("""
                var store = await {|#0:_controller.GetStore(1)|};
                var rate = await {|#1:_controller.GetRate(2)|};
                var summary = await _controller.GetSummary(3);
        """, Fields, Types),
        false,
        Verify.InfoAt(RuleIds.SequentialAwaits, 0, 2, 2));

    // Each negative pairs the helper under test with a call known to reach the context: were the helper judged safe, the
    // pair would be gathered (one call over a DbContext may join a run).

    [Fact]
    public Task Two_helpers_that_use_the_repository_are_not_reported() => NotReported("""
                var a = await _controller.GetStore(1);
                var b = await _controller.GetStore(2);
        """);

    [Fact]
    public Task A_helper_that_reaches_the_repository_through_another_member_is_not_reported() => NotReported("""
                var a = await _controller.GetSummary(1);
                var b = await _controller.GetStore(2);
        """);

    [Fact]
    public Task A_helper_that_hands_this_on_is_not_reported() => NotReported("""
                var a = await _controller.Audit(1);
                var b = await _controller.GetStore(2);
        """);

    [Fact]
    public Task A_method_that_may_be_overridden_is_judged_by_its_type() => NotReported("""
                var a = await _open.FromModel(1);
                var b = await _controller.GetStore(2);
        """);

    [Fact]
    public Task Rules_kept_in_a_list_that_reach_a_DbContext_are_not_reported() => NotReported("""
                var a = await _engine.Run(1);
                var b = await _controller.GetStore(2);
        """);
}
