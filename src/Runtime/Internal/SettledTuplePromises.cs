using System.Threading.Tasks;

namespace AsyncGuide;

// One promise per arity keeps the tasks in fields, so a pending tuple GatherSettled allocates no array.

internal sealed class SettledPromise<T1, T2> : CompletionCountdown<(Outcome<T1>, Outcome<T2>)>
{
    private readonly Task<T1> _task1;
    private readonly Task<T2> _task2;

    internal SettledPromise(Task<T1> task1, Task<T2> task2)
    {
        _task1 = task1;
        _task2 = task2;
        Track(task1);
        Track(task2);
        EndTracking();
    }

    protected override void OnAllCompleted() => TrySetResult((Outcome<T1>.FromTask(_task1), Outcome<T2>.FromTask(_task2)));
}

internal sealed class SettledPromise<T1, T2, T3> : CompletionCountdown<(Outcome<T1>, Outcome<T2>, Outcome<T3>)>
{
    private readonly Task<T1> _task1;
    private readonly Task<T2> _task2;
    private readonly Task<T3> _task3;

    internal SettledPromise(Task<T1> task1, Task<T2> task2, Task<T3> task3)
    {
        _task1 = task1;
        _task2 = task2;
        _task3 = task3;
        Track(task1);
        Track(task2);
        Track(task3);
        EndTracking();
    }

    protected override void OnAllCompleted() => TrySetResult((
        Outcome<T1>.FromTask(_task1),
        Outcome<T2>.FromTask(_task2),
        Outcome<T3>.FromTask(_task3)));
}

internal sealed class SettledPromise<T1, T2, T3, T4> : CompletionCountdown<(Outcome<T1>, Outcome<T2>, Outcome<T3>, Outcome<T4>)>
{
    private readonly Task<T1> _task1;
    private readonly Task<T2> _task2;
    private readonly Task<T3> _task3;
    private readonly Task<T4> _task4;

    internal SettledPromise(Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4)
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

    protected override void OnAllCompleted() => TrySetResult((
        Outcome<T1>.FromTask(_task1),
        Outcome<T2>.FromTask(_task2),
        Outcome<T3>.FromTask(_task3),
        Outcome<T4>.FromTask(_task4)));
}

internal sealed class SettledPromise<T1, T2, T3, T4, T5> : CompletionCountdown<(Outcome<T1>, Outcome<T2>, Outcome<T3>, Outcome<T4>, Outcome<T5>)>
{
    private readonly Task<T1> _task1;
    private readonly Task<T2> _task2;
    private readonly Task<T3> _task3;
    private readonly Task<T4> _task4;
    private readonly Task<T5> _task5;

    internal SettledPromise(Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4, Task<T5> task5)
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

    protected override void OnAllCompleted() => TrySetResult((
        Outcome<T1>.FromTask(_task1),
        Outcome<T2>.FromTask(_task2),
        Outcome<T3>.FromTask(_task3),
        Outcome<T4>.FromTask(_task4),
        Outcome<T5>.FromTask(_task5)));
}

internal sealed class SettledPromise<T1, T2, T3, T4, T5, T6>
    : CompletionCountdown<(Outcome<T1>, Outcome<T2>, Outcome<T3>, Outcome<T4>, Outcome<T5>, Outcome<T6>)>
{
    private readonly Task<T1> _task1;
    private readonly Task<T2> _task2;
    private readonly Task<T3> _task3;
    private readonly Task<T4> _task4;
    private readonly Task<T5> _task5;
    private readonly Task<T6> _task6;

    internal SettledPromise(Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4, Task<T5> task5, Task<T6> task6)
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

    protected override void OnAllCompleted() => TrySetResult((
        Outcome<T1>.FromTask(_task1),
        Outcome<T2>.FromTask(_task2),
        Outcome<T3>.FromTask(_task3),
        Outcome<T4>.FromTask(_task4),
        Outcome<T5>.FromTask(_task5),
        Outcome<T6>.FromTask(_task6)));
}

internal sealed class SettledPromise<T1, T2, T3, T4, T5, T6, T7>
    : CompletionCountdown<(Outcome<T1>, Outcome<T2>, Outcome<T3>, Outcome<T4>, Outcome<T5>, Outcome<T6>, Outcome<T7>)>
{
    private readonly Task<T1> _task1;
    private readonly Task<T2> _task2;
    private readonly Task<T3> _task3;
    private readonly Task<T4> _task4;
    private readonly Task<T5> _task5;
    private readonly Task<T6> _task6;
    private readonly Task<T7> _task7;

    internal SettledPromise(Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4, Task<T5> task5, Task<T6> task6, Task<T7> task7)
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

    protected override void OnAllCompleted() => TrySetResult((
        Outcome<T1>.FromTask(_task1),
        Outcome<T2>.FromTask(_task2),
        Outcome<T3>.FromTask(_task3),
        Outcome<T4>.FromTask(_task4),
        Outcome<T5>.FromTask(_task5),
        Outcome<T6>.FromTask(_task6),
        Outcome<T7>.FromTask(_task7)));
}
