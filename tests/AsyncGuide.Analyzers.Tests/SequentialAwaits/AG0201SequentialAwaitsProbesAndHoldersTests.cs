using System.Threading.Tasks;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>
/// The shapes round 16's reviewers rejected on fresh code (docs/precision/P1-round16.md): awaits of an interface whose
/// implementations here only hand back what they hold (DSharpPlus' pagination requests), a repeated call that checks what
/// the calls between changed (Coravel's cache tests), and a take of the next event (Tmds.DBus' tests). Each with the near-miss
/// that is still reported.
/// </summary>
public class AG0201SequentialAwaitsProbesAndHoldersTests
{
    private const string Holders = """
        interface IRequest
        {
            Task<string> GetMessageAsync();
            Task<int> GetUserAsync();
        }

        sealed class ButtonRequest : IRequest
        {
            private readonly string _message = "";
            private readonly int _user = 1;
            public Task<string> GetMessageAsync() => Task.FromResult(_message);
            public Task<int> GetUserAsync() => Task.FromResult(_user);
        }

        sealed class MessageRequest : IRequest
        {
            private readonly string _message = "";
            private readonly int _user = 1;
            public async Task<string> GetMessageAsync() { await Task.Yield(); return _message; }
            public async Task<int> GetUserAsync() { await Task.Yield(); return _user; }
        }

        interface IStore
        {
            Task<string> GetMessageAsync();
            Task<int> GetUserAsync();
        }

        sealed class HttpStore : IStore
        {
            private readonly System.Net.Http.HttpClient _http = new();
            public Task<string> GetMessageAsync() => _http.GetStringAsync("m");
            public async Task<int> GetUserAsync() => (await _http.GetStringAsync("u")).Length;
        }
        """;

    [Fact]
    public Task Awaits_of_an_interface_whose_implementations_hand_back_what_they_hold_are_not_reported() =>
        AG0201SequentialAwaitsTests.NotReported("""
                IRequest request = new ButtonRequest();
                var message = await request.GetMessageAsync();
                var user = await request.GetUserAsync();
        """, extraTypes: Holders);

    [Fact]
    public Task Awaits_of_an_interface_with_an_implementation_that_does_work_are_reported() => AG0201SequentialAwaitsTests.Reported("""
                IStore store = new HttpStore();
                var message = await {|#0:store.GetMessageAsync()|};
                var user = await {|#1:store.GetUserAsync()|};
        """, 2, extraTypes: Holders);

    [Fact]
    public Task A_repeat_after_another_call_on_the_same_owner_keeps_the_run_in_order() => AG0201SequentialAwaitsTests.NotReported("""
                var client = new System.Net.Http.HttpClient();
                var before = await client.GetStringAsync("/cache/has");
                var filled = await client.GetStringAsync("/cache/remember");
                var after = await client.GetStringAsync("/cache/has");
        """);

    [Fact]
    public Task A_repeat_right_after_its_first_call_leaves_the_calls_before_it_reported() => AG0201SequentialAwaitsTests.Reported("""
                var client = new System.Net.Http.HttpClient();
                var a = await {|#0:_repo.GetA(id)|};
                var first = await {|#1:client.GetStringAsync("/next")|};
                var second = await client.GetStringAsync("/next");
        """, 2);

    [Fact]
    public Task A_resource_probed_again_by_another_method_keeps_the_run_in_order() => AG0201SequentialAwaitsTests.NotReported("""
                var client = new System.Net.Http.HttpClient();
                var response = await client.GetAsync("/cache/get");
                var filled = await client.GetStringAsync("/cache/remember");
                var again = await client.GetStringAsync("/cache/get");
        """);

    [Fact]
    public Task Three_different_resources_on_one_client_are_reported() => AG0201SequentialAwaitsTests.Reported("""
                var client = new System.Net.Http.HttpClient();
                var response = await {|#0:client.GetAsync("/cache/a")|};
                var filled = await {|#1:client.GetStringAsync("/cache/b")|};
                var again = await {|#2:client.GetStringAsync("/cache/c")|};
        """, 3);

    [Fact]
    public Task A_take_of_the_next_event_joins_no_run() => AG0201SequentialAwaitsTests.NotReported("""
                var events = new System.Collections.Concurrent.BlockingCollection<int>();
                var reply = await _repo.GetA(id);
                var change = await Events.TakeAsync(events);
        """, extraTypes: """
        static class Events
        {
            public static Task<T> TakeAsync<T>(System.Collections.Concurrent.BlockingCollection<T> collection) =>
                Task.Run(() => collection.Take());
        }
        """);
}
