namespace AsyncGuide;

/// <summary>Reads how completed tasks failed, marking their exceptions observed.</summary>
internal static class TaskFailures
{
    /// <summary>The exception <c>await</c> throws for a faulted task (the aggregate when it holds several).</summary>
    internal static Exception AwaitedException(Task faulted)
    {
        var aggregate = faulted.Exception!;
        return aggregate.InnerExceptions.Count == 1 ? aggregate.InnerExceptions[0] : aggregate;
    }

    /// <summary>The token a cancelled task carries, without throwing.</summary>
    internal static CancellationToken TokenOf(Task canceled) => new TaskCanceledException(canceled).CancellationToken;

    /// <summary>Marks a faulted task's exception observed; no effect on other tasks.</summary>
    internal static void Observe(Task task)
    {
        if (task.IsFaulted)
        {
            _ = task.Exception;
        }
    }
}

/// <summary>
/// Collects the failures of completed tasks in the order they are added, exactly as <c>Task.WhenAll</c>
/// does: every fault's exceptions in input order; cancellation only when nothing faulted.
/// </summary>
internal struct FailureCollector
{
    private List<Exception>? _exceptions;
    private Task? _firstCanceled;

    internal void Add(Task task)
    {
        if (task.IsFaulted)
        {
            (_exceptions ??= new List<Exception>()).AddRange(task.Exception!.InnerExceptions);
        }
        else if (task.IsCanceled && _firstCanceled is null)
        {
            _firstCanceled = task;
        }
    }

    /// <summary>Completes <paramref name="promise"/> with the failures, if any; returns whether it did.</summary>
    internal readonly bool TryFail<TResult>(TaskCompletionSource<TResult> promise)
    {
        if (_exceptions is not null)
        {
            promise.TrySetException(_exceptions);
            return true;
        }

        if (_firstCanceled is not null)
        {
            promise.TrySetCanceled(TaskFailures.TokenOf(_firstCanceled));
            return true;
        }

        return false;
    }
}
