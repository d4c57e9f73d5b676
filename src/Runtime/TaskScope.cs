namespace AsyncGuide;

/// <summary>
/// Structured concurrency (asyncio <c>TaskGroup</c>): children started with <see cref="Run{T}"/> share the
/// scope's token; the first child to fault cancels every sibling; <see cref="JoinAsync"/> waits for all and
/// throws the first failure; disposal cancels and awaits whatever is left, so no child outlives the scope,
/// and throws the failures of a scope nobody joined, so none is lost.
/// </summary>
/// <example><code>
/// await using var scope = new TaskScope(cancellationToken);
/// var user = scope.Run(ct => GetUserAsync(id, ct));
/// var orders = scope.Run(ct => GetOrdersAsync(id, ct));
/// await scope.JoinAsync();
/// Console.WriteLine($"{user.Result.Name}: {orders.Result.Length} orders");
/// </code></example>
/// <remarks>
/// <para>
/// On failure: the first child to fault cancels the scope's <see cref="Token"/>; <see cref="JoinAsync"/>
/// waits for every child, then throws that first failure itself (so <c>catch (TimeoutException)</c> works)
/// and its task's <see cref="Task.Exception"/> holds every failure in the order they happened, as
/// <see cref="Async.Gather{T1, T2}(Func{CancellationToken, Task{T1}}, Func{CancellationToken, Task{T2}}, CancellationToken)"/>
/// does. On cancellation: the caller's token cancels every child and the join then throws
/// <see cref="OperationCanceledException"/>; a child's own cancellation is not a failure and cancels nobody.
/// No timeout of its own: give the scope a token from a <see cref="CancellationTokenSource"/> with
/// <c>CancelAfter</c>, or run it inside <see cref="Async.WaitFor(Func{CancellationToken, Task}, TimeSpan, CancellationToken)"/>.
/// </para>
/// <para>
/// Always end the block with <c>await scope.JoinAsync()</c>. A scope disposed without a join still reports
/// its failures (asyncio's <c>TaskGroup</c> raises on exit too): <see cref="DisposeAsync"/> cancels the
/// children, waits for them, and throws the first failure. But disposal cannot see an exception already
/// leaving the <c>await using</c> block, and an exception thrown during disposal replaces it, as one thrown
/// from a <c>finally</c> block does. Joining first avoids that: a joined scope disposes quietly.
/// </para>
/// <para>
/// Differences from asyncio: children start synchronously when <see cref="Run{T}"/> is called (up to their
/// first await), unless the scope's token is already cancelled, in which case they do not start at all.
/// There is no synchronous <c>Dispose</c>: waiting for the children would block a thread, so use
/// <c>await using</c>.
/// </para>
/// </remarks>
public sealed class TaskScope : IAsyncDisposable
{
    private static readonly Action<Task, object?> OnChildCompletedAction = static (child, state) => ((TaskScope)state!).OnChildCompleted(child);

    private readonly CancellationTokenSource _cancellation;
    private readonly CancellationToken _token;
    private readonly CancellationToken _callerToken;
    private readonly object _gate = new();
    private List<Exception>? _failures;
    private TaskCompletionSource<bool>? _join;
    private TaskCompletionSource<bool>? _disposal;
    private int _running;
    private bool _anyCanceled;
    private bool _closed;
    private bool _disposed;

    /// <summary>Creates a scope whose children are cancelled when <paramref name="cancellationToken"/> is.</summary>
    /// <param name="cancellationToken">
    /// Cancels every child; <see cref="JoinAsync"/> then throws <see cref="OperationCanceledException"/>. When it
    /// is already cancelled, <see cref="Run{T}"/> starts nothing.
    /// </param>
    public TaskScope(CancellationToken cancellationToken = default)
    {
        _callerToken = cancellationToken;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _token = _cancellation.Token;
    }

    /// <summary>The token every child receives; cancelled by the first failure, the caller's token, or disposal.</summary>
    public CancellationToken Token => _token;

    /// <summary>Starts a child with the scope's token (asyncio <c>TaskGroup.create_task</c>).</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="operation">
    /// The child; a synchronous throw counts as its failure, a returned null as an <see cref="InvalidOperationException"/>.
    /// </param>
    /// <returns>
    /// The child's task. Its failure is also reported by <see cref="JoinAsync"/>, so you need not await it
    /// (discard it with <c>_ =</c>). When <see cref="Token"/> is already cancelled (the caller's token, or an
    /// earlier failure), <paramref name="operation"/> is not called and the task is cancelled with that token.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The scope has been disposed.</exception>
    /// <exception cref="InvalidOperationException">
    /// The scope's join has completed; children may still start siblings while it is in progress.
    /// </exception>
    public Task<T> Run<T>(Func<CancellationToken, Task<T>> operation)
    {
        TaskLists.CheckNotNull(operation, nameof(operation));
        return Enter() ? Track(Operations.Start(operation, _token)) : Task.FromCanceled<T>(_token);
    }

    /// <summary>Starts a child without a result with the scope's token; see <see cref="Run{T}"/>.</summary>
    /// <param name="operation">The child; a synchronous throw counts as its failure.</param>
    /// <returns>The child's task; cancelled without calling <paramref name="operation"/> when <see cref="Token"/> is already cancelled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The scope has been disposed.</exception>
    /// <exception cref="InvalidOperationException">The scope's join has completed.</exception>
    public Task Run(Func<CancellationToken, Task> operation)
    {
        TaskLists.CheckNotNull(operation, nameof(operation));
        return Enter() ? Track(Operations.Start(operation, _token)) : Task.FromCanceled(_token);
    }

