namespace AsyncGuide;

/// <summary>
/// A fixed number of tasks held inline, in input order: <c>TaskRow&lt;TaskRow&lt;TaskRow&gt;&gt;</c> is three
/// tasks. A promise that keeps its tasks in a row field has exactly one reference per task and no array,
/// as if it declared a field per task, while one base class serves every arity.
/// </summary>
internal interface ITaskRow
{
    int Count { get; }

    /// <summary>The task at <paramref name="index"/>, from 0 to <see cref="Count"/> - 1 (not checked).</summary>
    Task At(int index);
}

/// <summary>The last task of a row.</summary>
internal readonly struct TaskRow : ITaskRow
{
    private readonly Task _task;

    internal TaskRow(Task task) => _task = task;

    public int Count => 1;

    public Task At(int index) => _task;
}

/// <summary>A task followed by the rest of the row.</summary>
internal readonly struct TaskRow<TRest> : ITaskRow
    where TRest : struct, ITaskRow
{
    private readonly Task _task;
    private readonly TRest _rest;

    internal TaskRow(Task task, TRest rest)
    {
        _task = task;
        _rest = rest;
    }

    public int Count => 1 + _rest.Count;

    public Task At(int index) => index == 0 ? _task : _rest.At(index - 1);
}
