using System.Runtime.ExceptionServices;

namespace AsyncGuide;

/// <summary>
/// How one task of <see cref="Async.GatherSettled{T}(Task{T}[])"/> ended: its value, or the exception it
/// faulted or was cancelled with. asyncio's <c>gather(..., return_exceptions=True)</c> puts either the
/// result or the exception in each slot; this struct keeps the two apart so neither can be mistaken for
/// the other.
/// </summary>
/// <typeparam name="T">The task's result type.</typeparam>
/// <remarks>
/// <c>default(Outcome&lt;T&gt;)</c> reads as a success holding <c>default(T)</c>; outcomes returned by
/// this library are never default.
/// </remarks>
public readonly struct Outcome<T>
{
    private readonly T _value;

    private Outcome(OutcomeStatus status, T value, Exception? exception)
    {
        Status = status;
        _value = value;
        Exception = exception;
    }

    /// <summary>Whether the task succeeded, faulted or was cancelled.</summary>
    public OutcomeStatus Status { get; }

    /// <summary>The task's result.</summary>
    /// <exception cref="InvalidOperationException">
    /// The task did not succeed; the original exception is the <see cref="Exception.InnerException"/>.
    /// Use <see cref="GetValueOrThrow"/> to rethrow the original exception itself.
    /// </exception>
    public T Value => Status == OutcomeStatus.Succeeded
        ? _value
        : throw new InvalidOperationException($"The task did not succeed (it is {Status}); there is no value.", Exception);

    /// <summary>
    /// The exception the task ended with: <see langword="null"/> on success; for a faulted task the
    /// exception <c>await</c> would throw (the <see cref="AggregateException"/> itself when the task holds
    /// several); for a cancelled task a <see cref="TaskCanceledException"/> carrying the task's token.
    /// </summary>
    public Exception? Exception { get; }

    /// <summary><see langword="true"/> when <see cref="Status"/> is <see cref="OutcomeStatus.Succeeded"/>.</summary>
    public bool IsSuccess => Status == OutcomeStatus.Succeeded;

    /// <summary>Returns the value, or rethrows the original exception with its stack trace (what <c>await</c> on the task would do).</summary>
    /// <returns>The task's result.</returns>
    public T GetValueOrThrow()
    {
        if (Status != OutcomeStatus.Succeeded)
        {
            ExceptionDispatchInfo.Capture(Exception!).Throw();
        }

        return _value;
    }

    /// <summary>An outcome holding <paramref name="value"/>.</summary>
    /// <param name="value">The result.</param>
    /// <returns>A succeeded outcome.</returns>
    public static Outcome<T> Success(T value) => new(OutcomeStatus.Succeeded, value, null);

    /// <summary>An outcome for a failure; an <see cref="OperationCanceledException"/> makes it <see cref="OutcomeStatus.Canceled"/>.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>A faulted or cancelled outcome.</returns>
    public static Outcome<T> Failure(Exception exception)
    {
        if (exception is null)
        {
            throw new ArgumentNullException(nameof(exception));
        }

        var status = exception is OperationCanceledException ? OutcomeStatus.Canceled : OutcomeStatus.Faulted;
        return new Outcome<T>(status, default!, exception);
    }

    /// <summary>The outcome of a completed task. Reading it marks a faulted task's exception as observed.</summary>
    /// <param name="task">A completed task.</param>
    /// <returns>The task's outcome.</returns>
    /// <exception cref="ArgumentException"><paramref name="task"/> has not completed.</exception>
    public static Outcome<T> FromTask(Task<T> task)
    {
        if (task is null)
        {
            throw new ArgumentNullException(nameof(task));
        }

        return task.Status switch
        {
            TaskStatus.RanToCompletion => new Outcome<T>(OutcomeStatus.Succeeded, task.Result, null),
            TaskStatus.Faulted => new Outcome<T>(OutcomeStatus.Faulted, default!, TaskFailures.AwaitedException(task)),
            TaskStatus.Canceled => new Outcome<T>(OutcomeStatus.Canceled, default!, new TaskCanceledException(task)),
            _ => throw new ArgumentException("The task has not completed.", nameof(task)),
        };
    }

    /// <summary>This outcome without its value.</summary>
    /// <param name="outcome">The outcome.</param>
    public static implicit operator Outcome(Outcome<T> outcome) => Outcome.Create(outcome.Status, outcome.Exception);

    /// <inheritdoc/>
    public override string ToString() => Status == OutcomeStatus.Succeeded
        ? $"Succeeded({_value})"
        : $"{Status}({Exception!.GetType().Name}: {Exception.Message})";
}

/// <summary>How one non-generic task of <see cref="Async.GatherSettled(Task[])"/> ended.</summary>
/// <remarks><c>default(Outcome)</c> reads as a success.</remarks>
public readonly struct Outcome
{
    private Outcome(OutcomeStatus status, Exception? exception)
    {
        Status = status;
        Exception = exception;
    }

    /// <summary>Whether the task succeeded, faulted or was cancelled.</summary>
    public OutcomeStatus Status { get; }

    /// <summary>The exception the task ended with, as in <see cref="Outcome{T}.Exception"/>; <see langword="null"/> on success.</summary>
    public Exception? Exception { get; }

    /// <summary><see langword="true"/> when <see cref="Status"/> is <see cref="OutcomeStatus.Succeeded"/>.</summary>
    public bool IsSuccess => Status == OutcomeStatus.Succeeded;

    /// <summary>Rethrows the original exception with its stack trace when the task did not succeed.</summary>
    public void ThrowIfFailed()
    {
        if (Status != OutcomeStatus.Succeeded)
        {
            ExceptionDispatchInfo.Capture(Exception!).Throw();
        }
    }

    /// <summary>The outcome of a completed task. Reading it marks a faulted task's exception as observed.</summary>
    /// <param name="task">A completed task.</param>
    /// <returns>The task's outcome.</returns>
    /// <exception cref="ArgumentException"><paramref name="task"/> has not completed.</exception>
    public static Outcome FromTask(Task task)
    {
        if (task is null)
        {
            throw new ArgumentNullException(nameof(task));
        }

        return task.Status switch
        {
            TaskStatus.RanToCompletion => default,
            TaskStatus.Faulted => new Outcome(OutcomeStatus.Faulted, TaskFailures.AwaitedException(task)),
            TaskStatus.Canceled => new Outcome(OutcomeStatus.Canceled, new TaskCanceledException(task)),
            _ => throw new ArgumentException("The task has not completed.", nameof(task)),
        };
    }

    internal static Outcome Create(OutcomeStatus status, Exception? exception) => new(status, exception);

    /// <inheritdoc/>
    public override string ToString() => Status == OutcomeStatus.Succeeded
        ? "Succeeded"
        : $"{Status}({Exception!.GetType().Name}: {Exception.Message})";
}
