using System;
using System.Threading;

namespace AsyncGuide.Analyzers;

/// <summary>
/// Facts about the operation tree (a method body, an initializer…) being analyzed, built on first
/// demand and reused by the next callbacks in the same tree. The driver runs one analyzer's
/// operation actions for a tree together on one thread, so the last tree seen on each thread is
/// the whole cache: no lock, no table that grows with the compilation. A miss only rebuilds.
/// One instance per analyzer per compilation.
/// </summary>
internal sealed class OperationTreeCache<T>
    where T : class
{
    private readonly Func<IOperation, T> _build;
    private readonly ThreadLocal<Entry?> _last = new();

    public OperationTreeCache(Func<IOperation, T> build) => _build = build;

    /// <summary>The facts of the tree holding <paramref name="operation"/>.</summary>
    public T For(IOperation operation)
    {
        var root = operation;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        var last = _last.Value;
        if (last is not null && ReferenceEquals(last.Root, root))
        {
            return last.Facts;
        }

        var facts = _build(root);
        _last.Value = new Entry(root, facts);
        return facts;
    }

    private sealed class Entry
    {
        public Entry(IOperation root, T facts)
        {
            Root = root;
            Facts = facts;
        }

        public IOperation Root { get; }

        public T Facts { get; }
    }
}
