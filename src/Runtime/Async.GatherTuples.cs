namespace AsyncGuide;

// Typed tuple forms of Gather, two to seven tasks (one shape per arity).
// The arguments are joined with the non-short-circuit `&`: every one is checked for null, in order, first.
public static partial class Async
{
    /// <summary>
    /// Waits for two tasks and returns their results as a tuple (asyncio <c>gather</c> with typed results).
    /// Unlike <c>(await a, await b)</c>, every task's exception is observed.
    /// </summary>
    /// <typeparam name="T1">The result type of <paramref name="task1"/>.</typeparam>
    /// <typeparam name="T2">The result type of <paramref name="task2"/>.</typeparam>
    /// <param name="task1">Task number 1.</param>
    /// <param name="task2">Task number 2.</param>
    /// <returns>
    /// A task with the results. On failure it still waits for every task (not fail-fast: see the remarks),
    /// then throws the first failing task's own exception in argument order; its <see cref="Task.Exception"/>
    /// holds every failure (as <see cref="Task.WhenAll(Task[])"/>). On cancellation of a task (and no fault)
    /// it is cancelled. No timeout and no token.
    /// </returns>
    /// <exception cref="ArgumentNullException">A task is null.</exception>
    /// <remarks>
    /// asyncio's <c>gather</c> raises the first exception at once and leaves the other tasks running. A task
    /// cannot be cancelled from here, so returning early would leave work running that you can neither stop
    /// nor see fail; this waits for all, as <see cref="Task.WhenAll(Task[])"/> does. To fail fast, pass the
    /// work instead: <see cref="Gather{T1, T2}(Func{CancellationToken, Task{T1}}, Func{CancellationToken, Task{T2}}, CancellationToken)"/>
    /// cancels the others at the first failure and throws as soon as they have exited.
    /// </remarks>
    /// <example><code>
    /// var (user, orders) = await Async.Gather(GetUserAsync(id), GetOrdersAsync(id));
    /// </code></example>
    public static Task<(T1, T2)> Gather<T1, T2>(Task<T1> task1, Task<T2> task2)
        => TaskLists.Succeeded(task1, nameof(task1)) & TaskLists.Succeeded(task2, nameof(task2))
            ? Task.FromResult((task1.Result, task2.Result))
            : new GatherPromise<T1, T2>(task1, task2).Task;

    /// <summary>
    /// Waits for three tasks and returns their results as a tuple (asyncio <c>gather</c> with typed results).
    /// Unlike <c>(await a, await b)</c>, every task's exception is observed.
    /// </summary>
    /// <typeparam name="T1">The result type of <paramref name="task1"/>.</typeparam>
    /// <typeparam name="T2">The result type of <paramref name="task2"/>.</typeparam>
    /// <typeparam name="T3">The result type of <paramref name="task3"/>.</typeparam>
    /// <param name="task1">Task number 1.</param>
    /// <param name="task2">Task number 2.</param>
    /// <param name="task3">Task number 3.</param>
    /// <returns>
    /// A task with the results. Waits for every task, also after a failure, then throws the first failing
    /// task's own exception in argument order; its <see cref="Task.Exception"/> holds every failure. Cancelled
    /// when a task is cancelled and none faulted. See <see cref="Gather{T1, T2}(Task{T1}, Task{T2})"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException">A task is null.</exception>
    public static Task<(T1, T2, T3)> Gather<T1, T2, T3>(Task<T1> task1, Task<T2> task2, Task<T3> task3)
        => TaskLists.Succeeded(task1, nameof(task1)) & TaskLists.Succeeded(task2, nameof(task2)) & TaskLists.Succeeded(task3, nameof(task3))
            ? Task.FromResult((task1.Result, task2.Result, task3.Result))
            : new GatherPromise<T1, T2, T3>(task1, task2, task3).Task;

