namespace AsyncGuide;

/// <summary>
/// The pending path of <c>Async.Wait</c>: completes when the <see cref="ReturnWhen"/> condition holds, the
/// timeout fires (with <c>TimedOut</c>) or the token is cancelled (cancelled). On completion it disposes its
/// timer and token registration and detaches from the tasks still pending, so those keep only an empty
/// relay until they complete: nothing of the wait or its result stays reachable from them.
/// </summary>
internal sealed class WaitPromise<TTask> : TaskCompletionSource<WaitResult<TTask>>
    where TTask : Task
{
    private static readonly Action<object?> OnCanceledAction = static state => ((WaitPromise<TTask>)state!).OnCanceled();
    private static readonly TimerCallback OnTimeoutAction = static state => ((WaitPromise<TTask>)state!).TryComplete(timedOut: true);

    private readonly TTask[] _tasks;
    private readonly ReturnWhen _when;
    private readonly CancellationToken _cancellationToken;
    private readonly Relay _relay;
    private readonly object _gate = new();
    private ITimer? _timer;
    private CancellationTokenRegistration _registration;
    private int _remaining = 1;
    private int _completed;

    internal WaitPromise(TTask[] tasks, ReturnWhen when, TimeSpan? timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        _tasks = tasks;
        _when = when;
        _cancellationToken = cancellationToken;
        _relay = new Relay(this);
        Action signal = _relay.OnTaskCompleted;
        foreach (var task in tasks)
        {
            if (!task.IsCompleted)
            {
                Interlocked.Increment(ref _remaining);
                task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(signal);
            }
        }

        lock (_gate)
        {
            if (Volatile.Read(ref _completed) == 0)
            {
                if (timeout is { } due && due != Timeout.InfiniteTimeSpan)
                {
                    _timer = timeProvider.CreateTimer(OnTimeoutAction, this, due, Timeout.InfiniteTimeSpan);
                }

                if (cancellationToken.CanBeCanceled)
                {
                    _registration = cancellationToken.Register(OnCanceledAction, this);
                }
            }
        }

        // Releases the count that kept the promise open while tasks were being hooked up.
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            TryComplete(timedOut: false);
        }
    }

    /// <summary>Whether <paramref name="when"/> already holds for <paramref name="tasks"/>.</summary>
    internal static bool IsSatisfied(TTask[] tasks, ReturnWhen when)
    {
        var allCompleted = true;
        foreach (var task in tasks)
        {
            if (!task.IsCompleted)
            {
                allCompleted = false;
            }
            else if (when == ReturnWhen.FirstCompleted || (when == ReturnWhen.FirstException && task.IsFaulted))
            {
                return true;
            }
        }

        return allCompleted;
    }

    /// <summary>Splits <paramref name="tasks"/> into done and pending, in input order.</summary>
    internal static WaitResult<TTask> Snapshot(TTask[] tasks, bool timedOut)
    {
        var doneCount = 0;
        foreach (var task in tasks)
        {
            if (task.IsCompleted)
            {
                doneCount++;
            }
        }

        if (doneCount == tasks.Length)
        {
            return new WaitResult<TTask>(tasks, Array.Empty<TTask>(), timedOut);
        }

        var done = doneCount == 0 ? Array.Empty<TTask>() : new TTask[doneCount];
        var pending = new TTask[tasks.Length - doneCount];
        int d = 0, p = 0;
        foreach (var task in tasks)
        {
            // A task completing during this loop overflows into pending: it was pending at the count.
            if (task.IsCompleted && d < done.Length)
            {
                done[d++] = task;
            }
            else
            {
                pending[p++] = task;
            }
        }

        return new WaitResult<TTask>(done, pending, timedOut);
    }

    private void OnTaskCompleted()
    {
        var remaining = Interlocked.Decrement(ref _remaining);
        if (remaining == 0 || _when == ReturnWhen.FirstCompleted || (_when == ReturnWhen.FirstException && AnyFaulted()))
        {
            TryComplete(timedOut: false);
        }
    }

    // Linear per completion: FirstException pays O(n) for each task that completes without faulting.
    private bool AnyFaulted()
    {
        foreach (var task in _tasks)
        {
            if (task.IsFaulted)
            {
                return true;
            }
        }

        return false;
    }

    private void TryComplete(bool timedOut)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return;
        }

        Detach();
        TrySetResult(Snapshot(_tasks, timedOut));
    }

    private void OnCanceled()
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return;
        }

        Detach();
        TrySetCanceled(_cancellationToken);
    }

    private void Detach()
    {
        _relay.Target = null;
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            _registration.Dispose();
            _registration = default;
        }
    }

    /// <summary>What the still-pending tasks hold on to; emptied when the wait returns.</summary>
    private sealed class Relay
    {
        internal Relay(WaitPromise<TTask> target) => Target = target;

        internal volatile WaitPromise<TTask>? Target;

        internal void OnTaskCompleted() => Target?.OnTaskCompleted();
    }
}
