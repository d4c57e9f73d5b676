namespace AsyncGuide;

/// <summary>
/// What <see cref="Async.Wait{TTask}(IEnumerable{TTask}, ReturnWhen, TimeSpan?, System.Threading.CancellationToken)"/>
/// returns: asyncio's <c>(done, pending)</c> pair, as lists in input order with duplicates removed.
/// </summary>
/// <typeparam name="TTask">The task type.</typeparam>
/// <example><code>
/// var (done, pending) = await Async.Wait(tasks, ReturnWhen.FirstCompleted);
/// </code></example>
public sealed class WaitResult<TTask>
    where TTask : Task
{
    internal WaitResult(TTask[] done, TTask[] pending, bool timedOut)
    {
        Done = done;
        Pending = pending;
        TimedOut = timedOut;
    }

    /// <summary>The tasks that had completed (succeeded, faulted or cancelled) when the wait returned, in input order.</summary>
    public IReadOnlyList<TTask> Done { get; }

    /// <summary>
    /// The tasks that had not completed when the wait returned, in input order. With the factory form of
    /// <c>Wait</c> these were cancelled and have completed by the time you see them.
    /// </summary>
    public IReadOnlyList<TTask> Pending { get; }

    /// <summary><see langword="true"/> when the timeout elapsed before the <see cref="ReturnWhen"/> condition was met.</summary>
    public bool TimedOut { get; }

    /// <summary>Lets you write <c>var (done, pending) = await Async.Wait(...)</c>.</summary>
    /// <param name="done">Receives <see cref="Done"/>.</param>
    /// <param name="pending">Receives <see cref="Pending"/>.</param>
    public void Deconstruct(out IReadOnlyList<TTask> done, out IReadOnlyList<TTask> pending)
    {
        done = Done;
        pending = Pending;
    }
}
