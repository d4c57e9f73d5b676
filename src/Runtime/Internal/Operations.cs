namespace AsyncGuide;

/// <summary>Starts caller-supplied operations so that a synchronous throw or a null task becomes that child's failure.</summary>
internal static class Operations
{
    internal static Task<T> Start<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return operation(cancellationToken) ?? Task.FromException<T>(NullTask());
        }
        catch (OperationCanceledException ex)
        {
            var canceled = new TaskCompletionSource<T>();
            canceled.TrySetCanceled(ex.CancellationToken);
            return canceled.Task;
        }
        catch (Exception ex)
        {
            return Task.FromException<T>(ex);
        }
    }

    internal static Task Start(Func<CancellationToken, Task> operation, CancellationToken cancellationToken)
    {
        try
        {
            return operation(cancellationToken) ?? Task.FromException(NullTask());
        }
        catch (OperationCanceledException ex)
        {
            var canceled = new TaskCompletionSource<bool>();
            canceled.TrySetCanceled(ex.CancellationToken);
            return canceled.Task;
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    /// <summary>
    /// The source whose token the operations get, linked to <paramref name="cancellationToken"/>; null when that
    /// is already cancelled, and then nothing is started.
    /// </summary>
    internal static CancellationTokenSource? Link(CancellationToken cancellationToken)
        => cancellationToken.IsCancellationRequested ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

    internal static T[] ResultsOf<T>(Task<T>[] tasks)
    {
        var results = new T[tasks.Length];
        for (var i = 0; i < tasks.Length; i++)
        {
            results[i] = tasks[i].Result;
        }

        return results;
    }

    private static InvalidOperationException NullTask() => new("The operation returned null instead of a task.");
}
