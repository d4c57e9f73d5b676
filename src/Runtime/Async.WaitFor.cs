namespace AsyncGuide;

public static partial class Async
{
    /// <summary>
    /// Runs <paramref name="operation"/> with a time limit (asyncio <c>wait_for</c>): if it has not finished when
    /// <paramref name="timeout"/> elapses, its token is cancelled, its exit awaited, and <see cref="TimeoutException"/> thrown.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="operation">The operation, started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="timeout">The time limit; <see cref="Timeout.InfiniteTimeSpan"/> for none; zero allows only a synchronous completion.</param>
    /// <param name="cancellationToken">
    /// Cancels the operation; the call then throws <see cref="OperationCanceledException"/> once it has exited.
    /// When it is already cancelled, the operation is not started.
    /// </param>
    /// <returns>
    /// The operation's result; its own exception if it fails in time. On timeout: a <see cref="TimeoutException"/>
    /// (with the operation's exception as <see cref="Exception.InnerException"/> if it faulted while being
    /// cancelled), unless the operation ignored the cancellation and succeeded, in which case its result is
    /// returned (as asyncio 3.12 does).
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    /// <example><code>
    /// var page = await Async.WaitFor(ct => http.GetStringAsync(url, ct), TimeSpan.FromSeconds(5));
    /// </code></example>
    public static Task<T> WaitFor<T>(Func<CancellationToken, Task<T>> operation, TimeSpan timeout, CancellationToken cancellationToken = default)
        => WaitFor(operation, timeout, TimeProvider.System, cancellationToken);

    /// <summary>
    /// <see cref="WaitFor{T}(Func{CancellationToken, Task{T}}, TimeSpan, CancellationToken)"/> with the time limit
    /// measured by <paramref name="timeProvider"/>.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="operation">The operation.</param>
    /// <param name="timeout">The time limit.</param>
    /// <param name="timeProvider">The clock for the time limit.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The operation's result; failure, cancellation and timeout as in the overload without a clock.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> or <paramref name="timeProvider"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    public static Task<T> WaitFor<T>(
        Func<CancellationToken, Task<T>> operation,
        TimeSpan timeout,
        TimeProvider timeProvider,
        CancellationToken cancellationToken = default)
    {
        TaskLists.CheckNotNull(operation, nameof(operation));
        WaitArguments.CheckTimeout(timeout, nameof(timeout));
        TaskLists.CheckNotNull(timeProvider, nameof(timeProvider));
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        return WaitForAsync(operation, timeout, timeProvider, cancellationToken);
    }

    /// <summary>
    /// Runs an operation without a result with a time limit; see
    /// <see cref="WaitFor{T}(Func{CancellationToken, Task{T}}, TimeSpan, CancellationToken)"/>.
    /// </summary>
    /// <param name="operation">The operation.</param>
    /// <param name="timeout">The time limit.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>
    /// A task that completes when the operation has. On failure in time: the operation's own exception. On
    /// cancellation by <paramref name="cancellationToken"/>: <see cref="OperationCanceledException"/> once the
    /// operation has exited; nothing starts when it is already cancelled. On timeout: the operation is
    /// cancelled and awaited, then <see cref="TimeoutException"/>, as in the generic overload.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    public static Task WaitFor(Func<CancellationToken, Task> operation, TimeSpan timeout, CancellationToken cancellationToken = default)
        => WaitFor(operation, timeout, TimeProvider.System, cancellationToken);

    /// <summary>
    /// <see cref="WaitFor(Func{CancellationToken, Task}, TimeSpan, CancellationToken)"/> with the time limit
    /// measured by <paramref name="timeProvider"/>.
    /// </summary>
    /// <param name="operation">The operation.</param>
    /// <param name="timeout">The time limit.</param>
    /// <param name="timeProvider">The clock for the time limit.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the operation has; failure, cancellation and timeout as in the overload without a clock.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> or <paramref name="timeProvider"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    public static Task WaitFor(
        Func<CancellationToken, Task> operation,
        TimeSpan timeout,
        TimeProvider timeProvider,
        CancellationToken cancellationToken = default)
    {
        TaskLists.CheckNotNull(operation, nameof(operation));
        return WaitFor(ct => ToBoolTask(Operations.Start(operation, ct)), timeout, timeProvider, cancellationToken);
    }

    private static async Task<bool> ToBoolTask(Task task)
    {
        await task.ConfigureAwait(false);
        return true;
    }

    private static async Task<T> WaitForAsync<T>(
        Func<CancellationToken, Task<T>> operation,
        TimeSpan timeout,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var task = Operations.Start(operation, linked.Token);
        if (!task.IsCompleted)
        {
            WaitResult<Task<T>> waited;
            try
            {
                waited = await WaitChecked(new[] { task }, ReturnWhen.FirstCompleted, timeout, timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await StopAsync(linked, new Task[] { task }).ConfigureAwait(false);
                throw;
            }

            if (waited.TimedOut && !task.IsCompleted)
            {
                await StopAsync(linked, new Task[] { task }).ConfigureAwait(false);
                if (task.Status != TaskStatus.RanToCompletion)
                {
                    var inner = task.IsFaulted ? TaskFailures.AwaitedException(task) : null;
                    throw new TimeoutException($"The operation did not complete within {timeout}.", inner);
                }
            }
        }

        return await task.ConfigureAwait(false);
    }
}
