using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0201SequentialAwaitsAnalyzer,
    AsyncGuide.CodeFixes.AG0201SequentialAwaitsCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>
/// AG0201's receiver model for types of referenced projects (issue 15, recall review family F2): a receiver from
/// another assembly is judged by what its symbols show (fields, properties, public constructor parameters) and by
/// the implementations of an interface in the referenced assemblies, not by whether its assembly references EF Core.
/// Where the referenced project's source is seen (the IDE, and these tests), a method of a class is judged by what it
/// uses (held-out family M6). Three projects as in a layered application: Domain (interfaces), Infra (implementations, over EF Core), the app.
/// </summary>
public class AG0201SequentialAwaitsForeignReceiverTests
{
    private const string EntityFramework = """
        namespace Microsoft.EntityFrameworkCore
        {
            public class DbContext { }
            public interface IDbContextFactory<TContext> where TContext : DbContext { TContext CreateDbContext(); }
        }
        """;

    private const string Domain = """
        using System.Threading.Tasks;

        namespace Domain
        {
            public interface IOrgRepository { Task<int> GetOrg(int id); Task<int> GetPlan(int id); }
            public interface IOrderRepository { Task<int> GetOrder(int id); Task<int> GetTotal(int id); }
            public interface IUserRepository { Task<int> GetUser(int id); Task<int> GetRole(int id); }
            public interface IBillingService { Task<int> GetInvoice(int id); Task<int> GetBalance(int id); }
            public interface IScopeFactory { object CreateScope(); }
            public interface IApiClient { Task<int> GetA(int id); Task<int> GetB(int id); }
            public interface IEventFeed { Task<int> GetA(int id); Task<int> GetB(int id); }
        }
        """;

    private const string Infra = """
        using System.Threading.Tasks;
        using Domain;
        using Microsoft.EntityFrameworkCore;

        namespace Infra
        {
            public class AppDb : DbContext { }

            // linq2db's shape: options that are views of one another through an explicit interface property.
            public interface IOptionSet { IOptionSet Default { get; } }
            public sealed class ConnectionOptions : IOptionSet
            {
                public ConnectionOptions(System.Data.Common.DbConnection connection) { }
                IOptionSet IOptionSet.Default => this;
            }
            public sealed class BulkOptions : IOptionSet { IOptionSet IOptionSet.Default => this; }

            // A context per call, made from a scope: holds none.
            public class OrgRepository : IOrgRepository
            {
                public OrgRepository(IScopeFactory scopes) => Scopes = scopes;
                protected IScopeFactory Scopes { get; }
                protected BulkOptions DefaultBulkOptions { get; } = new BulkOptions();
                public Task<int> GetOrg(int id) => Task.FromResult(id);
                public Task<int> GetPlan(int id) => Task.FromResult(id);
            }

            // A context per call, from the factory: holds none.
            public class UserRepository : IUserRepository
            {
                public UserRepository(IDbContextFactory<AppDb> contexts) { }
                public Task<int> GetUser(int id) => Task.FromResult(id);
                public Task<int> GetRole(int id) => Task.FromResult(id);
            }

            // The scoped context, handed in by DI and kept.
            public class OrderRepository : IOrderRepository
            {
                private readonly AppDb _db;
                public OrderRepository(AppDb db) => _db = db;
                public Task<int> GetOrder(int id) => Task.FromResult(_db.GetHashCode() + id);
                public Task<int> GetTotal(int id) => Task.FromResult(_db.GetHashCode() - id);
            }

            // A controller-like class over the repository that keeps the context, with helpers that do not use it.
            public sealed class StoresController
            {
                private readonly OrderRepository _orders;
                public StoresController(OrderRepository orders) => _orders = orders;
                public Task<int> GetModel(int id) => Task.FromResult(id * 2);
                public Task<int> GetOrderModel(int id) => _orders.GetOrder(id);
            }

            // Its own lock: overlapping calls queue on it.
            public sealed class ApiClient : IApiClient
            {
                private readonly System.Threading.SemaphoreSlim _stateLock = new System.Threading.SemaphoreSlim(1, 1);
                public Task<int> GetA(int id) => Task.FromResult(_stateLock.CurrentCount + id);
                public Task<int> GetB(int id) => Task.FromResult(_stateLock.CurrentCount - id);
            }

            // A semaphore counting from 0 is a signal between calls, not a lock.
            public sealed class EventFeed : IEventFeed
            {
                private readonly System.Threading.SemaphoreSlim _signal = new System.Threading.SemaphoreSlim(0);
                public Task<int> GetA(int id) => Task.FromResult(_signal.CurrentCount + id);
                public Task<int> GetB(int id) => Task.FromResult(_signal.CurrentCount - id);
            }

            // Two levels up: a service over the repository that keeps the context.
            public class BillingService : IBillingService
            {
                public BillingService(OrderRepository orders) { }
                public Task<int> GetInvoice(int id) => Task.FromResult(id);
                public Task<int> GetBalance(int id) => Task.FromResult(id);
            }
        }
        """;

