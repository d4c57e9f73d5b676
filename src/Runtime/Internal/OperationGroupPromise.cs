using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuide;

/// <summary>
/// The factory form of <c>Gather</c>: completes once every child has completed. The first child to fail
/// (fault, or cancel on its own) cancels its siblings' token; the result then carries that failure first
/// and every other fault after it, all observed.
/// </summary>
internal sealed class OperationGroupPromise<TTask, TResult> : TaskCompletionSource<TResult>
    where TTask : Task
{
    private static readonly Action<Task, object?> OnChildCompletedAction = static (child, state) => ((OperationGroupPromise<TTask, TResult>)state!).OnChildCompleted(child);

    private readonly TTask[] _children;
    private readonly CancellationTokenSource _siblings;
    private readonly CancellationToken _callerToken;
    private readonly Func<TTask[], TResult> _buildResult;
    private Task? _firstFailed;
    private AggregateException? _cancellationCallbackErrors;
    private int _remaining;

    internal OperationGroupPromise(TTask[] children, CancellationTokenSource siblings, CancellationToken callerToken, Func<TTask[], TResult> buildResult)
    {
        _children = children;
        _siblings = siblings;
        _callerToken = callerToken;
        _buildResult = buildResult;
        _remaining = children.Length;
        foreach (var child in children)
        {
            // Exceptions never escape OnChildCompleted, so these continuation tasks never fault.
            child.ContinueWith(OnChildCompletedAction, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private void OnChildCompleted(Task child)
    {
        try
        {
            var failed = child.IsFaulted || (child.IsCanceled && !_siblings.IsCancellationRequested);
            if (failed && Interlocked.CompareExchange(ref _firstFailed, child, null) is null)
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
        foreach (var child in _children)
        {
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
            TrySetResult(_buildResult(_children));
        }
    }
}
