using System.Threading.Tasks;
using AsyncGuide.Analyzers.Tests.Infrastructure;
using Verify = AsyncGuide.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    AsyncGuide.Analyzers.AG0001DroppedTaskAnalyzer,
    AsyncGuide.CodeFixes.AG0001DroppedTaskCodeFix>;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>
/// AG0001 on the families a reviewer rejects on real code (issue 13): tasks that cannot hold an
/// exception, or whose failure something already observes. Each has its near-miss, still reported.
/// </summary>
public class AG0001DroppedTaskSafeFamiliesTests
{
    private const string Api = """

        interface IGitHub { IConnection Repository { get; } }

        interface IConnection
        {
            Task<string> GetAsync(string path);
            Task PostAsync(string path);
        }

        class Client
        {
            private readonly IConnection _connection;
            public Client(IConnection connection) => _connection = connection;
            public Task<string> GetAll(string owner) => _connection.GetAsync(owner);
        }

        static class Remote
        {
            public static Task SendAsync() => Task.Run(() => { });
        }

        static class ConnectionExtensions
        {
            public static Task<string> GetResponse(this IConnection connection, string path) => connection.GetAsync(path);
        }
        """;

    private const string Mocks = """

        namespace NSubstitute
        {
            public static class Substitute { public static T For<T>() where T : class => default!; }
            public static class SubstituteExtensions
            {
                public static T Received<T>(this T substitute) => substitute;
                public static T DidNotReceive<T>(this T substitute) => substitute;
                public static T ReceivedWithAnyArgs<T>(this T substitute) => substitute;
                public static WhenCalled<T> When<T>(this T substitute, System.Action<T> call) => new();
                public static void ClearReceivedCalls<T>(this T substitute) { }
                public static object Returns<T>(this T value, T returnThis) => null!;
            }
            public class WhenCalled<T> { public void Do(System.Action<object> action) { } }
            public static class Received { public static void InOrder(System.Action calls) { } }
            public static class Arg { public static T Do<T>(System.Action<T> capture) => default!; }
        }

        namespace Moq
        {
            public class Mock { }
            public class Mock<T> : Mock where T : class
            {
                public T Object => default!;
                public void Verify(System.Linq.Expressions.Expression<System.Func<T, Task>> call) { }
                public void Setup(System.Action<T> call) { }
            }
        }

        namespace FakeItEasy
        {
            public static class A
            {
                public static T Fake<T>() => default!;
                public static Assertion CallTo(System.Linq.Expressions.Expression<System.Func<Task>> call) => new();
            }
            public class Assertion { public void MustHaveHappened() { } }
        }
        """;

    private static string Code(string body) => "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\n\n" + body + "\n" + Api;

    private static string CodeWithMocks(string body) => Code(body) + Mocks;

    [Fact]
    public Task NSubstitute_checks_calls_recorded_in_When_and_InOrder_are_fine() => Verify.VerifyAnalyzerAsync(CodeWithMocks("""
        namespace Tests
        {
            using NSubstitute;

            class C
            {
                void M(IConnection connection, IGitHub github)
                {
                    github.Received().Repository.GetAsync("x");
                    connection.Received().PostAsync("a");
                    connection.DidNotReceive().GetAsync("b");
                    _ = connection.ReceivedWithAnyArgs().GetAsync(null!);
                    connection.When(x => x.PostAsync("c")).Do(_ => { });
                    Received.InOrder(() => { connection.PostAsync("d"); connection.GetAsync("e"); });
                }
            }
        }
        """));

    [Fact]
    public Task Calls_on_a_dependency_the_test_also_hands_to_the_mocking_library_are_fine() => Verify.VerifyAnalyzerAsync(CodeWithMocks("""
        using NSubstitute;

        // bitwarden's SutProvider: the test's own helper hands out substitutes and the real object.
        class SutProvider
        {
            public T GetDependency<T>() where T : class => default!;
            public Client Sut => default!;
        }

        class Tests
        {
            void Setup(SutProvider sutProvider)
            {
                sutProvider.GetDependency<IConnection>().GetAsync("a");
                sutProvider.GetDependency<IConnection>().ClearReceivedCalls();
            }

            void Configured(SutProvider sutProvider, IConnection connection)
            {
                sutProvider.GetDependency<IConnection>().PostAsync("b");
                sutProvider.GetDependency<IConnection>().GetAsync("c").Returns(Task.FromResult("d"));
            }

            void StillReported(SutProvider sutProvider)
            {
                {|AG0001:sutProvider.Sut.GetAll("x")|};
                {|AG0001:sutProvider.GetDependency<IGitHub>().Repository.PostAsync("y")|};
                sutProvider.GetDependency<IConnection>().ClearReceivedCalls();
            }
        }
        """));

    [Fact]
    public Task Extension_methods_called_on_a_verification_proxy_are_fine() => Verify.VerifyAnalyzerAsync(CodeWithMocks("""
        namespace Tests
        {
            using NSubstitute;

            class C
            {
                void M(IConnection connection, IGitHub github)
                {
                    connection.Received().GetResponse("a");
                    github.Received().Repository.GetResponse("b");
                    ConnectionExtensions.GetResponse(connection.DidNotReceive(), "c");
                    {|AG0001:connection.GetResponse("d")|};
                }
            }
        }
        """));

    [Fact]
    public Task Calls_into_code_under_test_after_an_argument_capture_are_fine() => Verify.VerifyAnalyzerAsync(CodeWithMocks("""
        namespace Tests
        {
            using NSubstitute;

            class C
            {
                void M()
                {
                    var connection = Substitute.For<IConnection>();
                    var client = new Client(connection);
                    {|AG0001:client.GetAll("before")|};
                    string? captured = null;
                    connection.GetAsync(Arg.Do<string>(path => captured = path));
                    client.GetAll("owner");
                    System.Diagnostics.Debug.Assert(captured == "owner");
                }

                void NoCapture(Client client)
                {
                    string? captured = null;
                    System.Action<string> capture = path => captured = path;
                    {|AG0001:client.GetAll("owner")|};
                }
            }
        }
        """));

    [Fact]
    public Task Calls_into_code_under_test_followed_by_a_verification_are_fine() => Verify.VerifyAnalyzerAsync(CodeWithMocks("""
        namespace Tests
        {
            using NSubstitute;

            class C
            {
                void WithNSubstitute()
                {
                    var connection = Substitute.For<IConnection>();
                    var client = new Client(connection);
                    client.GetAll("owner");
                    connection.Received().GetAsync("owner");
                }

                void WithMoq()
                {
                    var connection = new Moq.Mock<IConnection>();
                    new Client(connection.Object).GetAll("owner");
                    connection.Verify(c => c.GetAsync("owner"));
                }

                void WithFakeItEasy()
                {
                    var connection = FakeItEasy.A.Fake<IConnection>();
                    new Client(connection).GetAll("owner");
                    FakeItEasy.A.CallTo(() => connection.GetAsync("owner")).MustHaveHappened();
                }
            }
        }
        """));

    // Round 15 read DotNetty's, Npgsql's and Hangfire's tests that drop a call and then assert the state of the object it
    // worked on as rejects; round 13 read MSAL's tests of that very shape (`cache.SaveTokenResponseAsync(…);` then
    // `Assert.AreEqual(1, cache.Accessor.GetAllRefreshTokens().Count())`) as kept: the save can fault after writing the tokens
    // the test counts. An exemption on the shape would silence both, so the drop stays reported.
    [Fact]
    public Task Work_whose_object_the_test_reads_back_in_an_assertion_is_still_reported() => Verify.VerifyAnalyzerAsync(Code("""
        namespace Xunit
        {
            public sealed class FactAttribute : Attribute { }

            public static class Assert
            {
                public static void Equal(int expected, int actual) { }
                public static void NotNull(object? value) { }
                public static void False(bool condition) { }
            }
        }

        namespace Tests
        {
            using Xunit;

            class Buffer
            {
                public int Position { get; private set; }
                public Task WriteString(string text, bool async) { Position += text.Length; return Remote.SendAsync(); }
            }

            class Context
            {
                public int Status { get; set; }
            }

            class Channel
            {
                public object? ReadOutbound() => null;
                public bool WaitForConnection(int timeout) => false;
                public Task AcceptAsync() => Remote.SendAsync();
            }

            class Dispatcher
            {
                public Task Dispatch(Context context) => Remote.SendAsync();
                public static Task Reject(Channel channel) => Remote.SendAsync();
            }

            class BufferTests
            {
                Buffer WriteBuffer { get; } = new();

                [Fact]
                public void Writes_synchronously()
                {
                    {|AG0001:WriteBuffer.WriteString("abc", false)|};
                    Assert.Equal(3, WriteBuffer.Position);
                }

                [Fact]
                public void Sets_the_status(Dispatcher dispatcher)
                {
                    var context = new Context();
                    {|AG0001:dispatcher.Dispatch(context)|};
                    Assert.Equal(401, context.Status);
                }

                [Fact]
                public void Sends_the_rejection()
                {
                    var channel = new Channel();
                    {|AG0001:Dispatcher.Reject(channel)|};
                    var response = channel.ReadOutbound();
                    Assert.NotNull(response);
                }

                [Fact]
                public void Near_misses(Dispatcher dispatcher, Buffer other)
                {
                    var context = new Context();
                    Assert.Equal(0, context.Status);
                    {|AG0001:dispatcher.Dispatch(context)|};
                    {|AG0001:WriteBuffer.WriteString("abc", false)|};
                    Assert.Equal(3, other.Position);
                    var channel = new Channel();
                    {|AG0001:Dispatcher.Reject(channel)|};
                    Assert.NotNull(channel);
                    Action later = () => {|AG0001:other.WriteString("d", false)|};
                    var listener = new Channel();
                    {|AG0001:listener.AcceptAsync()|};
                    var connected = listener.WaitForConnection(100);
                    Assert.False(connected);
                    {|AG0001:Check()|};
                    Assert.Equal(1, other.Position);
                }

                Task Check() => Remote.SendAsync();
            }
        }
        """));

    // Round 14 (the MongoDB driver's overload-resolution test): calls straight on a library-made mock of an interface, inline or
    // through a local, and an extension method handed the mock, only record the call. Near-misses: a mock of a class (its
    // non-virtual code runs), a local written again with real work, and a mock handed to code under test with no verification.
    [Fact]
    public Task Calls_on_a_mock_of_an_interface_are_placeholders() => Verify.VerifyAnalyzerAsync(CodeWithMocks("""
        namespace Tests
        {
            using NSubstitute;

            static class ConnectionUse
            {
                public static Task<string> Fetch(this IConnection connection, string path) => connection.GetAsync(path);
            }

            public class Service
            {
                public Task RunAsync() => Remote.SendAsync();
            }

            class C
            {
                void Compiles()
                {
                    var collection = new Moq.Mock<IConnection>().Object;
                    collection.GetAsync("a");
                    collection.Fetch("b");
                    new Moq.Mock<IConnection>().Object.PostAsync("c");

                    var mock = new Moq.Mock<IConnection>();
                    mock.Object.PostAsync("d");

                    var substitute = Substitute.For<IConnection>();
                    substitute.PostAsync("e");
                    FakeItEasy.A.Fake<IConnection>().PostAsync("f");
                }

                void NearMisses(IConnection real)
                {
                    {|AG0001:new Moq.Mock<Service>().Object.RunAsync()|};

                    var reassigned = Substitute.For<IConnection>();
                    reassigned = real;
                    {|AG0001:reassigned.PostAsync("g")|};

                    {|AG0001:new Client(Substitute.For<IConnection>()).GetAll("h")|};
                }
            }
        }
        """));

    [Fact]
    public Task A_drop_after_the_last_verification_or_without_one_is_reported() => Verify.VerifyAnalyzerAsync(CodeWithMocks("""
        namespace Tests
        {
            using NSubstitute;

            class C
            {
                void M(Client client, IConnection connection)
                {
                    connection.Received().GetAsync("owner");
                    {|AG0001:client.GetAll("owner")|};
                }

                void NoVerification(Client client) { {|AG0001:client.GetAll("owner")|}; }
            }
        }
        """));

    [Fact]
    public Task Redis_FireAndForget_returns_a_completed_placeholder() => Verify.VerifyAnalyzerAsync(Code("""
        namespace StackExchange.Redis
        {
            [Flags] public enum CommandFlags { None = 0, PreferMaster = 0, HighPriority = 1, FireAndForget = 2, DemandMaster = 4 }
            public interface IDatabase
            {
                Task<bool> StringSetAsync(string key, string value, CommandFlags flags = CommandFlags.None);
            }
        }

        namespace App
        {
            using StackExchange.Redis;

            class C
            {
                void M(IDatabase db)
                {
                    db.StringSetAsync("k", "v", CommandFlags.FireAndForget);
                    _ = db.StringSetAsync("k", "v", flags: CommandFlags.FireAndForget | CommandFlags.DemandMaster);
                    {|AG0001:db.StringSetAsync("k", "v", CommandFlags.DemandMaster)|};
                    {|AG0001:db.StringSetAsync("k", "v")|};
                }
            }
        }
        """));

    [Fact]
    public Task Redis_commands_queued_on_a_transaction_are_fine_on_a_batch_reported() => Verify.VerifyAnalyzerAsync(Code($$"""
        {{TestSources.RedisBatchAndTransaction}}

        namespace App
        {
            using StackExchange.Redis;

            class C
            {
                void M(IDatabaseAsync db, ITransaction tran, IBatch batch)
                {
                    _ = tran.StringSetAsync("x", "1");
                    tran.StringSetAsync("y", "2");
                    tran.Execute();
                    _ = {|AG0001:batch.StringSetAsync("x", "1")|};
                    batch.Execute();
                    _ = {|AG0001:db.StringSetAsync("x", "1")|};
                }
            }
        }
        """));

    [Fact]
    public Task Helpers_that_observe_the_task_they_return_are_fine() => Verify.VerifyAnalyzerAsync(Code("""
        static class TaskExtensions
        {
            private static void Observe(Task task) => _ = task.Exception;

            public static Task ObserveErrors(this Task task)
            {
                task.ContinueWith(Observe, TaskContinuationOptions.OnlyOnFaulted);
                return task;
            }

            public static Task AfterSuccess(this Task task)
            {
                task.ContinueWith(Observe, TaskContinuationOptions.OnlyOnRanToCompletion);
                return task;
            }
        }

        class C
        {
            void M()
            {
                Remote.SendAsync().ObserveErrors();
                _ = Remote.SendAsync().ObserveErrors();
                {|AG0001:Remote.SendAsync().AfterSuccess()|};
            }
        }
        """));

    [Fact]
    public Task Task_Run_of_a_callee_that_cannot_fault_is_fine() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            private readonly SemaphoreSlim _gate = new(1);

            void Start()
            {
                _ = Task.Run(() => CopyOutAsync(true));
                _ = {|AG0001:Task.Run(() => CopyOutUncheckedAsync())|};
            }

            private async Task CopyOutAsync(bool active)
            {
                bool taken = false;
                try
                {
                    await _gate.WaitAsync();
                    taken = active;
                }
                catch (Exception ex)
                {
                    Console.WriteLine(ex);
                }
                finally
                {
                    if (taken) _gate.Release();
                }
            }

