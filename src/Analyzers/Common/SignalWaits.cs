using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuide.Analyzers;

/// <summary>
/// Waits for a signal or a tick that start no work and end only when signalled or cancelled, recognised by the
/// library type that declares them: <c>SemaphoreSlim.WaitAsync</c>, <c>PeriodicTimer.WaitForNextTickAsync</c>, and the
/// async events of Microsoft.VisualStudio.Threading and Nito.AsyncEx (<c>AsyncManualResetEvent</c>,
/// <c>AsyncAutoResetEvent</c>, <c>AsyncCountdownEvent</c> <c>WaitAsync</c>), also through <c>.AsTask()</c>. Racing one is
/// "stop waiting when signalled", like racing <c>tcs.Task</c>: nothing is left running, and no failure but
/// cancellation can be lost.
/// </summary>
internal static class SignalWaits
{
    public static bool IsSignalWait(IOperation? operation)
    {
        if (operation is not IInvocationOperation invocation)
        {
            return false;
        }

        if (invocation is { TargetMethod.Name: "AsTask", Instance: IInvocationOperation inner })
        {
            invocation = inner;
        }

        var method = invocation.TargetMethod;
        if (method.ContainingType is not { } type)
        {
            return false;
        }

        var ns = type.ContainingNamespace;
        if (IsNamespace(ns, "System", "Threading"))
        {
            return (type.Name == "SemaphoreSlim" && method.Name == "WaitAsync") ||
                   (type.Name == "PeriodicTimer" && method.Name == "WaitForNextTickAsync");
        }

        return method.Name == "WaitAsync" &&
               type.Name is "AsyncManualResetEvent" or "AsyncAutoResetEvent" or "AsyncCountdownEvent" &&
               (IsNamespace(ns, "Microsoft", "VisualStudio", "Threading") || IsNamespace(ns, "Nito", "AsyncEx"));
    }

    /// <summary>True when <paramref name="ns"/> is exactly <paramref name="names"/> (outermost first).</summary>
    private static bool IsNamespace(INamespaceSymbol? ns, params string[] names)
    {
        for (var i = names.Length - 1; i >= 0; i--)
        {
            if (ns is null || ns.Name != names[i])
            {
                return false;
            }

            ns = ns.ContainingNamespace;
        }

        return ns is { IsGlobalNamespace: true };
    }
}
