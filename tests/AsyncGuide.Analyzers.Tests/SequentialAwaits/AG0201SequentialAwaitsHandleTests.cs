using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0201SequentialAwaitsAnalyzer,
    AsyncGuide.CodeFixes.AG0201SequentialAwaitsCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>
/// AG0201 on receivers a synchronous factory makes on the spot (<c>page.Locator("#a").CountAsync()</c>, held-out family
/// M4) and on the two-word readers of UI-automation APIs (<c>InputValueAsync</c>, <c>InnerTextAsync</c>: M5).
/// </summary>
public class AG0201SequentialAwaitsHandleTests
{
    /// <summary>A Playwright-like page, and factories that must not count as handle factories.</summary>
    private const string Types = """
        interface ILocator
        {
            Task<int> CountAsync();
            Task<string> InputValueAsync();
            Task<string> InnerTextAsync();
            Task<string?> TextContentAsync();
            Task<bool> IsVisibleAsync();
            Task<string> TypeAndSubmitAsync(string text);
            Task<string> InputValueChangedAsync(string text);
            ILocator Nth(int index);
            ILocator Filter(Func<string, bool> predicate);
        }
        interface IPage
        {
            ILocator Locator(string selector);
            Task<string> InputValueAsync(string selector);
            Task<string?> GetAttributeAsync(string selector, string name);
            Task<string> EvaluateAsync(string script);
        }
        class Tester { public IPage Page { get; } = null!; }
        static class Locators { public static ILocator For(string selector) => null!; }
        namespace Microsoft.EntityFrameworkCore { public class DbContext { } }
        class AppDb : Microsoft.EntityFrameworkCore.DbContext { }
        class OrderRepository
        {
            private readonly AppDb _db = new AppDb();
            public Task<int> GetOrder(int id) => Task.FromResult(_db.GetHashCode() + id);
        }
        class Services { public OrderRepository Orders() => new OrderRepository(); }
        class Session { public System.IO.TextReader Reader() => null!; }
        class Queue { public ILocator Pop(string name) => null!; }
        """;

    private const string Fields = """
            readonly Tester _tester = new Tester();
            readonly Services _services = new Services();
            readonly Session _session = new Session();
            readonly Queue _queue = new Queue();
        """;

    private static Task Reported(string body, int count, string? editorconfig = null)
    {
        var test = Verify.CreateTest(AG0201SequentialAwaitsTests.InMethod(body, Fields, Types), null, withRuntime: false);
        test.ExpectedDiagnostics.Add(Verify.InfoAt(RuleIds.SequentialAwaits, 0, count, count));
        AddEditorConfig(test, editorconfig);
        return test.RunAsync(CancellationToken.None);
    }

    private static Task NotReported(string body, string? editorconfig = null)
    {
        var test = Verify.CreateTest(AG0201SequentialAwaitsTests.InMethod(body, Fields, Types), null, withRuntime: false);
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
    public Task Counts_through_two_locators_of_one_page_are_reported() => Reported("""
                var settled = await {|#0:_tester.Page.Locator(".badge:has-text('Settled')").CountAsync()|};
                var pending = await {|#1:_tester.Page.Locator(".badge:has-text('Pending')").CountAsync()|};
        """, 2);

    [Fact]
    public Task A_chain_of_handle_factories_is_reported() => Reported("""
                var row = "tr";
                var first = await {|#0:_tester.Page.Locator(row).Nth(0).InnerTextAsync()|};
                var second = await {|#1:_tester.Page.Locator(row).Nth(1).InnerTextAsync()|};
        """, 2);

    [Fact]
    public Task Two_word_readers_of_a_page_are_reads() => Reported("""
                var script = await {|#0:_tester.Page.InputValueAsync($"#{id}_Script")|};
                var fallback = await {|#1:_tester.Page.GetAttributeAsync($"#{id}_DefaultScript", "value")|};
                var text = await {|#2:_tester.Page.Locator("#total").TextContentAsync()|};
        """, 3);

    [Fact]
    public Task A_read_then_a_write_through_the_page_is_reported() => Reported("""
                var before = await {|#0:_tester.Page.Locator("#a").InputValueAsync()|};
                var after = await {|#1:_tester.Page.Locator("#b").TypeAndSubmitAsync("x")|};
        """, 2);

    // ---- Negatives ----

    [Fact]
    public Task A_write_through_a_handle_then_a_read_through_the_same_page_is_not_reported() => NotReported("""
                var sent = await _tester.Page.Locator("#a").TypeAndSubmitAsync("x");
                var shown = await _tester.Page.Locator("#b").InputValueAsync();
        """);

    [Fact]
    public Task A_script_then_a_read_is_not_reported() => NotReported("""
                var done = await _tester.Page.EvaluateAsync("document.querySelector('#a').value = 'x'");
                var shown = await _tester.Page.InputValueAsync("#a");
        """);

    [Fact]
    public Task A_reader_phrase_followed_by_another_word_is_not_a_read() => NotReported("""
                var changed = await _tester.Page.Locator("#a").InputValueChangedAsync("x");
                var shown = await _tester.Page.Locator("#b").InputValueAsync();
        """);

    [Fact]
    public Task The_same_handle_call_twice_is_not_reported() => NotReported("""
                var before = await _tester.Page.Locator("#spinner").IsVisibleAsync();
                var after = await _tester.Page.Locator("#spinner").IsVisibleAsync();
        """);

    [Fact]
    public Task A_handle_that_reaches_a_DbContext_is_not_reported() => NotReported("""
                var a = await _services.Orders().GetOrder(1);
                var b = await _services.Orders().GetOrder(2);
        """);

    [Fact]
    public Task A_handle_of_a_non_concurrent_type_is_not_reported() => NotReported("""
                var first = await _session.Reader().ReadLineAsync();
                var second = await _session.Reader().ReadToEndAsync();
        """);

    [Fact]
    public Task A_factory_named_as_a_write_is_not_a_handle_factory() => NotReported("""
                var a = await _queue.Pop("a").InnerTextAsync();
                var b = await _queue.Pop("b").InnerTextAsync();
        """);

    [Fact]
    public Task A_static_factory_is_not_reported() => NotReported("""
                var a = await Locators.For("#a").CountAsync();
                var b = await Locators.For("#b").CountAsync();
        """);

    [Fact]
    public Task A_factory_taking_a_lambda_is_not_reported() => NotReported("""
                var a = await _tester.Page.Locator("tr").Filter(t => t.Length > 1).CountAsync();
                var b = await _tester.Page.Locator("td").Filter(t => t.Length > 2).CountAsync();
        """);

    [Fact]
    public Task Handles_are_not_gathered_in_strict_mode() => NotReported(
        """
                var other = new Tester();
                var settled = await _tester.Page.Locator("#settled").CountAsync();
                var pending = await other.Page.Locator("#pending").CountAsync();
        """,
        "asyncguide.AG0201.receivers = strict");
}
