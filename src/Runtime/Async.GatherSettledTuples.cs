namespace AsyncGuide;

// Typed tuple forms of GatherSettled, two to seven tasks (one shape per arity).
// The arguments are joined with the non-short-circuit `&`: every one is checked for null, in order, first.
public static partial class Async
{
    /// <summary>
    /// Waits for two tasks and returns each one's outcome as a tuple (asyncio <c>gather(..., return_exceptions=True)</c>).
    /// Never throws for a failed or cancelled task.
    /// </summary>
    /// <typeparam name="T1">The result type of <paramref name="task1"/>.</typeparam>
    /// <typeparam name="T2">The result type of <paramref name="task2"/>.</typeparam>
    /// <param name="task1">Task number 1.</param>
    /// <param name="task2">Task number 2.</param>
    /// <returns>
    /// A task with one outcome per argument, once every task has completed. A failed or cancelled task is an
    /// outcome, never an exception of this task, and is observed. No timeout and no token.
    /// </returns>
    /// <exception cref="ArgumentNullException">A task is null.</exception>
    public static Task<(Outcome<T1>, Outcome<T2>)> GatherSettled<T1, T2>(Task<T1> task1, Task<T2> task2)
        => TaskLists.Completed(task1, nameof(task1)) & TaskLists.Completed(task2, nameof(task2))
            ? Task.FromResult((Outcome<T1>.FromTask(task1), Outcome<T2>.FromTask(task2)))
            : new SettledPromise<T1, T2>(task1, task2).Task;

    /// <summary>
    /// Waits for three tasks and returns each one's outcome as a tuple (asyncio <c>gather(..., return_exceptions=True)</c>).
    /// Never throws for a failed or cancelled task.
    /// </summary>
    /// <typeparam name="T1">The result type of <paramref name="task1"/>.</typeparam>
    /// <typeparam name="T2">The result type of <paramref name="task2"/>.</typeparam>
    /// <typeparam name="T3">The result type of <paramref name="task3"/>.</typeparam>
    /// <param name="task1">Task number 1.</param>
    /// <param name="task2">Task number 2.</param>
    /// <param name="task3">Task number 3.</param>
    /// <returns>
    /// A task with one outcome per argument, once every task has completed. A failed or cancelled task is an
    /// outcome, never an exception of this task, and is observed. No timeout and no token.
    /// </returns>
    /// <exception cref="ArgumentNullException">A task is null.</exception>
    public static Task<(Outcome<T1>, Outcome<T2>, Outcome<T3>)> GatherSettled<T1, T2, T3>(Task<T1> task1, Task<T2> task2, Task<T3> task3)
        => TaskLists.Completed(task1, nameof(task1)) & TaskLists.Completed(task2, nameof(task2)) & TaskLists.Completed(task3, nameof(task3))
            ? Task.FromResult((Outcome<T1>.FromTask(task1), Outcome<T2>.FromTask(task2), Outcome<T3>.FromTask(task3)))
            : new SettledPromise<T1, T2, T3>(task1, task2, task3).Task;

    /// <summary>
    /// Waits for four tasks and returns each one's outcome as a tuple (asyncio <c>gather(..., return_exceptions=True)</c>).
    /// Never throws for a failed or cancelled task.
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
    /// A task with one outcome per argument, once every task has completed. A failed or cancelled task is an
    /// outcome, never an exception of this task, and is observed. No timeout and no token.
    /// </returns>
    /// <exception cref="ArgumentNullException">A task is null.</exception>
    public static Task<(Outcome<T1>, Outcome<T2>, Outcome<T3>, Outcome<T4>)> GatherSettled<T1, T2, T3, T4>(
        Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4)
        => TaskLists.Completed(task1, nameof(task1)) & TaskLists.Completed(task2, nameof(task2)) & TaskLists.Completed(task3, nameof(task3))
            & TaskLists.Completed(task4, nameof(task4))
            ? Task.FromResult((Outcome<T1>.FromTask(task1), Outcome<T2>.FromTask(task2), Outcome<T3>.FromTask(task3), Outcome<T4>.FromTask(task4)))
            : new SettledPromise<T1, T2, T3, T4>(task1, task2, task3, task4).Task;

