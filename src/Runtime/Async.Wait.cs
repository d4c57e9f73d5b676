namespace AsyncGuide;

public static partial class Async
{
    /// <summary>
    /// Waits until <paramref name="when"/> holds and returns the done and pending tasks (asyncio <c>wait</c>).
    /// Never throws for a task's failure: look at the done tasks.
    /// </summary>
    /// <typeparam name="TTask">The task type; <see cref="Task"/> or <see cref="Task{TResult}"/>.</typeparam>
    /// <param name="tasks">The tasks; duplicates are removed (first occurrence kept).</param>
    /// <param name="when">When to return: all completed (default), the first completed, or the first faulted.</param>
    /// <param name="timeout">
    /// How long to wait; <see langword="null"/> or <see cref="Timeout.InfiniteTimeSpan"/> waits forever. When it
    /// elapses the wait returns with <see cref="WaitResult{TTask}.TimedOut"/> set and cancels nothing.
    /// </param>
    /// <param name="cancellationToken">Cancels the wait only (it throws <see cref="OperationCanceledException"/>); the tasks keep running.</param>
    /// <returns>
    /// The done and pending tasks, in input order. A task's failure is never thrown: the task is in
    /// <see cref="WaitResult{TTask}.Done"/>. On timeout the result has <see cref="WaitResult{TTask}.TimedOut"/>
    /// set; on cancellation the wait throws <see cref="OperationCanceledException"/>; neither cancels a task.
    /// A task completing right as the wait returns may appear in either list.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="tasks"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="tasks"/> is empty (asyncio raises <c>ValueError</c>) or contains null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="when"/> is undefined or <paramref name="timeout"/> is negative.</exception>
    /// <remarks>
    /// <see cref="ReturnWhen.FirstException"/> returns at once when a task has already faulted, ignores cancelled
    /// tasks, and acts as <see cref="ReturnWhen.AllCompleted"/> when nothing faults. Unlike asyncio, the wait
    /// does not mark the done tasks' exceptions observed: read <see cref="Task.Exception"/> or await each one.
    /// To cancel what is left, use the factory overload, which does it for you.
    /// </remarks>
    /// <example><code>
    /// var (done, pending) = await Async.Wait(tasks, ReturnWhen.FirstCompleted);
    /// </code></example>
    public static Task<WaitResult<TTask>> Wait<TTask>(
        IEnumerable<TTask> tasks,
        ReturnWhen when = ReturnWhen.AllCompleted,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
        where TTask : Task => Wait(tasks, when, timeout, TimeProvider.System, cancellationToken);

    /// <summary>
    /// <see cref="Wait{TTask}(IEnumerable{TTask}, ReturnWhen, TimeSpan?, CancellationToken)"/> with the timeout
    /// measured by <paramref name="timeProvider"/> (for tests: a fake clock).
    /// </summary>
    /// <typeparam name="TTask">The task type.</typeparam>
    /// <param name="tasks">The tasks; duplicates are removed.</param>
    /// <param name="when">When to return.</param>
    /// <param name="timeout">How long to wait; <see langword="null"/> or <see cref="Timeout.InfiniteTimeSpan"/> waits forever.</param>
    /// <param name="timeProvider">The clock for the timeout.</param>
    /// <param name="cancellationToken">Cancels the wait only.</param>
    /// <returns>The done and pending tasks, in input order; failure, cancellation and timeout as in the overload without a clock.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tasks"/> or <paramref name="timeProvider"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="tasks"/> is empty or contains null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="when"/> is undefined or <paramref name="timeout"/> is negative.</exception>
    public static Task<WaitResult<TTask>> Wait<TTask>(
        IEnumerable<TTask> tasks,
        ReturnWhen when,
        TimeSpan? timeout,
        TimeProvider timeProvider,
        CancellationToken cancellationToken = default)
        where TTask : Task
    {
        var array = TaskLists.ToCheckedArray(tasks, nameof(tasks));
        TaskLists.CheckNotEmpty(array, nameof(tasks));
        WaitArguments.CheckWhen(when, nameof(when));
        WaitArguments.CheckTimeout(timeout, nameof(timeout));
        TaskLists.CheckNotNull(timeProvider, nameof(timeProvider));
        return WaitChecked(WaitArguments.Distinct(array), when, timeout, timeProvider, cancellationToken);
    }

    /// <summary>The wait proper, on checked, distinct tasks.</summary>
    internal static Task<WaitResult<TTask>> WaitChecked<TTask>(
        TTask[] tasks,
        ReturnWhen when,
        TimeSpan? timeout,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
        where TTask : Task
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<WaitResult<TTask>>(cancellationToken);
        }

        if (WaitPromise<TTask>.IsSatisfied(tasks, when))
        {
            return Task.FromResult(WaitPromise<TTask>.Snapshot(tasks, timedOut: false));
        }

        if (timeout == TimeSpan.Zero)
        {
            return Task.FromResult(WaitPromise<TTask>.Snapshot(tasks, timedOut: true));
        }

        return new WaitPromise<TTask>(tasks, when, timeout, timeProvider, cancellationToken).Task;
    }
}
