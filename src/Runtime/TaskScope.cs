using System;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuide;

// CONTRACT STUB (issue #2).
public sealed class TaskScope : IAsyncDisposable
{
    public TaskScope(CancellationToken cancellationToken = default) => throw new NotImplementedException();
    public CancellationToken Token => throw new NotImplementedException();
    public Task<T> Run<T>(Func<CancellationToken, Task<T>> operation) => throw new NotImplementedException();
    public Task Run(Func<CancellationToken, Task> operation) => throw new NotImplementedException();
    public Task JoinAsync() => throw new NotImplementedException();
    public ValueTask DisposeAsync() => throw new NotImplementedException();
}
