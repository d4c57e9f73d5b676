namespace AsyncGuide;

/// <summary>
/// A promise that completes once every tracked task has completed. One delegate is shared by every
/// task and the promise derives from its own completion source, so waiting for n tasks costs three
/// allocations however large n is, and nothing per task.
/// </summary>
internal abstract class CompletionCountdown<TResult> : TaskCompletionSource<TResult>
{
    private Action? _signal;

    // Starts at one so the promise cannot complete while tasks are still being tracked.
    private int _remaining = 1;

    protected void Track(Task task)
    {
        if (task.IsCompleted)
        {
            return;
        }

        Interlocked.Increment(ref _remaining);
        task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_signal ??= Signal);
    }

    /// <summary>Call once after the last <see cref="Track"/>.</summary>
    protected void EndTracking() => Signal();

    private void Signal()
    {
        if (Interlocked.Decrement(ref _remaining) != 0)
        {
            return;
        }

        try
        {
            OnAllCompleted();
        }
        catch (Exception ex)
        {
            // Never lose a bug in result building: it becomes the promise's fault.
            TrySetException(ex);
        }
    }

    protected abstract void OnAllCompleted();
}
