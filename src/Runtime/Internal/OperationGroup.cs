namespace AsyncGuide;

/// <summary>
/// What every factory form of <c>Gather</c> shares: the children run with one token linked to the caller's;
/// the first child to fail (fault, or cancel on its own) cancels it; once every child has completed the
/// promise carries that failure first and every other fault after it, all observed.
/// </summary>
/// <remarks>
/// Each child gets a continuation of its own that runs synchronously when it completes, so the siblings'
/// token is cancelled at the moment of the first failure, whatever synchronization context is current
/// (an await continuation would be posted to it).
/// </remarks>
internal abstract class OperationGroup<TResult> : TaskCompletionSource<TResult>
{
    private static readonly Action<Task, object?> OnChildCompletedAction = static (child, state) => ((OperationGroup<TResult>)state!).Step(child);

    private readonly CancellationTokenSource _siblings;
    private readonly CancellationToken _callerToken;
    private Task? _firstFailed;
    private AggregateException? _cancellationCallbackErrors;

    // Starts at one so the promise cannot complete while children are still being tracked.
    private int _remaining = 1;

    protected OperationGroup(CancellationTokenSource siblings, CancellationToken callerToken)
    {
        _siblings = siblings;
        _callerToken = callerToken;
    }

    protected abstract int Count { get; }

    /// <summary>The children in input order: the order of the faults after the first.</summary>
    protected abstract Task ChildAt(int index);

    protected abstract TResult BuildResult();

    /// <summary>Tracks a child; call once per child, then <see cref="EndTracking"/>.</summary>
    protected void Track(Task child)
    {
        Interlocked.Increment(ref _remaining);

        // Exceptions never escape Step, so these continuation tasks never fault.
        child.ContinueWith(OnChildCompletedAction, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Call once after the last child is tracked.</summary>
    protected void EndTracking() => Step(null);

    /// <summary>One completion: a child's, or the end of tracking when <paramref name="child"/> is null.</summary>
    private void Step(Task? child)
    {
        try
        {
            if (child is not null && IsFailure(child) && Interlocked.CompareExchange(ref _firstFailed, child, null) is null)
            {
                CancelSiblings();
            }

            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                Finish();
            }
        }
        catch (Exception ex)
        {
            TrySetException(ex);
        }
    }

    /// <summary>A fault, or a cancellation the group did not ask for.</summary>
    private bool IsFailure(Task child) => child.IsFaulted || (child.IsCanceled && !_siblings.IsCancellationRequested);

    private void CancelSiblings()
    {
        try
        {
            _siblings.Cancel();
        }
        catch (AggregateException ex)
        {
            // A callback registered on the children's token threw; report it rather than lose it.
            _cancellationCallbackErrors = ex;
        }
    }

    private void Finish()
    {
        _siblings.Dispose();
        List<Exception>? faults = null;
        if (_firstFailed is { IsFaulted: true } first)
        {
            faults = new List<Exception>(first.Exception!.InnerExceptions);
        }

        Task? firstCanceled = null;
        for (var i = 0; i < Count; i++)
        {
            var child = ChildAt(i);
            if (child.IsFaulted && !ReferenceEquals(child, _firstFailed))
            {
                (faults ??= new List<Exception>()).AddRange(child.Exception!.InnerExceptions);
            }
            else if (child.IsCanceled)
            {
                firstCanceled ??= child;
            }
        }

        if (_cancellationCallbackErrors is not null)
        {
            (faults ??= new List<Exception>()).AddRange(_cancellationCallbackErrors.InnerExceptions);
        }

        if (faults is not null)
        {
            TrySetException(faults);
        }
        else if (firstCanceled is not null)
        {
            // No fault but a cancellation: cancelled, with the caller's token when that is what cancelled it.
            TrySetCanceled(_callerToken.IsCancellationRequested ? _callerToken : TaskFailures.TokenOf(_firstFailed ?? firstCanceled));
        }
        else
        {
            TrySetResult(BuildResult());
        }
    }
}
