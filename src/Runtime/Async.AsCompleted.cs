using System.Runtime.CompilerServices;

namespace AsyncGuide;

public static partial class Async
{
    /// <summary>
    /// Yields the tasks in the order they complete (asyncio <c>as_completed</c>); each yielded task has
    /// completed, so <c>await</c> on it returns at once (or throws its own exception).
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="tasks">The tasks; duplicates are yielded once.</param>
    /// <param name="timeout">
    /// The time limit for the whole sequence; when it elapses with tasks outstanding, the enumeration throws
    /// <see cref="TimeoutException"/> (tasks that completed before are yielded first). Nothing is cancelled.
    /// </param>
    /// <returns>
    /// An asynchronous sequence. A task's failure is not the sequence's: it is yielded like any other task and
    /// thrown by your <c>await</c> on it. Pass a token with <c>WithCancellation</c> to stop waiting: it is
    /// checked before each element, so once it is cancelled <c>MoveNextAsync</c> throws
    /// <see cref="OperationCanceledException"/>, even when completed tasks are still to be yielded (an
    /// already-cancelled token yields nothing, also for an empty input). Neither the token nor the timeout
    /// cancels the tasks.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="tasks"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="tasks"/> contains null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    /// <remarks>
    /// Breaking out of the loop early disposes the timer; the tasks are yours and keep running. A task
    /// that completes after the enumeration ended is not observed by it.
    /// </remarks>
    /// <example><code>
    /// await foreach (var task in Async.AsCompleted(tasks))
    /// {
    ///     Console.WriteLine(await task);
    /// }
    /// </code></example>
    public static IAsyncEnumerable<Task<T>> AsCompleted<T>(IEnumerable<Task<T>> tasks, TimeSpan? timeout = null)
        => AsCompleted(tasks, timeout, TimeProvider.System);

    /// <summary>
    /// <see cref="AsCompleted{T}(IEnumerable{Task{T}}, TimeSpan?)"/> with the time limit measured by
    /// <paramref name="timeProvider"/>.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="tasks">The tasks.</param>
    /// <param name="timeout">The time limit for the whole sequence.</param>
    /// <param name="timeProvider">The clock for the time limit.</param>
    /// <returns>An asynchronous sequence of the tasks in completion order; cancellation and timeout as in the overload without a clock.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tasks"/> or <paramref name="timeProvider"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="tasks"/> contains null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    public static IAsyncEnumerable<Task<T>> AsCompleted<T>(IEnumerable<Task<T>> tasks, TimeSpan? timeout, TimeProvider timeProvider)
    {
        var array = WaitArguments.Distinct(TaskLists.ToCheckedArray(tasks, nameof(tasks)));
        WaitArguments.CheckTimeout(timeout, nameof(timeout));
        TaskLists.CheckNotNull(timeProvider, nameof(timeProvider));
        return AsCompletedAsync(array, timeout, timeProvider);
    }

    private static async IAsyncEnumerable<Task<T>> AsCompletedAsync<T>(
        Task<T>[] tasks,
        TimeSpan? timeout,
        TimeProvider timeProvider,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (tasks.Length == 0)
        {
            yield break;
        }

        using var queue = new CompletionQueue<Task<T>>(tasks, timeout, timeProvider, cancellationToken);
        for (var yielded = 0; yielded < tasks.Length; yielded++)
        {
            yield return await queue.NextAsync().ConfigureAwait(false);
        }
    }
}
