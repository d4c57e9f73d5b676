namespace AsyncGuide.Analyzers;

/// <summary>What one reference to a <c>TaskScope</c> local does with the scope.</summary>
internal enum ScopeUse
{
    /// <summary>Anything else: passed, returned, stored, reassigned… The scope escapes; AG0005 stays silent.</summary>
    Escape,

    /// <summary><c>scope.Run(...)</c> whose task is not awaited where it stands: a child may still be running.</summary>
    Run,

    /// <summary><c>await scope.Run(...)</c>: that child has finished.</summary>
    AwaitedRun,

    /// <summary><c>await scope.JoinAsync()</c> (optionally configured), or a blocking <c>Wait()</c>/<c>GetResult()</c> on it.</summary>
    Join,

    /// <summary><c>scope.Token</c>: harmless.</summary>
    Token,

    /// <summary>The resource of <c>await using (scope)</c> or <c>await using (scope.ConfigureAwait(…))</c>.</summary>
    UsingResource,

    /// <summary><c>await scope.DisposeAsync()</c>, optionally configured.</summary>
    Dispose,
}
