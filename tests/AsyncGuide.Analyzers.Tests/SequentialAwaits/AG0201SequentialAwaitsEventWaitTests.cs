using System.Threading;
using System.Threading.Tasks;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0201SequentialAwaitsAnalyzer,
    AsyncGuide.CodeFixes.AG0201SequentialAwaitsCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>
/// A call that waits for the next event (<c>server.GetNextRequest()</c>, <c>ReceiveAsync</c>) observes what the calls
/// before it caused, on any receiver: after a write it stays in order (btcpay's webhook tests: create an invoice, then
/// wait for the webhook request it triggers).
/// </summary>
public class AG0201SequentialAwaitsEventWaitTests
{
    private const string Types = """
        class FakeServer
        {
            private readonly SemaphoreSlim _signal = new(0);
            public Task<string> GetNextRequest() => Task.FromResult("");
            public Task<string> ReceiveAsync() => Task.FromResult("");
            public Task<int> GetCount() => Task.FromResult(_signal.CurrentCount);
        }
        class Shop
        {
            public Task<string> CreateInvoice(int amount) => Task.FromResult("");
            public Task<string> RedeliverWebhook(string id) => Task.FromResult(id);
            public Task<int> GetBalance(int id) => Task.FromResult(id);
        }
        """;

    private const string Fields = """
            readonly FakeServer _server = new FakeServer();
            readonly Shop _shop = new Shop();
        """;

    private static Task NotReported(string body) =>
        Verify.CreateTest(AG0201SequentialAwaitsTests.InMethod(body, Fields, Types), null, withRuntime: false).RunAsync(CancellationToken.None);

    // Round 16 (Tmds.DBus' tests): `var reply = await connection.ListServicesAsync(); e = await changeEvents.TakeAsync();` —
    // the listing connects, and the take waits for the state change that causes. A read can raise the event a wait waits for,
    // so a wait for the next event joins no run; the calls around it still gather with each other.
    [Fact]
    public Task A_read_and_a_wait_for_the_next_request_are_not_reported() => NotReported("""
                var balance = await _shop.GetBalance(1);
                var request = await _server.GetNextRequest();
        """);

    [Fact]
    public Task Reads_after_a_wait_for_the_next_request_gather_with_each_other_only() => Verify.VerifyAnalyzerAsync(
        AG0201SequentialAwaitsTests.InMethod("""
                var request = await _server.GetNextRequest();
                var balance = await {|#0:_shop.GetBalance(1)|};
                var other = await {|#1:_shop.GetBalance(2)|};
        """, Fields, Types),
        false,
        Verify.InfoAt(RuleIds.SequentialAwaits, 0, 2, 2));

    [Fact]
    public Task A_write_then_a_wait_for_the_request_it_triggers_is_not_reported() => NotReported("""
                var invoiceId = await _shop.CreateInvoice(10);
                var request = await _server.GetNextRequest();
        """);

    [Fact]
    public Task A_call_that_is_no_read_then_a_receive_is_not_reported() => NotReported("""
                var delivery = await _shop.RedeliverWebhook("h");
                var message = await _server.ReceiveAsync();
        """);
}
