namespace AsyncGuide;

/// <summary>The factory form of <c>Gather</c> over a collection of operations.</summary>
internal sealed class OperationGroupPromise<TTask, TResult> : OperationGroup<TResult>
    where TTask : Task
{
    private readonly TTask[] _children;
    private readonly Func<TTask[], TResult> _buildResult;

    internal OperationGroupPromise(
        TTask[] children,
        CancellationTokenSource siblings,
        CancellationToken callerToken,
        Func<TTask[], TResult> buildResult)
        : base(siblings, callerToken)
    {
        _children = children;
        _buildResult = buildResult;
        foreach (var child in children)
        {
            Track(child);
        }

        EndTracking();
    }

    protected override int Count => _children.Length;

    protected override Task ChildAt(int index) => _children[index];

    protected override TResult BuildResult() => _buildResult(_children);
}
