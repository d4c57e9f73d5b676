using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuide.Analyzers;

/// <summary>
/// Waits for a signal or a tick that start no work and end only when signalled or cancelled, recognised by the
/// library type that declares them: <c>SemaphoreSlim.WaitAsync</c>, <c>PeriodicTimer.WaitForNextTickAsync</c>, and the
/// async events of Microsoft.VisualStudio.Threading, Nito.AsyncEx and DotNext.Threading (<c>AsyncManualResetEvent</c>,
/// <c>AsyncAutoResetEvent</c>, <c>AsyncCountdownEvent</c> <c>WaitAsync</c>; DotNext's <c>AsyncCounter.WaitAsync</c> too) and the
/// data waits of System.Threading.Channels
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

        if (method.Name == "WaitAsync" && type.Name == "AsyncCounter" && IsNamespace(ns, "DotNext", "Threading"))
        {
            return true;
        }

        return method.Name == "WaitAsync" &&
               type.Name is "AsyncManualResetEvent" or "AsyncAutoResetEvent" or "AsyncCountdownEvent" &&
               (IsNamespace(ns, "Microsoft", "VisualStudio", "Threading") || IsNamespace(ns, "Nito", "AsyncEx") ||
                IsNamespace(ns, "DotNext", "Threading"));
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

    /// <summary>
    /// A wait that holds no failure to lose when nobody reads it: a signal wait (<see cref="IsSignalWait"/>), or one of
    /// Nito.AsyncEx's other waits, which end only when signalled or cancelled: <c>AsyncSemaphore</c>, <c>AsyncMonitor</c> and
    /// <c>AsyncConditionVariable</c> <c>WaitAsync</c>, a wait-queue entry (<c>IAsyncWaitQueue&lt;T&gt;.Enqueue</c> and its
    /// extension), <c>DeferralManager.WaitForDeferralsAsync</c>, and <c>WaitHandleAsyncFactory.FromWaitHandle</c>. Not a race
    /// loser that nothing else waits on (AG0101 keeps its own list): a semaphore or queue entry taken later is still taken.
    /// </summary>
    public static bool HoldsNoFailure(IOperation? operation)
    {
        if (IsSignalWait(operation))
        {
            return true;
        }

        if (operation is not IInvocationOperation { TargetMethod: var method } || method.ContainingType is not { } type)
        {
            return false;
        }

        var ns = type.ContainingNamespace;
        if (IsNamespace(ns, "Nito", "AsyncEx"))
        {
            return (method.Name == "WaitAsync" && type.Name is "AsyncSemaphore" or "AsyncMonitor" or "AsyncConditionVariable") ||
                   (method.Name == "Enqueue" && type.Name is "IAsyncWaitQueue" or "AsyncWaitQueueExtensions") ||
                   (method.Name == "WaitForDeferralsAsync" && type.Name == "DeferralManager");
        }

        return method.Name == "FromWaitHandle" && type.Name == "WaitHandleAsyncFactory" && IsNamespace(ns, "Nito", "AsyncEx", "Interop");
    }

    /// <summary>
    /// A lock acquisition of Nito.AsyncEx (<c>AsyncLock.LockAsync</c>, <c>AsyncReaderWriterLock.ReaderLockAsync</c>/<c>WriterLockAsync</c>,
    /// <c>AsyncMonitor.EnterAsync</c>): it ends when the lock is granted or the wait cancelled, so it holds no failure either.
    /// </summary>
    public static bool IsLockAcquisition(IInvocationOperation invocation) =>
        invocation.TargetMethod is { ContainingType: { } type } method &&
        ((type.Name == "AsyncLock" && method.Name == "LockAsync") ||
         (type.Name == "AsyncReaderWriterLock" && method.Name is "ReaderLockAsync" or "WriterLockAsync") ||
         (type.Name == "AsyncMonitor" && method.Name == "EnterAsync")) &&
        IsNamespace(type.ContainingNamespace, "Nito", "AsyncEx");

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
