namespace AsyncGuide;

/// <summary>
/// What the tuple forms of <c>Gather</c> and <c>GatherSettled</c> share: the tasks, held inline in a
/// <typeparamref name="TRow"/>, are tracked once, and each arity only says how its tuple is built.
/// </summary>
internal abstract class TuplePromise<TRow, TResult> : CompletionCountdown<TResult>
    where TRow : struct, ITaskRow
{
    private readonly TRow _tasks;

    protected TuplePromise(TRow tasks)
    {
        _tasks = tasks;
        for (var i = 0; i < tasks.Count; i++)
        {
            Track(tasks.At(i));
        }

        EndTracking();
    }

    protected TRow Tasks => _tasks;

    /// <summary>The result of the task at <paramref name="index"/>, which ran to completion.</summary>
    protected T ResultOf<T>(int index) => ((Task<T>)_tasks.At(index)).Result;

    /// <summary>The outcome of the completed task at <paramref name="index"/>.</summary>
    protected Outcome<T> OutcomeOf<T>(int index) => Outcome<T>.FromTask((Task<T>)_tasks.At(index));
}
