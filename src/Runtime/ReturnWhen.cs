namespace AsyncGuide;

/// <summary>
/// When
/// <see cref="Async.Wait{TTask}(System.Collections.Generic.IEnumerable{TTask}, ReturnWhen, System.TimeSpan?, System.Threading.CancellationToken)"/>
/// returns (asyncio's <c>return_when</c>).
/// </summary>
public enum ReturnWhen
{
    /// <summary>Return when every task has completed (asyncio <c>ALL_COMPLETED</c>, the default).</summary>
    AllCompleted = 0,

    /// <summary>Return as soon as any task completes, whatever its outcome (asyncio <c>FIRST_COMPLETED</c>).</summary>
    FirstCompleted = 1,

    /// <summary>
    /// Return as soon as any task faults (asyncio <c>FIRST_EXCEPTION</c>); cancelled tasks do not count.
    /// When nothing faults this is the same as <see cref="AllCompleted"/>.
    /// </summary>
    FirstException = 2,
}
