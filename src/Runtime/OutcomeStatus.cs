namespace AsyncGuide;

/// <summary>How a task ended.</summary>
public enum OutcomeStatus
{
    /// <summary>The task ran to completion.</summary>
    Succeeded = 0,

    /// <summary>The task faulted; <see cref="Outcome{T}.Exception"/> holds its exception.</summary>
    Faulted = 1,

    /// <summary>The task was cancelled; <see cref="Outcome{T}.Exception"/> holds the <see cref="System.OperationCanceledException"/>.</summary>
    Canceled = 2,
}
