using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0201SequentialAwaitsAnalyzer,
    AsyncGuide.CodeFixes.AG0201SequentialAwaitsCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>
/// AG0201's receiver-safety model: one receiver is gathered unless it may reach a non-concurrent
/// object, or an effect through it is an input of the other call (order through the receiver).
/// </summary>
public class AG0201SequentialAwaitsReceiverTests
{
    /// <summary>Application types: a repository over a DbContext, one behind an interface, a service two levels up, a cache client.</summary>
    private const string AppTypes = """
        namespace Microsoft.EntityFrameworkCore { public class DbContext { } }
        class AppDb : Microsoft.EntityFrameworkCore.DbContext { }
        interface IOrderRepository { Task<int> GetOrder(int id); Task<int> GetTotal(int id); }
        class OrderRepository : IOrderRepository
        {
            private readonly AppDb _db = new AppDb();
            public Task<int> GetOrder(int id) => Task.FromResult(_db.GetHashCode() + id);
            public Task<int> GetTotal(int id) => Task.FromResult(_db.GetHashCode() - id);
        }
        class UserStore(AppDb db)
        {
            public Task<int> GetUser(int id) => Task.FromResult(db.GetHashCode() + id);
            public Task<int> GetRole(int id) => Task.FromResult(db.GetHashCode() - id);
        }
        class CheckoutService
        {
            public OrderRepository Orders { get; } = new OrderRepository();
            public Task<int> GetCart(int id) => Orders.GetOrder(id);
            public Task<int> GetPrice(int id) => Orders.GetTotal(id);
        }
        class Cache
        {
            public Task<bool> StringSet(string key, string value) => Task.FromResult(true);
            public Task<string> StringGet(string key) => Task.FromResult(key);
            public Task<int> Process(int id) => Task.FromResult(id);
            public Task<int> GetCount(int id) => Task.FromResult(id);
        }
        class Options { public int Size { get; set; } public List<string> Expand { get; set; } = new(); }
        class RepoContext { public RepoInfo Repository { get; } = new RepoInfo(); }
        class RepoInfo { public string Owner { get; } = ""; }
        class Workflows { public Task<int> List(string owner, string name) => Task.FromResult(1); }
        class GitHub { public Workflows Workflows { get; } = new Workflows(); }
        class Invoice { }
        readonly record struct InvoiceRequests(Invoice Monthly, Invoice Annual);
        class Billing
        {
            public Task<int> CreateInvoicePreview(Invoice invoice) => Task.FromResult(1);
            public Task<int> CreateInvoice(Invoice invoice) => Task.FromResult(1);
        }
        class Holder { public Holder(Org org) { } }
        class Org
        {
            public int PlanType { get; set; }
            public string Name { get; private set; } = "";
            public int Seats { get { return PlanType * 10; } set { } }
        }
        class LazyBackend
        {
            private HttpClient? _client;
            private readonly Dictionary<string, int> _sizes = new();
            public async Task<HttpClient> GetClientAsync() { await Task.Yield(); return _client ??= new HttpClient(); }
            public async Task<int> FindEntryAsync(string name) { var client = await GetClientAsync(); return client.GetHashCode() + name.Length; }
            public async Task<int> GetSizeAsync(string name) { await Task.Yield(); _sizes[name] = name.Length; return name.Length; }
            public Task<int> CountAsync(int id) => Task.FromResult(id + _client!.GetHashCode());
            public Task<int> GetTotalAsync(int id) => Task.FromResult(-id);
        }
        class LockedClient
        {
            private readonly SemaphoreSlim _lock = new SemaphoreSlim(1, 1);
            public async Task<int> GetA(int id) { await _lock.WaitAsync(); try { return id; } finally { _lock.Release(); } }
            public async Task<int> GetB(int id) { await _lock.WaitAsync(); try { return -id; } finally { _lock.Release(); } }
        }
        class LockedApi
        {
            private readonly SemaphoreSlim _stateLock;
            public LockedApi() { this._stateLock = new(1); }
            public LockedClient Client { get; } = new LockedClient();
            public Task<int> GetA(int id) => Client.GetA(id + _stateLock.CurrentCount);
            public Task<int> GetB(int id) => Client.GetB(id + _stateLock.CurrentCount);
        }
        class SignalledClient
        {
            private readonly SemaphoreSlim _signal = new SemaphoreSlim(0);
            public Task<int> GetA(int id) => Task.FromResult(_signal.CurrentCount + id);
            public Task<int> GetB(int id) => Task.FromResult(_signal.CurrentCount - id);
        }
        class HandedLock
        {
            private readonly SemaphoreSlim _lock;
            public HandedLock(SemaphoreSlim shared) { _lock = shared; }
            public Task<int> GetA(int id) => Task.FromResult(_lock.CurrentCount + id);
            public Task<int> GetB(int id) => Task.FromResult(_lock.CurrentCount - id);
        }
        class ConnectionHolder
        {
            private readonly System.Data.Common.DbConnection _connection = null!;
            public Task<int> GetA(int id) => Task.FromResult(_connection.GetHashCode() + id);
            public Task<int> GetB(int id) => Task.FromResult(_connection.GetHashCode() - id);
        }
        """;

