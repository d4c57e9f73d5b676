using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace AsyncGuide;

// CONTRACT STUB (issue #2).
public sealed class WaitResult<TTask>
    where TTask : Task
{
    public IReadOnlyList<TTask> Done => throw new NotImplementedException();
    public IReadOnlyList<TTask> Pending => throw new NotImplementedException();
    public bool TimedOut => throw new NotImplementedException();
    public void Deconstruct(out IReadOnlyList<TTask> done, out IReadOnlyList<TTask> pending) => throw new NotImplementedException();
}
