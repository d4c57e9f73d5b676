namespace AsyncGuide.AnalyzerCost;

internal static partial class CorpusGenerator
{
    /// <summary>The types every generated service uses: entities, a repository, an EF-like context with async methods.</summary>
    private const string Infrastructure = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Corpus;

        public sealed record User(int Id, string Name);
        public sealed record Order(int Id, int UserId, int Amount);

        public interface ILog
        {
            void Info(string message);
            void Error(Exception exception);
        }

        public interface IRepository
        {
            Task<User?> GetUserAsync(int id, CancellationToken ct);
            Task<User?> GetUserFromReplicaAsync(int id, CancellationToken ct);
            Task SaveAsync(Order order, CancellationToken ct);
        }

        public sealed class DbSet<T>
        {
            private readonly List<T> _items = new();
            public void Add(T item) => _items.Add(item);
            public Query<T> Where(Func<T, bool> predicate) => new(_items.Where(predicate));
            public Task<int> CountAsync(CancellationToken ct) => Task.FromResult(_items.Count);
            public async IAsyncEnumerable<T> StreamAsync([EnumeratorCancellation] CancellationToken ct)
            {
                foreach (var item in _items)
                {
                    await Task.Yield();
                    yield return item;
                }
            }
        }

        public sealed class Query<T>
        {
            private readonly IEnumerable<T> _items;
            public Query(IEnumerable<T> items) => _items = items;
            public Task<List<T>> ToListAsync(CancellationToken ct) => Task.FromResult(_items.ToList());
        }

        public sealed class Transaction : IAsyncDisposable
        {
            public Task CommitAsync(CancellationToken ct) => Task.CompletedTask;
            public ValueTask DisposeAsync() => default;
        }

        public sealed class AppDbContext
        {
            public DbSet<Order> Orders { get; } = new();
            public DbSet<User> Users { get; } = new();
            public Task<int> SaveChangesAsync(CancellationToken ct) => Task.FromResult(0);
            public Task<Transaction> BeginTransactionAsync(CancellationToken ct) => Task.FromResult(new Transaction());
        }
        """;
}