    private const string AppFields = """
            readonly IOrderRepository _orders = new OrderRepository();
            readonly OrderRepository _orderRepository = new OrderRepository();
            readonly UserStore _users = new UserStore(new AppDb());
            readonly CheckoutService _checkout = new CheckoutService();
            readonly Cache _cache = new Cache();
            readonly ConnectionHolder _holder = new ConnectionHolder();
            readonly Billing _billing = new Billing();
            readonly LockedClient _locked = new LockedClient();
            readonly LazyBackend _backend = new LazyBackend();
            readonly LockedApi _lockedApi = new LockedApi();
            readonly SignalledClient _signalled = new SignalledClient();
            readonly HandedLock _handed = new HandedLock(new SemaphoreSlim(1, 1));
            static Task<int> Fetch(Options o, int id) => Task.FromResult(id);
            static Task<int> Load(Options o, int id) => Task.FromResult(id);
            static Task<int> Fill(List<int> buffer, int id) => Task.FromResult(id);
            static Task<int> Drain(List<int> buffer, int id) => Task.FromResult(id);
            static Task<string> ReadKey(string key) => Task.FromResult(key);
            static Task<int> GetPlan(int plan) => Task.FromResult(plan);
            static Task<int> GetSubscription(string id, Options options) => Task.FromResult(1);
            static Task<int> GetTags(string id, string[] tags) => Task.FromResult(1);
            static Task<int> GetOwner(string id, Holder holder) => Task.FromResult(1);
            static Task<int> LoadOrg(Org org) => Task.FromResult(1);
            static Task<string> CreateWorkflow(GitHub github, RepoContext context) => Task.FromResult("");
            static Task<int> Sum(params int[] values) => Task.FromResult(values.Length);
            static Task<int> Tag(params Options[] options) => Task.FromResult(options.Length);
            readonly Func<int, Task<int>> _selector = x => Task.FromResult(x);
            Task<int> GetMine(int x) => _holder.GetA(x + _counter);
            Task<int> GetCached(int x) => _cache.GetCount(x);
            Task<int> FillCache(int x) => _cache.Process(x);
            Repo _late;
            Repo _swapped = new Repo();
            Repo _setLater;
            internal Repo _shared = new Repo();
            public Program() { _late = new Repo(); this._setLater = new Repo(); Action reset = () => _setLater = new Repo(); }
            void Swap() => _swapped = new Repo();
        """;

    private static Task Reported(string body, int count, string? editorconfig = null)
    {
        var test = Verify.CreateTest(AG0201SequentialAwaitsTests.InMethod(body, AppFields, AppTypes), null, withRuntime: false);
        var expected = Verify.Diagnostic(RuleIds.SequentialAwaits).WithSeverity(DiagnosticSeverity.Info).WithArguments(count);
        for (var i = 0; i < count; i++)
        {
            expected = expected.WithLocation(i);
        }

        test.ExpectedDiagnostics.Add(expected);
        AddEditorConfig(test, editorconfig);
        return test.RunAsync(CancellationToken.None);
    }

