using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuide;

// CONTRACT STUB: the public surface agreed in issue #2. Bodies are implemented by the runtime work;
// signatures here are what the code fixes, samples and outside checks compile against.
public static partial class Async
{
    public static Task<T[]> Gather<T>(params Task<T>[] tasks) => throw new NotImplementedException();
    public static Task<T[]> Gather<T>(IEnumerable<Task<T>> tasks) => throw new NotImplementedException();
    public static Task Gather(params Task[] tasks) => throw new NotImplementedException();
    public static Task Gather(IEnumerable<Task> tasks) => throw new NotImplementedException();
    public static Task<(T1, T2)> Gather<T1, T2>(Task<T1> task1, Task<T2> task2) => throw new NotImplementedException();
    public static Task<(T1, T2, T3)> Gather<T1, T2, T3>(Task<T1> task1, Task<T2> task2, Task<T3> task3) => throw new NotImplementedException();
    public static Task<(T1, T2, T3, T4)> Gather<T1, T2, T3, T4>(Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4) => throw new NotImplementedException();
    public static Task<(T1, T2, T3, T4, T5)> Gather<T1, T2, T3, T4, T5>(Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4, Task<T5> task5) => throw new NotImplementedException();
    public static Task<(T1, T2, T3, T4, T5, T6)> Gather<T1, T2, T3, T4, T5, T6>(Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4, Task<T5> task5, Task<T6> task6) => throw new NotImplementedException();
    public static Task<(T1, T2, T3, T4, T5, T6, T7)> Gather<T1, T2, T3, T4, T5, T6, T7>(Task<T1> task1, Task<T2> task2, Task<T3> task3, Task<T4> task4, Task<T5> task5, Task<T6> task6, Task<T7> task7) => throw new NotImplementedException();
    public static Task<T[]> Gather<T>(IEnumerable<Func<CancellationToken, Task<T>>> operations, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public static Task<Outcome<T>[]> GatherSettled<T>(params Task<T>[] tasks) => throw new NotImplementedException();
    public static Task<Outcome<T>[]> GatherSettled<T>(IEnumerable<Task<T>> tasks) => throw new NotImplementedException();
    public static Task<Outcome[]> GatherSettled(params Task[] tasks) => throw new NotImplementedException();
    public static Task<(Outcome<T1>, Outcome<T2>)> GatherSettled<T1, T2>(Task<T1> task1, Task<T2> task2) => throw new NotImplementedException();
    public static Task<(Outcome<T1>, Outcome<T2>, Outcome<T3>)> GatherSettled<T1, T2, T3>(Task<T1> task1, Task<T2> task2, Task<T3> task3) => throw new NotImplementedException();

    public static Task<WaitResult<TTask>> Wait<TTask>(IEnumerable<TTask> tasks, ReturnWhen when = ReturnWhen.AllCompleted, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        where TTask : Task => throw new NotImplementedException();
    public static Task<WaitResult<Task<T>>> Wait<T>(IEnumerable<Func<CancellationToken, Task<T>>> operations, ReturnWhen when = ReturnWhen.AllCompleted, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();

    public static Task<T> WaitFor<T>(Func<CancellationToken, Task<T>> operation, TimeSpan timeout, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    public static Task WaitFor(Func<CancellationToken, Task> operation, TimeSpan timeout, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public static IAsyncEnumerable<Task<T>> AsCompleted<T>(IEnumerable<Task<T>> tasks, TimeSpan? timeout = null) => throw new NotImplementedException();
}
