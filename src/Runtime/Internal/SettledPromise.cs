namespace AsyncGuide;

/// <summary>Completes with every task's outcome once all have completed; never faults for a task's failure.</summary>
internal sealed class SettledPromise<T> : CompletionCountdown<Outcome<T>[]>
{
    private readonly Task<T>[] _tasks;

    internal SettledPromise(Task<T>[] tasks)
    {
        _tasks = tasks;
        foreach (var task in tasks)
        {
            Track(task);
        }

        EndTracking();
    }

    internal static Outcome<T>[] OutcomesOf(Task<T>[] tasks)
    {
        var outcomes = new Outcome<T>[tasks.Length];
        for (var i = 0; i < tasks.Length; i++)
        {
            outcomes[i] = Outcome<T>.FromTask(tasks[i]);
        }

        return outcomes;
    }

    protected override void OnAllCompleted() => TrySetResult(OutcomesOf(_tasks));
}

/// <summary>The non-generic <see cref="SettledPromise{T}"/>.</summary>
internal sealed class SettledPromise : CompletionCountdown<Outcome[]>
{
    private readonly Task[] _tasks;

    internal SettledPromise(Task[] tasks)
    {
        _tasks = tasks;
        foreach (var task in tasks)
        {
            Track(task);
        }

        EndTracking();
    }

    internal static Outcome[] OutcomesOf(Task[] tasks)
    {
        var outcomes = new Outcome[tasks.Length];
        for (var i = 0; i < tasks.Length; i++)
        {
            outcomes[i] = Outcome.FromTask(tasks[i]);
        }

        return outcomes;
    }

    protected override void OnAllCompleted() => TrySetResult(OutcomesOf(_tasks));
}

/// <summary>Completes when every task has completed, whatever their outcomes; observes nothing itself.</summary>
internal sealed class AllSettledSignal : CompletionCountdown<bool>
{
    private AllSettledSignal(Task[] tasks)
    {
        foreach (var task in tasks)
        {
            Track(task);
        }

        EndTracking();
    }

    internal static Task WhenAllSettled(Task[] tasks) => new AllSettledSignal(tasks).Task;

    protected override void OnAllCompleted() => TrySetResult(true);
}
