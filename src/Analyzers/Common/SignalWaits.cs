using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuide.Analyzers;

/// <summary>
/// Waits for a signal or a tick that start no work and end only when signalled or cancelled, recognised by the
/// library type that declares them: <c>SemaphoreSlim.WaitAsync</c>, <c>PeriodicTimer.WaitForNextTickAsync</c>, and the
/// async events of Microsoft.VisualStudio.Threading and Nito.AsyncEx (<c>AsyncManualResetEvent</c>,
/// <c>AsyncAutoResetEvent</c>, <c>AsyncCountdownEvent</c> <c>WaitAsync</c>) and the data waits of System.Threading.Channels
/// (<c>WaitToReadAsync</c>/<c>WaitToWriteAsync</c>), also through <c>.AsTask()</c>. Racing one is
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
        if (IsChannelWait(method))
        {
            return true;
        }

        if (IsNamespace(ns, "System", "Threading"))
        {
            return (type.Name == "SemaphoreSlim" && method.Name == "WaitAsync") ||
                   (type.Name == "PeriodicTimer" && method.Name == "WaitForNextTickAsync");
        }

        return method.Name == "WaitAsync" &&
               type.Name is "AsyncManualResetEvent" or "AsyncAutoResetEvent" or "AsyncCountdownEvent" &&
               (IsNamespace(ns, "Microsoft", "VisualStudio", "Threading") || IsNamespace(ns, "Nito", "AsyncEx"));
    }

    /// <summary>
    /// <c>ChannelReader&lt;T&gt;.WaitToReadAsync</c> / <c>ChannelWriter&lt;T&gt;.WaitToWriteAsync</c> of System.Threading.Channels,
    /// or an override of them: a wait for data (or room) that reads nothing and ends with true/false, cancellation, or the
    /// channel's own completion error, which its readers see anyway.
    /// </summary>
    private static bool IsChannelWait(IMethodSymbol method)
    {
        for (var current = method; current is not null; current = current.OverriddenMethod)
        {
            if (current is { Name: "WaitToReadAsync", ContainingType.Name: "ChannelReader" } or
                           { Name: "WaitToWriteAsync", ContainingType.Name: "ChannelWriter" } &&
                IsNamespace(current.ContainingType.ContainingNamespace, "System", "Threading", "Channels"))
            {
                return true;
            }
        }

        return false;
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
