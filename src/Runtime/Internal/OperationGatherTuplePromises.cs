using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuide;

// One promise per arity keeps the children in fields: a typed factory gather allocates no array.
// Count and ChildAt serve the failure collection once every child has completed.

internal sealed class OperationGatherPromise<T1, T2> : OperationGroup<(T1, T2)>
{
    private readonly Task<T1> _task1;
    private readonly Task<T2> _task2;

    internal OperationGatherPromise(Task<T1> task1, Task<T2> task2, CancellationTokenSource siblings, CancellationToken callerToken)
        : base(siblings, callerToken)
    {
        _task1 = task1;
        _task2 = task2;
        Track(task1);
        Track(task2);
        EndTracking();
    }

    protected override int Count => 2;

    protected override Task ChildAt(int index) => index switch
    {
        0 => _task1,
        _ => _task2,
    };

    protected override (T1, T2) BuildResult() => (_task1.Result, _task2.Result);
}

internal sealed class OperationGatherPromise<T1, T2, T3> : OperationGroup<(T1, T2, T3)>
{
    private readonly Task<T1> _task1;
    private readonly Task<T2> _task2;
    private readonly Task<T3> _task3;

    internal OperationGatherPromise(Task<T1> task1, Task<T2> task2, Task<T3> task3, CancellationTokenSource siblings, CancellationToken callerToken)
        : base(siblings, callerToken)
    {
        _task1 = task1;
        _task2 = task2;
        _task3 = task3;
        Track(task1);
        Track(task2);
        Track(task3);
        EndTracking();
    }

    protected override int Count => 3;

    protected override Task ChildAt(int index) => index switch
    {
        0 => _task1,
        1 => _task2,
        _ => _task3,
    };

    protected override (T1, T2, T3) BuildResult() => (_task1.Result, _task2.Result, _task3.Result);
}

internal sealed class OperationGatherPromise<T1, T2, T3, T4> : OperationGroup<(T1, T2, T3, T4)>
{
    private readonly Task<T1> _task1;
    private readonly Task<T2> _task2;
    private readonly Task<T3> _task3;
    private readonly Task<T4> _task4;

    internal OperationGatherPromise(
        Task<T1> task1,
        Task<T2> task2,
        Task<T3> task3,
        Task<T4> task4,
        CancellationTokenSource siblings,
        CancellationToken callerToken)
        : base(siblings, callerToken)
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

    protected override int Count => 4;

    protected override Task ChildAt(int index) => index switch
    {
        0 => _task1,
        1 => _task2,
        2 => _task3,
        _ => _task4,
    };

    protected override (T1, T2, T3, T4) BuildResult() => (_task1.Result, _task2.Result, _task3.Result, _task4.Result);
}

internal sealed class OperationGatherPromise<T1, T2, T3, T4, T5> : OperationGroup<(T1, T2, T3, T4, T5)>
{
    private readonly Task<T1> _task1;
    private readonly Task<T2> _task2;
    private readonly Task<T3> _task3;
    private readonly Task<T4> _task4;
    private readonly Task<T5> _task5;

    internal OperationGatherPromise(
        Task<T1> task1,
        Task<T2> task2,
        Task<T3> task3,
        Task<T4> task4,
        Task<T5> task5,
        CancellationTokenSource siblings,
        CancellationToken callerToken)
        : base(siblings, callerToken)
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

    protected override int Count => 5;

    protected override Task ChildAt(int index) => index switch
    {
        0 => _task1,
        1 => _task2,
        2 => _task3,
        3 => _task4,
        _ => _task5,
    };

    protected override (T1, T2, T3, T4, T5) BuildResult() => (_task1.Result, _task2.Result, _task3.Result, _task4.Result, _task5.Result);
}

internal sealed class OperationGatherPromise<T1, T2, T3, T4, T5, T6> : OperationGroup<(T1, T2, T3, T4, T5, T6)>
{
    private readonly Task<T1> _task1;
    private readonly Task<T2> _task2;
    private readonly Task<T3> _task3;
    private readonly Task<T4> _task4;
    private readonly Task<T5> _task5;
    private readonly Task<T6> _task6;

    internal OperationGatherPromise(
        Task<T1> task1,
        Task<T2> task2,
        Task<T3> task3,
        Task<T4> task4,
        Task<T5> task5,
        Task<T6> task6,
        CancellationTokenSource siblings,
        CancellationToken callerToken)
        : base(siblings, callerToken)
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

    protected override int Count => 6;

    protected override Task ChildAt(int index) => index switch
    {
        0 => _task1,
        1 => _task2,
        2 => _task3,
        3 => _task4,
        4 => _task5,
        _ => _task6,
    };

    protected override (T1, T2, T3, T4, T5, T6) BuildResult()
        => (_task1.Result, _task2.Result, _task3.Result, _task4.Result, _task5.Result, _task6.Result);
}

internal sealed class OperationGatherPromise<T1, T2, T3, T4, T5, T6, T7> : OperationGroup<(T1, T2, T3, T4, T5, T6, T7)>
{
    private readonly Task<T1> _task1;
    private readonly Task<T2> _task2;
    private readonly Task<T3> _task3;
    private readonly Task<T4> _task4;
    private readonly Task<T5> _task5;
    private readonly Task<T6> _task6;
    private readonly Task<T7> _task7;

    internal OperationGatherPromise(
        Task<T1> task1,
        Task<T2> task2,
        Task<T3> task3,
        Task<T4> task4,
        Task<T5> task5,
        Task<T6> task6,
        Task<T7> task7,
        CancellationTokenSource siblings,
        CancellationToken callerToken)
        : base(siblings, callerToken)
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

    protected override int Count => 7;

    protected override Task ChildAt(int index) => index switch
    {
        0 => _task1,
        1 => _task2,
        2 => _task3,
        3 => _task4,
        4 => _task5,
        5 => _task6,
        _ => _task7,
    };

    protected override (T1, T2, T3, T4, T5, T6, T7) BuildResult()
        => (_task1.Result, _task2.Result, _task3.Result, _task4.Result, _task5.Result, _task6.Result, _task7.Result);
}
