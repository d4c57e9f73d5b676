namespace AsyncGuide;

public static partial class Async
{
    /// <summary>
    /// Waits for every task and returns each one's <see cref="Outcome{T}"/> in input order (asyncio
    /// <c>gather(..., return_exceptions=True)</c>). Never throws for a failed or cancelled task; every
    /// failure is observed and sits in its slot.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="tasks">The tasks; an empty array gives an empty result at once.</param>
    /// <returns>
    /// A task with one outcome per input, in input order, once every task has completed: a fault is a
    /// <see cref="OutcomeStatus.Faulted"/> outcome, a cancellation a <see cref="OutcomeStatus.Canceled"/> one;
    /// the task itself never faults or cancels because of them. No timeout and no token: to stop waiting,
    /// see <see cref="Wait{TTask}(IEnumerable{TTask}, ReturnWhen, TimeSpan?, System.Threading.CancellationToken)"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="tasks"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="tasks"/> contains null.</exception>
    /// <example><code>
    /// foreach (var outcome in await Async.GatherSettled(tasks))
    /// {
    ///     Console.WriteLine(outcome.IsSuccess ? outcome.Value : outcome.Exception!.Message);
    /// }
    /// </code></example>
    public static Task<Outcome<T>[]> GatherSettled<T>(params Task<T>[] tasks)
    {
        TaskLists.CheckNotNull(tasks, nameof(tasks));
        TaskLists.CheckElements(tasks, nameof(tasks));
        if (AllCompleted(tasks))
        {
            return tasks.Length == 0 ? EmptyOutcomes<T>.Task : Task.FromResult(SettledPromise<T>.OutcomesOf(tasks));
        }

        return new SettledPromise<T>((Task<T>[])tasks.Clone()).Task;
    }

    /// <summary>Waits for every task and returns each one's outcome; see <see cref="GatherSettled{T}(Task{T}[])"/>.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="tasks">The tasks, enumerated once.</param>
    /// <returns>
    /// A task with one outcome per input, in input order, once every task has completed: a fault is a
    /// <see cref="OutcomeStatus.Faulted"/> outcome, a cancellation a <see cref="OutcomeStatus.Canceled"/> one;
    /// the task itself never faults or cancels because of them. No timeout and no token: to stop waiting,
    /// see <see cref="Wait{TTask}(IEnumerable{TTask}, ReturnWhen, TimeSpan?, System.Threading.CancellationToken)"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="tasks"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="tasks"/> contains null.</exception>
    public static Task<Outcome<T>[]> GatherSettled<T>(IEnumerable<Task<T>> tasks)
    {
        TaskLists.CheckNotNull(tasks, nameof(tasks));
        return GatherSettled(tasks as Task<T>[] ?? TaskLists.ToCheckedArray(tasks, nameof(tasks)));
    }

    /// <summary>Waits for every task and returns each one's <see cref="Outcome"/>; see <see cref="GatherSettled{T}(Task{T}[])"/>.</summary>
    /// <param name="tasks">The tasks; an empty array gives an empty result at once.</param>
    /// <returns>
    /// A task with one outcome per input, in input order, once every task has completed: a fault is a
    /// <see cref="OutcomeStatus.Faulted"/> outcome, a cancellation a <see cref="OutcomeStatus.Canceled"/> one;
    /// the task itself never faults or cancels because of them. No timeout and no token: to stop waiting,
    /// see <see cref="Wait{TTask}(IEnumerable{TTask}, ReturnWhen, TimeSpan?, System.Threading.CancellationToken)"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="tasks"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="tasks"/> contains null.</exception>
    public static Task<Outcome[]> GatherSettled(params Task[] tasks)
    {
        TaskLists.CheckNotNull(tasks, nameof(tasks));
        TaskLists.CheckElements(tasks, nameof(tasks));
        if (AllCompleted(tasks))
        {
            return tasks.Length == 0 ? EmptyOutcomes.Task : Task.FromResult(SettledPromise.OutcomesOf(tasks));
        }

        return new SettledPromise((Task[])tasks.Clone()).Task;
    }

    /// <summary>Waits for every task and returns each one's outcome; see <see cref="GatherSettled(Task[])"/>.</summary>
    /// <param name="tasks">The tasks, enumerated once.</param>
    /// <returns>
    /// A task with one outcome per input, in input order, once every task has completed: a fault is a
    /// <see cref="OutcomeStatus.Faulted"/> outcome, a cancellation a <see cref="OutcomeStatus.Canceled"/> one;
    /// the task itself never faults or cancels because of them. No timeout and no token: to stop waiting,
    /// see <see cref="Wait{TTask}(IEnumerable{TTask}, ReturnWhen, TimeSpan?, System.Threading.CancellationToken)"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="tasks"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="tasks"/> contains null.</exception>
    public static Task<Outcome[]> GatherSettled(IEnumerable<Task> tasks)
    {
        TaskLists.CheckNotNull(tasks, nameof(tasks));
        return GatherSettled(tasks as Task[] ?? TaskLists.ToCheckedArray(tasks, nameof(tasks)));
    }

    private static bool AllCompleted(Task[] tasks)
    {
        foreach (var task in tasks)
        {
            if (!task.IsCompleted)
            {
                return false;
            }
        }

        return true;
    }

    private static class EmptyOutcomes<T>
    {
        internal static readonly Task<Outcome<T>[]> Task = System.Threading.Tasks.Task.FromResult(Array.Empty<Outcome<T>>());
    }

    private static class EmptyOutcomes
    {
        internal static readonly Task<Outcome[]> Task = System.Threading.Tasks.Task.FromResult(Array.Empty<Outcome>());
    }
}