    /// <summary>
    /// Waits for five tasks and returns each one's outcome as a tuple (asyncio <c>gather(..., return_exceptions=True)</c>).
    /// Never throws for a failed or cancelled task.
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
    /// A task with one outcome per argument, once every task has completed. A failed or cancelled task is an
    /// outcome, never an exception of this task, and is observed. No timeout and no token.
    /// </returns>
    /// <exception cref="ArgumentNullException">A task is null.</exception>
    public static Task<(Outcome<T1>, Outcome<T2>, Outcome<T3>, Outcome<T4>, Outcome<T5>)> GatherSettled<T1, T2, T3, T4, T5>(
        Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4, Task<T5> task5)
        => TaskLists.Completed(task1, nameof(task1)) & TaskLists.Completed(task2, nameof(task2)) & TaskLists.Completed(task3, nameof(task3))
            & TaskLists.Completed(task4, nameof(task4)) & TaskLists.Completed(task5, nameof(task5))
            ? Task.FromResult((Outcome<T1>.FromTask(task1), Outcome<T2>.FromTask(task2), Outcome<T3>.FromTask(task3), Outcome<T4>.FromTask(task4),
                Outcome<T5>.FromTask(task5)))
            : new SettledPromise<T1, T2, T3, T4, T5>(task1, task2, task3, task4, task5).Task;

    /// <summary>
    /// Waits for six tasks and returns each one's outcome as a tuple (asyncio <c>gather(..., return_exceptions=True)</c>).
    /// Never throws for a failed or cancelled task.
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
    /// A task with one outcome per argument, once every task has completed. A failed or cancelled task is an
    /// outcome, never an exception of this task, and is observed. No timeout and no token.
    /// </returns>
    /// <exception cref="ArgumentNullException">A task is null.</exception>
    public static Task<(Outcome<T1>, Outcome<T2>, Outcome<T3>, Outcome<T4>, Outcome<T5>, Outcome<T6>)> GatherSettled<T1, T2, T3, T4, T5, T6>(
        Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4, Task<T5> task5, Task<T6> task6)
        => TaskLists.Completed(task1, nameof(task1)) & TaskLists.Completed(task2, nameof(task2)) & TaskLists.Completed(task3, nameof(task3))
            & TaskLists.Completed(task4, nameof(task4)) & TaskLists.Completed(task5, nameof(task5)) & TaskLists.Completed(task6, nameof(task6))
            ? Task.FromResult((Outcome<T1>.FromTask(task1), Outcome<T2>.FromTask(task2), Outcome<T3>.FromTask(task3), Outcome<T4>.FromTask(task4),
                Outcome<T5>.FromTask(task5), Outcome<T6>.FromTask(task6)))
            : new SettledPromise<T1, T2, T3, T4, T5, T6>(task1, task2, task3, task4, task5, task6).Task;

    /// <summary>
    /// Waits for seven tasks and returns each one's outcome as a tuple (asyncio <c>gather(..., return_exceptions=True)</c>).
    /// Never throws for a failed or cancelled task.
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
    /// A task with one outcome per argument, once every task has completed. A failed or cancelled task is an
    /// outcome, never an exception of this task, and is observed. No timeout and no token.
    /// </returns>
    /// <exception cref="ArgumentNullException">A task is null.</exception>
    public static Task<(Outcome<T1>, Outcome<T2>, Outcome<T3>, Outcome<T4>, Outcome<T5>, Outcome<T6>, Outcome<T7>)>
        GatherSettled<T1, T2, T3, T4, T5, T6, T7>(
            Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4, Task<T5> task5, Task<T6> task6, Task<T7> task7)
        => TaskLists.Completed(task1, nameof(task1)) & TaskLists.Completed(task2, nameof(task2)) & TaskLists.Completed(task3, nameof(task3))
            & TaskLists.Completed(task4, nameof(task4)) & TaskLists.Completed(task5, nameof(task5)) & TaskLists.Completed(task6, nameof(task6))
            & TaskLists.Completed(task7, nameof(task7))
            ? Task.FromResult((Outcome<T1>.FromTask(task1), Outcome<T2>.FromTask(task2), Outcome<T3>.FromTask(task3), Outcome<T4>.FromTask(task4),
                Outcome<T5>.FromTask(task5), Outcome<T6>.FromTask(task6), Outcome<T7>.FromTask(task7)))
            : new SettledPromise<T1, T2, T3, T4, T5, T6, T7>(task1, task2, task3, task4, task5, task6, task7).Task;
}