    private static Task NotReported(string body, string? editorconfig = null)
    {
        var test = Verify.CreateTest(AG0201SequentialAwaitsTests.InMethod(body, AppFields, AppTypes), null, withRuntime: false);
        AddEditorConfig(test, editorconfig);
        return test.RunAsync(CancellationToken.None);
    }

    private static void AddEditorConfig(Verify.Test test, string? editorconfig)
    {
        if (editorconfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\n" + editorconfig));
        }
    }

    // ---- Positives ----

    [Fact]
    public Task Two_reads_on_one_receiver_are_reported() => Reported("""
                var a = await {|#0:_repo.GetA(1)|};
                var b = await {|#1:_repo.GetB(2)|};
        """, 2);

    [Fact]
    public Task Two_reads_on_this_are_reported() => Verify.VerifyAnalyzerAsync(
        AG0201SequentialAwaitsTests.InMethod("""
                var a = await {|#0:GetMine(1)|};
                var b = await {|#1:this.GetMine(2)|};
        """, "Task<int> GetMine(int x) => Task.FromResult(x + _counter);"),
        false,
        Verify.Diagnostic(RuleIds.SequentialAwaits).WithSeverity(DiagnosticSeverity.Info).WithArguments(2).WithLocation(0).WithLocation(1));

    [Fact]
    public Task Calls_on_this_to_a_helper_that_uses_a_connection_are_not_reported() => NotReported("""
                var a = await GetMine(1);
                var b = await this.GetMine(2);
        """);

    [Fact]
    public Task Reads_through_a_helper_of_this_that_uses_only_safe_state_are_reported() => Reported("""
                var a = await {|#0:GetCached(1)|};
                var b = await {|#1:this.GetCached(2)|};
                var c = await {|#2:_cache.GetCount(3)|};
        """, 3);

    [Fact]
    public Task A_write_through_a_helper_of_this_then_a_read_through_a_field_is_not_reported() => NotReported("""
                var a = await FillCache(1);
                var b = await _cache.GetCount(2);
        """);

    [Fact]
    public Task A_write_through_a_field_then_a_helper_of_this_is_not_reported() => NotReported("""
                var a = await _cache.Process(1);
                var b = await GetCached(2);
        """);

    [Fact]
    public Task A_read_then_a_write_of_another_resource_is_reported() => Reported("""
                var count = await {|#0:_cache.GetCount(1)|};
                var done = await {|#1:_cache.Process(2)|};
        """, 2);

    [Fact]
    public Task A_shared_reference_argument_nothing_mutates_is_reported() => Reported("""
                var options = new Options { Size = 10 };
                var a = await {|#0:Fetch(options, 1)|};
                var b = await {|#1:Load(options, 2)|};
        """, 2);

    [Fact]
    public Task Two_reads_of_one_key_are_reported() => Reported("""
                var key = "k" + id;
                var a = await {|#0:_cache.StringGet(key)|};
                var b = await {|#1:ReadKey(key)|};
        """, 2);

    [Fact]
    public Task A_private_field_only_the_constructor_sets_is_as_good_as_readonly() => Reported("""
                var a = await {|#0:_late.GetA(1)|};
                var b = await {|#1:_late.GetB(2)|};
        """, 2);

    [Fact]
    public Task Previews_of_a_write_are_reads() => Reported("""
                var requests = new InvoiceRequests(new Invoice(), new Invoice());
                var monthly = await {|#0:_billing.CreateInvoicePreview(requests.Monthly)|};
                var annual = await {|#1:_billing.CreateInvoicePreview(requests.Annual)|};
        """, 2);

    [Fact]
    public Task Reads_through_values_read_off_one_object_are_reported() => Reported("""
                var github = new GitHub();
                var context = new RepoContext();
                var owner = context.Repository.Owner;
                var fixture = github.Workflows;
                var a = await {|#0:fixture.List(owner, "a")|};
                var b = await {|#1:fixture.List(owner, "b")|};
        """, 2);

    [Fact]
    public Task Params_arrays_of_values_are_reported() => Reported("""
                var a = await {|#0:Sum(1, id)|};
                var b = await {|#1:Sum()|};
        """, 2);

