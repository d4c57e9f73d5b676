using System;
using System.Collections.Generic;
using System.Text;

namespace AsyncGuide.AnalyzerCost;

/// <summary>
/// A deterministic corpus of service-layer async code: repositories over an EF-like context,
/// awaits, WhenAll/WhenAny, Task.Run, loops, tokens, timeouts; with instances of each AsyncGuide
/// rule's pattern (15% of methods) among clean code that resembles them.
/// </summary>
internal static partial class CorpusGenerator
{
    public static IEnumerable<(string Path, string Text)> Generate(int files, int seed)
    {
        yield return ("Infrastructure.cs", Infrastructure);
        var random = new Random(seed);
        for (var i = 0; i < files; i++)
        {
            yield return ($"Services/Service{i}.cs", Service(i, random));
        }
    }

    /// <summary>One method awaiting <paramref name="count"/> independent calls in a row: a single AG0201 run.</summary>
    public static IEnumerable<(string Path, string Text)> ConsecutiveAwaits(int count)
    {
        var text = new StringBuilder();
        text.Append("""
            using System.Threading.Tasks;

            public sealed class Consecutive
            {
                private static Task<int> Fetch(int id) => Task.FromResult(id);

                public async Task<int> RunAsync()
                {
            """).Append('\n');
        for (var i = 0; i < count; i++)
        {
            text.Append("        var r").Append(i).Append(" = await Fetch(").Append(i).Append(");\n");
        }

        text.Append("        return r0;\n    }\n}\n");
        yield return ("Consecutive.cs", text.ToString());
    }

    private static string Service(int index, Random random)
    {
        var text = new StringBuilder();
        text.Append($$"""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using AsyncGuide;

            namespace Corpus.Module{{index % 40}};

            public sealed class Service{{index}}
            {
                private readonly AppDbContext _db;
                private readonly IRepository _repo;
                private readonly ILog _log;
                private int _counter;

                public Service{{index}}(AppDbContext db, IRepository repo, ILog log)
                {
                    _db = db;
                    _repo = repo;
                    _log = log;
                }

            """);
        var methods = random.Next(8, 16);
        for (var m = 0; m < methods; m++)
        {
            // About one method in seven has a pitfall: a code base worth analyzing, not a test suite.
            var template = random.NextDouble() < PitfallShare ? CleanTemplates + random.Next(PitfallTemplates) : random.Next(CleanTemplates);
            text.Append(Method(template, $"Op{m}", random));
        }

        text.Append("}\n");
        return text.ToString();
    }

    private const int CleanTemplates = 14;
    private const int PitfallTemplates = 10;
    private const double PitfallShare = 0.15;

