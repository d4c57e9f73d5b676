namespace AsyncGuide.Analyzers;

/// <summary>
/// The timers of durable orchestrations, recognised by the declaring type's full name: <c>CreateTimer</c> of
/// DurableTask.Core's <c>OrchestrationContext</c>, Microsoft.DurableTask's <c>TaskOrchestrationContext</c> and the Azure
/// Functions extension's <c>IDurableOrchestrationContext</c>. Like <c>Task.Delay</c>, such a timer only fires or is
/// cancelled: racing it is a timed wait, and it holds no failure to lose (seen in durabletask's orchestrations).
/// </summary>
internal static class DurableTimers
{
    public static bool IsDurableTimer(IOperation? operation)
    {
        if (operation is not IInvocationOperation { TargetMethod: { Name: "CreateTimer" } method })
        {
            return false;
        }

        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            if (IsOrchestrationContext(type))
            {
                return true;
            }
        }

        foreach (var implemented in method.ContainingType?.AllInterfaces ?? ImmutableArray<INamedTypeSymbol>.Empty)
        {
            if (IsOrchestrationContext(implemented))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsOrchestrationContext(INamedTypeSymbol type) =>
        (type.Name, type.ContainingNamespace?.ToDisplayString()) is
            ("OrchestrationContext", "DurableTask.Core") or
            ("TaskOrchestrationContext", "Microsoft.DurableTask") or
            ("IDurableOrchestrationContext", "Microsoft.Azure.WebJobs.Extensions.DurableTask");
}