    [Fact]
    public Task After_a_repeated_call_other_owners_still_gather() => Reported("""
                var a = await _cache.GetCount(1);
                var b = await {|#0:_cache.GetCount(1)|};
                var c = await {|#1:GetPlan(2)|};
                var d = await {|#2:GetPlan(3)|};
        """, 3);

    // ---- Negatives ----

    [Fact]
    public Task After_a_repeated_call_the_calls_on_that_receiver_stay_in_order() => NotReported("""
                var a = await _cache.GetCount(1);
                var b = await _cache.GetCount(1);
                var c = await _cache.GetCount(2);
        """);

    [Fact]
    public Task A_params_array_holding_a_shared_object_is_not_reported() => NotReported("""
                var options = new Options();
                var a = await Tag(options);
                var b = await Tag(options, new Options());
        """);

    [Fact]
    public Task Delegates_held_in_a_field_are_not_reported() => NotReported("""
                var a = await _selector(1);
                var b = await _selector(2);
        """);

    [Fact]
    public Task A_write_then_a_read_through_values_read_off_what_the_write_got_is_not_reported() => NotReported("""
                var github = new GitHub();
                var context = new RepoContext();
                var owner = context.Repository.Owner;
                var fixture = github.Workflows;
                var file = await CreateWorkflow(github, context);
                var count = await fixture.List(owner, "x");
        """);

    [Fact]
    public Task Two_writes_naming_parts_of_one_object_are_not_reported() => NotReported("""
                var requests = new InvoiceRequests(new Invoice(), new Invoice());
                var monthly = await _billing.CreateInvoice(requests.Monthly);
                var annual = await _billing.CreateInvoice(requests.Annual);
        """);

    [Theory]
    [InlineData("_swapped")]
    [InlineData("_setLater")]
    [InlineData("_shared")]
    public Task A_field_written_outside_the_constructor_or_visible_outside_the_class_is_not_simple(string field) => NotReported($"""
                var a = await {field}.GetA(1);
                var b = await {field}.GetB(2);
        """);

    [Fact]
    public Task Settable_auto_properties_of_an_object_no_earlier_call_got_are_reported() => Reported("""
                var org = new Org();
                var plan = await {|#0:GetPlan(org.PlanType)|};
                var name = await {|#1:ReadKey(org.Name)|};
                var count = await {|#2:_cache.GetCount(org.PlanType)|};
        """, 3);

    [Fact]
    public Task A_settable_property_of_an_object_an_earlier_call_got_is_not_gathered_with_it() => NotReported("""
                var org = new Org();
                var loaded = await LoadOrg(org);
                var plan = await GetPlan(org.PlanType);
        """);

    [Fact]
    public Task A_settable_property_with_a_body_is_not_gathered() => NotReported("""
                var org = new Org();
                var seats = await GetPlan(org.Seats);
                var plan = await GetPlan(3);
        """);

    [Fact]
    public Task Objects_and_arrays_built_from_constants_and_copied_values_are_reported() => Reported("""
                var size = 20;
                var subscription = await {|#0:GetSubscription("sub", new Options { Size = size, Expand = { "customer", "plan" } })|};
                var tags = await {|#1:GetTags("sub", new[] { "a", "b" })|};
                var plan = await {|#2:GetPlan(3)|};
        """, 3);

    [Fact]
    public Task An_object_built_around_another_object_is_not_gathered() => NotReported("""
                var org = new Org();
                var owner = await GetOwner("sub", new Holder(org));
                var plan = await GetPlan(org.PlanType);
        """);

    [Fact]
    public Task A_DbContext_behind_a_repository_class_is_never_gathered() => NotReported("""
                var a = await _orderRepository.GetOrder(1);
                var b = await _orderRepository.GetTotal(2);
        """);

    [Fact]
    public Task A_DbContext_behind_an_interface_of_the_compilation_is_never_gathered() => NotReported("""
                var a = await _orders.GetOrder(1);
                var b = await _orders.GetTotal(2);
        """);

    [Fact]
    public Task A_DbContext_captured_by_a_primary_constructor_is_never_gathered() => NotReported("""
                var a = await _users.GetUser(1);
                var b = await _users.GetRole(2);
        """);

    [Fact]
    public Task A_DbContext_two_levels_down_is_never_gathered() => NotReported("""
                var a = await _checkout.GetCart(1);
                var b = await _checkout.GetPrice(2);
        """);