    /// <summary>
    /// Waits for every child, including ones started while waiting (asyncio: leaving <c>async with TaskGroup()</c>).
    /// Calling it again returns the same task.
    /// </summary>
    /// <returns>
    /// A task that completes when no child runs. When a child faulted, awaiting it throws the first failure
    /// (first in time) itself, and its <see cref="Task.Exception"/> holds every non-cancellation failure in
    /// the order they happened (asyncio: the <c>ExceptionGroup</c>). When nothing faulted but the caller's
    /// token cancelled a child, the task is cancelled with that token (<see cref="OperationCanceledException"/>).
    /// </returns>
    /// <exception cref="ObjectDisposedException">The scope has been disposed before the first call.</exception>
    /// <example><code>
    /// try
    /// {
    ///     await scope.JoinAsync();
    /// }
    /// catch (TimeoutException)
    /// {
    ///     // the first child to fail timed out; the others were cancelled and have exited
    /// }
    /// </code></example>
    public Task JoinAsync()
    {
        TaskCompletionSource<bool> join;
        lock (_gate)
        {
            if (_join is not null)
            {
                return _join.Task;
            }

            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(TaskScope));
            }

            join = _join = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_running > 0)
            {
                return join.Task;
            }

            _closed = true;
        }

        Settle(join, reportCancellation: true);
        return join.Task;
    }

    /// <summary>
    /// Cancels the children still running and waits until they have exited. Throws only for a scope that was
    /// never joined, and only when a child faulted; see the remarks.
    /// </summary>
    /// <returns>
    /// A task that completes when no child is running. For a scope never joined it throws the first failure
    /// (first in time; cancellations are not failures) as <see cref="JoinAsync"/> would; its task holds every
    /// failure. For a joined scope the join reports the failures and disposal never throws. Disposing again
    /// does nothing.
    /// </returns>
    /// <remarks>
    /// <see cref="DisposeAsync"/> cannot see an exception already propagating out of the <c>await using</c>
    /// block; when it throws, its exception replaces that one. End the block with <c>await scope.JoinAsync()</c>
    /// so that disposal only has to clean up.
    /// </remarks>
    public ValueTask DisposeAsync()
    {
        TaskCompletionSource<bool> disposal;
        bool joined;
        lock (_gate)
        {
            if (_disposed)
            {
                return default;
            }

            _disposed = true;
            joined = _join is not null;
            if (_running == 0)
            {
                _closed = true;
                _cancellation.Dispose();
                return joined || _failures is null ? default : new ValueTask(Failed(_failures));
            }

            disposal = _disposal = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

            // Counts as a child until the cancellation returns, so a callback error it reports is not missed.
            _running++;
        }

        CancelChildren();
        Leave(canceled: false);
        return new ValueTask(disposal.Task);
    }

    private static Task Failed(List<Exception> failures)
    {
        var failed = new TaskCompletionSource<bool>();
        failed.TrySetException(failures);
        return failed.Task;
    }

    /// <summary>Returns whether the child may start: false when the scope's token is already cancelled.</summary>
    private bool Enter()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(TaskScope));
            }

            if (_closed)
            {
                throw new InvalidOperationException("The scope's join has completed; start new work in a new scope.");
            }

            if (_token.IsCancellationRequested)
            {
                _anyCanceled = true;
                return false;
            }

            _running++;
            return true;
        }
    }

    private TTask Track<TTask>(TTask child)
        where TTask : Task
    {
        // Exceptions never escape OnChildCompleted, so these continuation tasks never fault.
        child.ContinueWith(OnChildCompletedAction, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return child;
    }

    private void OnChildCompleted(Task child)
    {
        if (child.IsFaulted)
        {
            lock (_gate)
            {
                (_failures ??= new List<Exception>()).AddRange(child.Exception!.InnerExceptions);
            }

            CancelChildren();
        }

        Leave(child.IsCanceled);
    }

    /// <summary>One child fewer; the last one to leave a joined or disposed scope settles it.</summary>
    private void Leave(bool canceled)
    {
        TaskCompletionSource<bool>? join;
        TaskCompletionSource<bool>? disposal;
        lock (_gate)
        {
            _anyCanceled |= canceled;
            if (--_running > 0 || (_join is null && !_disposed))
            {
                return;
            }

            _closed = true;
            join = _join;
            disposal = _disposal;
        }

        if (join is not null)
        {
            Settle(join, reportCancellation: true);
        }

        if (disposal is not null)
        {
            _cancellation.Dispose();
            if (join is not null)
            {
                disposal.TrySetResult(true);
            }
            else
            {
                Settle(disposal, reportCancellation: false);
            }
        }
    }

    /// <summary>Completes a promise once no child runs: every fault, else the caller's cancellation, else success.</summary>
    private void Settle(TaskCompletionSource<bool> promise, bool reportCancellation)
    {
        // The scope is closed and idle: nothing adds to the failures any more.
        if (_failures is not null)
        {
            promise.TrySetException(_failures);
        }
        else if (reportCancellation && _anyCanceled && _callerToken.IsCancellationRequested)
        {
            promise.TrySetCanceled(_callerToken);
        }
        else
        {
            promise.TrySetResult(true);
        }
    }

    private void CancelChildren()
    {
        try
        {
            _cancellation.Cancel();
        }
        catch (AggregateException ex)
        {
            // A callback a child registered on the scope's token threw: a failure of the scope.
            lock (_gate)
            {
                (_failures ??= new List<Exception>()).AddRange(ex.InnerExceptions);
            }
        }
    }
}
