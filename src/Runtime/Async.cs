namespace AsyncGuide;

/// <summary>
/// asyncio's <c>gather</c>, <c>wait</c>, <c>wait_for</c> and <c>as_completed</c> for .NET tasks.
/// </summary>
/// <remarks>
/// Every method checks its arguments eagerly (it throws before returning a task), never leaves an
/// exception it created or received unobserved, and cancels and awaits whatever work it started and was
/// asked to stop. Already-completed inputs take a fast path that allocates only the result.
/// </remarks>
public static partial class Async
{
    /// <summary>
    /// Waits for every task and returns their results in input order (asyncio <c>gather</c>;
    /// <see cref="Task.WhenAll{TResult}(Task{TResult}[])"/> with the same semantics).
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="tasks">The tasks; an empty array gives an empty result at once.</param>
    /// <returns>
    /// A task with the results in input order. On failure it still waits for every task, then throws the
    /// first failing task's own exception in input order; its <see cref="Task.Exception"/> holds every
    /// failure. On cancellation of a task (and no fault) it is cancelled. No timeout and no token: the tasks
    /// are yours, see the remarks.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="tasks"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="tasks"/> contains null.</exception>
    /// <remarks>
    /// Not fail-fast, deliberately. asyncio's <c>gather</c> raises the first exception at once and leaves
    /// the other tasks running. Here the other tasks cannot be cancelled (a task carries no way to stop
    /// it), so returning early would let your code move on (dispose what they use, retry, return) while
    /// they still run, and their failures would surface nowhere. Waiting for all is what
    /// <see cref="Task.WhenAll{TResult}(Task{TResult}[])"/> does too. To fail fast, hand over the work
    /// instead of the tasks: the factory forms, such as
    /// <see cref="Gather{T1, T2}(Func{CancellationToken, Task{T1}}, Func{CancellationToken, Task{T2}}, CancellationToken)"/>,
    /// cancel the others at the first failure and return as soon as they have exited. For a time limit, see
    /// <see cref="Wait{TTask}(IEnumerable{TTask}, ReturnWhen, TimeSpan?, CancellationToken)"/> and
    /// <see cref="WaitFor{T}(Func{CancellationToken, Task{T}}, TimeSpan, CancellationToken)"/>.
    /// </remarks>
    /// <example><code>
    /// int[] sizes = await Async.Gather(
    ///     FetchAsync(1), FetchAsync(2), FetchAsync(3), FetchAsync(4),
    ///     FetchAsync(5), FetchAsync(6), FetchAsync(7), FetchAsync(8));
    /// </code></example>
    public static Task<T[]> Gather<T>(params Task<T>[] tasks)
    {
        if (!TaskLists.AllSucceeded(tasks, nameof(tasks)))
        {
            return Task.WhenAll(tasks);
        }

        if (tasks.Length == 0)
        {
            return EmptyResult<T>.Task;
        }

        var results = new T[tasks.Length];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = tasks[i].Result;
        }

        return Task.FromResult(results);
    }

    /// <summary>Waits for every task and returns their results in input order; see <see cref="Gather{T}(Task{T}[])"/>.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="tasks">The tasks, enumerated once.</param>
    /// <returns>A task with the results in input order; waits for every task even after a failure, see <see cref="Gather{T}(Task{T}[])"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tasks"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="tasks"/> contains null.</exception>
    public static Task<T[]> Gather<T>(IEnumerable<Task<T>> tasks)
    {
        TaskLists.CheckNotNull(tasks, nameof(tasks));
        return Gather(tasks as Task<T>[] ?? TaskLists.ToCheckedArray(tasks, nameof(tasks)));
    }

    /// <summary>
    /// Waits for every task (asyncio <c>gather</c> for tasks without results; <see cref="Task.WhenAll(Task[])"/>
    /// with the same semantics).
    /// </summary>
    /// <param name="tasks">The tasks; an empty array gives a completed task at once.</param>
    /// <returns>
    /// A task that completes when all have, also after a failure (not fail-fast, see
    /// <see cref="Gather{T}(Task{T}[])"/>). Awaiting it throws the first failing task's own exception in
    /// input order; its <see cref="Task.Exception"/> holds every failure. It is cancelled when a task is
    /// cancelled and none faulted. No timeout and no token.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="tasks"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="tasks"/> contains null.</exception>
    public static Task Gather(params Task[] tasks)
    {
        return TaskLists.AllSucceeded(tasks, nameof(tasks)) ? Task.CompletedTask : Task.WhenAll(tasks);
    }

    /// <summary>Waits for every task; see <see cref="Gather(Task[])"/>.</summary>
    /// <param name="tasks">The tasks, enumerated once.</param>
    /// <returns>A task that completes when all have, also after a failure; see <see cref="Gather(Task[])"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tasks"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="tasks"/> contains null.</exception>
    public static Task Gather(IEnumerable<Task> tasks)
    {
        TaskLists.CheckNotNull(tasks, nameof(tasks));
        return Gather(tasks as Task[] ?? TaskLists.ToCheckedArray(tasks, nameof(tasks)));
    }

    private static class EmptyResult<T>
    {
        internal static readonly Task<T[]> Task = System.Threading.Tasks.Task.FromResult(Array.Empty<T>());
    }
}
