using System.Threading;
using System.Threading.Tasks;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0202SequentialAwaitsInLoopAnalyzer,
    AsyncGuide.CodeFixes.AG0202SequentialAwaitsInLoopCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>
/// AG0202 with the receivers of the held-out families: a helper of another object judged by the state it uses (M6),
/// a handle made per iteration by a factory (M4), rules kept in a collection.
/// </summary>
public class AG0202SequentialAwaitsInLoopReceiverTests
{
    private const string Types = AG0201SequentialAwaitsMethodStateTests.Types + """

        interface ILocator { Task<int> CountAsync(); }
        interface IPage { ILocator Locator(string selector); }
        class Services { public StoreRepository Stores() => new StoreRepository(); }
        class LazyClient
        {
            private Dictionary<int, int>? _cache;
            public async Task<int> GetEntry(int id) { await Task.Yield(); (_cache ??= new())[id] = id; return id; }
        }
        class Reactions
        {
            public Task<int> Create(string owner, int commentId, int kind) => Task.FromResult(kind);
            public Task<int> Invite(string owner, int repoId) => Task.FromResult(repoId);
            public Task<int> Process(int batchId, int id) => Task.FromResult(id);
            public Task<int> GetReaction(int commentId, int kind) => Task.FromResult(kind);
        }
        """;

    private const string Fields = AG0201SequentialAwaitsMethodStateTests.Fields + """
            readonly IPage _page = null!;
            readonly Services _services = new Services();
            readonly Reactions _reactions = new Reactions();
            readonly LazyClient _lazy = new LazyClient();
        """;

    private static string Source(string body) => AG0202SequentialAwaitsInLoopTests.Source(body, extraMembers: Fields) + Types;

    private static Task Reported(string body)
    {
        var test = Verify.CreateTest(Source(body), null, withRuntime: false);
        test.ExpectedDiagnostics.Add(Verify.InfoAt(RuleIds.SequentialAwaitsInLoop, 0, 1));
        return test.RunAsync(CancellationToken.None);
    }

    private static Task NotReported(string body) => Verify.CreateTest(Source(body), null, withRuntime: false).RunAsync(CancellationToken.None);

    [Fact]
    public Task A_helper_of_another_object_that_uses_no_unsafe_state_is_reported() => Reported("""
                foreach (var id in ids)
                    results.Add(await {|#0:_controller.FromModel(id)|});
        """);

    [Fact]
    public Task A_locator_per_item_is_reported() => Reported("""
                foreach (var name in names)
                    results.Add(await {|#0:_page.Locator(name).CountAsync()|});
        """);

    [Fact]
    public Task A_helper_that_uses_the_repository_is_not_reported() => NotReported("""
                foreach (var id in ids)
                    results.Add(await _controller.GetStore(id));
        """);

    [Fact]
    public Task A_helper_that_reaches_the_repository_through_another_member_is_not_reported() => NotReported("""
                foreach (var id in ids)
                    results.Add(await _controller.GetSummary(id));
        """);

    [Fact]
    public Task A_handle_that_reaches_a_DbContext_is_not_reported() => NotReported("""
                foreach (var id in ids)
                    results.Add(await _services.Stores().FindStore(id));
        """);

    [Fact]
    public Task Rules_kept_in_a_list_that_reach_a_DbContext_are_not_reported() => NotReported("""
                foreach (var id in ids)
                    results.Add(await _engine.Run(id));
        """);

    // ---- Order through the receiver: every iteration names one resource ----

    [Fact]
    public Task Writes_that_all_name_one_resource_are_not_reported() => NotReported("""
                var commentId = ids[0];
                foreach (var kind in ids)
                {
                    var reaction = await _reactions.Create("octo", commentId, kind);
                    results.Add(reaction);
                }
                foreach (var id in ids)
                    results.Add(await _reactions.Process(commentId, id));
        """);

    [Fact]
    public Task Writes_that_each_name_their_own_resource_are_reported() => Reported("""
                foreach (var name in names)
                {
                    var invited = await {|#0:_reactions.Invite(name, name.Length)|};
                    results.Add(invited);
                }
        """);

    [Fact]
    public Task Reads_of_one_resource_are_reported() => Reported("""
                var commentId = ids[0];
                foreach (var kind in ids)
                    results.Add(await {|#0:_reactions.GetReaction(commentId, kind)|});
        """);

    [Fact]
    public Task A_method_that_fills_its_objects_cache_is_not_reported() => NotReported("""
                foreach (var id in ids)
                    results.Add(await _lazy.GetEntry(id));
        """);
}
