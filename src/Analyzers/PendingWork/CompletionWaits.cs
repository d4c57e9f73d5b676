namespace AsyncGuide.Analyzers;

/// <summary>
/// Waits for a component's own work to finish, recognised by the library type that declares them:
/// <c>WaitForCompletionAsync()</c> of the blocks of <c>JasperFx.Blocks</c> (<c>IBlock&lt;T&gt;</c>, <c>Block&lt;T&gt;</c>,
/// <c>BatchingBlock&lt;T&gt;</c>, …), the method form of a dataflow block's <c>Completion</c> property. The call starts
/// nothing and takes no token: the work it waits for is the block's, so bounding the wait by a timer ("drain for at
/// most <c>DrainTimeout</c>") leaves nothing of this method's running that it could cancel. Like a raced
/// <c>block.Completion</c> or field task, only the timer is left (AG0104). Its failures still count for AG0003.
/// </summary>
internal static class CompletionWaits
{
    public static bool IsCompletionWait(IOperation? operation) =>
        operation is IInvocationOperation
        {
            Instance: not null,
            TargetMethod: { Name: "WaitForCompletionAsync", Parameters.Length: 0, ContainingType.ContainingNamespace: { } ns },
        } &&
        ns.Name == "Blocks" && ns.ContainingNamespace is { Name: "JasperFx", ContainingNamespace.IsGlobalNamespace: true };
}
