using System.Diagnostics.CodeAnalysis;

namespace AsyncGuide.Analyzers.Tests.Infrastructure;

/// <summary>
/// The shared preambles of the test sources. Tests write only the code under test; the fixed code goes
/// through the same preamble, so a fix's expected output never repeats it. <see cref="Code"/> (AG00xx):
/// the usings, the test's types, then a stub API whose calls return tasks. <see cref="InRunAsync"/>
/// (AG01xx): the test's statements as the body of an async method with the racing stubs beside it.
/// </summary>
public static class TestSources
{
    /// <summary>The usings every preamble starts with (also the start of the dotnet format run's sources).</summary>
    internal const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    /// <summary>Calls that start work (static and instance, Task and ValueTask) and sinks that observe it.</summary>
    private const string Api = """

        class Api
        {
            public static Task SendAsync() => Task.CompletedTask;
            public static Task<int> CountAsync(CancellationToken ct = default) => Task.FromResult(1);
            public static Task<int> FetchAsync(int id, CancellationToken ct) => Task.FromResult(id);
            public static ValueTask PingAsync() => default;
            public static ValueTask<int> PeekAsync() => default;
            public Task CloseAsync() => Task.CompletedTask;
            public ValueTask FlushAsync() => default;
            public static T Echo<T>(T value) => value;
            public static void Observe(Task task) { }
            public static Task Observe(IEnumerable<Task> tasks) => Task.WhenAll(tasks);
            public static void Log(Exception exception) { }
            public static void Log(string message) { }
        }
        """;

    /// <summary>The usings (with <c>using AsyncGuide;</c> last when <paramref name="withRuntime"/>), <paramref name="code"/>, the stub API.</summary>
    public static string Code([StringSyntax("C#-test")] string code, bool withRuntime = false) =>
        Usings + (withRuntime ? "using AsyncGuide;\n" : "") + "\n" + code + Api;

    /// <summary>
    /// A stub of StackExchange.Redis (needs <c>using System;</c>): <c>CommandFlags</c> with <c>FireAndForget</c>,
    /// <c>IDatabaseAsync.StringSetAsync</c>, and the batch and transaction that queue commands until <c>Execute()</c>.
    /// </summary>
    public const string RedisBatchAndTransaction = """
        namespace StackExchange.Redis
        {
            [Flags] public enum CommandFlags { None = 0, FireAndForget = 2 }
            public interface IDatabaseAsync { Task<bool> StringSetAsync(string key, string value, CommandFlags flags = CommandFlags.None); }
            public interface IBatch : IDatabaseAsync { void Execute(); }
            public interface ITransaction : IBatch { new bool Execute(); }
        }
        """;

    /// <summary>The stub API beside a <c>TaskScope</c>'s code: work to run in it, and a scope to hand on or to open.</summary>
    private const string ScopeApi = """

        class Api
        {
            public static Task SaveAsync(CancellationToken ct) => Task.CompletedTask;
            public static Task<int> CountAsync(CancellationToken ct) => Task.FromResult(1);
            public static void Keep(TaskScope scope) { }
            public static TaskScope Open(CancellationToken ct) => new TaskScope(ct);
        }
        """;

    /// <summary>
    /// (AG0005) The usings without <c>System.Linq</c>, <c>using AsyncGuide;</c>, <paramref name="code"/>, then an API of
    /// <c>SaveAsync</c> and <c>CountAsync</c> (to run in a scope), <c>Keep(TaskScope)</c> and <c>Open(CancellationToken)</c>.
    /// </summary>
    public static string InScopeFile([StringSyntax("C#-test")] string code) =>
        "using System;\nusing System.Collections.Generic;\nusing System.Threading;\nusing System.Threading.Tasks;\n" +
        "using AsyncGuide;\n\n" + code + ScopeApi;

    /// <summary>
    /// <paramref name="body"/> as the body of <c>async Task&lt;int&gt; RunAsync(int[] ids, IEnumerable&lt;Task&lt;int&gt;&gt; given,
    /// TimeSpan timeout, CancellationToken ct)</c> in class <c>C</c>, beside <c>FetchAsync</c> overloads (with and
    /// without an id and a token), <c>Log(string)</c> and <c>Track(CancellationTokenSource)</c>.
    /// </summary>
    public static string InRunAsync([StringSyntax("C#-test")] string body, bool withRuntime = false) => $$"""
        {{Usings}}{{(withRuntime ? "using AsyncGuide;\n" : "")}}
        class C
        {
            static Task<int> FetchAsync(int id, CancellationToken cancellationToken) => Task.FromResult(id);
            static Task<int> FetchAsync(int id) => Task.FromResult(id);
            static Task<int> FetchAsync(CancellationToken cancellationToken) => Task.FromResult(1);
            static Task<int> FetchAsync() => Task.FromResult(1);
            static void Log(string message) { }
            static void Track(CancellationTokenSource source) { }

            async Task<int> RunAsync(int[] ids, IEnumerable<Task<int>> given, TimeSpan timeout, CancellationToken ct)
            {
        {{body}}
            }
        }
        """;
}
