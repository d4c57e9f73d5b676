using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuide;

/// <summary>
/// Structured concurrency (asyncio <c>TaskGroup</c>): children started with <see cref="Run{T}"/> share the
/// scope's token; the first child to fault cancels every sibling; <see cref="JoinAsync"/> waits for all and
/// throws every failure; disposal cancels and awaits whatever is left, so no child outlives the scope.
/// </summary>
/// <example><code>
/// await using var scope = new TaskScope(cancellationToken);
/// var user = scope.Run(ct => GetUserAsync(id, ct));
/// var orders = scope.Run(ct => GetOrdersAsync(id, ct));
/// await scope.JoinAsync();
/// Console.WriteLine($"{user.Result.Name}: {orders.Result.Length} orders");
/// </code></example>
/// <remarks>
/// Differences from asyncio: children start synchronously when <see cref="Run{T}"/> is called (up to their
/// first await); a child's own cancellation is not a failure and cancels nobody; <see cref="DisposeAsync"/>
/// never throws, so without <see cref="JoinAsync"/> failures are observed but not reported.
/// </remarks>
public sealed class TaskScope : IAsyncDisposable
{
    private static readonly Action<Task, object?> OnChildCompletedAction = static (child, state) => ((TaskScope)state!).OnChildCompleted(child);

    private readonly CancellationTokenSource _cancellation;
    private readonly CancellationToken _token;
    private readonly CancellationToken _callerToken;
    private readonly object _gate = new();
    private List<Exception>? _failures;
    private TaskCompletionSource<bool>? _idle;
    private Task? _join;
    private int _running;
    private bool _anyCanceled;
    private bool _closed;
    private bool _disposed;

    /// <summary>Creates a scope whose children are cancelled when <paramref name="cancellationToken"/> is.</summary>
    /// <param name="cancellationToken">Cancels every child; <see cref="JoinAsync"/> then throws <see cref="OperationCanceledException"/>.</param>
    public TaskScope(CancellationToken cancellationToken = default)
    {
        _callerToken = cancellationToken;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _token = _cancellation.Token;
    }

    /// <summary>The token every child receives; cancelled by the first failure, the caller's token, or disposal.</summary>
    public CancellationToken Token => _token;

    /// <summary>Starts a child with the scope's token.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="operation">The child; a synchronous throw counts as its failure.</param>
    /// <returns>The child's task. Its failure is also reported by <see cref="JoinAsync"/>, so you need not await it (discard it with <c>_ =</c>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The scope has been disposed.</exception>
    /// <exception cref="InvalidOperationException">The scope's join has completed; children may still start siblings while it is in progress.</exception>
    public Task<T> Run<T>(Func<CancellationToken, Task<T>> operation)
    {
        TaskLists.CheckNotNull(operation, nameof(operation));
        Enter();
        return Track(Operations.Start(operation, _token));
    }

    /// <summary>Starts a child without a result with the scope's token.</summary>
    /// <param name="operation">The child; a synchronous throw counts as its failure.</param>
    /// <returns>The child's task.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The scope has been disposed.</exception>
    /// <exception cref="InvalidOperationException">The scope's join has completed.</exception>
    public Task Run(Func<CancellationToken, Task> operation)
    {
        TaskLists.CheckNotNull(operation, nameof(operation));
        Enter();
        return Track(Operations.Start(operation, _token));
    }

    /// <summary>
    /// Waits for every child, including ones started while waiting. Calling it again returns the same task.
    /// </summary>
    /// <returns>
    /// A task that throws an <see cref="AggregateException"/> holding every non-cancellation failure in the
    /// order they happened, or <see cref="OperationCanceledException"/> when the caller's token cancelled a child.
    /// </returns>
    /// <exception cref="ObjectDisposedException">The scope has been disposed before the first call.</exception>
    public Task JoinAsync()
    {
        lock (_gate)
        {
            if (_join is null)
            {
                if (_disposed)
                {
                    throw new ObjectDisposedException(nameof(TaskScope));
                }

                _join = JoinCoreAsync(IdleLocked());
            }

            return _join;
        }
    }

    /// <summary>Cancels the children still running and waits until they have exited. Never throws.</summary>
    /// <returns>A task that completes when no child is running.</returns>
    public ValueTask DisposeAsync()
    {
        Task idle;
        bool cancel;
        lock (_gate)
        {
            if (_disposed)
            {
                return default;
            }

            _disposed = true;
            cancel = _running > 0;
            idle = IdleLocked();
        }

        return new ValueTask(DisposeCoreAsync(idle, cancel));
    }

    private async Task DisposeCoreAsync(Task idle, bool cancel)
    {
        if (cancel)
        {
            CancelChildren();
        }

        await idle.ConfigureAwait(false);
        _cancellation.Dispose();
    }

    private async Task JoinCoreAsync(Task idle)
    {
        await idle.ConfigureAwait(false);
        Exception[]? failures;
        lock (_gate)
        {
            failures = _failures?.ToArray();
        }

        if (failures is not null)
        {
            throw new AggregateException(failures);
        }

        if (_anyCanceled && _callerToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(_callerToken);
        }
    }

    /// <summary>A task completing when no child runs; from then on the scope is closed to new children.</summary>
    private Task IdleLocked()
    {
        if (_idle is null)
        {
            _idle = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_running == 0)
            {
                _closed = true;
                _idle.TrySetResult(true);
            }
        }

        return _idle.Task;
    }

    private void Enter()
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

            _running++;
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

        TaskCompletionSource<bool>? idle = null;
        lock (_gate)
        {
            _anyCanceled |= child.IsCanceled;
            if (--_running == 0 && _idle is not null)
            {
                _closed = true;
                idle = _idle;
            }
        }

        idle?.TrySetResult(true);
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
