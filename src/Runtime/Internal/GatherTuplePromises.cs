using System.Threading.Tasks;

namespace AsyncGuide;

// One promise per arity keeps the tasks in fields, so a pending tuple gather allocates no array.

internal sealed class GatherPromise<T1, T2> : CompletionCountdown<(T1, T2)>
{
    private readonly Task<T1> _task1;
    private readonly Task<T2> _task2;

    internal GatherPromise(Task<T1> task1, Task<T2> task2)
    {
        _task1 = task1;
        _task2 = task2;
        Track(task1);
        Track(task2);
        EndTracking();
    }

    protected override void OnAllCompleted()
    {
        var failures = default(FailureCollector);
        failures.Add(_task1);
        failures.Add(_task2);
        if (!failures.TryFail(this))
        {
            TrySetResult((_task1.Result, _task2.Result));
        }
    }
}

internal sealed class GatherPromise<T1, T2, T3> : CompletionCountdown<(T1, T2, T3)>
{
    private readonly Task<T1> _task1;
    private readonly Task<T2> _task2;
    private readonly Task<T3> _task3;

    internal GatherPromise(Task<T1> task1, Task<T2> task2, Task<T3> task3)
    {
        _task1 = task1;
        _task2 = task2;
        _task3 = task3;
        Track(task1);
        Track(task2);
        Track(task3);
        EndTracking();
    }

    protected override void OnAllCompleted()
    {
        var failures = default(FailureCollector);
        failures.Add(_task1);
        failures.Add(_task2);
        failures.Add(_task3);
        if (!failures.TryFail(this))
        {
            TrySetResult((_task1.Result, _task2.Result, _task3.Result));
        }
    }
}

internal sealed class GatherPromise<T1, T2, T3, T4> : CompletionCountdown<(T1, T2, T3, T4)>
{
    private readonly Task<T1> _task1;
    private readonly Task<T2> _task2;
    private readonly Task<T3> _task3;
    private readonly Task<T4> _task4;

    internal GatherPromise(Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4)
    {
        _task1 = task1;
        _task2 = task2;
        _task3 = task3;
        _task4 = task4;
        Track(task1);
        Track(task2);
        Track(task3);
        Track(task4);
        EndTracking();
    }

    protected override void OnAllCompleted()
    {
        var failures = default(FailureCollector);
        failures.Add(_task1);
        failures.Add(_task2);
        failures.Add(_task3);
        failures.Add(_task4);
        if (!failures.TryFail(this))
        {
            TrySetResult((_task1.Result, _task2.Result, _task3.Result, _task4.Result));
        }
    }
}

internal sealed class GatherPromise<T1, T2, T3, T4, T5> : CompletionCountdown<(T1, T2, T3, T4, T5)>
{
    private readonly Task<T1> _task1;
    private readonly Task<T2> _task2;
    private readonly Task<T3> _task3;
    private readonly Task<T4> _task4;
    private readonly Task<T5> _task5;

    internal GatherPromise(Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4, Task<T5> task5)
    {
        _task1 = task1;
        _task2 = task2;
        _task3 = task3;
        _task4 = task4;
        _task5 = task5;
        Track(task1);
        Track(task2);
        Track(task3);
        Track(task4);
        Track(task5);
        EndTracking();
    }

    protected override void OnAllCompleted()
    {
        var failures = default(FailureCollector);
        failures.Add(_task1);
        failures.Add(_task2);
        failures.Add(_task3);
        failures.Add(_task4);
        failures.Add(_task5);
        if (!failures.TryFail(this))
        {
            TrySetResult((_task1.Result, _task2.Result, _task3.Result, _task4.Result, _task5.Result));
        }
    }
}

internal sealed class GatherPromise<T1, T2, T3, T4, T5, T6> : CompletionCountdown<(T1, T2, T3, T4, T5, T6)>
{
    private readonly Task<T1> _task1;
    private readonly Task<T2> _task2;
    private readonly Task<T3> _task3;
    private readonly Task<T4> _task4;
    private readonly Task<T5> _task5;
    private readonly Task<T6> _task6;

    internal GatherPromise(Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4, Task<T5> task5, Task<T6> task6)
    {
        _task1 = task1;
        _task2 = task2;
        _task3 = task3;
        _task4 = task4;
        _task5 = task5;
        _task6 = task6;
        Track(task1);
        Track(task2);
        Track(task3);
        Track(task4);
        Track(task5);
        Track(task6);
        EndTracking();
    }

    protected override void OnAllCompleted()
    {
        var failures = default(FailureCollector);
        failures.Add(_task1);
        failures.Add(_task2);
        failures.Add(_task3);
        failures.Add(_task4);
        failures.Add(_task5);
        failures.Add(_task6);
        if (!failures.TryFail(this))
        {
            TrySetResult((_task1.Result, _task2.Result, _task3.Result, _task4.Result, _task5.Result, _task6.Result));
        }
    }
}

internal sealed class GatherPromise<T1, T2, T3, T4, T5, T6, T7> : CompletionCountdown<(T1, T2, T3, T4, T5, T6, T7)>
{
    private readonly Task<T1> _task1;
    private readonly Task<T2> _task2;
    private readonly Task<T3> _task3;
    private readonly Task<T4> _task4;
    private readonly Task<T5> _task5;
    private readonly Task<T6> _task6;
    private readonly Task<T7> _task7;

    internal GatherPromise(Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4, Task<T5> task5, Task<T6> task6, Task<T7> task7)
    {
        _task1 = task1;
        _task2 = task2;
        _task3 = task3;
        _task4 = task4;
        _task5 = task5;
        _task6 = task6;
        _task7 = task7;
        Track(task1);
        Track(task2);
        Track(task3);
        Track(task4);
        Track(task5);
        Track(task6);
        Track(task7);
        EndTracking();
    }

    protected override void OnAllCompleted()
    {
        var failures = default(FailureCollector);
        failures.Add(_task1);
        failures.Add(_task2);
        failures.Add(_task3);
        failures.Add(_task4);
        failures.Add(_task5);
        failures.Add(_task6);
        failures.Add(_task7);
        if (!failures.TryFail(this))
        {
            TrySetResult((_task1.Result, _task2.Result, _task3.Result, _task4.Result, _task5.Result, _task6.Result, _task7.Result));
        }
    }
}
