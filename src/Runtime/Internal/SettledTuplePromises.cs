namespace AsyncGuide;

// One promise per arity, its tasks inline in a TaskRow: a pending tuple GatherSettled allocates no array.

internal sealed class SettledPromise<T1, T2>(Task<T1> task1, Task<T2> task2)
    : TuplePromise<TaskRow<TaskRow>, (Outcome<T1>, Outcome<T2>)>(new(task1, new(task2)))
{
    protected override void OnAllCompleted() => TrySetResult((OutcomeOf<T1>(0), OutcomeOf<T2>(1)));
}

internal sealed class SettledPromise<T1, T2, T3>(Task<T1> task1, Task<T2> task2, Task<T3> task3)
    : TuplePromise<TaskRow<TaskRow<TaskRow>>, (Outcome<T1>, Outcome<T2>, Outcome<T3>)>(new(task1, new(task2, new(task3))))
{
    protected override void OnAllCompleted() => TrySetResult((OutcomeOf<T1>(0), OutcomeOf<T2>(1), OutcomeOf<T3>(2)));
}

internal sealed class SettledPromise<T1, T2, T3, T4>(Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4)
    : TuplePromise<TaskRow<TaskRow<TaskRow<TaskRow>>>, (Outcome<T1>, Outcome<T2>, Outcome<T3>, Outcome<T4>)>(
        new(task1, new(task2, new(task3, new(task4)))))
{
    protected override void OnAllCompleted()
        => TrySetResult((OutcomeOf<T1>(0), OutcomeOf<T2>(1), OutcomeOf<T3>(2), OutcomeOf<T4>(3)));
}

internal sealed class SettledPromise<T1, T2, T3, T4, T5>(Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4, Task<T5> task5)
    : TuplePromise<TaskRow<TaskRow<TaskRow<TaskRow<TaskRow>>>>, (Outcome<T1>, Outcome<T2>, Outcome<T3>, Outcome<T4>, Outcome<T5>)>(
        new(task1, new(task2, new(task3, new(task4, new(task5))))))
{
    protected override void OnAllCompleted()
        => TrySetResult((OutcomeOf<T1>(0), OutcomeOf<T2>(1), OutcomeOf<T3>(2), OutcomeOf<T4>(3), OutcomeOf<T5>(4)));
}

internal sealed class SettledPromise<T1, T2, T3, T4, T5, T6>(
    Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4, Task<T5> task5, Task<T6> task6)
    : TuplePromise<
        TaskRow<TaskRow<TaskRow<TaskRow<TaskRow<TaskRow>>>>>,
        (Outcome<T1>, Outcome<T2>, Outcome<T3>, Outcome<T4>, Outcome<T5>, Outcome<T6>)>(
        new(task1, new(task2, new(task3, new(task4, new(task5, new(task6)))))))
{
    protected override void OnAllCompleted()
        => TrySetResult((OutcomeOf<T1>(0), OutcomeOf<T2>(1), OutcomeOf<T3>(2), OutcomeOf<T4>(3), OutcomeOf<T5>(4), OutcomeOf<T6>(5)));
}

internal sealed class SettledPromise<T1, T2, T3, T4, T5, T6, T7>(
    Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4, Task<T5> task5, Task<T6> task6, Task<T7> task7)
    : TuplePromise<
        TaskRow<TaskRow<TaskRow<TaskRow<TaskRow<TaskRow<TaskRow>>>>>>,
        (Outcome<T1>, Outcome<T2>, Outcome<T3>, Outcome<T4>, Outcome<T5>, Outcome<T6>, Outcome<T7>)>(
        new(task1, new(task2, new(task3, new(task4, new(task5, new(task6, new(task7))))))))
{
    protected override void OnAllCompleted() => TrySetResult((
        OutcomeOf<T1>(0), OutcomeOf<T2>(1), OutcomeOf<T3>(2), OutcomeOf<T4>(3), OutcomeOf<T5>(4), OutcomeOf<T6>(5), OutcomeOf<T7>(6)));
}
