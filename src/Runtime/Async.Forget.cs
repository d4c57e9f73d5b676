namespace AsyncGuide;

public static partial class Async
{
    /// <summary>
    /// Lets <paramref name="task"/> run on without awaiting it, but observes its failure: the
    /// fire-and-forget of asyncio's <c>loop.create_task</c> with a done-callback that reads the
    /// exception. Without it, a dropped task's exception is lost (or surfaces much later through
    /// <see cref="TaskScheduler.UnobservedTaskException"/>).
    /// </summary>
    /// <param name="task">The task to keep running.</param>
    /// <param name="onError">
    /// Called once if the task faults, with its exception (the single inner exception, or the
    /// <see cref="AggregateException"/> when there are several); typically a logging call. Not called on
    /// success or cancellation. Null just observes the failure. An exception thrown by
    /// <paramref name="onError"/> is not caught: it surfaces through
    /// <see cref="TaskScheduler.UnobservedTaskException"/>.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> is null.</exception>
    /// <example>
    /// <code>
    /// // In a synchronous event handler: keep the refresh running, log its failure.
    /// Async.Forget(cache.RefreshAsync(), ex =&gt; logger.LogError(ex, "Refresh failed"));
    /// </code>
    /// </example>
    public static void Forget(this Task task, Action<Exception>? onError = null)
    {
        if (task is null)
        {
            throw new ArgumentNullException(nameof(task));
        }

        if (task.IsCompleted)
        {
            if (task.IsFaulted)
            {
                Report(task, onError);
            }

            return;
        }

        _ = task.ContinueWith(
            static (completed, state) => Report(completed, (Action<Exception>?)state),
            onError,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static void Report(Task faulted, Action<Exception>? onError)
    {
        // Reading Exception marks it observed.
        var exception = faulted.Exception!;
        onError?.Invoke(exception.InnerExceptions.Count == 1 ? exception.InnerExceptions[0] : exception);
    }
}