            private async Task CopyOutUncheckedAsync()
            {
                var taken = System.IO.File.Exists("gate") && _gate.Wait(0);
                try
                {
                    await _gate.WaitAsync();
                }
                catch (Exception ex)
                {
                    Console.WriteLine(ex);
                }
            }
        }
        """));

    [Fact]
    public Task A_drop_in_a_lambda_expected_to_throw_synchronously_is_fine() => Verify.VerifyAnalyzerAsync(Code("""
        namespace Xunit
        {
            public static class Assert
            {
                public static T Throws<T>(Action testCode) where T : Exception => default!;
                public static void All<T>(System.Collections.Generic.IEnumerable<T> items, Action<T> check) { }
            }
        }

        namespace Tests
        {
            using Xunit;

            class C
            {
                void M()
                {
                    Assert.Throws<ArgumentException>(() => { _ = Remote.SendAsync(); });
                    Assert.Throws<ArgumentException>(() => Remote.SendAsync());
                    Assert.All(new[] { 1 }, _ => { {|AG0001:Remote.SendAsync()|}; });
                }
            }
        }
        """));

    [Fact]
    public Task A_drop_in_an_async_lambda_expected_to_throw_is_fine() => Verify.VerifyAnalyzerAsync(Code("""
        namespace Xunit
        {
            public static class Assert
            {
                public static Task<T> ThrowsAsync<T>(Func<Task> testCode) where T : Exception => Task.FromResult<T>(default!);
            }
        }

        namespace Shouldly
        {
            public static class Should
            {
                public static Task<T> ThrowAsync<T>(Func<Task> actual) where T : Exception => Task.FromResult<T>(default!);
                public static Task NotThrowAsync(Func<Task> actual) => Task.CompletedTask;
            }
        }

        namespace Tests
        {
            class C
            {
                // As in wolverine's warn_if_using_wolverine_before_app_is_started: the call must throw before it returns a task.
                async Task M()
                {
                    await Shouldly.Should.ThrowAsync<InvalidOperationException>(async () => _ = Remote.SendAsync());
                    await Xunit.Assert.ThrowsAsync<InvalidOperationException>(async () => { _ = Remote.SendAsync(); await Task.Yield(); });
                    await Shouldly.Should.NotThrowAsync(async () => _ = {|AG0001:Remote.SendAsync()|});
                }
            }
        }
        """));

    [Fact]
    public Task Calls_described_by_an_expression_tree_run_nothing() => Verify.VerifyAnalyzerAsync(Code("""
        using System.Linq.Expressions;

        static class MethodCall
        {
            public static object For<T>(Expression<Action<T>> expression) => expression;
            public static object Run<T>(Action<T> action) => action;
        }

        class Context { public Task PersistAsync() => Task.Run(() => Console.WriteLine()); }

        class C
        {
            // As in wolverine's HandlerChain: the middleware is described for code generation, not called.
            void M()
            {
                MethodCall.For<Context>(x => x.PersistAsync());
                MethodCall.Run<Context>(x => {|AG0001:x.PersistAsync()|});
            }
        }
        """));

    [Fact]
    public Task Fault_only_continuations_are_the_observer() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            void M(Task task)
            {
                _ = task.ContinueWith(t => Console.WriteLine(t.Exception), TaskContinuationOptions.OnlyOnFaulted);
                task.ContinueWith(
                    t => { },
                    CancellationToken.None,
                    TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
                _ = {|AG0001:task.ContinueWith(t => Remote.SendAsync(), TaskContinuationOptions.OnlyOnRanToCompletion)|};
            }
        }
        """));

    [Fact]
    public Task Callees_in_the_compilation_that_cannot_fault_are_fine() => Verify.VerifyAnalyzerAsync(Code("""
        static class TaskExtensions
        {
            public static Task ObserveErrors(this Task task) =>
                task.ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
        }

        class C
        {
            void M(Task task)
            {
                _ = TrySetCachedResponseAsync();
                Completed(true);
                Result();
                task.ObserveErrors();
                _ = SignalAsync();
            }

            async Task TrySetCachedResponseAsync()
            {
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
            }

            Task Completed(bool flag)
            {
                if (flag) return Task.CompletedTask;
                return Task.CompletedTask;
            }

            Task<int> Result() => Task.FromResult(1);

            Task SignalAsync()
            {
                var done = new TaskCompletionSource<bool>();
                ThreadPool.QueueUserWorkItem(_ => done.TrySetResult(true));
                return done.Task;
            }
        }
        """));

    // Seen in durable-extension's test entities: `this.Throw(true, false); return Task.CompletedTask;` where the private,
    // non-async `Task Throw(bool, bool)` throws on every path. The call throws to its caller; no task is ever dropped.
    [Fact]
    public Task Callees_that_throw_on_every_path_hand_back_no_task() => Verify.VerifyAnalyzerAsync(Code("""
        interface IUploader
        {
            Task UploadAsync() => throw new NotSupportedException();
        }

        class C
        {
            Task Entity(bool serializable, IUploader uploader)
            {
                {|AG0001:uploader.UploadAsync()|};
                this.Throw(serializable, true);
                NotSupported();
                _ = Forever();
                {|AG0001:ThrowsOrSends(serializable)|};
                {|AG0001:Remote.SendAsync()|};
                return Task.CompletedTask;
            }

            private Task Throw(bool serializable, bool deserializable)
            {
                if (serializable)
                {
                    if (deserializable) throw new InvalidOperationException("kaboom");
                    throw new ArgumentException("undeserializable");
                }

                throw new NotSupportedException();
            }

            private Task NotSupported() => throw new NotSupportedException();

            private Task Forever()
            {
                while (true) { Thread.Sleep(10); }
            }

            private Task ThrowsOrSends(bool fail)
            {
                if (fail) throw new InvalidOperationException();
                return Remote.SendAsync();
            }
        }
        """));

    // Seen in EventFlow's AsyncLock: the continuation that hands the releaser over only completes a source and, when it won,
    // disposes the token registration. Its near-miss does work in the branch.
    [Fact]
    public Task Continuations_choosing_between_statements_that_cannot_throw_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        class AsyncLock
        {
            private readonly SemaphoreSlim _semaphore = new SemaphoreSlim(1);
            private readonly IDisposable _releaser = new CancellationTokenSource();
            private bool _disposed;

            Task<IDisposable> WaitAsync(CancellationToken token)
            {
                var task = _semaphore.WaitAsync();
                var source = new TaskCompletionSource<IDisposable>();
                var registration = token.Register(() => source.TrySetCanceled());
                task.ContinueWith(
                    _ =>
                    {
                        if (!_disposed && source.TrySetResult(_releaser))
                        {
                            registration.Dispose();
                        }
                        else if (_disposed == false)
                        {
                            return;
                        }
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
                {|AG0001:task.ContinueWith(
                    _ =>
                    {
                        if (source.TrySetResult(_releaser))
                        {
                            Remote.SendAsync().Wait();
                        }
                    })|};
                return source.Task;
            }
        }
        """));

    // Seen in omnisharp-roslyn's analyzer work queue (round 14): the callee hands back either a completed task or a continuation
    // of a delay that hands its antecedent to a logging method. Near-misses: a continuation of work that can fault and ignores
    // it, a choice whose other branch is real work, and a continuation the caller hands in (round 13's Elastic APM test helper:
    // the caller's assertions run in it).
    [Fact]
    public Task Callees_handing_back_observing_continuations_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        class Queue
        {
            private CancellationTokenSource? _pending;
            private int _delay = 100;

            public Task WaitForWork()
            {
                if (_pending == null)
                    return Task.CompletedTask;

                return Task.Delay(_delay, _pending.Token).ContinueWith(task => LogTimeouts(task));
            }

            public Task Settled(bool ready) => ready ? Task.CompletedTask : Task.Delay(_delay).ContinueWith(_ => { });

            public Task Forwarded() => Remote.SendAsync().ContinueWith(_ => { });

            public Task Either(bool ready) => ready ? Task.CompletedTask : Remote.SendAsync();

            public Task Attach(Action<Task> action) => Task.Delay(_delay).ContinueWith(action);

            private void LogTimeouts(Task task)
            {
                if (!task.IsCanceled) Console.WriteLine("timeout");
            }
        }

        class Tests
        {
            void M(Queue queue)
            {
                queue.WaitForWork();
                queue.Settled(false);
                {|AG0001:queue.Forwarded()|};
                {|AG0001:queue.Either(false)|};
                {|AG0001:queue.Attach(task => { if (!task.IsCompleted) throw new InvalidOperationException(); })|};
            }
        }
        """));

    // Round 15 (EasyNetQ's cancellation helper): a continuation that gets its state without a closure, casts it back to the type
    // the state argument has and disposes the registration it holds. Near-misses: a cast to a type the state is not known to
    // be, and a continuation that does work after the cast.
    [Fact]
    public Task Continuations_casting_their_state_back_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        class Holder
        {
            public Holder(TaskCompletionSource<int> source) => Source = source;
            public TaskCompletionSource<int> Source { get; }
            public CancellationTokenRegistration Registration { get; set; }
        }

        class Other { }

        static class Helpers
        {
            public static void Attach(TaskCompletionSource<int> source, CancellationToken token, object boxed)
            {
                var state = new Holder(source);
                state.Registration = token.Register(s => ((Holder)s!).Source.TrySetCanceled(), state);
                source.Task.ContinueWith(
                    (_, s) =>
                    {
                        var held = (Holder)s!;
                        held.Registration.Dispose();
                    },
                    state,
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
                {|AG0001:source.Task.ContinueWith(
                    (_, s) =>
                    {
                        var held = (Holder)s!;
                        held.Registration.Dispose();
                    },
                    boxed)|};
                {|AG0001:source.Task.ContinueWith(
                    (_, s) =>
                    {
                        var held = (Holder)s!;
                        Remote.SendAsync().Wait();
                    },
                    state)|};
            }
        }
        """));

    [Fact]
    public Task Callees_that_can_fault_are_reported() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            void M()
            {
                _ = {|AG0001:Rethrows()|};
                {|AG0001:Sometimes(true)|};
                {|AG0001:FaultsOnce()|};
                {|AG0001:Filtered()|};
                {|AG0001:Remote.SendAsync()|};
            }

            async Task Rethrows()
            {
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex); throw; }
            }

            Task Sometimes(bool flag) => flag ? Task.CompletedTask : Remote.SendAsync();

            Task FaultsOnce()
            {
                var source = new TaskCompletionSource<bool>();
                ThreadPool.QueueUserWorkItem(_ => source.SetException(new InvalidOperationException()));
                return source.Task;
            }

            async Task Filtered()
            {
                try { await Remote.SendAsync(); }
                catch (TimeoutException) { }
            }
        }
        """));

    // Seen in orleans (SubscribeWithIsolation): a guard that leaves on a flag before the try cannot throw either.
    [Fact]
    public Task Callees_guarded_by_a_flag_before_their_try_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            bool IsShutdown { get; set; }
            bool _stopped;

            void M()
            {
                _ = Guarded();
                _ = {|AG0001:GuardedByACall()|};
            }

            async Task Guarded()
            {
                if (IsShutdown || _stopped) return;
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
            }

            // Near-miss: the guard's condition is a call, which can throw outside the try.
            async Task GuardedByACall()
            {
                if (Check()) { return; }
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
            }

            bool Check() => throw new InvalidOperationException();
        }
        """));

    // Seen in garnet (Gossip.GossipMainAsync): the handling try is followed by the local functions it calls; they run
    // only inside the try. A finally that only decrements a counter cannot throw either.
    [Fact]
    public Task Callees_with_local_functions_after_their_handling_try_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            int _active;

            void M()
            {
                _ = Task.Run(GossipMainAsync);
                _ = {|AG0001:Task.Run(LoopWithoutCatchAsync)|};
            }

            async Task GossipMainAsync()
            {
                try
                {
                    await SendAsync();
                }
                catch (Exception ex)
                {
                    Console.WriteLine(ex.Message);
                }
                finally
                {
                    _ = Interlocked.Decrement(ref _active);
                }

                async Task SendAsync() => await Remote.SendAsync();
            }

            // Near-miss: the local function is called after the try, outside its catch.
            async Task LoopWithoutCatchAsync()
            {
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
                await SendAsync();

                async Task SendAsync() => await Remote.SendAsync();
            }
        }
        """));

    // Seen in garnet (CheckEmptyWorker.Start): `Task.Run(LaunchWorker)` over an `async void` method. Its exceptions go to
    // the thread pool; the task Run returns completes at the method's first await and never holds one.
    [Fact]
    public Task Task_Run_of_an_async_void_method_group_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            void M()
            {
                Task.Run(LaunchWorker);
                Task.Run(() => LaunchWorker());
                _ = {|AG0001:Task.Run(LaunchTask)|};
            }

            private async void LaunchWorker() => await Remote.SendAsync();

            // Near-miss: a Task-returning method group hands its failure to the returned task.
            private async Task LaunchTask() => await Remote.SendAsync();
        }
        """));

    // Seen in garnet (TcpNetworkHandlerBase): `Task.Run(() => Received(null, args))` where `Received` only forwards to a
    // method whose body is a handling try. One hop is followed; a forwarder to a method that can throw is still reported.
    [Fact]
    public Task Task_Run_of_a_forwarder_to_a_handling_method_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            void M(object args)
            {
                _ = Task.Run(() => Received(null, args));
                _ = {|AG0001:Task.Run(() => ReceivedUnhandled(null, args))|};
            }

            void Received(object sender, object e) => HandleReceive(sender, e);

            void ReceivedUnhandled(object sender, object e) => Process(e);

            void HandleReceive(object sender, object e)
            {
                try { Process(e); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
            }

            void Process(object e) => throw new InvalidOperationException();
        }
        """));

    // Seen in garnet (ReplicaSyncAttachTaskAsync): a background sync that yields, asserts, makes its reset source, then
    // runs everything in a handling try. A prelude that calls user code can throw outside the try and is still reported.
    [Fact]
    public Task Callees_with_a_harmless_prelude_before_their_handling_try_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            CancellationTokenSource? _reset;
            bool _recovering;

            void M()
            {
                _ = SyncAsync(forceAsync: true);
                _ = {|AG0001:SyncWithAFactoryAsync()|};
            }

            async Task<string?> SyncAsync(bool forceAsync)
            {
                if (forceAsync)
                {
                    await Task.Yield();
                }

                System.Diagnostics.Debug.Assert(_recovering);
                _reset ??= new CancellationTokenSource();
                try { await Remote.SendAsync(); }
                catch (Exception ex) { return ex.Message; }
                return null;
            }

            async Task SyncWithAFactoryAsync()
            {
                await Task.Yield();
                _reset ??= Create();
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
            }

            CancellationTokenSource Create() => throw new InvalidOperationException();
        }
        """));

    // Seen in duplicati (RemoteControllerService.StartWatchdog): a worker loop of two handling trys, one around a
    // cancellable delay (return on cancellation), one catch-all around the check. A statement between them that can
    // throw is still reported.
    [Fact]
    public Task Worker_loops_of_several_handling_trys_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            void M(CancellationToken token)
            {
                _ = Task.Run(async () =>
                {
                    while (!token.IsCancellationRequested)
                    {
                        try { await Task.Delay(1000, token).ConfigureAwait(false); }
                        catch (OperationCanceledException) { return; }

                        if (token.IsCancellationRequested) break;

                        try { Check(); }
                        catch (Exception ex) { Console.WriteLine(ex.Message); }
                    }
                }, CancellationToken.None);

                _ = {|AG0001:Task.Run(async () =>
                {
                    while (!token.IsCancellationRequested)
                    {
                        try { await Task.Delay(1000, token).ConfigureAwait(false); }
                        catch (OperationCanceledException) { return; }

                        Check();
                    }
                }, CancellationToken.None)|};
            }

            void Check() => throw new InvalidOperationException();
        }
        """));

    // Seen in garnet (Tsavorite's WorkQueueFIFO.ProcessQueue): a synchronous drain loop whose every work call is in
    // `try { … } catch { }`; the rest is a lock-free dequeue and Interlocked bookkeeping. A work call outside the try, or a
    // guard that calls the project's own code, is still reported.
    [Fact]
    public Task Drain_loops_of_handled_work_items_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        using System.Collections.Concurrent;

        class C
        {
            readonly ConcurrentQueue<int> _queue = new();
            readonly Action<int> _work = _ => { };
            int _count;

            void M()
            {
                _ = Task.Run(ProcessQueue);
                _ = {|AG0001:Task.Run(ProcessUnguarded)|};
                _ = {|AG0001:Task.Run(ProcessWithOwnCheck)|};
            }

            void ProcessQueue()
            {
                while (true)
                {
                    while (_queue.TryDequeue(out var item))
                    {
                        try { _work(item); }
                        catch { }
                        Interlocked.Decrement(ref _count);
                    }

                    int count = _count;
                    if (count != 1000) continue;
                    if (Interlocked.CompareExchange(ref _count, 0, count) == count) break;
                }
            }

            void ProcessUnguarded()
            {
                while (true)
                {
                    while (_queue.TryDequeue(out var item))
                    {
                        try { _work(item); }
                        catch { }
                        _work(item);
                    }

                    if (Interlocked.CompareExchange(ref _count, 0, 1000) == 1000) break;
                }
            }

            void ProcessWithOwnCheck()
            {
                while (true)
                {
                    while (_queue.TryDequeue(out var item))
                    {
                        try { _work(item); }
                        catch { }
                    }

                    if (IsDrained()) break;
                }
            }

            bool IsDrained() => throw new InvalidOperationException();
        }
        """));

    // Seen in garnet (ReplicaReplayTask): a worker loop preceded by an index computed by a method of the project whose body is
    // one expression of reads and arithmetic, as safe as a property read. So is a division (housekeeping, see
    // HandlesItsAwaitedWork); a call that throws further down, or a virtual method an override of which throws, is not.
    [Fact]
    public Task Prelude_calls_of_pure_computations_cannot_throw() => Verify.VerifyAnalyzerAsync(Code("""
        class Layout
        {
            readonly Options _options = new();
            public int Index(int sublog, int task) => (sublog * _options.Max) + task;
            public int Share(int sublog, int task) { return sublog / task; }
            public int Computed(int sublog) => Compute(sublog);
            public virtual int Overridable(int sublog) => sublog + 1;
            static int Compute(int value) => throw new InvalidOperationException();
        }

        class CheckedLayout : Layout
        {
            public override int Overridable(int sublog) => sublog >= 0 ? sublog : throw new FormatException();
        }

        class Options { public int Max { get; set; } = 4; }

        class C
        {
            readonly Layout _layout = new();
            readonly int _sublog = 1;

            void M()
            {
                _ = Task.Run(() => ReplayAsync());
                _ = Task.Run(() => DividesAsync());
                _ = {|AG0001:Task.Run(() => CallsAsync())|};
                _ = {|AG0001:Task.Run(() => OverridesAsync())|};
            }

            async Task ReplayAsync()
            {
                var index = _layout.Index(_sublog, 2);
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message + index); }
            }

            async Task DividesAsync()
            {
                var index = _layout.Share(_sublog, 0);
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message + index); }
            }

            async Task CallsAsync()
            {
                var index = _layout.Computed(_sublog);
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message + index); }
            }

            async Task OverridesAsync()
            {
                var index = _layout.Overridable(_sublog);
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message + index); }
            }
        }
        """));

    // Seen in Discord.Net (ConnectionManager's connect timeout): a watchdog whose try only waits (cancellably) and then fails a
    // completion source; and a body that signals its source after a handling try. A TrySetException whose exception is made by
    // the project's own code, or a non-Try SetResult (it throws when the source is already completed), is still reported.
    [Fact]
    public Task Completion_source_signals_cannot_throw() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            void M(TaskCompletionSource<bool> ready, TimeSpan timeout, CancellationToken token)
            {
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await Task.Delay(timeout, token).ConfigureAwait(false);
                        ready.TrySetException(new TimeoutException());
                    }
                    catch (OperationCanceledException) { }
                });

                _ = Task.Run(async () =>
                {
                    try { await Remote.SendAsync(); }
                    catch (Exception ex) { ready.TrySetException(ex); }
                    ready.TrySetResult(false);
                });

                var channel = System.Threading.Channels.Channel.CreateUnbounded<int>();
                _ = Task.Run(async () =>
                {
                    try { await Remote.SendAsync(); }
                    catch (Exception ex) { Console.WriteLine(ex.Message); }
                    channel.Writer.TryComplete();
                });

                _ = {|AG0001:Task.Run(async () =>
                {
                    try
                    {
                        await Task.Delay(timeout, token).ConfigureAwait(false);
                        ready.TrySetException(MakeError());
                    }
                    catch (OperationCanceledException) { }
                })|};

                _ = {|AG0001:Task.Run(async () =>
                {
                    try { await Remote.SendAsync(); }
                    catch (Exception ex) { ready.TrySetException(ex); }
                    ready.SetResult(false);
                })|};
            }

            static Exception MakeError() => throw new InvalidOperationException();
        }
        """));

    // Seen in Discord.Net (AudioClient.WaitForDisconnectAsync): a timer whose continuation only fails a completion source and
    // disposes its token source. A continuation of started work that ignores the work's outcome still loses it.
    [Fact]
    public Task Continuations_of_timers_that_cannot_throw_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            void M(TaskCompletionSource<Exception> completion, TimeSpan timeout)
            {
                var cts = new CancellationTokenSource();
                _ = Task.Delay(timeout, cts.Token).ContinueWith(_ =>
                {
                    completion.TrySetException(new TimeoutException("Exceeded maximum time to wait"));
                    cts.Dispose();
                }, cts.Token);

                _ = {|AG0001:Remote.SendAsync().ContinueWith(_ => { completion.TrySetResult(null!); })|};
                _ = {|AG0001:Task.Delay(timeout).ContinueWith(_ => { completion.SetResult(null!); })|};
            }
        }
        """));

    // Seen in durabletask (AsyncManualResetEvent.Set) and Coyote's completion-source tests: a lock around a Try-completion,
    // and the one completion of a local source made here. A second completer, a source handed elsewhere, or a lock around a
    // call that can throw is still reported.
    [Fact]
    public Task Locked_signals_and_single_completions_cannot_throw() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            readonly object _mutex = new();
            TaskCompletionSource<object?> _signal = new();

            async Task M()
            {
                _ = Task.Run(() => { lock (_mutex) { _signal.TrySetResult(null); } });

                var once = new TaskCompletionSource<int>();
                _ = Task.Run(() => { once.SetResult(3); });
                await once.Task;

                var twice = new TaskCompletionSource<int>();
                _ = {|AG0001:Task.Run(() => { twice.SetResult(3); })|};
                twice.SetResult(4);

                var handed = new TaskCompletionSource<int>();
                Keep(handed);
                _ = {|AG0001:Task.Run(() => { handed.SetResult(3); })|};

                _ = {|AG0001:Task.Run(() => { lock (_mutex) { Compute(); } })|};
            }

            static void Keep(TaskCompletionSource<int> source) { }
            static void Compute() => throw new InvalidOperationException();
        }
        """));

    // Round 14 (the MongoDB driver's task-extension tests): a continuation that either tries a result or sets the exception
    // on a local source it alone completes; the two completions sit in the two branches of one `if`. Near-misses: a
    // `SetException` that can run after the `TrySetResult` (both in a row, or the try outside the `if`), and a branch that
    // does work that can throw.
    [Fact]
    public Task Completions_in_the_two_branches_of_one_if_cannot_throw() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            Task<T> Subject<T>(T result, bool isPromise, Exception? exception)
            {
                var source = new TaskCompletionSource<T>();
                if (isPromise)
                {
                    Task.Delay(50).ContinueWith(_ =>
                    {
                        if (exception == null)
                        {
                            source.TrySetResult(result);
                        }
                        else if (isPromise)
                        {
                            source.SetException(exception);
                        }
                        else
                        {
                            source.TrySetCanceled();
                        }
                    });
                }

                return isPromise ? source.Task : Task.FromResult(result);
            }

            Task<T> InARow<T>(T result, Exception exception)
            {
                var source = new TaskCompletionSource<T>();
                {|AG0001:Task.Delay(50).ContinueWith(_ =>
                {
                    source.TrySetResult(result);
                    source.SetException(exception);
                })|};
                return source.Task;
            }

            Task<T> TriedOutside<T>(T result, Exception? exception)
            {
                var source = new TaskCompletionSource<T>();
                {|AG0001:Task.Delay(50).ContinueWith(_ =>
                {
                    if (exception != null)
                    {
                        source.SetException(exception);
                    }
                })|};
                source.TrySetResult(result);
                return source.Task;
            }

            Task<T> Working<T>(T result, Exception? exception)
            {
                var source = new TaskCompletionSource<T>();
                {|AG0001:Task.Delay(50).ContinueWith(_ =>
                {
                    if (exception == null)
                    {
                        source.TrySetResult(result);
                    }
                    else
                    {
                        Remote.SendAsync().Wait();
                        source.SetException(exception);
                    }
                })|};
                return source.Task;
            }
        }
        """));

    // Round 11 (Confluent.Kafka's admin client, 57 rows): `Task.Run(() => ((TaskCompletionSource<T>)result).TrySetResult(value))`
    // binds to Func<bool>, so the body returns the completion's value; it cannot throw either. A returned call that can
    // throw, or a returned task, is still reported.
    [Fact]
    public Task Returned_completion_cannot_throw() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            void Complete(object source, int[] result, int value)
            {
                Task.Run(() => ((TaskCompletionSource<int[]>)source).TrySetResult(result));
                Task.Run(() => ((TaskCompletionSource<int[]>)source).TrySetException(new TimeoutException()));
                _ = Task.Run(() => Interlocked.Increment(ref value));
                {|AG0001:Task.Run(() => Compute())|};
                {|AG0001:Task.Run(() => SendAsync())|};
            }

            static int Compute() => throw new InvalidOperationException();
            static Task SendAsync() => Task.Run(() => Compute());
        }
        """));

    // Round 11 (Confluent.Kafka's admin client): the exception handed to TrySetException is made by the compilation's own
    // exception type, from plain values and helpers of the compilation with no throw. A report whose constructor or helper
    // throws, or a SetException (throws when already completed), is still reported.
    [Fact]
    public Task Completion_with_a_report_built_here_cannot_throw() => Verify.VerifyAnalyzerAsync(Code("""
        class Error
        {
            public Error(int code, string? reason) { Code = code; Reason = reason ?? "unknown"; }
            public int Code { get; }
            public string Reason { get; }
            public override string ToString() => Code + ": " + Reason;
        }

        class KafkaException : Exception
        {
            public KafkaException(Error error) : base(error.ToString()) => Error = error;
            public Error Error { get; }
        }

        class TopicsException : KafkaException
        {
            public TopicsException(int[] results) : base(new Error(7, "failed: " + string.Join(", ", results))) { }
        }

        class StrictException : Exception
        {
            public StrictException(string reason) : base(reason)
            {
                if (reason.Length == 0) throw new FormatException("an empty reason");
            }
        }

        class Handle
        {
            public Error CreateError(int code, string reason) => code == 1 ? new Error(-1, "fatal") : new Error(code, reason);
            public Error CreateChecked(int code) => code > 0 ? new Error(code, null) : throw new InvalidOperationException();
        }

        class C
        {
            void Complete(object source, Handle handle, int code, string reason, int[] results)
            {
                Task.Run(() => ((TaskCompletionSource<int[]>)source).TrySetException(new KafkaException(handle.CreateError(code, reason))));
                Task.Run(() => ((TaskCompletionSource<int[]>)source).TrySetException(new TopicsException(results)));
                {|AG0001:Task.Run(() => ((TaskCompletionSource<int[]>)source).TrySetException(new StrictException(reason)))|};
                {|AG0001:Task.Run(() => ((TaskCompletionSource<int[]>)source).TrySetException(new KafkaException(handle.CreateChecked(code))))|};
                {|AG0001:Task.Run(() => ((TaskCompletionSource<int[]>)source).SetException(new TopicsException(results)))|};
                Task.Run(() => ((TaskCompletionSource<Result>)source).TrySetResult(new Result() { Error = handle.CreateError(code, reason) }));
                {|AG0001:Task.Run(() => ((TaskCompletionSource<Result>)source).TrySetResult(new Result { Checked = code }))|};
            }
        }

        class Result
        {
            private int _checked;
            public Error? Error { get; set; }
            public int Checked { get => _checked; set => _checked = value > 0 ? value : throw new FormatException(); }
        }
        """));

    // Round 11 (PuppeteerSharp's TempDirectory.Dispose: `_ = DeleteAsync();`): a retry loop whose condition is Directory.Exists
    // (false on any error, by contract) around a handling try. A loop condition that can throw is still reported.
    [Fact]
    public Task Retry_loop_on_Directory_Exists_around_a_handling_try() => Verify.VerifyAnalyzerAsync(Code("""
        class TempDirectory
        {
            public string Path { get; } = "tmp";

            public void Dispose()
            {
                _ = DeleteAsync();
                _ = {|AG0001:DeleteCheckedAsync()|};
            }

            public async Task DeleteAsync()
            {
                var retryDelay = 100;
                while (System.IO.Directory.Exists(Path))
                {
                    try
                    {
                        System.IO.Directory.Delete(Path, true);
                        return;
                    }
                    catch
                    {
                        await Task.Delay(retryDelay).ConfigureAwait(false);
                        retryDelay = Math.Min(2 * retryDelay, 8000);
                    }
                }
            }

            public async Task DeleteCheckedAsync()
            {
                while (System.IO.Directory.GetFiles(Path).Length > 0)
                {
                    try
                    {
                        System.IO.Directory.Delete(Path, true);
                        return;
                    }
                    catch
                    {
                        await Task.Delay(100).ConfigureAwait(false);
                    }
                }
            }
        }
        """));

    // Round 11 (PuppeteerSharp's AsyncMessageQueue): a continuation of a task held in a local (whose failure another
    // continuation logs) that only removes the callback from a list under a lock. A dictionary update (a null key throws) is
    // still reported.
    [Fact]
    public Task Continuation_updating_a_list_under_a_lock_cannot_throw() => Verify.VerifyAnalyzerAsync(Code("""
        class Queue
        {
            private readonly System.Collections.Generic.List<object> _pending = new();
            private readonly System.Collections.Generic.HashSet<object> _seen = new();
            private readonly System.Collections.Generic.Dictionary<object, int> _counts = new();

            public void Enqueue(object callback)
            {
                var task = Task.Run(() => Handle(callback));
                task.ContinueWith(t => Log(t.Exception!), TaskContinuationOptions.OnlyOnFaulted);
                task.ContinueWith(_ =>
                {
                    lock (_pending)
                    {
                        _pending.Remove(callback);
                        _seen.Add(callback);
                    }
                }, TaskScheduler.Default);
                {|AG0001:task.ContinueWith(_ =>
                {
                    lock (_pending)
                    {
                        _counts.Remove(callback);
                    }
                }, TaskScheduler.Default)|};
            }

            static void Handle(object callback) { }
            static void Log(Exception exception) { }
        }
        """));

    // Round 11 (PuppeteerSharp's CSP tests): `await AddScriptTagAsync(…).ContinueWith(_ => Task.CompletedTask)` swallows the
    // expected failure; the awaited Task<Task> hands back a completed task, nothing is dropped. A continuation handing back
    // new work is still reported.
    [Fact]
    public Task Awaited_continuation_handing_back_a_completed_task() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task M(bool flag)
            {
                await Remote.SendAsync().ContinueWith(_ => Task.CompletedTask);
                await Remote.SendAsync().ContinueWith(t => { if (flag) return Task.FromResult(1); return Task.FromResult(2); }).ConfigureAwait(false);
                await {|AG0001:Remote.SendAsync().ContinueWith(_ => Remote.SendAsync())|};
                await {|AG0001:Remote.SendAsync().ContinueWith(_ => flag ? Task.CompletedTask : Remote.SendAsync())|};
            }
        }
        """));

    // Round 16 (NLog's async target tests): `await Task.Delay(10, token).ContinueWith(…).ContinueWith(async t => await
    // Task.Delay(10, CancellationToken.None))`: the awaited Task<Task> hands back the async lambda's task, and a lambda that
    // only waits without a token cannot fault. An async lambda that awaits work that can fault, or that waits on a token
    // after work that can fault, still drops a failure.
    [Fact]
    public Task Awaited_continuation_handing_back_a_task_that_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task M(CancellationToken token)
            {
                await Task.Delay(10, token).ContinueWith(async t => await Task.Delay(10, CancellationToken.None).ConfigureAwait(false));
                await Task.Factory.StartNew(async () => { try { await Remote.SendAsync(); } catch (Exception) { } });
                await {|AG0001:Task.Delay(10, token).ContinueWith(async t => await Remote.SendAsync())|};
                await {|AG0001:Task.Delay(10, token).ContinueWith(async t => { await Remote.SendAsync(); await Task.Delay(10, token); })|};
            }
        }
        """));

    // Round 16 (Coravel's queue tests): `queue.QueueTask(() => Task.Delay(1))` hands a stand-in for work to an Action: the
    // dropped delay loses no failure and nothing in the lambda comes after it. A delay followed by work in a block lambda
    // (nothing waits for it), and an expression lambda dropping work that can fault, are still reported.
    [Fact]
    public Task A_delay_that_is_a_whole_void_lambda() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            void Queue(Action work) => work();

            void M()
            {
                Queue(() => Task.Delay(1));
                Queue(() => { {|AG0001:Task.Delay(1)|}; Console.WriteLine("done"); });
                Queue(() => {|AG0001:Remote.SendAsync()|});
            }
        }
        """));

    // Seen in dotNext (RaftState: `_ = stateMachine.MoveToCandidateState(this)`): a call through an internal interface whose
    // every implementation in the compilation handles its own failures (here an explicit one). Round 9, family A
    // (reverse-proxy's `_ = _activeHealthCheckMonitor.CheckHealthAsync(…)`): a public interface whose implementations here do
    // work and handle it. A public interface implemented here only by a null object or a synchronous default that logs and
    // completes (azure-signalr's event handler: real implementations live elsewhere), or one with an implementation that can
    // fault, is still reported.
    [Fact]
    public Task Calls_through_an_interface_whose_implementations_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        internal interface IStateMachine<T>
        {
            Task MoveToCandidate(T caller);
            Task MoveToLeader(T caller);
        }

        public interface IPublicMachine
        {
            Task Move();
        }

        public interface IMetricsSink
        {
            Task PublishAsync(string name);
        }

        public sealed class NullMetricsSink : IMetricsSink
        {
            public Task PublishAsync(string name) => Task.CompletedTask;
        }

        public interface IEventHandler
        {
            Task HandleAsync(string name);
        }

        internal sealed class LoggingEventHandler : IEventHandler
        {
            public Task HandleAsync(string name)
            {
                Console.WriteLine(name);
                return Task.CompletedTask;
            }
        }

        // vstest's LengthPrefixCommunicationChannel: the real channel writes synchronously (library I/O), throws to its caller
        // and then hands back a completed task. Not a null object: its task cannot fault.
        public interface ICommunicationChannel
        {
            Task Send(string data);
        }

        public class LengthPrefixChannel : ICommunicationChannel
        {
            private readonly System.IO.BinaryWriter _writer = new(System.IO.Stream.Null);
            private readonly object _sync = new();

            public Task Send(string data)
            {
                lock (_sync)
                {
                    _writer.Write(data);
                    _writer.Flush();
                }

                return Task.CompletedTask;
            }
        }

        internal sealed class Cluster<T> : IStateMachine<T>, IPublicMachine
        {
            async Task IStateMachine<T>.MoveToCandidate(T caller)
            {
                const byte notTaken = 1;
                var state = default(byte);
                try { await Remote.SendAsync(); state = notTaken; }
                catch (Exception ex) { Console.WriteLine(ex.Message + state); }
            }

            public async Task MoveToLeader(T caller) => await Remote.SendAsync();

            public async Task Move()
            {
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
            }
        }

        internal sealed class State<T>
        {
            void Execute(
                IStateMachine<T> machine, IPublicMachine open, IMetricsSink sink, IEventHandler handler, T self, ICommunicationChannel channel)
            {
                channel.Send("x");
                _ = machine.MoveToCandidate(self);
                _ = {|AG0001:machine.MoveToLeader(self)|};
                _ = open.Move();
                _ = {|AG0001:sink.PublishAsync("x")|};
                _ = {|AG0001:handler.HandleAsync("x")|};
            }
        }
        """));

    // A virtual member is decided by every body a call can run in the compilation: its own and its overrides'. An override
    // that can fault is reported through the base member; so is a public no-op hook (overrides elsewhere do the work). An
    // internal hook whose overrides all handle their failures is not.
    [Fact]
    public Task Calls_of_virtual_members_are_decided_through_their_overrides() => Verify.VerifyAnalyzerAsync(Code("""
        public class Worker
        {
            public virtual async Task RunAsync()
            {
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
            }

            internal virtual async Task DrainAsync()
            {
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
            }

            internal virtual Task StopAsync() => Task.CompletedTask;

            protected virtual Task OnStartedAsync() => Task.CompletedTask;

            public void Start()
            {
                _ = {|AG0001:RunAsync()|};
                _ = DrainAsync();
                _ = StopAsync();
                _ = {|AG0001:OnStartedAsync()|};
            }
        }

        public class RetryingWorker : Worker
        {
            public override async Task RunAsync() => await Remote.SendAsync();

            internal override async Task DrainAsync()
            {
                try { await base.DrainAsync(); await Remote.SendAsync(); }
                catch (Exception) { }
            }

            internal override async Task StopAsync()
            {
                try { await Remote.SendAsync(); }
                catch (Exception) { }
            }
        }
        """));

    // Seen in Coyote's AsyncTaskMethodBuilder: a helper that registers the task it is given and returns it, given an existing
    // task. Given new work, or a helper that starts work, the drop is still reported.
    [Fact]
    public Task Helpers_handing_back_an_existing_task_start_nothing() => Verify.VerifyAnalyzerAsync(Code("""
        class Builder
        {
            public Task Task { get; } = Task.CompletedTask;
        }

        class C
        {
            readonly Builder _builder = new();

            Task Assign(Task builderTask)
            {
                Console.WriteLine("registered");
                return builderTask;
            }

            Task Start() => Remote.SendAsync();

            void M()
            {
                _ = Assign(_builder.Task);
                _ = {|AG0001:Assign(Remote.SendAsync())|};
                _ = {|AG0001:Start()|};
            }
        }
        """));

    // Seen in orleans (ShardExecutor.SlowStartRampUpAsync): a catch-all try with a local read from options and
    // [LoggerMessage] log calls before and after it. Logging there is as safe as the logging in the catch.
    [Fact]
    public Task Callees_logging_around_their_handling_try_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        namespace Microsoft.Extensions.Logging
        {
            [AttributeUsage(AttributeTargets.Method)]
            sealed class LoggerMessageAttribute : Attribute { }
            interface ILogger { }
        }

        partial class C
        {
            readonly Microsoft.Extensions.Logging.ILogger _logger = null!;
            readonly Options _options = new();
            int _capacity;

            void M()
            {
                _ = Task.Run(RampUpAsync);
                _ = {|AG0001:LogsAComputedValueAsync()|};
                _ = {|AG0001:WorksAfterTheTryAsync()|};
                _ = {|AG0001:Task.Run(WorksAfterTheTryAsync)|};
            }

            async Task RampUpAsync()
            {
                var target = _options.Max;
                LogBegin(_logger, Volatile.Read(ref _capacity), target);
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); return; }
                LogDone(_logger, Volatile.Read(ref _capacity));
            }

            // Near-misses: a log argument that calls user code can throw; so can work after the try.
            async Task LogsAComputedValueAsync()
            {
                LogDone(_logger, Compute());
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
            }

            async Task WorksAfterTheTryAsync()
            {
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
                await Remote.SendAsync();
            }

            int Compute() => throw new InvalidOperationException();

            [Microsoft.Extensions.Logging.LoggerMessage]
            static void LogBegin(Microsoft.Extensions.Logging.ILogger logger, int capacity, int target) { }

            [Microsoft.Extensions.Logging.LoggerMessage]
            static void LogDone(Microsoft.Extensions.Logging.ILogger logger, int capacity) { }
        }

        class Options { public int Max { get; set; } = 4; }
        """));

    [Fact]
    public Task Callees_ending_their_handling_try_with_statements_that_cannot_throw_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            bool _running;

            // As in npgsql's AsyncHelpers.OnCompletedWithSource: every failure goes to the source, then a keep-alive.
            static void OnCompleted(Task task, Source source, Continuation continuation)
            {
                _ = Core(task, source, continuation);

                async ValueTask Core(Task task, Source source, Continuation continuation)
                {
                    try
                    {
                        await task.ConfigureAwait(false);
                        continuation.Invoke(task, source);
                    }
                    catch (Exception ex)
                    {
                        source.SetException(ex);
                    }

                    continuation.KeepAlive();
                }
            }

            void Start() => _ = RunAsync();

            async Task RunAsync()
            {
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
                _running = false;
                Done();
            }

            void Done() => _running = false;
        }

        class Source { public void SetException(Exception exception) { } }

        readonly struct Continuation
        {
            readonly object _handle;
            public Continuation(object handle) => _handle = handle;
            public void KeepAlive() => GC.KeepAlive(_handle);
            public void Invoke(Task task, Source source) { }
        }
        """));

    [Fact]
    public Task Worker_loops_around_a_handling_try_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            readonly CancellationTokenSource _cts = new();

            // As in Elsa's BookmarkQueueWorker: the loop's only statement handles every failure.
            void Start()
            {
                _ = Task.Run(AwaitSignalAsync);
                _ = {|AG0001:Task.Run(ConditionCallsAsync)|};
                _ = {|AG0001:WorksOutsideTheTryAsync()|};
            }

            async Task AwaitSignalAsync()
            {
                while (!_cts.IsCancellationRequested)
                {
                    try { await Remote.SendAsync(); }
                    catch (OperationCanceledException) { break; }
                    catch (Exception ex) { Console.WriteLine(ex.Message); }
                }
            }

            async Task ConditionCallsAsync()
            {
                while (ShouldRun())
                {
                    try { await Remote.SendAsync(); }
                    catch (Exception ex) { Console.WriteLine(ex.Message); }
                }
            }

            async Task WorksOutsideTheTryAsync()
            {
                while (!_cts.IsCancellationRequested)
                {
                    try { await Remote.SendAsync(); }
                    catch (Exception ex) { Console.WriteLine(ex.Message); }
                    await Remote.SendAsync();
                }
            }

            static bool ShouldRun() => throw new InvalidOperationException();
        }
        """));

    [Fact]
    public Task Statements_after_the_handling_try_that_can_throw_are_reported() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            Holder _holder = new();

            void M(Continuation continuation, Holder holder)
            {
                // Housekeeping on another object after the handling try (see HandlesItsAwaitedWork): a null receiver is not
                // considered, as for a plain field read.
                _ = OnAClassReceiverAsync(holder);
                _ = FieldOfAnotherObjectAsync();
                _ = {|AG0001:WorkInTheCalleeAsync(continuation)|};
                _ = {|AG0001:VirtualCalleeAsync()|};
            }

            async Task OnAClassReceiverAsync(Holder holder)
            {
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
                holder.KeepAlive();
            }

            // The callee throws.
            async Task WorkInTheCalleeAsync(Continuation continuation)
            {
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
                continuation.Describe();
            }

            // An override throws.
            async Task VirtualCalleeAsync()
            {
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
                Reset();
            }

            protected virtual void Reset() { }

            async Task FieldOfAnotherObjectAsync()
            {
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
                _holder.Count = 0;
            }
        }

        class StrictC : C
        {
            protected override void Reset() => throw new NotSupportedException();
        }

        class Holder
        {
            public int Count;
            public void KeepAlive() => GC.KeepAlive(this);
        }

        readonly struct Continuation
        {
            readonly object _handle;
            public Continuation(object handle) => _handle = handle;
            public void Describe() => Console.WriteLine(_handle ?? throw new InvalidOperationException());
        }
        """));

    [Fact]
    public Task Lambdas_that_only_call_a_void_method_handling_its_own_failures_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            // As in Ocelot's FileConfigurationPoller.StopAsync: dispose the event once the timer signals it.
            void Stop(ManualResetEvent timerStopped)
            {
                _ = Task.Run(() => SafeDispose(timerStopped));
                Task.Run(() => { Drain(); });
            }

            void SafeDispose(ManualResetEvent handle)
            {
                try { handle.WaitOne(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
                finally { handle.Dispose(); }
            }

            static void Drain()
            {
                try { Console.ReadLine(); }
                catch { }
            }
        }
        """));

    [Fact]
    public Task Lambdas_whose_statements_cannot_throw_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            int _count;

            // As in Nito.AsyncEx's AsyncContext tests: the scheduled delegate only sets a captured local,
            // or reads an ambient static property into it.
            void M(TaskFactory factory, Task antecedent, CancellationTokenRegistration registration)
            {
                int value = 0;
                TaskScheduler observed = null;
                factory.StartNew(() => { value = 1; });
                factory.StartNew(() => { observed = TaskScheduler.Current; });
                _ = Task.Run(() => { _count = value; });
                // As in Nito.AsyncEx's wait queue: the continuation only unhooks a cancellation callback.
                antecedent.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
                Console.WriteLine(value);
                Console.WriteLine(observed);
            }
        }
        """));

    [Fact]
    public Task Lambdas_with_statements_that_can_throw_are_reported() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            void M(TaskFactory factory, Holder holder)
            {
                int value = 0;
                {|AG0001:factory.StartNew(() => { value = Compute(); })|};
                _ = {|AG0001:Task.Run(() => { holder.Count = value; })|};
                _ = {|AG0001:Task.Run(() => { value = holder.Count; })|};
                _ = {|AG0001:Task.Run(() => { value = Holder.Items[0]; })|};
                _ = {|AG0001:Task.Run(() => { value = holder.Size; })|};
            }

            static int Compute() => throw new InvalidOperationException();
        }

        class Holder
        {
            public int Count;
            public static int[] Items = new int[0];
            public int Size => Count;
        }
        """));

    [Fact]
    public Task Continuations_disposing_something_that_may_throw_are_reported() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            void M(Task antecedent, System.IO.Stream stream, CancellationTokenSource source)
            {
                {|AG0001:antecedent.ContinueWith(_ => stream.Dispose(), TaskScheduler.Default)|};
                {|AG0001:antecedent.ContinueWith(_ => source.Cancel(), TaskScheduler.Default)|};
            }
        }
        """));

    [Fact]
    public Task Lambdas_calling_a_void_method_that_can_throw_are_reported() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            void Stop(ManualResetEvent timerStopped, C other)
            {
                _ = {|AG0001:Task.Run(() => Rethrows(timerStopped))|};
                _ = {|AG0001:Task.Run(() => Overridable(timerStopped))|};
                _ = {|AG0001:Task.Run(() => SafeDispose(Create()))|};
                _ = {|AG0001:Task.Run(() => other.SafeDispose(timerStopped))|};
                _ = {|AG0001:Task.Run(() => { SafeDispose(timerStopped); Console.WriteLine(); })|};
            }

            void SafeDispose(ManualResetEvent handle)
            {
                try { handle.WaitOne(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
            }

            void Rethrows(ManualResetEvent handle)
            {
                try { handle.WaitOne(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); throw; }
            }

            protected virtual void Overridable(ManualResetEvent handle)
            {
                try { handle.WaitOne(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
            }

            static ManualResetEvent Create() => new(false);
        }
        """));

    private const string NitoAsyncEx = """

        namespace Nito.AsyncEx
        {
            public interface IAsyncWaitQueue<T> { Task<T> Enqueue(); bool IsEmpty { get; } }
            public sealed class DefaultAsyncWaitQueue<T> : IAsyncWaitQueue<T>
            {
                Task<T> IAsyncWaitQueue<T>.Enqueue() => Task.FromResult(default(T)!);
                bool IAsyncWaitQueue<T>.IsEmpty => true;
            }
            public sealed class AsyncReaderWriterLock
            {
                public Task<IDisposable> WriterLockAsync() => Task.Run<IDisposable>(() => null!);
                public Task<IDisposable> ReaderLockAsync(CancellationToken token) => Task.Run<IDisposable>(() => null!);
            }
        }

        class Worker { public Task RunAsync() => Task.Run(() => Console.WriteLine()); }
        """;

    [Fact]
    public Task Waits_on_a_primitive_the_method_creates_and_keeps_to_itself_are_set_up() => Verify.VerifyAnalyzerAsync(Code("""
        using Nito.AsyncEx;

        class C
        {
            // As in Nito.AsyncEx's own tests: fill the wait queue, take the lock, then check the state.
            void Queue()
            {
                var queue = new DefaultAsyncWaitQueue<object>() as IAsyncWaitQueue<object>;
                queue.Enqueue();
                var _ = queue.Enqueue();
                Console.WriteLine(queue.IsEmpty);
            }

            void Lock()
            {
                var rwl = new AsyncReaderWriterLock();
                rwl.WriterLockAsync();
                var task = rwl.ReaderLockAsync(new CancellationToken(true));
                Console.WriteLine(task.IsCanceled);
            }

            void Semaphore()
            {
                var semaphore = new SemaphoreSlim(0);
                semaphore.WaitAsync();
                Console.WriteLine(semaphore.CurrentCount);
            }
        }
        """ + NitoAsyncEx));

    [Fact]
    public Task Waits_on_shared_primitives_are_missing_awaits() => Verify.VerifyAnalyzerAsync(Code("""
        using Nito.AsyncEx;

        class C
        {
            readonly SemaphoreSlim _gate = new(1);

            void Shared()
            {
                {|AG0001:_gate.WaitAsync()|};
                try { Console.WriteLine(); } finally { _gate.Release(); }
            }

            void HandedOn()
            {
                var signal = new SemaphoreSlim(0);
                Start(signal);
                {|AG0001:signal.WaitAsync()|};
            }

            void Captured()
            {
                var signal = new SemaphoreSlim(0);
                _ = {|AG0001:Task.Run(() => { signal.Release(); })|};
                {|AG0001:signal.WaitAsync()|};
            }

            void Parameter(AsyncReaderWriterLock rwl)
            {
                {|AG0001:rwl.WriterLockAsync()|};
            }

            void NotAWait()
            {
                var worker = new Worker();
                {|AG0001:worker.RunAsync()|};
            }

            static void Start(SemaphoreSlim signal) { }
        }
        """ + NitoAsyncEx));

    [Fact]
    public Task A_callee_in_another_assembly_is_reported() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            void M(System.IO.Stream stream) { {|AG0001:stream.FlushAsync()|}; }
        }
        """));

    [Fact]
    public Task Fire_and_forget_lambdas_that_handle_cancellation_around_cancellable_code_are_fine() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            void M(TimeSpan delay, CancellationToken token)
            {
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await Task.Delay(delay, token);
                        token.ThrowIfCancellationRequested();
                    }
                    catch (OperationCanceledException) { }
                });
            }
        }
        """));

    [Fact]
    public Task Lambdas_catching_cancellation_around_other_work_or_rethrowing_are_reported() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            void M(TimeSpan delay, CancellationToken token)
            {
                _ = {|AG0001:Task.Run(async () =>
                {
                    try
                    {
                        await Task.Delay(delay, token);
                        await Remote.SendAsync();
                    }
                    catch (OperationCanceledException) { }
                })|};
                _ = {|AG0001:Task.Run(async () =>
                {
                    try { await Remote.SendAsync(); }
                    catch (Exception ex) { Console.WriteLine(ex); throw; }
                })|};

                // A synchronous lambda that returns a task hands out work its try never awaited: Task.Run unwraps that task.
                _ = {|AG0001:Task.Run(() =>
                {
                    try { return Remote.SendAsync(); }
                    catch (Exception) { return Task.CompletedTask; }
                })|};
            }
        }
        """));

    // Seen in durabletask (`catch (Exception e) when (!Utils.IsFatal(e))`) and azure-functions-host (`if (ex.IsFatal()) throw;`):
    // a catch-all that lets only exceptions the process does not survive through still handles every other failure. A test
    // that selects a survivable type, a negated test, or a throw of anything else still lets the failure out.
    [Fact]
    public Task Catch_alls_that_let_only_fatal_exceptions_through_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        static class Errors
        {
            public static bool IsFatal(this Exception exception)
            {
                while (exception != null)
                {
                    if (exception is (OutOfMemoryException and not InsufficientMemoryException) or ThreadAbortException or StackOverflowException)
                    {
                        return true;
                    }

                    exception = exception.InnerException;
                }

                return false;
            }

            public static bool IsFatalToo(Exception e) => e is OutOfMemoryException || e is AccessViolationException;

            public static bool IsFatalBySwitch(Exception e)
            {
                switch (e)
                {
                    case OutOfMemoryException:
                    case System.Runtime.InteropServices.SEHException:
                        return true;
                }

                return false;
            }

            public static bool IsFatalOrTimeoutBySwitch(Exception e)
            {
                switch (e)
                {
                    case OutOfMemoryException:
                    case TimeoutException:
                        return true;
                }

                return false;
            }
            public static bool IsTransient(Exception e) => e is TimeoutException || e is OutOfMemoryException;
            public static bool IsSurvivable(Exception e) => !(e is OutOfMemoryException);
        }

        class C
        {
            async Task Filtered()
            {
                try { await Remote.SendAsync(); }
                catch (Exception e) when (!Errors.IsFatalToo(e)) { Console.WriteLine(e.Message); }
            }

            async Task Rethrown()
            {
                try { await Remote.SendAsync(); }
                catch (Exception e)
                {
                    if (e.IsFatal())
                    {
                        throw;
                    }

                    Console.WriteLine(e);
                }
            }

            async Task Inline()
            {
                try { await Remote.SendAsync(); }
                catch (Exception e) when (!(e is OutOfMemoryException)) { Console.WriteLine(e.Message); }
            }

            async Task FilteredBySwitch()
            {
                try { await Remote.SendAsync(); }
                catch (Exception e) when (!Errors.IsFatalBySwitch(e)) { Console.WriteLine(e.Message); }
            }

            async Task FilteredBySwitchWithTimeout()
            {
                try { await Remote.SendAsync(); }
                catch (Exception e) when (!Errors.IsFatalOrTimeoutBySwitch(e)) { Console.WriteLine(e.Message); }
            }

            async Task FilteredToTransient()
            {
                try { await Remote.SendAsync(); }
                catch (Exception e) when (!Errors.IsTransient(e)) { Console.WriteLine(e.Message); }
            }

            async Task RethrowsSurvivable()
            {
                try { await Remote.SendAsync(); }
                catch (Exception e) { if (Errors.IsSurvivable(e)) throw; }
            }

            async Task WrapsTheRest()
            {
                try { await Remote.SendAsync(); }
                catch (Exception e)
                {
                    if (e.IsFatal()) throw;
                    throw new InvalidOperationException("send failed", e);
                }
            }

            async Task RethrowsATypeFirst()
            {
                try { await Remote.SendAsync(); }
                catch (InvalidOperationException) { throw; }
                catch (Exception e) { Console.WriteLine(e.Message); }
            }

            void M()
            {
                _ = Filtered();
                _ = Rethrown();
                _ = Inline();
                _ = FilteredBySwitch();
                _ = {|AG0001:FilteredBySwitchWithTimeout()|};
                _ = {|AG0001:FilteredToTransient()|};
                _ = {|AG0001:RethrowsSurvivable()|};
                _ = {|AG0001:WrapsTheRest()|};
                _ = {|AG0001:RethrowsATypeFirst()|};
            }
        }
        """));

    // Seen in Hangfire's dispatch loop (round 15): `catch (Exception ex) when (ex.IsCatchableExceptionType())`, the positive form
    // of the fatal test that System.Data's helper and its copies write over `static readonly Type` fields, inline
    // (`when (e is not OutOfMemoryException)`) and as a switch. A helper that also leaves out a survivable type
    // (NullReferenceException, TimeoutException), a field made from a survivable type, and a helper that tests something
    // other than the exception still let failures out.
    [Fact]
    public Task Catch_alls_filtered_to_catchable_exceptions_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        static class ExceptionTypeHelper
        {
            private static readonly Type StackOverflowType = typeof(StackOverflowException);
            private static readonly Type OutOfMemoryType = typeof(OutOfMemoryException);
            private static readonly Type SecurityType = typeof(System.Security.SecurityException);
            private static readonly Type TimeoutType = typeof(TimeoutException);
            private static Type Mutable = typeof(OutOfMemoryException);

            public static bool IsCatchableExceptionType(this Exception e)
            {
                var type = e.GetType();
                return type != StackOverflowType && type != OutOfMemoryType && !SecurityType.IsAssignableFrom(type);
            }

            public static bool IsCatchableByTypeInfo(this Exception e) =>
                e.GetType() != typeof(OutOfMemoryException) &&
                !System.Reflection.IntrospectionExtensions.GetTypeInfo(SecurityType)
                    .IsAssignableFrom(System.Reflection.IntrospectionExtensions.GetTypeInfo(e.GetType()));

            public static bool IsCatchableBySwitch(Exception e) => e switch
            {
                OutOfMemoryException => false,
                StackOverflowException => false,
                null => false,
                _ => true,
            };

            public static bool IsCatchableButNotNull(this Exception e) =>
                !(e is NullReferenceException || e is OutOfMemoryException);

            public static bool IsCatchableButNotTimeout(this Exception e)
            {
                var type = e.GetType();
                return type != OutOfMemoryType && type != TimeoutType;
            }

            public static bool IsCatchableThroughAMutableField(this Exception e) => e.GetType() != Mutable;

            public static bool IsCatchableBySwitchButTimeout(Exception e) => e switch
            {
                OutOfMemoryException or TimeoutException => false,
                _ => true,
            };

            public static bool IsShort(this Exception e) => e.Message.Length < 10;
        }

        class C
        {
            async Task Helper()
            {
                try { await Remote.SendAsync(); }
                catch (Exception e) when (e.IsCatchableExceptionType()) { Console.WriteLine(e.Message); }
            }

            async Task ByTypeInfo()
            {
                try { await Remote.SendAsync(); }
                catch (Exception e) when (e.IsCatchableByTypeInfo()) { Console.WriteLine(e.Message); }
            }

            async Task BySwitch()
            {
                try { await Remote.SendAsync(); }
                catch (Exception e) when (ExceptionTypeHelper.IsCatchableBySwitch(e)) { Console.WriteLine(e.Message); }
            }

            async Task Inline()
            {
                try { await Remote.SendAsync(); }
                catch (Exception e) when (e is not (OutOfMemoryException or StackOverflowException)) { Console.WriteLine(e.Message); }
            }

            async Task InlineTypes()
            {
                try { await Remote.SendAsync(); }
                catch (Exception e) when (e.GetType() != typeof(OutOfMemoryException) && !(e is StackOverflowException)) { }
            }

            async Task ButNotNull()
            {
                try { await Remote.SendAsync(); }
                catch (Exception e) when (e.IsCatchableButNotNull()) { Console.WriteLine(e.Message); }
            }

            async Task ButNotTimeout()
            {
                try { await Remote.SendAsync(); }
                catch (Exception e) when (e.IsCatchableButNotTimeout()) { Console.WriteLine(e.Message); }
            }

            async Task ThroughAMutableField()
            {
                try { await Remote.SendAsync(); }
                catch (Exception e) when (e.IsCatchableThroughAMutableField()) { Console.WriteLine(e.Message); }
            }

            async Task BySwitchButTimeout()
            {
                try { await Remote.SendAsync(); }
                catch (Exception e) when (ExceptionTypeHelper.IsCatchableBySwitchButTimeout(e)) { Console.WriteLine(e.Message); }
            }

            async Task InlineButTimeout()
            {
                try { await Remote.SendAsync(); }
                catch (Exception e) when (e is not TimeoutException) { Console.WriteLine(e.Message); }
            }

            async Task OnMessage()
            {
                try { await Remote.SendAsync(); }
                catch (Exception e) when (e.IsShort()) { Console.WriteLine(e.Message); }
            }

            void M()
            {
                _ = Helper();
                _ = ByTypeInfo();
                _ = BySwitch();
                _ = Inline();
                _ = InlineTypes();
                _ = {|AG0001:ButNotNull()|};
                _ = {|AG0001:ButNotTimeout()|};
                _ = {|AG0001:ThroughAMutableField()|};
                _ = {|AG0001:BySwitchButTimeout()|};
                _ = {|AG0001:InlineButTimeout()|};
                _ = {|AG0001:OnMessage()|};
            }
        }
        """));

    // Hangfire's dispatcher starts its loops with `Task.Factory.StartNew(DispatchLoop, …, scheduler).Unwrap();`: the unwrapped
    // task holds the outer or the inner task's failure, and a loop that handles its own failures leaves neither. Unwrapping a
    // loop that can fault still loses its failure.
    [Fact]
    public Task Unwrapped_starts_of_work_that_handles_its_failures_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        static class ExceptionTypeHelper
        {
            public static bool IsCatchableExceptionType(this Exception e) => e is not (OutOfMemoryException or StackOverflowException);
        }

        class Dispatcher
        {
            private readonly CountdownEvent _stopped = new CountdownEvent(2);

            public Dispatcher(TaskScheduler scheduler)
            {
                Task.Factory.StartNew(DispatchLoop, CancellationToken.None, TaskCreationOptions.None, scheduler).Unwrap();
                Task.Factory.StartNew(() => DispatchLoop(), CancellationToken.None, TaskCreationOptions.None, scheduler).Unwrap();
                {|AG0001:Task.Factory.StartNew(FailingLoop, CancellationToken.None, TaskCreationOptions.None, scheduler).Unwrap()|};
                {|AG0001:Task.Factory.StartNew(async () => await Remote.SendAsync()).Unwrap()|};
            }

            private async Task DispatchLoop()
            {
                try
                {
                    await Remote.SendAsync().ConfigureAwait(true);
                }
                catch (Exception ex) when (ex.IsCatchableExceptionType())
                {
                    try { Console.WriteLine(ex); }
                    catch (Exception inner) when (inner.IsCatchableExceptionType()) { }
                }
                finally
                {
                    try { _stopped.Signal(); }
                    catch (ObjectDisposedException) { }
                }
            }

            private async Task FailingLoop()
            {
                try { await Remote.SendAsync(); }
                finally { _stopped.Signal(); }
            }
        }
        """));

    // Seen in durabletask's partition manager loop: in an async body an OperationCanceledException that escapes ends the task
    // Canceled, not Faulted. A cancellation clause that rethrows, a delay on a token (in either branch of an `if`), and
    // `ThrowIfCancellationRequested()` around a handling try cannot fault it. A synchronous body that rethrows cancellation,
    // and a cancellation clause that throws something else, still can.
    [Fact]
    public Task Async_bodies_that_only_let_cancellation_out_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        class C
        {
            async Task Loop(CancellationToken graceful, CancellationToken forceful)
            {
                var pause = TimeSpan.FromSeconds(1);
                while (true)
                {
                    try { await Remote.SendAsync(); }
                    catch (Exception e) { Console.WriteLine(e.Message); }

                    try
                    {
                        if (forceful.IsCancellationRequested) { await Task.Delay(pause, forceful); }
                        else { await Task.Delay(pause, graceful); }
                    }
                    catch (OperationCanceledException) when (graceful.IsCancellationRequested) { Console.WriteLine("stopping"); }
                }
            }

            async Task RethrowsCancellation(CancellationToken token)
            {
                await Task.Delay(100, token);
                try { await Remote.SendAsync(); }
                catch (OperationCanceledException) { throw; }
                catch (Exception e) { Console.WriteLine(e.Message); }
                token.ThrowIfCancellationRequested();
            }

            async Task TranslatesCancellation()
            {
                try { await Remote.SendAsync(); }
                catch (OperationCanceledException e) { throw new TimeoutException("late", e); }
                catch (Exception e) { Console.WriteLine(e.Message); }
            }

            void RethrowsSynchronously()
            {
                try { Remote.SendAsync().Wait(); }
                catch (OperationCanceledException) { throw; }
                catch (Exception e) { Console.WriteLine(e.Message); }
            }

            void M(CancellationToken token)
            {
                _ = Loop(token, CancellationToken.None);
                _ = RethrowsCancellation(token);
                _ = {|AG0001:TranslatesCancellation()|};
                _ = {|AG0001:Task.Run(() => RethrowsSynchronously())|};
            }
        }
        """));

    // Seen in azure-functions-host (`if (!runImmediately) await Task.Delay(_delay);` before forwarding buffered logs) and
    // WalletWasabi (`pending.TryAdd(i, circuit)` on a dictionary keyed by a counter): a delay without a token and a lock-free
    // dictionary call with a value-type key cannot throw before the handling try. So is a string key (housekeeping, see
    // HandlesItsAwaitedWork); a file deleted before the try is work that can fail, and is reported.
    [Fact]
    public Task Preludes_of_delays_and_dictionary_calls_with_value_keys_cannot_throw() => Verify.VerifyAnalyzerAsync(Code("""
        using System.Collections.Concurrent;

        class C
        {
            readonly TimeSpan _delay = TimeSpan.FromSeconds(10);
            bool _enabled = true;

            void M(bool now, long id, string name, ConcurrentDictionary<long, object> byId, ConcurrentDictionary<string, object> byName)
            {
                _ = Task.Run(async () =>
                {
                    if (!now) { await Task.Delay(_delay); }
                    _enabled = false;
                    byId.TryAdd(id, name);
                    try { await Remote.SendAsync(); }
                    catch (Exception e) { Console.WriteLine(e.Message); }
                    finally { byId.TryRemove(id, out _); }
                });
                _ = Task.Run(async () =>
                {
                    byName.TryAdd(name, id);
                    try { await Remote.SendAsync(); }
                    catch (Exception e) { Console.WriteLine(e.Message); }
                });
                _ = {|AG0001:Task.Run(async () =>
                {
                    System.IO.File.Delete(name);
                    try { await Remote.SendAsync(); }
                    catch (Exception e) { Console.WriteLine(e.Message); }
                })|};
            }
        }
        """));

    // Seen in durabletask's work item dispatcher: after the handling try, `if (abort) await TraceWrapperAsync(…, () => Abort(item));`
    // awaits a method of the compilation that handles its own failures (a catch-all filtered to non-fatal exceptions). An
    // await of work that can fault is reported; a callee that awaits itself is decided without following that await, so the
    // cycle cannot recurse (and the call is reported).
    [Fact]
    public Task Awaits_of_callees_that_cannot_fault_after_the_handling_try_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        class Dispatcher
        {
            Func<Task>? _abort;

            static bool IsFatal(Exception e) => e is OutOfMemoryException || e is StackOverflowException;

            async Task Process(object item)
            {
                var work = (string)item;
                var abort = true;
                try { await Remote.SendAsync(); abort = false; }
                catch (Exception e) when (!IsFatal(e)) { Console.WriteLine(work + e.Message); }

                if (abort && _abort != null)
                {
                    await TraceAsync(nameof(_abort), () => _abort());
                }
            }

            async Task TraceAsync(string operation, Func<Task> action)
            {
                try { await action(); }
                catch (Exception e) when (!IsFatal(e)) { Console.WriteLine(operation + e.Message); }
            }

            async Task Again()
            {
                try { await Remote.SendAsync(); }
                catch (Exception e) { Console.WriteLine(e.Message); }
                await Again();
            }

            async Task ThenUnsafe(bool abort)
            {
                try { await Remote.SendAsync(); }
                catch (Exception e) { Console.WriteLine(e.Message); }
                if (abort) { await Remote.SendAsync(); }
            }

            void M(object item)
            {
                _ = Process(item);
                _ = {|AG0001:Again()|};
                _ = {|AG0001:ThenUnsafe(true)|};
            }
        }
        """));

    // Seen in Coyote's siloed actor context: a non-async callee that returns `Task.Run` of a lambda handling its own failures
    // (here by routing them into the completion source its caller awaits) returns a task that cannot fault. `Task.Run` of work
    // that can fault is reported.
    [Fact]
    public Task Callees_returning_Task_Run_of_a_handling_lambda_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        class Context
        {
            TaskCompletionSource<bool> _completion = new();

            Task Run(bool fresh)
            {
                _completion = new TaskCompletionSource<bool>();
                return Task.Run(async () =>
                {
                    try
                    {
                        if (fresh) { await Remote.SendAsync(); }
                        _completion.SetResult(true);
                    }
                    catch (Exception ex) { _completion.SetException(ex); }
                });
            }

            Task RunUnhandled() => Task.Run(async () => { await Remote.SendAsync(); });

            Task StartAsync()
            {
                Run(true);
                {|AG0001:RunUnhandled()|};
                return _completion.Task;
            }
        }
        """));

    // Seen in the Cosmos DB client's endpoint probe: a callee of several handling trys in a row, with a guard returning a
    // result of plain values, a linked token source and its timeout between them. A call that can throw between the trys is
    // reported.
    [Fact]
    public Task Callees_of_several_handling_trys_in_a_row_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        class Probe
        {
            static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
            int _closed;

            static Uri Build(Uri endpoint) => new Uri(endpoint, "probe");

            async Task<(Uri Endpoint, bool Ok)> ProbeAsync(Uri endpoint, CancellationToken token)
            {
                Uri uri;
                try { uri = Build(endpoint); }
                catch (Exception ex) { Console.WriteLine(ex.Message); return (endpoint, false); }

                if (token.IsCancellationRequested || Volatile.Read(ref _closed) == 1)
                {
                    return (endpoint, false);
                }

                // Three tokens bind to the `params` overload, as one does on .NET Standard 2.0.
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, token, token);
                linked.CancelAfter(Timeout);
                try
                {
                    await Remote.SendAsync();
                    return (uri, true);
                }
                catch (Exception ex) { Console.WriteLine(ex.Message); return (endpoint, false); }
            }

            // Seen in FASTER's write path: the second try's finally flushes the stream, and that I/O can fail after the catch.
            async Task ProbeThenFlushAsync(System.IO.Stream stream)
            {
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); return; }

                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
                finally { await stream.FlushAsync(); }
            }

            // The read path: the finally calls the user's callback, unknown code that can throw after the catch.
            async Task ProbeThenCallBackAsync(Action<int> callback)
            {
                if (callback is null) return;
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
                finally { callback(1); }
            }

            async Task<bool> ProbeThenBuildAsync(Uri endpoint)
            {
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); return false; }

                var uri = Build(endpoint);
                try { await Remote.SendAsync(); return uri.IsAbsoluteUri; }
                catch (Exception ex) { Console.WriteLine(ex.Message); return false; }
            }

            void M(Uri endpoint)
            {
                _ = ProbeAsync(endpoint, CancellationToken.None);
                _ = {|AG0001:ProbeThenBuildAsync(endpoint)|};
                _ = {|AG0001:ProbeThenFlushAsync(System.IO.Stream.Null)|};
                _ = {|AG0001:ProbeThenCallBackAsync(Console.WriteLine)|};
            }
        }
        """));

    // Seen in azure-signalr's access key synchronizer: `var logger = _factory.CreateLogger<AadAccessKey>();` before the handling
    // try is as safe as the log calls the catch makes. Another call on the factory's receiver is still reported.
    [Fact]
    public Task Logger_creation_before_the_handling_try_cannot_throw() => Verify.VerifyAnalyzerAsync(Code("""
        namespace Microsoft.Extensions.Logging
        {
            interface ILogger { }
            interface ILoggerFactory { ILogger CreateLogger(string name); void AddProvider(object provider); }
            static class LoggerFactoryExtensions
            {
                public static ILogger CreateLogger<T>(this ILoggerFactory factory) => factory.CreateLogger(typeof(T).Name);
            }
        }

        class Synchronizer
        {
            readonly Microsoft.Extensions.Logging.ILoggerFactory _factory = null!;

            async Task UpdateAsync()
            {
                var logger = Microsoft.Extensions.Logging.LoggerFactoryExtensions.CreateLogger<Synchronizer>(_factory);
                var named = _factory.CreateLogger("sync");
                try { await Remote.SendAsync(); }
                catch (Exception e) { Console.WriteLine(e.Message + logger + named); }
            }

            async Task RegisterAsync()
            {
                _factory.AddProvider(this);
                try { await Remote.SendAsync(); }
                catch (Exception e) { Console.WriteLine(e.Message); }
            }

            void M()
            {
                _ = UpdateAsync();
                _ = {|AG0001:RegisterAsync()|};
            }
        }
        """));

    // Round 9, family A (iotedge's delayed twin pull, reverse-proxy's timer callback, NuGetGallery's token refresh): the work a
    // callee waits on is handled, and around it is housekeeping: log wrappers of the project, a delay, a lock taken with
    // `using (await _lock.LockAsync())`, `Interlocked`, casts, `TryGetTarget`, a dictionary's `TryRemove`, a dispose, a gate's
    // `WaitAsync`. Near-misses, still reported: a throw outside the try, a callback, a call through an interface of the project,
    // a resource that is work (`using (var c = await OpenAsync())`), an await of work that can fault, a project helper that
    // throws two calls down, library I/O.
    [Fact]
    public Task Housekeeping_around_handled_work_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        using System.Collections.Concurrent;

        sealed class AsyncLock
        {
            readonly SemaphoreSlim _semaphore = new(1);
            public async Task<IDisposable> LockAsync() { await _semaphore.WaitAsync(); return new Releaser(_semaphore); }
            sealed class Releaser(SemaphoreSlim semaphore) : IDisposable { public void Dispose() => semaphore.Release(); }
        }

        static class Events
        {
            public static void Started() => Console.WriteLine("started");
            public static void Frequent(int count, int seconds) => Console.WriteLine($"{count} in {seconds}s");
            public static void Checked(object? value) => Guard(value);
            static void Guard(object? value) { if (value is not string) throw new FormatException(nameof(value)); }
        }

        interface IListener { void Changed(); }

        sealed class Owner
        {
            public bool RunOnce;
            public ConcurrentDictionary<int, Entry> Entries = new();
            public Func<int, Task> Action = _ => Task.CompletedTask;
        }

        sealed class Entry : IDisposable
        {
            public int Id;
            public bool Running;
            public WeakReference<Owner> Owner = new(null!);
            public void Dispose() => Running = false;
        }

        sealed class Twin
        {
            readonly AsyncLock _lock = new();
            readonly TimeSpan _throttle = TimeSpan.FromSeconds(30);
            readonly SemaphoreSlim _gate = new(1);
            readonly IListener _listener = null!;
            int _requests;
            DateTime _last;
            bool _inProgress;
            public event Action? Refreshed;

            async Task DelayedRefreshAsync()
            {
                Events.Started();
                await Task.Delay(_throttle);
                int count;
                using (await _lock.LockAsync())
                {
                    _last = DateTime.Now;
                    try { await Remote.SendAsync(); }
                    catch { }
                    count = Interlocked.Exchange(ref _requests, 0);
                    _inProgress = false;
                }

                if (count > 10) Events.Frequent(count, Convert.ToInt32(_throttle.TotalSeconds));
            }

            static async Task TimerCallback(object? state)
            {
                var entry = (Entry)state!;
                lock (entry)
                {
                    if (entry.Running) return;
                    entry.Running = true;
                }

                if (!entry.Owner.TryGetTarget(out var owner)) return;
                if (owner.RunOnce && owner.Entries.TryRemove(entry.Id, out _)) entry.Dispose();
                try { await owner.Action(entry.Id); }
                catch (Exception ex) { Console.WriteLine(ex.Message); return; }
            }

            async Task<bool> TryRefreshAsync(int timeout)
            {
                if (!await _gate.WaitAsync(timeout)) return false;
                try { return await RefreshAsync(); }
                finally { _gate.Release(); }
            }

            async Task<bool> RefreshAsync()
            {
                try { await Remote.SendAsync(); return true; }
                catch (Exception ex) { Console.WriteLine(ex.Message); return false; }
            }

            async Task ThrowsFirstAsync()
            {
                if (_inProgress) throw new TimeoutException();
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
            }

            async Task CallsBackAsync()
            {
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
                Refreshed?.Invoke();
            }

            async Task NotifiesAsync()
            {
                _listener.Changed();
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
            }

            async Task OpensAsync()
            {
                using (var stream = await OpenAsync())
                {
                    try { await Remote.SendAsync(); }
                    catch (Exception ex) { Console.WriteLine(ex.Message); }
                }
            }

            static Task<System.IO.Stream> OpenAsync() => Task.Run(() => (System.IO.Stream)System.IO.File.OpenRead("twin"));

            async Task WaitsOnWorkAsync()
            {
                await Remote.SendAsync();
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
            }

            async Task GuardsAsync(object? value)
            {
                Events.Checked(value);
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
            }

            async Task WritesAsync()
            {
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
                System.IO.File.WriteAllText("twin", _last.ToString());
            }

            void M(Entry entry)
            {
                _ = DelayedRefreshAsync();
                _ = TimerCallback(entry);
                Task.Run(async () => await TryRefreshAsync(100));
                _ = Task.Run(async () =>
                {
                    await Task.Delay(_throttle);
                    if (_inProgress) { Events.Started(); return; }
                    try { await Remote.SendAsync(); }
                    catch (Exception ex) { Console.WriteLine(ex.Message); }
                });

                _ = {|AG0001:ThrowsFirstAsync()|};
                _ = {|AG0001:CallsBackAsync()|};
                _ = {|AG0001:NotifiesAsync()|};
                _ = {|AG0001:OpensAsync()|};
                _ = {|AG0001:WaitsOnWorkAsync()|};
                _ = {|AG0001:GuardsAsync(null)|};
                _ = {|AG0001:WritesAsync()|};
            }
        }
        """));

    // Round 9 (azure-signalr's access key loop): `while (await timer)` on a timer awaitable of the project whose GetResult cannot
    // throw, around an await of a callee that handles its failures. An awaitable whose GetResult throws is still reported.
    [Fact]
    public Task Loops_on_a_custom_awaitable_around_handled_work_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        using System.Runtime.CompilerServices;

        sealed class TimerAwaitable : IDisposable, INotifyCompletion
        {
            bool _running = true;
            Timer? _timer;
            Action? _callback;
            public TimerAwaitable GetAwaiter() => this;
            public bool IsCompleted => true;
            public bool GetResult() => _running;
            public void OnCompleted(Action continuation) => _callback = continuation;
            // The timer's callback runs later, on the timer's thread: not part of Start's own run.
            public void Start() => _timer ??= new Timer(state => ((TimerAwaitable)state!).Tick(), this, 0, 100);
            void Tick() => _callback?.Invoke();
            public void Dispose() => _running = false;
        }

        sealed class StrictAwaitable : INotifyCompletion
        {
            bool _running = true;
            public StrictAwaitable GetAwaiter() => this;
            public bool IsCompleted => true;
            public bool GetResult() => _running ? true : throw new ObjectDisposedException("timer");
            public void OnCompleted(Action continuation) => continuation();
        }

        sealed class Connection
        {
            async Task UpdateAsync(TimerAwaitable timer)
            {
                using (timer)
                {
                    timer.Start();
                    while (await timer)
                    {
                        await SendKeyAsync();
                    }
                }
            }

            async Task UpdateStrictAsync(StrictAwaitable timer)
            {
                while (await timer)
                {
                    await SendKeyAsync();
                }
            }

            async Task SendKeyAsync()
            {
                try { await Remote.SendAsync(); }
                catch (Exception e) { Console.WriteLine(e.Message); }
            }

            void M()
            {
                _ = UpdateAsync(new TimerAwaitable());
                _ = {|AG0001:UpdateStrictAsync(new StrictAwaitable())|};
            }
        }
        """));

    // Round 9, family D (Foundatio's queue and timer tests): a background producer the test starts on its own locals, then
    // waits on (the consumer's dequeue with a timeout) and asserts about: if the producer fails, the wait comes back empty and
    // the assertion fails the test. Still reported: a producer in a body that does not assert after waiting, one that only
    // asserts before it waits, one on no state of the test, one followed only by `Debug.Assert` (product code), and (round 12
    // recall) one whose wait has no time limit in a test that has none either: a failed producer hangs that test.
    [Fact]
    public Task Producers_a_test_waits_on_and_asserts_about_are_fine() => Verify.VerifyAnalyzerAsync(Code("""
        namespace Xunit
        {
            public static class Assert
            {
                public static void NotNull(object? value) { }
                public static void True(bool condition) { }
                public static void False(bool condition) { }
            }

            public sealed class FactAttribute : System.Attribute
            {
                public int Timeout { get; set; }
            }
        }

        namespace Tests
        {
            using Xunit;

            class Queue
            {
                public Task EnqueueAsync(string item) => Task.Run(() => { });
                public Task<string?> DequeueAsync(TimeSpan timeout) => Task.FromResult<string?>(null);
                public Task<string?> DequeueAsync(CancellationToken token) => Task.FromResult<string?>(null);
                public Task<string> PollUntilDoneAsync(CancellationToken token) => Task.FromResult("done");
                public void Complete(string item) { _last = item; }
                public bool Stop() => _last != null;
                public int Count => 0;
                private string? _last;
            }

            class QueueTests
            {
                public async Task Dequeue_waits_for_an_item(Queue queue)
                {
                    _ = Task.Run(async () =>
                    {
                        await Task.Delay(500);
                        await queue.EnqueueAsync("Hello");
                    });

                    var item = await queue.DequeueAsync(TimeSpan.FromSeconds(10));
                    Assert.NotNull(item);
                }

                public async Task Timer_fires(Queue queue)
                {
                    var count = 2;
                    _ = Task.Factory.StartNew(async () =>
                    {
                        for (var i = 0; i < count; i++) await queue.EnqueueAsync("tick");
                    });

                    await Task.Delay(100);
                    Assert.True(count == 2);
                }

                public async Task Races_its_wait_with_a_delay(Queue queue, CancellationToken token)
                {
                    _ = Task.Run(async () => await queue.EnqueueAsync("Hello"));
                    var wait = queue.PollUntilDoneAsync(token);
                    var first = await Task.WhenAny(wait, Task.Delay(5000));
                    Assert.True(first == wait);
                }

                public async Task Waits_with_a_token_that_expires(Queue queue)
                {
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    _ = Task.Run(async () => await queue.EnqueueAsync("Hello"));
                    var item = await queue.DequeueAsync(cts.Token);
                    Assert.NotNull(item);
                }

                [Fact(Timeout = 10000)]
                public async Task Polls_in_a_test_with_a_time_limit(Queue queue, CancellationToken token)
                {
                    _ = Task.Run(async () => await queue.EnqueueAsync("Hello"));
                    var result = await queue.PollUntilDoneAsync(token);
                    Assert.NotNull(result);
                }

                // Round 12 recall (the MCP SDK's task tests): a poll without a time limit for what the producer delivers. If
                // the producer throws, the poll never ends: the test hangs instead of failing.
                public async Task Polls_without_a_time_limit(Queue queue, CancellationToken token, string input)
                {
                    _ = {|AG0001:Task.Run(async () =>
                    {
                        await Task.Delay(100, token);
                        await queue.EnqueueAsync(int.Parse(input).ToString());
                    }, token)|};
                    var result = await queue.PollUntilDoneAsync(token);
                    Assert.NotNull(result);
                }

                // A producer of housekeeping only cannot fail, so it cannot hang the test (the MCP SDK's cancel test: the
                // store's `CancelTask` updates an entry under a lock).
                public async Task Polls_for_a_producer_that_cannot_fail(Queue queue, CancellationToken token)
                {
                    var cancelled = new TaskCompletionSource<bool>();
                    _ = Task.Run(async () =>
                    {
                        await Task.Delay(100, token);
                        queue.Complete("Hello");
                        cancelled.SetResult(true);
                    }, token);
                    var result = await queue.PollUntilDoneAsync(token);
                    Assert.NotNull(result);
                    Assert.True(await cancelled.Task);
                }

                // Round 14 (vstest's parallel-proxy tests): a blocking wait with a time limit whose answer the test asserts,
                // in the last assertion too. A blocking wait without one (`done.Wait()`) would hang the test instead.
                public void Blocks_on_a_signal_with_a_time_limit(Queue queue, ManualResetEventSlim done)
                {
                    Task.Run(() =>
                    {
                        queue.EnqueueAsync("Hello").Wait();
                        done.Set();
                    });

                    Assert.True(done.Wait(10000));
                }

                // Round 11 (the Functions worker's tests): a producer that asserts itself loses that assertion when dropped.
                public void Blocks_on_a_signal_after_a_producer_that_asserts(
                    Queue queue, ManualResetEventSlim blocking, ManualResetEventSlim release)
                {
                    {|AG0001:Task.Run(() =>
                    {
                        if (!blocking.Wait(5000)) Assert.True(false);
                        queue.EnqueueAsync("Hello").Wait();
                    })|};

                    release.Wait(5000);
                    Assert.True(release.IsSet);
                }

                // Round 13 (Websocket.Client's tests): unless the test reads back, after a bounded wait, the state of what the
                // producer worked on; the producer's own assertion checks that work once more.
                public void Blocks_on_a_signal_after_a_producer_that_asserts_what_the_test_reads_back(
                    Queue queue, ManualResetEventSlim done)
                {
                    Task.Run(async () =>
                    {
                        await queue.EnqueueAsync("Hello");
                        var stopped = queue.Stop();
                        Assert.True(stopped);
                        done.Set();
                    });

                    done.Wait(3000);
                    var count = queue.Count;
                    Assert.True(count == 0);
                }

                // An assertion that holds when the effect is missing reads nothing back: a failed producer passes it too.
                public void Blocks_on_a_signal_after_a_producer_that_asserts_and_a_negative_read_back(
                    Queue queue, ManualResetEventSlim done)
                {
                    {|AG0001:Task.Run(async () =>
                    {
                        await queue.EnqueueAsync("Hello");
                        var stopped = queue.Stop();
                        Assert.True(stopped);
                        done.Set();
                    })|};

                    done.Wait(3000);
                    var count = queue.Count;
                    Assert.False(count == 0);
                }

                public void Blocks_on_a_signal_without_a_time_limit(Queue queue, ManualResetEventSlim done)
                {
                    {|AG0001:Task.Run(() =>
                    {
                        queue.EnqueueAsync("Hello").Wait();
                        done.Set();
                    })|};

                    done.Wait();
                    Assert.True(done.IsSet);
                }

                public async Task Never_asserts(Queue queue)
                {
                    _ = {|AG0001:Task.Run(async () => await queue.EnqueueAsync("Hello"))|};
                    await queue.DequeueAsync(TimeSpan.FromSeconds(10));
                }

                public async Task Asserts_before_waiting(Queue queue)
                {
                    _ = {|AG0001:Task.Run(async () => await queue.EnqueueAsync("Hello"))|};
                    Assert.NotNull(queue);
                    await queue.DequeueAsync(TimeSpan.FromSeconds(10));
                }

                public async Task Shares_nothing(Queue queue)
                {
                    _ = {|AG0001:Task.Run(async () => await Remote.SendAsync())|};
                    var item = await queue.DequeueAsync(TimeSpan.FromSeconds(10));
                    Assert.NotNull(item);
                }

                public async Task Product_code(Queue queue)
                {
                    _ = {|AG0001:Task.Run(async () => await queue.EnqueueAsync("Hello"))|};
                    var item = await queue.DequeueAsync(TimeSpan.FromSeconds(10));
                    System.Diagnostics.Debug.Assert(item is not null);
                }
            }
        }
        """));

    // Round 11 (PuppeteerSharp's keyboard tests; round 10's DotNetty test writes are the same family): key presses a test fires
    // without waiting, on the object it then drives with an awaited call and asserts about. If a press fails, the assertion
    // fails the test. Still reported: a drop in a handler lambda, one followed only by awaits on another object, one with no
    // assertion after the await, and one in a helper that is not a test method.
    [Fact]
    public Task Commands_a_test_drives_on_and_asserts_after_are_fine() => Verify.VerifyAnalyzerAsync(Code("""
        namespace Xunit
        {
            public sealed class FactAttribute : Attribute { }

            public static class Assert
            {
                public static void Equal(string expected, string actual) { }
            }
        }

        namespace Tests
        {
            using Xunit;

            class Keyboard
            {
                public Task PressAsync(string key) => Task.Run(() => { });
                public Task TypeAsync(string text) => Task.Run(() => { });
            }

            class Page
            {
                public Keyboard Keyboard { get; } = new();
                public Task<string> EvaluateAsync(string script) => Task.FromResult(script);
                public void Route(Action<Keyboard> handler) { }
            }

            class KeyboardTests
            {
                Page Page { get; } = new();

                [Fact]
                public async Task Moves_with_the_arrow_keys()
                {
                    for (var i = 0; i < 6; i++)
                    {
                        _ = Page.Keyboard.PressAsync("ArrowLeft");
                    }

                    await Page.Keyboard.TypeAsync("inserted ");
                    Assert.Equal("Hello inserted World!", await Page.EvaluateAsync("value"));
                }

                [Fact]
                public async Task Near_misses(Keyboard other)
                {
                    Page.Route(keyboard => { _ = {|AG0001:keyboard.PressAsync("Enter")|}; });
                    _ = {|AG0001:Page.Keyboard.PressAsync("ArrowLeft")|};
                    await other.TypeAsync("x");
                    Assert.Equal("x", await Page.EvaluateAsync("value"));
                    _ = {|AG0001:Page.Keyboard.PressAsync("ArrowRight")|};
                    await Page.Keyboard.TypeAsync("y");
                }

                public async Task Helper()
                {
                    _ = {|AG0001:Page.Keyboard.PressAsync("ArrowLeft")|};
                    await Page.Keyboard.TypeAsync("inserted ");
                    Assert.Equal("Hello inserted World!", await Page.EvaluateAsync("value"));
                }
            }
        }
        """));

    // Round 9 (Foundatio's delayed message publish): a `Task.Factory.StartNew` lambda that first awaits the project's SafeDelay
    // (`TimeProvider`'s `Delay` extension in a try that swallows cancellation), logs, and publishes inside a handling try. A
    // helper whose delay is a call that can fault is still reported.
    [Fact]
    public Task Time_provider_delays_before_handled_work_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        namespace System.Threading.Tasks
        {
            public static class TimeProviderTaskExtensions
            {
                public static Task Delay(this TimeProvider provider, TimeSpan delay, CancellationToken token = default) =>
                    Task.Delay(delay, token);
            }
        }

        static class TimeExtensions
        {
            public static async Task SafeDelay(this TimeProvider provider, TimeSpan delay, CancellationToken token = default)
            {
                try { await provider.Delay(delay, token); }
                catch (OperationCanceledException) { }
            }

            public static async Task CheckedDelay(this TimeProvider provider, TimeSpan delay, CancellationToken token = default)
            {
                try { await Remote.SendAsync(); await provider.Delay(delay, token); }
                catch (OperationCanceledException) { }
            }
        }

        sealed class Bus
        {
            readonly TimeProvider _time = TimeProvider.System;
            readonly CancellationTokenSource _disposed = new();

            void Publish(TimeSpan delay)
            {
                Task.Factory.StartNew(async () =>
                {
                    await _time.SafeDelay(delay, _disposed.Token);
                    if (_disposed.IsCancellationRequested) { Console.WriteLine("discarded"); return; }
                    try { await Remote.SendAsync(); }
                    catch (Exception ex) { Console.WriteLine(ex.Message); }
                }, _disposed.Token);

                {|AG0001:Task.Factory.StartNew(async () =>
                {
                    await _time.CheckedDelay(delay, _disposed.Token);
                    try { await Remote.SendAsync(); }
                    catch (Exception ex) { Console.WriteLine(ex.Message); }
                }, _disposed.Token)|};
            }
        }
        """));

    // Round 9, family F (Foundatio's ShutdownHostIfNoJobsRunningService): a start-up lambda looks up a service and awaits the
    // project's WaitForStartupAsync, a loop that only waits (`await Task.Delay(1000, token)`), logs and returns a result made
    // by a compiler-made constructor. A waiting loop that also reads a file is still reported.
    [Fact]
    public Task Bodies_that_only_wait_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        sealed class StartupResult { public bool Success { get; set; } public string? Error { get; set; } }

        sealed class StartupContext
        {
            int _waiters;
            public bool IsComplete { get; set; }

            public async Task<StartupResult> WaitForStartupAsync(CancellationToken token)
            {
                var first = Interlocked.Increment(ref _waiters) == 1;
                var start = DateTime.UtcNow;
                while (!token.IsCancellationRequested && DateTime.UtcNow.Subtract(start) < TimeSpan.FromMinutes(5))
                {
                    if (IsComplete) return new StartupResult { Success = true };
                    if (first) Console.WriteLine("waiting");
                    await Task.Delay(1000, token);
                }

                return new StartupResult { Success = false, Error = $"timed out after {DateTime.UtcNow.Subtract(start):mm\\:ss}" };
            }

            public async Task<StartupResult> WaitForFileAsync(CancellationToken token)
            {
                while (!System.IO.File.Exists("started"))
                {
                    await Task.Delay(1000, token);
                }

                return new StartupResult { Success = true };
            }
        }

        static class Telemetry
        {
            // Round 9, family C (cosmos' client telemetry): a timeout wrapper that only races the work against a delay and logs.
            public static async Task RunProcessorAsync(Task processing, TimeSpan timeout)
            {
                using (var delayToken = new CancellationTokenSource())
                {
                    var delay = Task.Delay(timeout, delayToken.Token);
                    var winner = await Task.WhenAny(processing, delay);
                    if (winner == delay) Console.WriteLine("processor timed out");
                    else delayToken.Cancel();
                }
            }

            // The winner awaited: its failure comes out.
            public static async Task RunAndUnwrapAsync(Task processing, TimeSpan timeout)
            {
                await await Task.WhenAny(processing, Task.Delay(timeout));
            }
        }

        sealed class ShutdownService
        {
            readonly IServiceProvider _services = null!;
            bool _started;

            public Task StartAsync(CancellationToken token)
            {
                _ = Task.Run(async () =>
                {
                    var context = (StartupContext?)_services.GetService(typeof(StartupContext));
                    if (context != null) await context.WaitForStartupAsync(token);
                    _started = true;
                }, token);

                _ = {|AG0001:Task.Run(async () =>
                {
                    var context = (StartupContext?)_services.GetService(typeof(StartupContext));
                    if (context != null) await context.WaitForFileAsync(token);
                    _started = true;
                }, token)|};

                _ = Telemetry.RunProcessorAsync(Remote.SendAsync(), TimeSpan.FromSeconds(5));
                _ = {|AG0001:Telemetry.RunAndUnwrapAsync(Remote.SendAsync(), TimeSpan.FromSeconds(5))|};

                return Task.CompletedTask;
            }
        }
        """));

    // Round 8, family G (NuGet's dependency graph resolver): a prefetch through a task cache of the project. GetOrAddAsync hands
    // back a task it reads out of its own dictionary (`TryGetValue(key, out value)`) or stores there (`return _cache[key] =
    // …`), through an overload that forwards to it; later readers await it from the cache. A method that stores the task in a
    // dictionary it was given, or returns a task read out of another object, is still reported.
    [Fact]
    public Task Prefetches_through_a_task_cache_are_fine() => Verify.VerifyAnalyzerAsync(Code("""
        using System.Collections.Concurrent;

        sealed class TaskResultCache<TKey, TValue> where TKey : notnull
        {
            readonly ConcurrentDictionary<TKey, Task<TValue>> _cache = new();
            readonly ConcurrentDictionary<TKey, object> _locks = new();

            public Task<TValue> GetOrAddAsync<TState>(TKey key, Func<TState, Task<TValue>> factory, TState state) =>
                GetOrAddAsync(key, refresh: false, factory, state);

            public Task<TValue> GetOrAddAsync<TState>(TKey key, bool refresh, Func<TState, Task<TValue>> factory, TState state)
            {
                if (!refresh && _cache.TryGetValue(key, out Task<TValue>? value))
                {
                    return value;
                }

                lock (_locks.GetOrAdd(key, static _ => new object()))
                {
                    if (!refresh && _cache.TryGetValue(key, out value))
                    {
                        return value;
                    }

                    return _cache[key] = factory(state);
                }
            }

            public Task<TValue> StoreElsewhere<TState>(
                ConcurrentDictionary<TKey, Task<TValue>> other, TKey key, Func<TState, Task<TValue>> factory, TState state) =>
                other[key] = factory(state);

            public Task<TValue> ReadElsewhere(TaskResultCache<TKey, TValue> other, TKey key)
            {
                other._cache.TryGetValue(key, out var value);
                return value!;
            }
        }

        sealed class Resolver
        {
            static async Task<int> FindAsync(int id) { await Remote.SendAsync(); return id; }

            void Prefetch(TaskResultCache<int, int> cache, ConcurrentDictionary<int, Task<int>> shared)
            {
                _ = cache.GetOrAddAsync(1, static id => FindAsync(id), 1);
                _ = {|AG0001:cache.StoreElsewhere(shared, 2, static id => FindAsync(id), 2)|};
                _ = {|AG0001:cache.ReadElsewhere(cache, 3)|};
            }
        }
        """));

    // Round 9, family C (the Event Hubs receiver): unregistering hands back the pump task it holds in a field, which is only ever
    // the task of a pump whose whole body is a handling try, or null (`return task ?? Task.CompletedTask;`). A field also given
    // work that can fault, or one handed out by ref, still counts as able to fault.
    [Fact]
    public Task Held_pump_tasks_that_cannot_fault_are_fine() => Verify.VerifyAnalyzerAsync(Code("""
        sealed class Receiver
        {
            readonly object _lock = new();
            Task? _pump;
            Task? _mixed;
            CancellationTokenSource? _stop;

            void Register()
            {
                lock (_lock)
                {
                    _stop = new CancellationTokenSource();
                    _pump = PumpAsync(_stop.Token);
                    _mixed = _mixed == null ? PumpAsync(_stop.Token) : Remote.SendAsync();
                }
            }

            async Task PumpAsync(CancellationToken token)
            {
                try
                {
                    while (!token.IsCancellationRequested) await Remote.SendAsync();
                }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
            }

            Task Close()
            {
                Task? task = null;
                lock (_lock)
                {
                    if (_pump != null)
                    {
                        task = _pump;
                        _stop?.Cancel();
                        _pump = null;
                    }
                }

                return task ?? Task.CompletedTask;
            }

            Task CloseMixed()
            {
                Task? task = null;
                lock (_lock) { task = _mixed; _mixed = null; }
                return task ?? Task.CompletedTask;
            }

            void Unregister()
            {
                Close();
                {|AG0001:CloseMixed()|};
            }
        }
        """));

    // Round 9, family B (aspire's CLI backchannel): a connect loop whose catches hand the caught exception to the completion
    // source the caller waits on before they rethrow, polling on a PeriodicTimer (it ends false or Canceled). The failure is
    // observed through the source. A catch that rethrows without handing it over, one that hands over another exception, and
    // one that hands it to a source made in the method (nobody waits on it) are still reported.
    [Fact]
    public Task Failures_handed_to_the_callers_completion_source_before_a_rethrow_are_observed() =>
        Verify.VerifyAnalyzerAsync(Code("""
        sealed class Backchannel
        {
            public async Task ConnectAsync(string path, CancellationToken token) => await System.IO.File.ReadAllTextAsync(path, token);
        }

        sealed class CliRunner
        {
            readonly Backchannel _backchannel = new();

            public Task<int> RunAsync(string path, TaskCompletionSource<Backchannel> connected, CancellationToken token)
            {
                _ = StartBackchannelAsync(path, connected, token);
                _ = {|AG0001:RethrowsOnlyAsync(path, connected, token)|};
                _ = {|AG0001:HandsOverAnotherAsync(path, connected, token)|};
                _ = {|AG0001:HandsToItsOwnSourceAsync(path, token)|};
                return connected.Task.ContinueWith(_ => 0, token);
            }

            async Task StartBackchannelAsync(string path, TaskCompletionSource<Backchannel> connected, CancellationToken token)
            {
                using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
                var attempts = 0;
                do
                {
                    try
                    {
                        Console.WriteLine($"attempt {attempts++}");
                        await _backchannel.ConnectAsync(path, token).ConfigureAwait(false);
                        connected.SetResult(_backchannel);
                        return;
                    }
                    catch (System.Net.Sockets.SocketException ex) when (attempts > 100)
                    {
                        connected.SetException(new InvalidOperationException("gave up", ex));
                        return;
                    }
                    catch (System.Net.Sockets.SocketException)
                    {
                        await Task.Delay(1000, token).ConfigureAwait(false);
                    }
                    catch (Exception ex)
                    {
                        Console.WriteLine(ex.Message);
                        connected.TrySetException(ex);
                        throw;
                    }
                } while (await timer.WaitForNextTickAsync(token));
            }

            async Task RethrowsOnlyAsync(string path, TaskCompletionSource<Backchannel> connected, CancellationToken token)
            {
                try
                {
                    await _backchannel.ConnectAsync(path, token);
                    connected.SetResult(_backchannel);
                }
                catch (Exception ex)
                {
                    Console.WriteLine(ex.Message);
                    throw;
                }
            }

            async Task HandsOverAnotherAsync(string path, TaskCompletionSource<Backchannel> connected, CancellationToken token)
            {
                try
                {
                    await _backchannel.ConnectAsync(path, token);
                    connected.SetResult(_backchannel);
                }
                catch (Exception)
                {
                    connected.TrySetException(new InvalidOperationException("failed"));
                    throw;
                }
            }

            async Task HandsToItsOwnSourceAsync(string path, CancellationToken token)
            {
                var mine = new TaskCompletionSource<Backchannel>();
                try
                {
                    await _backchannel.ConnectAsync(path, token);
                    mine.SetResult(_backchannel);
                }
                catch (Exception ex)
                {
                    mine.TrySetException(ex);
                    throw;
                }
            }
        }
        """));

    // Round 9, family B (aspire's CLI backchannel opens `using var activity = telemetry.StartDiagnosticActivity();`, whose
    // helper checks `if (!_isInitialized) throw new InvalidOperationException(…)`): a check of how the object is used is the
    // project's own ThrowIf helper, housekeeping like the framework's `ObjectDisposedException.ThrowIf`. So are a disposed check
    // in the callee itself and a constructor's `?? throw new ArgumentNullException(…)`. A throw on a run's state (a capacity
    // reached, a failed TryAdd), on the data (`if (entry.Length == 0) throw new InvalidOperationException(…)`, the showcase
    // backend's check) or of another type is a failure and still reported.
    [Fact]
    public Task Checks_of_the_use_around_handled_work_are_housekeeping() => Verify.VerifyAnalyzerAsync(Code("""
        using System.Collections.Concurrent;

        sealed class Telemetry
        {
            bool _isInitialized;
            int _count;
            readonly int _capacity = 10;
            readonly ConcurrentDictionary<int, int> _seen = new();

            public void Initialize() => _isInitialized = true;

            public IDisposable? StartActivity(string name)
            {
                CheckInitialization();
                if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A name is required.", nameof(name));
                return null;
            }

            public void Count()
            {
                if (_count >= _capacity) throw new InvalidOperationException("full");
                _count++;
            }

            public void Mark(int id)
            {
                if (!_seen.TryAdd(id, id)) throw new InvalidOperationException("seen");
            }

            public void Require()
            {
                if (!_isInitialized) throw new TimeoutException();
            }

            public void Validate(string entry)
            {
                if (entry.Length == 0) throw new InvalidOperationException("nothing to save");
            }

            void CheckInitialization()
            {
                if (!_isInitialized)
                {
                    throw new InvalidOperationException("Telemetry has not been initialized.");
                }
            }
        }

        sealed class Connector
        {
            readonly Telemetry _telemetry;
            bool _disposed;

            public Connector(Telemetry telemetry) => _telemetry = telemetry ?? throw new ArgumentNullException(nameof(telemetry));

            async Task ConnectAsync()
            {
                if (_disposed) throw new ObjectDisposedException(nameof(Connector));
                using var activity = _telemetry.StartActivity("connect");
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
            }

            async Task ConnectNewAsync()
            {
                var other = new Connector(_telemetry);
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message + other); }
            }

            async Task CountedAsync()
            {
                _telemetry.Count();
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
            }

            async Task MarkedAsync(int id)
            {
                _telemetry.Mark(id);
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
            }

            async Task RequiredAsync()
            {
                _telemetry.Require();
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
            }

            async Task ValidatedAsync(string entry)
            {
                _telemetry.Validate(entry);
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
            }

            public void Start(int id)
            {
                _ = {|AG0001:ValidatedAsync("x")|};
                _ = ConnectAsync();
                _ = ConnectNewAsync();
                _ = {|AG0001:CountedAsync()|};
                _ = {|AG0001:MarkedAsync(id)|};
                _ = {|AG0001:RequiredAsync()|};
            }
        }
        """));

    // Round 10 (SlimMessageBus' `_ = Task.Run(() => messageBus.AutoStart(default))`): a call through a public interface whose
    // implementations are a bus that handles its start's failures and a composite returning `Task.WhenAll` of its buses' starts.
    // A WhenAll of tasks that cannot fault cannot fault; the bus reads a `public virtual` settings property before its handling
    // try (housekeeping: no override here throws). Still reported: a composite gathering a start that can fault, one gathering
    // calls of the interface itself (deciding it would need its own answer), and a start reading a property an override of
    // which throws.
    [Fact]
    public Task Composites_returning_a_WhenAll_of_safe_tasks_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        using System.Collections.Generic;
        using System.Linq;

        public interface IMasterBus { Task AutoStart(CancellationToken token); }
        public interface IRecursiveBus { Task AutoStart(CancellationToken token); }

        public class Settings { public bool? AutoStartConsumers { get; set; } public Settings? Parent { get; set; } }

        public class BusBase : IMasterBus
        {
            public virtual Settings Settings { get; } = new();

            public virtual async Task AutoStart(CancellationToken token)
            {
                if (Settings.AutoStartConsumers ?? Settings.Parent?.AutoStartConsumers ?? true)
                {
                    try { await Remote.SendAsync(); }
                    catch (Exception e) { Console.WriteLine(e.Message); }
                }
            }

            public async Task Start() => await Remote.SendAsync();
        }

        public sealed class HybridBus : IMasterBus
        {
            readonly Dictionary<string, BusBase> _busByName = new();
            public Task AutoStart(CancellationToken token) => Task.WhenAll(_busByName.Values.Select(x => x.AutoStart(token)));
            public Task Start() => Task.WhenAll(_busByName.Values.Select(x => x.Start()));
        }

        public class StrictBus
        {
            public virtual Settings Settings { get; } = new();

            public async Task AutoStart(CancellationToken token)
            {
                if (Settings.AutoStartConsumers ?? true)
                {
                    try { await Remote.SendAsync(); }
                    catch (Exception e) { Console.WriteLine(e.Message); }
                }
            }
        }

        public class CheckedBus : StrictBus
        {
            public override Settings Settings => base.Settings.Parent ?? throw new FormatException("no parent");
        }

        public sealed class RecursiveBus : IRecursiveBus
        {
            readonly List<IRecursiveBus> _children = new();
            public Task AutoStart(CancellationToken token) => Task.WhenAll(_children.Select(x => x.AutoStart(token)));
        }

        static class Registration
        {
            public static void Add(IMasterBus bus, HybridBus hybrid, IRecursiveBus recursive, StrictBus strict)
            {
                _ = Task.Run(() => bus.AutoStart(default));
                _ = {|AG0001:strict.AutoStart(default)|};
                _ = {|AG0001:Task.Run(() => hybrid.Start())|};
                _ = {|AG0001:Task.Run(() => recursive.AutoStart(default))|};
            }
        }
        """));

    // Round 11 (Rebus' async-wrapper tests): `QueueUserWorkItem(_ => AsyncMethod().ContinueWith(t => done.Set()))`. The antecedent
    // is the task of a method of the compilation that cannot fault (it only awaits a delay) and the continuation only signals a
    // wait handle. The same continuation of a callee that can fault still drops that failure; so does a continuation that
    // calls a method that can throw.
    [Fact]
    public Task Continuation_signalling_a_wait_handle_after_a_callee_that_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        class Wrapper
        {
            void Run()
            {
                var done = new ManualResetEvent(false);
                ThreadPool.QueueUserWorkItem(_ => AsyncMethod().ContinueWith(t => done.Set()));
                done.WaitOne();
                var slim = new ManualResetEventSlim();
                ThreadPool.UnsafeQueueUserWorkItem(_ => AsyncMethod().ContinueWith(t => { slim.Set(); }), null);
                slim.Wait();
            }

            void RunFaulting()
            {
                var done = new ManualResetEvent(false);
                ThreadPool.QueueUserWorkItem(_ => {|AG0001:Remote.SendAsync().ContinueWith(t => done.Set())|});
                ThreadPool.QueueUserWorkItem(_ => {|AG0001:AsyncMethod().ContinueWith(t => Check(done))|});
                done.WaitOne();
            }

            async Task AsyncMethod()
            {
                var veryShortNonZeroDelay = TimeSpan.FromMilliseconds(1);
                await Task.Delay(veryShortNonZeroDelay);
            }

            static bool Check(ManualResetEvent done) => done.WaitOne(0) ? true : throw new InvalidOperationException("not set");
        }
        """));

    // Round 12 (botbuilder's TimerAwaitable, as in ASP.NET Core): `_ = Task.Run(continuation)` in a custom awaiter's
    // `OnCompleted(Action continuation)`. The continuation of an await is the state machine's MoveNext, which never throws. The
    // same call with an Action parameter of any other method is still reported.
    [Fact]
    public Task Awaiter_continuation_run_on_the_thread_pool() => Verify.VerifyAnalyzerAsync(Code("""
        sealed class TimerAwaitable : System.Runtime.CompilerServices.INotifyCompletion
        {
            public bool IsCompleted => false;
            public void GetResult() { }
            public TimerAwaitable GetAwaiter() => this;

            public void OnCompleted(Action continuation)
            {
                _ = Task.Run(continuation);
            }
        }

        sealed class CriticalAwaitable : System.Runtime.CompilerServices.ICriticalNotifyCompletion
        {
            public bool IsCompleted => false;
            public void GetResult() { }

            void System.Runtime.CompilerServices.INotifyCompletion.OnCompleted(Action continuation) => Task.Factory.StartNew(continuation);
            public void UnsafeOnCompleted(Action continuation) => Task.Run(continuation);
        }

        sealed class Scheduler
        {
            public void OnCompleted(Action continuation) => _ = {|AG0001:Task.Run(continuation)|};
            public void Post(Action work) => {|AG0001:Task.Run(work)|};
        }
        """));

    // Round 16 (DSharpPlus' event fan-out): `catch (Exception ex) { await this.errorHandler.HandleEventHandlerError(Name, ex,
    // handler, sender, args); }` hands the caught exception itself to an error handler, which observes it; the handler's own
    // failure is its own. A reply built from the exception's message, a handler given another exception, or a method of the
    // compilation that throws what it is handed (`ReportAndRethrowAsync(ex)`), is work of its own that can fail: still reported.
    [Fact]
    public Task Catch_that_hands_the_caught_exception_to_an_error_handler_handles() => Verify.VerifyAnalyzerAsync(Code("""
        public interface IErrorHandler
        {
            Task HandleAsync(string name, Exception exception);
        }

        class Events
        {
            private readonly IErrorHandler _errors;
            public Events(IErrorHandler errors) => _errors = errors;

            void Fire()
            {
                _ = HandOverAsync();
                _ = {|AG0001:ReplyAsync()|};
                _ = {|AG0001:HandOverAnotherAsync()|};
                _ = {|AG0001:HandBackAsync()|};
            }

            async Task HandBackAsync()
            {
                try { await Remote.SendAsync(); }
                catch (Exception ex) { await ReportAndRethrowAsync(ex); }
            }

            static async Task ReportAndRethrowAsync(Exception e)
            {
                await Task.Yield();
                Console.WriteLine(e);
                throw new InvalidOperationException("wrapped", e);
            }

            async Task HandOverAsync()
            {
                try { await Remote.SendAsync(); }
                catch (Exception ex) { await _errors.HandleAsync("fired", ex); }
            }

            async Task ReplyAsync()
            {
                try { await Remote.SendAsync(); }
                catch (Exception ex) { await _errors.HandleAsync(ex.Message, new InvalidOperationException()); }
            }

            async Task HandOverAnotherAsync()
            {
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex); await _errors.HandleAsync("fired", new TimeoutException()); }
            }
        }
        """));

    // Round 12 recall (the MCP SDK's message loop): `_ = ProcessMessageAsync();` whose catch-all sends an error reply with
    // `await SendMessageAsync(…)`. The reply can fail (the transport may be closed), and that failure escapes into the dropped
    // task: reported. A catch that only waits (`Task.Delay`), awaits a callee that cannot fault, or wraps its send in a try of its
    // own still handles.
    [Fact]
    public Task Catch_that_awaits_work_that_can_fault_does_not_handle() => Verify.VerifyAnalyzerAsync(Code("""
        class Session
        {
            void Loop()
            {
                _ = {|AG0001:ProcessAsync()|};
                _ = ProcessWithRetryDelayAsync();
                _ = ProcessAndLogAsync();
                _ = ProcessWithGuardedReplyAsync();
            }

            async Task ProcessAsync()
            {
                try { await Remote.SendAsync(); }
                catch (Exception ex) { Console.WriteLine(ex.Message); await Remote.SendAsync().ConfigureAwait(false); }
            }

            async Task ProcessWithRetryDelayAsync()
            {
                try { await Remote.SendAsync(); }
                catch (Exception) { await Task.Delay(100); }
            }

            async Task ProcessAndLogAsync()
            {
                try { await Remote.SendAsync(); }
                catch (Exception ex) { await LogAsync(ex); }
            }

            async Task ProcessWithGuardedReplyAsync()
            {
                try { await Remote.SendAsync(); }
                catch (Exception)
                {
                    try { await Remote.SendAsync(); }
                    catch (Exception reply) { Console.WriteLine(reply.Message); }
                }
            }

            static async Task LogAsync(Exception ex)
            {
                await Task.Yield();
                Console.WriteLine(ex.Message);
            }
        }
        """));

    // Round 12 (botbuilder's token resolver): `Task.WhenAll(pollTokenTasks.ToArray());` dropped on purpose ("run the poll
    // operations in the background") over a list filled only with polls whose whole body logs every failure. A list that also
    // gets a call that can fault is still reported.
    [Fact]
    public Task Dropped_WhenAll_of_work_that_handles_its_failures() => Verify.VerifyAnalyzerAsync(Code("""
        class Resolver
        {
            void Resolve(string[] names, bool extra)
            {
                var polls = new System.Collections.Generic.List<Task>();
                foreach (var name in names)
                {
                    polls.Add(PollAsync(name));
                }

                if (System.Linq.Enumerable.Any(polls))
                {
                    Task.WhenAll(polls.ToArray());
                }

                var mixed = new System.Collections.Generic.List<Task>();
                foreach (var name in names)
                {
                    mixed.Add(PollAsync(name));
                    mixed.Add(Remote.SendAsync());
                }

                {|AG0001:Task.WhenAll(mixed.ToArray())|};
            }

            private static async Task PollAsync(string name)
            {
                try { await Remote.SendAsync(); Console.WriteLine(name); }
                catch (Exception ex) { Console.WriteLine(ex.Message); }
            }
        }
        """));

    // Round 12 recall (Playwright's screencast): `_ = handler(frame);` of a user's `Func<ScreencastFrame, Task>`. The delegate's
    // Invoke is declared to return a type parameter, like a pass-through `GetOrAdd`, but calling it runs the user's code: its
    // task is new work that can fault, and is reported. A generic method returning its type parameter is still exempt.
    [Fact]
    public Task Dropped_task_of_a_callback_delegate() => Verify.VerifyAnalyzerAsync(Code("""
        class Screencast
        {
            private Func<int, Task>? _onFrame;

            internal void OnFrame(int frame)
            {
                var handler = _onFrame;
                if (handler != null)
                {
                    _ = {|AG0001:handler(frame)|};
                }

                _ = Pass(Remote.SendAsync());
            }

            static T Pass<T>(T value) => value;
        }
        """));

    // Round 12 (DotPulsar's Awaiter): `CreateTask` makes a source, hands it to a private helper that keeps it in a private
    // dictionary, and returns its task; the type only ever completes or cancels its sources, and none leaves it. The task
    // cannot fault, dropped or stored. A type that calls TrySetException on one, or hands a source out, is still reported.
    [Fact]
    public Task Source_kept_in_a_private_collection_that_is_only_completed() => Verify.VerifyAnalyzerAsync(Code("""
        sealed class Awaiter<TKey, TResult> where TKey : notnull
        {
            private readonly System.Collections.Concurrent.ConcurrentDictionary<TKey, TaskCompletionSource<TResult>> _items = new();

            public Task<TResult> CreateTask(TKey item)
            {
                var tcs = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                AddOrReplace(item, tcs);
                return tcs.Task;
            }

            private void AddOrReplace(TKey item, TaskCompletionSource<TResult> tcs)
            {
                if (_items.TryRemove(item, out var old))
                    old.TrySetCanceled();
                _items.TryAdd(item, tcs);
            }

            public void SetResult(TKey item, TResult result)
            {
                if (_items.TryRemove(item, out var tcs))
                    tcs.TrySetResult(result);
            }

            public void Dispose()
            {
                foreach (var item in _items.Values)
                    item.TrySetCanceled();
                _items.Clear();
            }
        }

        sealed class FailingAwaiter
        {
            private readonly System.Collections.Generic.Dictionary<int, TaskCompletionSource<int>> _items = new();

            public Task<int> CreateTask(int item)
            {
                var tcs = new TaskCompletionSource<int>();
                _items[item] = tcs;
                return tcs.Task;
            }

            public void Fail(int item) => _items[item].TrySetException(new InvalidOperationException());
        }

        sealed class LeakingAwaiter
        {
            private readonly System.Collections.Generic.List<TaskCompletionSource<int>> _items = new();

            public Task<int> CreateTask()
            {
                var tcs = new TaskCompletionSource<int>();
                _items.Add(tcs);
                return tcs.Task;
            }

            public TaskCompletionSource<int> Last() => _items[_items.Count - 1];
        }

        class Tests
        {
            void Run(Awaiter<string, int> awaiter, FailingAwaiter failing, LeakingAwaiter leaking)
            {
                _ = awaiter.CreateTask("key1");
                _ = {|AG0001:failing.CreateTask(1)|};
                _ = {|AG0001:leaking.CreateTask()|};
            }
        }
        """));

    // Round 13 (websocket-client's listen loop): the receive loop sits in a try whose catch-all keeps the exception, then the
    // body waits and starts a reconnect it drops. Starting an async method of the compilation does not throw where it is called:
    // its failure goes into its own task, which AG0001 reports at that drop. The loop's own task cannot fault. Still reported:
    // the same loop calling, after the try, a synchronous helper that throws, or a virtual async method whose body throws (an
    // override need not be async: only the bodies say where a virtual member throws).
    [Fact]
    public Task A_loop_that_starts_async_work_after_its_handling_try_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        class SocketClient
        {
            public TimeSpan? LostReconnectTimeout { get; set; }
            public bool IsStarted { get; private set; }

            void Start(Func<CancellationToken, Task<int>> receive, CancellationToken token)
            {
                _ = Listen(receive, token);
                _ = {|AG0001:ListenThenCheck(receive, token)|};
                _ = {|AG0001:ListenThenHook(receive, token)|};
            }

            private async Task Listen(Func<CancellationToken, Task<int>> receive, CancellationToken token)
            {
                Exception? caused = null;
                try
                {
                    while (!token.IsCancellationRequested)
                    {
                        await receive(token);
                    }
                }
                catch (Exception e)
                {
                    caused = e;
                }

                if (!IsStarted)
                {
                    return;
                }

                if (LostReconnectTimeout.HasValue)
                {
                    await Task.Delay(LostReconnectTimeout.Value, token).ConfigureAwait(false);
                }

                _ = {|AG0001:ReconnectAsync(caused)|};
            }

            private async Task ListenThenCheck(Func<CancellationToken, Task<int>> receive, CancellationToken token)
            {
                try
                {
                    await receive(token);
                }
                catch (Exception)
                {
                }

                Check();
            }

            private async Task ListenThenHook(Func<CancellationToken, Task<int>> receive, CancellationToken token)
            {
                try
                {
                    await receive(token);
                }
                catch (Exception)
                {
                }

                _ = {|AG0001:OnLostAsync()|};
            }

            private async Task ReconnectAsync(Exception? caused)
            {
                await Task.Yield();
                throw new InvalidOperationException("reconnect failed", caused);
            }

            protected virtual async Task OnLostAsync()
            {
                await Task.Yield();
                throw new InvalidOperationException("lost");
            }

            private void Check() => throw new InvalidOperationException("lost");
        }
        """));

    // Round 13 (MagicOnion's hub client): a fire-and-forget writer that checks its state, queues the message and returns
    // `default` hands back a completed ValueTask, as `new ValueTask<T>(value)` is; the synchronous checks throw at the call,
    // not into the task. Still reported: `new ValueTask<T>(task)` over work that can fault.
    [Fact]
    public Task Completed_value_tasks_of_the_compilation_are_placeholders() => Verify.VerifyAnalyzerAsync(Code("""
        class HubClient
        {
            private readonly System.Collections.Concurrent.ConcurrentQueue<string> _queue = new();
            private bool _disposed;

            void Send(string message)
            {
                WriteFireAndForget(message);
                Count(message);
                {|AG0001:Forward(message)|};
            }

            private ValueTask<int> WriteFireAndForget(string message)
            {
                if (_disposed) throw new ObjectDisposedException(nameof(HubClient));
                _queue.Enqueue(message);
                return default;
            }

            private ValueTask<int> Count(string message) => new ValueTask<int>(message.Length);

            private ValueTask<int> Forward(string message) => new ValueTask<int>(SendAsync(message));

            private async Task<int> SendAsync(string message)
            {
                await Remote.SendAsync();
                return message.Length;
            }
        }
        """));

    // Round 13 (Rebus' saga-correlation test, once a producer before an untimed wait is reported): an async lambda whose
    // statements only wait in ways that end Canceled (`await Task.Delay(200, token)`), store plain values and complete, once,
    // sources the method made cannot fault, as the synchronous one cannot. Still reported: the same lambda doing work after
    // the delay, completing a source it did not make, or completing one source twice.
    [Fact]
    public Task Async_lambdas_that_only_wait_and_complete_their_own_sources_cannot_fault() => Verify.VerifyAnalyzerAsync(Code("""
        class Saga
        {
            private readonly TaskCompletionSource<bool> _shared = new();

            async Task<int> Run(Func<int> read, TaskCompletionSource<int> handedIn, CancellationToken token)
            {
                var future = new TaskCompletionSource<int>();
                var done = false;
                _ = Task.Run(async () =>
                {
                    await Task.Delay(200, token);
                    done = true;
                    future.SetResult(42);
                }, token);

                _ = {|AG0001:Task.Run(async () =>
                {
                    await Task.Delay(200, token);
                    await Remote.SendAsync();
                })|};

                _ = {|AG0001:Task.Run(async () =>
                {
                    await Task.Delay(200, token);
                    handedIn.SetResult(read());
                })|};

                var twice = new TaskCompletionSource<int>();
                _ = {|AG0001:Task.Run(async () =>
                {
                    await Task.Yield();
                    twice.SetResult(1);
                    twice.SetResult(2);
                })|};

                await twice.Task;
                return done ? await future.Task : 0;
            }
        }
        """));

    // Round 12 re-run (the MCP SDK's handler-lifecycle tests): the producer completes a private readonly source field of the
    // test class, made at its declaration, whose only other uses read its Task; a test method without parameters runs once
    // per test class instance, so the one `SetResult` cannot find the source completed. Still reported: a field completed at
    // two places, a completion in a helper that is not a test, and one in a test that runs once per data row.
    [Fact]
    public Task The_one_completion_of_a_test_classes_source_field_cannot_throw() => Verify.VerifyAnalyzerAsync(Code("""
        namespace Xunit
        {
            public sealed class FactAttribute : System.Attribute { }
            public sealed class TheoryAttribute : System.Attribute { }
        }

        namespace Tests
        {
            using Xunit;

            public class LifecycleTests
            {
                private readonly TaskCompletionSource<bool> _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
                private readonly TaskCompletionSource<bool> _twice = new();
                private readonly TaskCompletionSource<bool> _helped = new();
                private readonly TaskCompletionSource<bool> _perRow = new();

                [Fact]
                public async Task Dispose_waits_for_the_handler()
                {
                    var completed = false;
                    _ = Task.Run(async () =>
                    {
                        await Task.Delay(200);
                        completed = true;
                        _release.SetResult(true);
                    });
                    await _release.Task;
                    _ = completed;
                }

                [Fact]
                public async Task Completed_twice()
                {
                    _ = {|AG0001:Task.Run(async () =>
                    {
                        await Task.Delay(200);
                        _twice.SetResult(true);
                    })|};
                    _twice.TrySetResult(false);
                    await _twice.Task;
                }

                public async Task Helper()
                {
                    _ = {|AG0001:Task.Run(async () =>
                    {
                        await Task.Delay(200);
                        _helped.SetResult(true);
                    })|};
                    await _helped.Task;
                }

                [Theory]
                public async Task Per_row(int delay)
                {
                    _ = {|AG0001:Task.Run(async () =>
                    {
                        await Task.Delay(delay);
                        _perRow.SetResult(true);
                    })|};
                    await _perRow.Task;
                }
            }
        }
        """));

    // Round 13 (Sentry's test of its UnobservedTaskException integration): a body that drops a failing task and then forces
    // finalization (`GC.Collect(); GC.WaitForPendingFinalizers();`) wants that exception unobserved: it tests the handler of
    // unobserved exceptions. Still reported: a drop after the last finalizer wait.
    [Fact]
    public Task Tasks_left_unobserved_for_the_finalizer_on_purpose_are_fine() => Verify.VerifyAnalyzerAsync(Code("""
        class IntegrationTests
        {
            void Captures_unobserved_exceptions(ManualResetEvent started)
            {
                var action = () =>
                {
                    _ = Task.Run(() =>
                    {
                        started.Set();
                        throw new Exception("Unhandled on Task");
                    });
                };
                action.Invoke();

                started.WaitOne(TimeSpan.FromSeconds(10));
                GC.Collect();
                GC.WaitForPendingFinalizers();

                _ = {|AG0001:Remote.SendAsync()|};
            }
        }
        """));
}
