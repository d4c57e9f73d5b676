namespace AsyncGuide;

public static partial class Async
{
    /// <summary>
    /// Starts every operation, waits until <paramref name="when"/> holds, then cancels whatever is still
    /// pending and waits for it to exit (asyncio <c>wait</c> followed by the guide's "cancel remaining tasks",
    /// done so nothing keeps running and nothing is unobserved).
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="operations">The operations, each started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="when">When to stop waiting: all completed (default), the first completed, or the first faulted.</param>
    /// <param name="timeout">
    /// How long to wait before cancelling the rest; <see langword="null"/> or <see cref="Timeout.InfiniteTimeSpan"/>
    /// waits forever.
    /// </param>
    /// <param name="cancellationToken">
    /// Cancels every operation; the wait then throws <see cref="OperationCanceledException"/> once they have exited.
    /// </param>
    /// <returns>
    /// The operations' tasks split into done and pending (in input order) as they stood when the condition held;
    /// the pending ones have been cancelled and have completed by the time you see them. Every task's
    /// exception is marked observed. A failure is never thrown: it is a faulted task in the result (also an
    /// operation that throws synchronously), and with <see cref="ReturnWhen.FirstException"/> the condition that
    /// ends the wait. On timeout the wait returns with <see cref="WaitResult{TTask}.TimedOut"/> set, after
    /// cancelling and awaiting the pending operations. On cancellation by <paramref name="cancellationToken"/> it
    /// throws <see cref="OperationCanceledException"/> once every operation has exited; nothing starts when it is
    /// already cancelled.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="operations"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="operations"/> is empty or contains null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="when"/> is undefined or <paramref name="timeout"/> is negative.</exception>
    /// <example><code>
    /// var (done, _) = await Async.Wait(
    ///     new[] { 1, 2, 3 }.Select(id => (Func&lt;CancellationToken, Task&lt;string&gt;&gt;)(ct => ProcessAsync(id, ct))),
    ///     ReturnWhen.FirstCompleted);
    /// Console.WriteLine($"First result: {await done[0]}");
    /// </code></example>
    public static Task<WaitResult<Task<T>>> Wait<T>(
        IEnumerable<Func<CancellationToken, Task<T>>> operations,
        ReturnWhen when = ReturnWhen.AllCompleted,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
        => Wait(operations, when, timeout, TimeProvider.System, cancellationToken);

    /// <summary>
    /// <see cref="Wait{T}(IEnumerable{Func{CancellationToken, Task{T}}}, ReturnWhen, TimeSpan?, CancellationToken)"/>
    /// with the timeout measured by <paramref name="timeProvider"/>.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="operations">The operations.</param>
    /// <param name="when">When to stop waiting.</param>
    /// <param name="timeout">How long to wait before cancelling the rest.</param>
    /// <param name="timeProvider">The clock for the timeout.</param>
    /// <param name="cancellationToken">Cancels every operation.</param>
    /// <returns>The done and (cancelled, completed) pending tasks; failure, cancellation and timeout as in the overload without a clock.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="operations"/> or <paramref name="timeProvider"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="operations"/> is empty or contains null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="when"/> is undefined or <paramref name="timeout"/> is negative.</exception>
    public static Task<WaitResult<Task<T>>> Wait<T>(
        IEnumerable<Func<CancellationToken, Task<T>>> operations,
        ReturnWhen when,
        TimeSpan? timeout,
        TimeProvider timeProvider,
        CancellationToken cancellationToken = default)
    {
        var ops = TaskLists.ToCheckedArray(operations, nameof(operations));
        TaskLists.CheckNotEmpty(ops, nameof(operations));
        WaitArguments.CheckWhen(when, nameof(when));
        WaitArguments.CheckTimeout(timeout, nameof(timeout));
        TaskLists.CheckNotNull(timeProvider, nameof(timeProvider));
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<WaitResult<Task<T>>>(cancellationToken);
        }

        return WaitOperationsAsync(ops, when, timeout, timeProvider, cancellationToken);
    }

    private static async Task<WaitResult<Task<T>>> WaitOperationsAsync<T>(
        Func<CancellationToken, Task<T>>[] operations,
        ReturnWhen when,
        TimeSpan? timeout,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = new Task<T>[operations.Length];
        for (var i = 0; i < operations.Length; i++)
        {
            tasks[i] = Operations.Start(operations[i], linked.Token);
        }

        WaitResult<Task<T>> waited;
        try
        {
            waited = await WaitChecked(tasks, when, timeout, timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Only the caller's token cancels the wait; the linked token has already cancelled every operation.
            await StopAsync(linked, tasks).ConfigureAwait(false);
            throw;
        }

        if (waited.Pending.Count > 0)
        {
            await StopAsync(linked, tasks).ConfigureAwait(false);
        }

        ObserveAll(tasks);
        return waited;
    }

    /// <summary>Cancels the operations' token and waits until every operation has exited.</summary>
    private static async Task StopAsync(CancellationTokenSource operationsToken, Task[] tasks)
    {
        AggregateException? callbackErrors = null;
        try
        {
            operationsToken.Cancel();
        }
        catch (AggregateException ex)
        {
            callbackErrors = ex;
        }

        await AllSettledSignal.WhenAllSettled(tasks).ConfigureAwait(false);
        ObserveAll(tasks);
        if (callbackErrors is not null)
        {
            // A callback an operation registered on its token threw while being cancelled.
            throw callbackErrors;
        }
    }

    private static void ObserveAll(Task[] tasks)
    {
        foreach (var task in tasks)
        {
            TaskFailures.Observe(task);
        }
    }
}