    [Fact]
    public Task One_call_over_a_DbContext_joins_calls_that_reach_none() => Reported("""
                var order = await {|#0:_orderRepository.GetOrder(1)|};
                var count = await {|#1:_cache.GetCount(2)|};
                var b = await {|#2:_repo.GetB(3)|};
        """, 3);

    [Fact]
    public Task A_repository_and_a_service_over_the_same_context_are_not_reported() => NotReported("""
                var order = await _orderRepository.GetOrder(1);
                var total = await _checkout.GetCart(2);
        """);

    [Fact]
    public Task Two_repositories_sharing_a_context_are_never_gathered() => NotReported("""
                var a = await _orders.GetOrder(1);
                var b = await _users.GetUser(2);
        """);

    [Fact]
    public Task A_connection_held_by_a_wrapper_is_never_gathered() => NotReported("""
                var a = await _holder.GetA(1);
                var b = await _holder.GetB(2);
        """);

    [Fact]
    public Task A_type_with_its_own_lock_is_gathered_directly_and_through_a_holder() => Reported("""
                var a = await {|#0:_locked.GetA(1)|};
                var b = await {|#1:_locked.GetB(2)|};
                var c = await {|#2:_lockedApi.GetA(3)|};
                var d = await {|#3:_lockedApi.GetB(4)|};
        """, 4);

    // Seen in duplicati's backends: GetClientAsync creates the client and keeps it in a field, FindEntryAsync calls it
    // too. Run at once, both may create a client and one dispose the other's. A "Get" that keeps state is no read.
    [Fact]
    public Task Reads_that_keep_what_they_make_in_their_objects_state_are_not_reported() => NotReported("""
                var client = await _backend.GetClientAsync();
                var entry = await _backend.FindEntryAsync("a");
                var size = await _backend.GetSizeAsync("b");
                var other = await _backend.GetSizeAsync("c");
        """);

    [Fact]
    public Task Reads_of_an_object_that_keep_nothing_are_reported() => Reported("""
                var count = await {|#0:_backend.CountAsync(1)|};
                var total = await {|#1:_backend.GetTotalAsync(2)|};
        """, 2);

    [Fact]
    public Task A_semaphore_used_as_a_signal_or_handed_in_is_never_gathered() => NotReported("""
                var a = await _signalled.GetA(1);
                var b = await _signalled.GetB(2);
                var c = await _handed.GetA(3);
                var d = await _handed.GetB(4);
        """);

    [Fact]
    public Task A_write_then_a_read_of_one_key_is_not_reported() => NotReported("""
                var key = "k" + id;
                var set = await _cache.StringSet(key, "v");
                var value = await _cache.StringGet(key);
        """);

    [Fact]
    public Task A_write_then_a_read_on_one_receiver_is_not_reported() => NotReported("""
                var done = await _cache.Process(1);
                var count = await _cache.GetCount(2);
        """);

    [Fact]
    public Task A_read_then_a_write_of_the_same_resource_is_not_reported() => NotReported("""
                var count = await _cache.GetCount(id);
                var done = await _cache.Process(id);
        """);

    [Fact]
    public Task A_known_write_and_a_read_naming_one_resource_on_different_receivers_is_not_reported() => NotReported("""
                var key = "k" + id;
                var set = await _cache.StringSet(key, "v");
                var value = await ReadKey(key);
        """);

    [Fact]
    public Task A_shared_buffer_is_not_reported() => NotReported("""
                var buffer = new List<int>();
                var a = await Fill(buffer, 1);
                var b = await Drain(buffer, 2);
        """);

    [Fact]
    public Task Strict_mode_keeps_one_receiver_apart() => NotReported("""
                var a = await _repo.GetA(1);
                var b = await _repo.GetB(2);
        """, "asyncguide.AG0201.receivers = strict\n");

    [Fact]
    public Task Strict_mode_keeps_shared_reference_arguments_apart() => NotReported("""
                var options = new Options { Size = 10 };
                var a = await Fetch(options, 1);
                var b = await Load(options, 2);
        """, "asyncguide.AG0201.receivers = strict\n");
}
