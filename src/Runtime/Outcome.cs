using System;

namespace AsyncGuide;

// CONTRACT STUB (issue #2).
public readonly struct Outcome<T>
{
    public OutcomeStatus Status => throw new NotImplementedException();
    public T Value => throw new NotImplementedException();
    public Exception? Exception => throw new NotImplementedException();
    public bool IsSuccess => Status == OutcomeStatus.Succeeded;
    public T GetValueOrThrow() => throw new NotImplementedException();
}

public readonly struct Outcome
{
    public OutcomeStatus Status => throw new NotImplementedException();
    public Exception? Exception => throw new NotImplementedException();
    public bool IsSuccess => Status == OutcomeStatus.Succeeded;
    public void ThrowIfFailed() => throw new NotImplementedException();
}