    /// <summary>
    /// Waits for four tasks and returns their results as a tuple (asyncio <c>gather</c> with typed results).
    /// Unlike <c>(await a, await b)</c>, every task's exception is observed.
    /// </summary>
    /// <typeparam name="T1">The result type of <paramref name="task1"/>.</typeparam>
    /// <typeparam name="T2">The result type of <paramref name="task2"/>.</typeparam>
    /// <typeparam name="T3">The result type of <paramref name="task3"/>.</typeparam>
    /// <typeparam name="T4">The result type of <paramref name="task4"/>.</typeparam>
    /// <param name="task1">Task number 1.</param>
    /// <param name="task2">Task number 2.</param>
    /// <param name="task3">Task number 3.</param>
    /// <param name="task4">Task number 4.</param>
    /// <returns>
    /// A task with the results. Waits for every task, also after a failure, then throws the first failing
    /// task's own exception in argument order; its <see cref="Task.Exception"/> holds every failure. Cancelled
    /// when a task is cancelled and none faulted. See <see cref="Gather{T1, T2}(Task{T1}, Task{T2})"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException">A task is null.</exception>
    public static Task<(T1, T2, T3, T4)> Gather<T1, T2, T3, T4>(Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4)
        => TaskLists.Succeeded(task1, nameof(task1)) & TaskLists.Succeeded(task2, nameof(task2)) & TaskLists.Succeeded(task3, nameof(task3))
            & TaskLists.Succeeded(task4, nameof(task4))
            ? Task.FromResult((task1.Result, task2.Result, task3.Result, task4.Result))
            : new GatherPromise<T1, T2, T3, T4>(task1, task2, task3, task4).Task;

    /// <summary>
    /// Waits for five tasks and returns their results as a tuple (asyncio <c>gather</c> with typed results).
    /// Unlike <c>(await a, await b)</c>, every task's exception is observed.
    /// </summary>
    /// <typeparam name="T1">The result type of <paramref name="task1"/>.</typeparam>
    /// <typeparam name="T2">The result type of <paramref name="task2"/>.</typeparam>
    /// <typeparam name="T3">The result type of <paramref name="task3"/>.</typeparam>
    /// <typeparam name="T4">The result type of <paramref name="task4"/>.</typeparam>
    /// <typeparam name="T5">The result type of <paramref name="task5"/>.</typeparam>
    /// <param name="task1">Task number 1.</param>
    /// <param name="task2">Task number 2.</param>
    /// <param name="task3">Task number 3.</param>
    /// <param name="task4">Task number 4.</param>
    /// <param name="task5">Task number 5.</param>
    /// <returns>
    /// A task with the results. Waits for every task, also after a failure, then throws the first failing
    /// task's own exception in argument order; its <see cref="Task.Exception"/> holds every failure. Cancelled
    /// when a task is cancelled and none faulted. See <see cref="Gather{T1, T2}(Task{T1}, Task{T2})"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException">A task is null.</exception>
    public static Task<(T1, T2, T3, T4, T5)> Gather<T1, T2, T3, T4, T5>(
        Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4, Task<T5> task5)
        => TaskLists.Succeeded(task1, nameof(task1)) & TaskLists.Succeeded(task2, nameof(task2)) & TaskLists.Succeeded(task3, nameof(task3))
            & TaskLists.Succeeded(task4, nameof(task4)) & TaskLists.Succeeded(task5, nameof(task5))
            ? Task.FromResult((task1.Result, task2.Result, task3.Result, task4.Result, task5.Result))
            : new GatherPromise<T1, T2, T3, T4, T5>(task1, task2, task3, task4, task5).Task;

