namespace AsyncGuide;

/// <summary>
/// Hands out tasks in completion order for <c>AsCompleted</c>. Each task gets one continuation that enqueues
/// it; a reader waits on one completion source at a time. Disposal stops the timer and the token
/// registration and detaches from the tasks still pending.
/// </summary>
internal sealed class CompletionQueue<TTask> : IDisposable
    where TTask : Task
{
    private static readonly Action<Task, object?> EnqueueAction = static (task, state) => ((CompletionQueue<TTask>)state!).Enqueue((TTask)task);
    private static readonly TimerCallback OnTimeoutAction = static state => ((CompletionQueue<TTask>)state!).Wake(timedOut: true);
    private static readonly Action<object?> OnCanceledAction = static state => ((CompletionQueue<TTask>)state!).Wake(timedOut: false);

    private readonly object _gate = new();
    private readonly Queue<TTask> _completed = new();
    private readonly CancellationTokenSource _detach = new();
    private readonly CancellationToken _cancellationToken;
    private readonly TimeSpan? _timeout;
    private readonly ITimer? _timer;
    private readonly CancellationTokenRegistration _registration;
    private TaskCompletionSource<bool>? _reader;
    private bool _timedOut;

    internal CompletionQueue(TTask[] tasks, TimeSpan? timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        _cancellationToken = cancellationToken;
        _timeout = timeout;
        foreach (var task in tasks)
        {
            // Cancelling _detach removes the continuation from a task still pending (ContinueWith does that).
            task.ContinueWith(EnqueueAction, this, _detach.Token, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        if (timeout is { } due && due != Timeout.InfiniteTimeSpan)
        {
            _timer = timeProvider.CreateTimer(OnTimeoutAction, this, due, Timeout.InfiniteTimeSpan);
        }

        _registration = cancellationToken.Register(OnCanceledAction, this);
    }

    /// <summary>The next completed task, in completion order.</summary>
    internal async Task<TTask> NextAsync()
    {
        while (true)
        {
            TaskCompletionSource<bool> reader;
            lock (_gate)
            {
                // Cancellation wins over tasks already completed (what WithCancellation promises);
                // a timeout does not: what completed in time is yielded first.
                _cancellationToken.ThrowIfCancellationRequested();
                if (_completed.Count > 0)
                {
                    return _completed.Dequeue();
                }

                if (_timedOut)
                {
                    throw new TimeoutException($"Not every task completed within {_timeout}.");
                }

                reader = _reader = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            await reader.Task.ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _registration.Dispose();
        _timer?.Dispose();
        _detach.Cancel();
        _detach.Dispose();
    }

    private void Enqueue(TTask task)
    {
        TaskCompletionSource<bool>? reader;
        lock (_gate)
        {
            _completed.Enqueue(task);
            reader = _reader;
            _reader = null;
        }

        reader?.TrySetResult(true);
    }

    private void Wake(bool timedOut)
    {
        TaskCompletionSource<bool>? reader;
        lock (_gate)
        {
            _timedOut |= timedOut;
            reader = _reader;
            _reader = null;
        }

        reader?.TrySetResult(true);
    }
}
