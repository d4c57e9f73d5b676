namespace AsyncGuide.Analyzers;

/// <summary>
/// Every rule id, in one place. The scheme follows the guide's troubleshooting sections:
/// AG00xx unobserved task exceptions, AG01xx pending work never cancelled,
/// AG02xx sequential awaits that could be gathered.
/// </summary>
public static class RuleIds
{
    public const string DroppedTask = "AG0001";
    public const string StoredTaskNeverObserved = "AG0002";
    public const string WhenAnyWinnerNotObserved = "AG0003";
    public const string WhenAllExceptionsLost = "AG0004";
    public const string ScopeNeverJoined = "AG0005";

    public const string WhenAnyLosersLeftRunning = "AG0101";
    public const string TimeoutByRacingDelay = "AG0102";
    public const string WaitPendingIgnored = "AG0103";
    public const string TimerLeftRunning = "AG0104";

    public const string SequentialAwaits = "AG0201";
    public const string SequentialAwaitsInLoop = "AG0202";
}
