namespace AsyncGuide;

// One promise per arity, its children inline in a TaskRow: a typed factory gather allocates no array.

/// <summary>The children of a typed factory gather, tracked once; each arity only says how its tuple is built.</summary>
internal abstract class OperationTuplePromise<TRow, TResult> : OperationGroup<TResult>
    where TRow : struct, ITaskRow
{
    private readonly TRow _children;

    protected OperationTuplePromise(TRow children, CancellationTokenSource siblings, CancellationToken callerToken)
        : base(siblings, callerToken)
    {
        _children = children;
        for (var i = 0; i < children.Count; i++)
        {
            Track(children.At(i));
        }

        EndTracking();
    }

    protected override int Count => _children.Count;

    protected override Task ChildAt(int index) => _children.At(index);

    /// <summary>The result of the child at <paramref name="index"/>, which ran to completion.</summary>
    protected T ResultOf<T>(int index) => ((Task<T>)_children.At(index)).Result;
}

internal sealed class OperationGatherPromise<T1, T2>(Task<T1> task1, Task<T2> task2, CancellationTokenSource siblings, CancellationToken callerToken)
    : OperationTuplePromise<TaskRow<TaskRow>, (T1, T2)>(new(task1, new(task2)), siblings, callerToken)
{
    protected override (T1, T2) BuildResult() => (ResultOf<T1>(0), ResultOf<T2>(1));
}

internal sealed class OperationGatherPromise<T1, T2, T3>(
    Task<T1> task1, Task<T2> task2, Task<T3> task3, CancellationTokenSource siblings, CancellationToken callerToken)
    : OperationTuplePromise<TaskRow<TaskRow<TaskRow>>, (T1, T2, T3)>(new(task1, new(task2, new(task3))), siblings, callerToken)
{
    protected override (T1, T2, T3) BuildResult() => (ResultOf<T1>(0), ResultOf<T2>(1), ResultOf<T3>(2));
}

internal sealed class OperationGatherPromise<T1, T2, T3, T4>(
    Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4, CancellationTokenSource siblings, CancellationToken callerToken)
    : OperationTuplePromise<TaskRow<TaskRow<TaskRow<TaskRow>>>, (T1, T2, T3, T4)>(
        new(task1, new(task2, new(task3, new(task4)))), siblings, callerToken)
{
    protected override (T1, T2, T3, T4) BuildResult() => (ResultOf<T1>(0), ResultOf<T2>(1), ResultOf<T3>(2), ResultOf<T4>(3));
}

internal sealed class OperationGatherPromise<T1, T2, T3, T4, T5>(
    Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4, Task<T5> task5, CancellationTokenSource siblings, CancellationToken callerToken)
    : OperationTuplePromise<TaskRow<TaskRow<TaskRow<TaskRow<TaskRow>>>>, (T1, T2, T3, T4, T5)>(
        new(task1, new(task2, new(task3, new(task4, new(task5))))), siblings, callerToken)
{
    protected override (T1, T2, T3, T4, T5) BuildResult()
        => (ResultOf<T1>(0), ResultOf<T2>(1), ResultOf<T3>(2), ResultOf<T4>(3), ResultOf<T5>(4));
}

internal sealed class OperationGatherPromise<T1, T2, T3, T4, T5, T6>(
    Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4, Task<T5> task5, Task<T6> task6,
    CancellationTokenSource siblings,
    CancellationToken callerToken)
    : OperationTuplePromise<TaskRow<TaskRow<TaskRow<TaskRow<TaskRow<TaskRow>>>>>, (T1, T2, T3, T4, T5, T6)>(
        new(task1, new(task2, new(task3, new(task4, new(task5, new(task6)))))), siblings, callerToken)
{
    protected override (T1, T2, T3, T4, T5, T6) BuildResult()
        => (ResultOf<T1>(0), ResultOf<T2>(1), ResultOf<T3>(2), ResultOf<T4>(3), ResultOf<T5>(4), ResultOf<T6>(5));
}

internal sealed class OperationGatherPromise<T1, T2, T3, T4, T5, T6, T7>(
    Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4, Task<T5> task5, Task<T6> task6, Task<T7> task7,
    CancellationTokenSource siblings,
    CancellationToken callerToken)
    : OperationTuplePromise<TaskRow<TaskRow<TaskRow<TaskRow<TaskRow<TaskRow<TaskRow>>>>>>, (T1, T2, T3, T4, T5, T6, T7)>(
        new(task1, new(task2, new(task3, new(task4, new(task5, new(task6, new(task7))))))), siblings, callerToken)
{
    protected override (T1, T2, T3, T4, T5, T6, T7) BuildResult()
        => (ResultOf<T1>(0), ResultOf<T2>(1), ResultOf<T3>(2), ResultOf<T4>(3), ResultOf<T5>(4), ResultOf<T6>(5), ResultOf<T7>(6));
}