    private const string Fields = """
            readonly Domain.IOrgRepository _orgs = null!;
            readonly Domain.IUserRepository _users = null!;
            readonly Domain.IOrderRepository _orders = null!;
            readonly Domain.IBillingService _billing = null!;
            readonly Infra.OrderRepository _orderRepository = null!;
            readonly Infra.StoresController _stores = null!;
            readonly Domain.IApiClient _api = null!;
            readonly Domain.IEventFeed _feed = null!;
        """;

    private static Verify.Test Layered(string body)
    {
        var test = Verify.CreateTest(AG0201SequentialAwaitsTests.InMethod(body, Fields), null, withRuntime: false);
        test.TestState.AdditionalProjects["Microsoft.EntityFrameworkCore"].Sources.Add(("DbContext.cs", EntityFramework));
        test.TestState.AdditionalProjects["Domain"].Sources.Add(("Domain.cs", Domain));
        test.TestState.AdditionalProjects["Infra"].Sources.Add(("Infra.cs", Infra));
        test.TestState.AdditionalProjects["Infra"].AdditionalProjectReferences.Add("Domain");
        test.TestState.AdditionalProjects["Infra"].AdditionalProjectReferences.Add("Microsoft.EntityFrameworkCore");
        foreach (var project in new[] { "Microsoft.EntityFrameworkCore", "Domain", "Infra" })
        {
            test.TestState.AdditionalProjects[project].AdditionalReferences.AddRange(Infrastructure.TestReferences.Net80);
        }

        test.TestState.AdditionalProjectReferences.Add("Domain");
        test.TestState.AdditionalProjectReferences.Add("Infra");
        test.TestState.AdditionalProjectReferences.Add("Microsoft.EntityFrameworkCore");
        return test;
    }

    private static Task Reported(string body, int count)
    {
        var test = Layered(body);
        var expected = Verify.Diagnostic(RuleIds.SequentialAwaits).WithSeverity(DiagnosticSeverity.Info).WithArguments(count);
        for (var i = 0; i < count; i++)
        {
            expected = expected.WithLocation(i);
        }

        test.ExpectedDiagnostics.Add(expected);
        return test.RunAsync(CancellationToken.None);
    }

    private static Task NotReported(string body) => Layered(body).RunAsync(CancellationToken.None);

    [Fact]
    public Task A_repository_making_a_context_per_call_from_a_scope_is_gathered() => Reported("""
                var org = await {|#0:_orgs.GetOrg(id)|};
                var plan = await {|#1:_orgs.GetPlan(id)|};
        """, 2);

    [Fact]
    public Task A_repository_taking_a_context_factory_is_gathered() => Reported("""
                var user = await {|#0:_users.GetUser(id)|};
                var role = await {|#1:_users.GetRole(id)|};
        """, 2);

    [Fact]
    public Task Two_foreign_repositories_that_hold_no_context_are_gathered() => Reported("""
                var org = await {|#0:_orgs.GetOrg(id)|};
                var user = await {|#1:_users.GetUser(id)|};
        """, 2);

    [Fact]
    public Task An_interface_implemented_over_a_kept_context_is_never_gathered() => NotReported("""
                var order = await _orders.GetOrder(id);
                var total = await _orders.GetTotal(id);
        """);

    [Fact]
    public Task The_implementation_itself_is_never_gathered() => NotReported("""
                var order = await _orderRepository.GetOrder(id);
                var total = await _orderRepository.GetTotal(id);
        """);

    [Fact]
    public Task A_service_over_such_a_repository_is_never_gathered() => NotReported("""
                var invoice = await _billing.GetInvoice(id);
                var balance = await _billing.GetBalance(id);
        """);

    [Fact]
    public Task A_helper_of_a_referenced_class_whose_source_is_seen_is_judged_by_what_it_uses() => Reported("""
                var a = await {|#0:_stores.GetModel(1)|};
                var b = await {|#1:_stores.GetModel(2)|};
        """, 2);

    [Fact]
    public Task A_helper_of_a_referenced_class_that_uses_the_context_is_never_gathered() => NotReported("""
                var a = await _stores.GetOrderModel(1);
                var b = await _orderRepository.GetTotal(2);
        """);

    [Fact]
    public Task An_interface_implemented_over_its_own_lock_is_gathered() => Reported("""
                var a = await {|#0:_api.GetA(1)|};
                var b = await {|#1:_api.GetB(2)|};
        """, 2);

    [Fact]
    public Task An_interface_implemented_over_a_signal_is_never_gathered() => NotReported("""
                var a = await _feed.GetA(1);
                var b = await _feed.GetB(2);
        """);
}