    /// <summary>
    /// Waits for six tasks and returns their results as a tuple (asyncio <c>gather</c> with typed results).
    /// Unlike <c>(await a, await b)</c>, every task's exception is observed.
    /// </summary>
    /// <typeparam name="T1">The result type of <paramref name="task1"/>.</typeparam>
    /// <typeparam name="T2">The result type of <paramref name="task2"/>.</typeparam>
    /// <typeparam name="T3">The result type of <paramref name="task3"/>.</typeparam>
    /// <typeparam name="T4">The result type of <paramref name="task4"/>.</typeparam>
    /// <typeparam name="T5">The result type of <paramref name="task5"/>.</typeparam>
    /// <typeparam name="T6">The result type of <paramref name="task6"/>.</typeparam>
    /// <param name="task1">Task number 1.</param>
    /// <param name="task2">Task number 2.</param>
    /// <param name="task3">Task number 3.</param>
    /// <param name="task4">Task number 4.</param>
    /// <param name="task5">Task number 5.</param>
    /// <param name="task6">Task number 6.</param>
    /// <returns>
    /// A task with the results. Waits for every task, also after a failure, then throws the first failing
    /// task's own exception in argument order; its <see cref="Task.Exception"/> holds every failure. Cancelled
    /// when a task is cancelled and none faulted. See <see cref="Gather{T1, T2}(Task{T1}, Task{T2})"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException">A task is null.</exception>
    public static Task<(T1, T2, T3, T4, T5, T6)> Gather<T1, T2, T3, T4, T5, T6>(
        Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4, Task<T5> task5, Task<T6> task6)
        => TaskLists.Succeeded(task1, nameof(task1)) & TaskLists.Succeeded(task2, nameof(task2)) & TaskLists.Succeeded(task3, nameof(task3))
            & TaskLists.Succeeded(task4, nameof(task4)) & TaskLists.Succeeded(task5, nameof(task5)) & TaskLists.Succeeded(task6, nameof(task6))
            ? Task.FromResult((task1.Result, task2.Result, task3.Result, task4.Result, task5.Result, task6.Result))
            : new GatherPromise<T1, T2, T3, T4, T5, T6>(task1, task2, task3, task4, task5, task6).Task;

    /// <summary>
    /// Waits for seven tasks and returns their results as a tuple (asyncio <c>gather</c> with typed results).
    /// Unlike <c>(await a, await b)</c>, every task's exception is observed.
    /// </summary>
    /// <typeparam name="T1">The result type of <paramref name="task1"/>.</typeparam>
    /// <typeparam name="T2">The result type of <paramref name="task2"/>.</typeparam>
    /// <typeparam name="T3">The result type of <paramref name="task3"/>.</typeparam>
    /// <typeparam name="T4">The result type of <paramref name="task4"/>.</typeparam>
    /// <typeparam name="T5">The result type of <paramref name="task5"/>.</typeparam>
    /// <typeparam name="T6">The result type of <paramref name="task6"/>.</typeparam>
    /// <typeparam name="T7">The result type of <paramref name="task7"/>.</typeparam>
    /// <param name="task1">Task number 1.</param>
    /// <param name="task2">Task number 2.</param>
    /// <param name="task3">Task number 3.</param>
    /// <param name="task4">Task number 4.</param>
    /// <param name="task5">Task number 5.</param>
    /// <param name="task6">Task number 6.</param>
    /// <param name="task7">Task number 7.</param>
    /// <returns>
    /// A task with the results. Waits for every task, also after a failure, then throws the first failing
    /// task's own exception in argument order; its <see cref="Task.Exception"/> holds every failure. Cancelled
    /// when a task is cancelled and none faulted. See <see cref="Gather{T1, T2}(Task{T1}, Task{T2})"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException">A task is null.</exception>
    public static Task<(T1, T2, T3, T4, T5, T6, T7)> Gather<T1, T2, T3, T4, T5, T6, T7>(
        Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4, Task<T5> task5, Task<T6> task6, Task<T7> task7)
        => TaskLists.Succeeded(task1, nameof(task1)) & TaskLists.Succeeded(task2, nameof(task2)) & TaskLists.Succeeded(task3, nameof(task3))
            & TaskLists.Succeeded(task4, nameof(task4)) & TaskLists.Succeeded(task5, nameof(task5)) & TaskLists.Succeeded(task6, nameof(task6))
            & TaskLists.Succeeded(task7, nameof(task7))
            ? Task.FromResult((task1.Result, task2.Result, task3.Result, task4.Result, task5.Result, task6.Result, task7.Result))
            : new GatherPromise<T1, T2, T3, T4, T5, T6, T7>(task1, task2, task3, task4, task5, task6, task7).Task;
}
