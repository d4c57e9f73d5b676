namespace AsyncGuide;

// One promise per arity, its tasks inline in a TaskRow: a pending tuple gather allocates no array.

/// <summary>Fails as <c>Task.WhenAll</c> does once every task has completed; otherwise builds the tuple.</summary>
internal abstract class GatherTuplePromise<TRow, TResult>(TRow tasks) : TuplePromise<TRow, TResult>(tasks)
    where TRow : struct, ITaskRow
{
    protected abstract TResult Build();

    protected override void OnAllCompleted()
    {
        var tasks = Tasks;
        var failures = default(FailureCollector);
        for (var i = 0; i < tasks.Count; i++)
        {
            failures.Add(tasks.At(i));
        }

        if (!failures.TryFail(this))
        {
            TrySetResult(Build());
        }
    }
}

internal sealed class GatherPromise<T1, T2>(Task<T1> task1, Task<T2> task2)
    : GatherTuplePromise<TaskRow<TaskRow>, (T1, T2)>(new(task1, new(task2)))
{
    protected override (T1, T2) Build() => (ResultOf<T1>(0), ResultOf<T2>(1));
}

internal sealed class GatherPromise<T1, T2, T3>(Task<T1> task1, Task<T2> task2, Task<T3> task3)
    : GatherTuplePromise<TaskRow<TaskRow<TaskRow>>, (T1, T2, T3)>(new(task1, new(task2, new(task3))))
{
    protected override (T1, T2, T3) Build() => (ResultOf<T1>(0), ResultOf<T2>(1), ResultOf<T3>(2));
}

internal sealed class GatherPromise<T1, T2, T3, T4>(Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4)
    : GatherTuplePromise<TaskRow<TaskRow<TaskRow<TaskRow>>>, (T1, T2, T3, T4)>(new(task1, new(task2, new(task3, new(task4)))))
{
    protected override (T1, T2, T3, T4) Build() => (ResultOf<T1>(0), ResultOf<T2>(1), ResultOf<T3>(2), ResultOf<T4>(3));
}

internal sealed class GatherPromise<T1, T2, T3, T4, T5>(Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4, Task<T5> task5)
    : GatherTuplePromise<TaskRow<TaskRow<TaskRow<TaskRow<TaskRow>>>>, (T1, T2, T3, T4, T5)>(
        new(task1, new(task2, new(task3, new(task4, new(task5))))))
{
    protected override (T1, T2, T3, T4, T5) Build()
        => (ResultOf<T1>(0), ResultOf<T2>(1), ResultOf<T3>(2), ResultOf<T4>(3), ResultOf<T5>(4));
}

internal sealed class GatherPromise<T1, T2, T3, T4, T5, T6>(
    Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4, Task<T5> task5, Task<T6> task6)
    : GatherTuplePromise<TaskRow<TaskRow<TaskRow<TaskRow<TaskRow<TaskRow>>>>>, (T1, T2, T3, T4, T5, T6)>(
        new(task1, new(task2, new(task3, new(task4, new(task5, new(task6)))))))
{
    protected override (T1, T2, T3, T4, T5, T6) Build()
        => (ResultOf<T1>(0), ResultOf<T2>(1), ResultOf<T3>(2), ResultOf<T4>(3), ResultOf<T5>(4), ResultOf<T6>(5));
}

internal sealed class GatherPromise<T1, T2, T3, T4, T5, T6, T7>(
    Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4, Task<T5> task5, Task<T6> task6, Task<T7> task7)
    : GatherTuplePromise<TaskRow<TaskRow<TaskRow<TaskRow<TaskRow<TaskRow<TaskRow>>>>>>, (T1, T2, T3, T4, T5, T6, T7)>(
        new(task1, new(task2, new(task3, new(task4, new(task5, new(task6, new(task7))))))))
{
    protected override (T1, T2, T3, T4, T5, T6, T7) Build()
        => (ResultOf<T1>(0), ResultOf<T2>(1), ResultOf<T3>(2), ResultOf<T4>(3), ResultOf<T5>(4), ResultOf<T6>(5), ResultOf<T7>(6));
}