    /// <summary>Templates 0-13 are clean code; 14-23 each contain a pitfall the guide describes.</summary>
    private static string Method(int template, string name, Random random)
    {
        var id = random.Next(1, 1000);
        return template switch
        {
            0 => $$"""
                    public async Task<string> {{name}}Async(int id, CancellationToken ct)
                    {
                        var user = await _repo.GetUserAsync(id, ct).ConfigureAwait(false);
                        if (user is null)
                        {
                            return string.Empty;
                        }

                        var orders = await _db.Orders.Where(o => o.UserId == user.Id).ToListAsync(ct);
                        return $"{user.Name}: {orders.Count}";
                    }

                """,
            1 => $$"""
                    public async Task<User[]> {{name}}Async(IReadOnlyList<int> ids, CancellationToken ct)
                    {
                        var tasks = ids.Select(id => _repo.GetUserAsync(id, ct)).ToList();
                        var users = await Task.WhenAll(tasks);
                        return users.Where(u => u is not null).ToArray();
                    }

                """,
            2 => $$"""
                    public async Task<int> {{name}}Async(CancellationToken ct)
                    {
                        var total = 0;
                        await foreach (var order in _db.Orders.StreamAsync(ct))
                        {
                            total += order.Amount;
                            _counter++;
                        }

                        return total;
                    }

                """,
            3 => $$"""
                    public Task<int> {{name}}Async(int[] values, CancellationToken ct) =>
                        Task.Run(() => values.Sum() + {{id}}, ct);

                """,
            4 => $$"""
                    public async Task {{name}}Async(Order order, CancellationToken ct)
                    {
                        await using var transaction = await _db.BeginTransactionAsync(ct);
                        _db.Orders.Add(order);
                        await _db.SaveChangesAsync(ct);
                        await transaction.CommitAsync(ct);
                        _log.Info("saved order " + order.Id);
                    }

                """,
            5 => $$"""
                    public async Task<User?> {{name}}Async(int id, TimeSpan timeout, CancellationToken ct)
                    {
                        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                        cts.CancelAfter(timeout);
                        try
                        {
                            return await _repo.GetUserAsync(id, cts.Token);
                        }
                        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                        {
                            _log.Info("timed out");
                            return null;
                        }
                    }

                """,
            6 => $$"""
                    public async ValueTask<int> {{name}}Async(int id, CancellationToken ct)
                    {
                        if (id < 0)
                        {
                            return 0;
                        }

                        var count = await _db.Orders.CountAsync(ct);
                        return count + id;
                    }

                """,
            7 => $$"""
                    public async Task<(User? User, int Orders)> {{name}}Async(int id, CancellationToken ct)
                    {
                        var userTask = _repo.GetUserAsync(id, ct);
                        var countTask = _db.Orders.CountAsync(ct);
                        await Task.WhenAll(userTask, countTask);
                        return (await userTask, await countTask);
                    }

                """,
            8 => $$"""
                    public async Task<List<string>> {{name}}Async(IEnumerable<int> ids, CancellationToken ct)
                    {
                        var names = new List<string>();
                        foreach (var id in ids)
                        {
                            var user = await _repo.GetUserAsync(id, ct);
                            names.Add(user?.Name ?? "?");
                            if (names.Count > {{id}})
                            {
                                break;
                            }
                        }

                        return names;
                    }

                """,
            9 => $$"""
                    public async Task<int> {{name}}Async(CancellationToken ct)
                    {
                        for (var attempt = 0; attempt < 3; attempt++)
                        {
                            try
                            {
                                return await _db.SaveChangesAsync(ct);
                            }
                            catch (InvalidOperationException ex) when (attempt < 2)
                            {
                                _log.Error(ex);
                                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), ct);
                            }
                        }

                        return -1;
                    }

                """,
            10 => $$"""
                    public async Task<User?> {{name}}Async(int id, CancellationToken ct)
                    {
                        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                        var primary = _repo.GetUserAsync(id, cts.Token);
                        var replica = _repo.GetUserFromReplicaAsync(id, cts.Token);
                        var winner = await Task.WhenAny(primary, replica);
                        cts.Cancel();
                        try { await Task.WhenAll(primary, replica); } catch (OperationCanceledException) { }
                        return await winner;
                    }

                """,
            11 => $$"""
                    public async Task<User[]> {{name}}Async(int a, int b, CancellationToken ct)
                    {
                        var results = await Async.Gather(_repo.GetUserAsync(a, ct), _repo.GetUserAsync(b, ct));
                        return new[] { results.Item1!, results.Item2! };
                    }

                """,
            12 => $$"""
                    public void {{name}}(int id)
                    {
                        _ = {{name}}LaterAsync(id);
                        _counter += id;
                    }

                    private async Task {{name}}LaterAsync(int id)
                    {
                        await Task.Yield();
                        _log.Info("later " + id);
                    }

                """,
            13 => $$"""
                    public async Task<string> {{name}}Async(int id, CancellationToken ct)
                    {
                        var user = await _repo.GetUserAsync(id, ct);
                        var orders = await _db.Orders.Where(o => o.UserId == user!.Id).ToListAsync(ct);
                        return string.Join(",", orders.Select(o => o.Id));
                    }

                """,
            // ---- pitfalls (AG rule patterns) ----
            14 => $$"""
                    public void {{name}}(Order order, CancellationToken ct)
                    {
                        _repo.SaveAsync(order, ct);
                        _log.Info("queued");
                    }

                """,
            15 => $$"""
                    public async Task {{name}}Async(Order order, CancellationToken ct)
                    {
                        var saving = _repo.SaveAsync(order, ct);
                        await _db.SaveChangesAsync(ct);
                    }

                """,
            16 => $$"""
                    public async Task {{name}}Async(int id, CancellationToken ct)
                    {
                        await Task.WhenAny(_repo.GetUserAsync(id, ct), _repo.GetUserFromReplicaAsync(id, ct));
                        _log.Info("one finished");
                    }

                """,
            17 => $$"""
                    public async Task<User?> {{name}}Async(int id, CancellationToken ct)
                    {
                        var first = await Task.WhenAny(_repo.GetUserAsync(id, ct), _repo.GetUserFromReplicaAsync(id, ct));
                        return await first;
                    }

                """,
            18 => $$"""
                    public async Task<User?> {{name}}Async(int id, CancellationToken ct)
                    {
                        var work = _repo.GetUserAsync(id, ct);
                        if (await Task.WhenAny(work, Task.Delay(TimeSpan.FromSeconds({{id % 30 + 1}}))) != work)
                        {
                            throw new TimeoutException();
                        }

                        return await work;
                    }

                """,
            19 => $$"""
                    public async Task<int> {{name}}Async(IEnumerable<Task<int>> work)
                    {
                        var result = await Async.Wait(work, ReturnWhen.FirstCompleted);
                        return result.Done.Count;
                    }

                """,
            20 => $$"""
                    public async Task<string> {{name}}Async(CancellationToken ct)
                    {
                        var a = await _repo.GetUserAsync({{id}}, ct);
                        var b = await _repo.GetUserAsync({{id + 1}}, ct);
                        var c = await _db.Orders.CountAsync(ct);
                        return $"{a?.Name} {b?.Name} {c}";
                    }

                """,
            21 => $$"""
                    public async Task<List<User?>> {{name}}Async(int[] ids, CancellationToken ct)
                    {
                        var users = new List<User?>();
                        foreach (var id in ids)
                        {
                            users.Add(await _repo.GetUserAsync(id, ct));
                        }

                        return users;
                    }

                """,
            22 => $$"""
                    public async Task {{name}}Async(Order a, Order b, CancellationToken ct)
                    {
                        try
                        {
                            await Task.WhenAll(_repo.SaveAsync(a, ct), _repo.SaveAsync(b, ct));
                        }
                        catch (Exception ex)
                        {
                            _log.Error(ex);
                        }
                    }

                """,
            _ => $$"""
                    public int {{name}}(int id)
                    {
                        var user = _repo.GetUserAsync(id, CancellationToken.None).Result;
                        return user?.Id ?? 0;
                    }

                """,
        };
    }
}
