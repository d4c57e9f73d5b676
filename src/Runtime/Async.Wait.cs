using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuide;

// CONTRACT STUB (issue #2): Wait, WaitFor and AsCompleted land in the next commit.
public static partial class Async
{
    public static Task<WaitResult<TTask>> Wait<TTask>(IEnumerable<TTask> tasks, ReturnWhen when = ReturnWhen.AllCompleted, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        where TTask : Task => throw new NotImplementedException();
    public static Task<WaitResult<Task<T>>> Wait<T>(IEnumerable<Func<CancellationToken, Task<T>>> operations, ReturnWhen when = ReturnWhen.AllCompleted, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();

    public static Task<T> WaitFor<T>(Func<CancellationToken, Task<T>> operation, TimeSpan timeout, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    public static Task WaitFor(Func<CancellationToken, Task> operation, TimeSpan timeout, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public static IAsyncEnumerable<Task<T>> AsCompleted<T>(IEnumerable<Task<T>> tasks, TimeSpan? timeout = null) => throw new NotImplementedException();
}
