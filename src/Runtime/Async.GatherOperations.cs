namespace AsyncGuide;

public static partial class Async
{
    /// <summary>
    /// Starts every operation with a shared token and returns their results in input order; the first
    /// failure cancels the others (asyncio <c>TaskGroup</c>-like gather).
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="operations">The operations, each started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels every operation.</param>
    /// <returns>
    /// A task with the results in input order. When an operation faults (or cancels on its own) the others'
    /// token is cancelled and every operation is awaited; the task then throws that first failure (first in
    /// time), and its <see cref="Task.Exception"/> holds every fault, all observed. An operation that throws
    /// synchronously or returns null counts as a failure of that operation. When <paramref name="cancellationToken"/>
    /// is cancelled and nothing faulted, the task is cancelled; if it is cancelled before the call, nothing starts.
    /// No timeout of its own: pass a token that times out, or wrap the call in
    /// <see cref="WaitFor{T}(Func{CancellationToken, Task{T}}, TimeSpan, CancellationToken)"/>. For two to seven
    /// operations with different result types, see
    /// <see cref="Gather{T1, T2}(Func{CancellationToken, Task{T1}}, Func{CancellationToken, Task{T2}}, CancellationToken)"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="operations"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="operations"/> contains null.</exception>
    /// <example><code>
    /// int[] sizes = await Async.Gather(urls.Select(url => (Func&lt;CancellationToken, Task&lt;int&gt;&gt;)(ct => GetSizeAsync(url, ct))), ct);
    /// </code></example>
    public static Task<T[]> Gather<T>(IEnumerable<Func<CancellationToken, Task<T>>> operations, CancellationToken cancellationToken = default)
    {
        var ops = TaskLists.ToCheckedArray(operations, nameof(operations));
        if (ops.Length == 0)
        {
            return EmptyResult<T>.Task;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T[]>(cancellationToken);
        }

        var siblings = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var children = new Task<T>[ops.Length];
        for (var i = 0; i < ops.Length; i++)
        {
            children[i] = Operations.Start(ops[i], siblings.Token);
        }

        return new OperationGroupPromise<Task<T>, T[]>(children, siblings, cancellationToken, Operations.ResultsOf).Task;
    }

    /// <summary>
    /// Starts every operation with a shared token and waits for all; the first failure cancels the others.
    /// See <see cref="Gather{T}(IEnumerable{Func{CancellationToken, Task{T}}}, CancellationToken)"/>.
    /// </summary>
    /// <param name="operations">The operations, each started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels every operation.</param>
    /// <returns>
    /// A task that completes when every operation has; failure (first in time thrown, all on the task),
    /// cancellation (nothing starts under a cancelled token) and the absence of a timeout as in the generic overload.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="operations"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="operations"/> contains null.</exception>
    public static Task Gather(IEnumerable<Func<CancellationToken, Task>> operations, CancellationToken cancellationToken = default)
    {
        var ops = TaskLists.ToCheckedArray(operations, nameof(operations));
        if (ops.Length == 0)
        {
            return Task.CompletedTask;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        var siblings = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var children = new Task[ops.Length];
        for (var i = 0; i < ops.Length; i++)
        {
            children[i] = Operations.Start(ops[i], siblings.Token);
        }

        return new OperationGroupPromise<Task, bool>(children, siblings, cancellationToken, static _ => true).Task;
    }
}
