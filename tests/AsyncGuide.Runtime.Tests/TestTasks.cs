using System;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuide.Runtime.Tests;

/// <summary>Deterministic building blocks: tasks the test completes by hand, and children that run until cancelled.</summary>
internal static class TestTasks
{
    internal static TaskCompletionSource<T> Pending<T>() => new();

    internal static TaskCompletionSource Pending() => new();

    internal static Task<T> Faulted<T>(Exception exception) => Task.FromException<T>(exception);

    internal static Task<T> Canceled<T>() => Task.FromCanceled<T>(new CancellationToken(canceled: true));

    /// <summary>A child that never finishes on its own and ends cancelled when its token is.</summary>
    internal static async Task<T> UntilCanceled<T>(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>Marks a task's exception observed, so deliberately failed tasks never pollute the unobserved-exception checks.</summary>
    internal static void Observe(this Task task) => _ = task.Exception;
}

internal sealed class TestException : Exception
{
    public TestException(string message)
        : base(message)
    {
    }
}

/// <summary>Asserts that a combinator rejects its arguments synchronously, before returning a task.</summary>
internal static class Eager
{
    internal static TException Throws<TException>(Func<object> call)
        where TException : Exception => Assert.Throws<TException>(() => { _ = call(); });
}

internal static class CompletedTaskExtensions
{
    /// <summary>The result of a task the test expects to have completed synchronously; fails the test otherwise.</summary>
    internal static T ResultNow<T>(this Task<T> task)
    {
        Assert.True(task.IsCompletedSuccessfully, $"Expected a completed task, got {task.Status}.");
        return task.Result;
    }
}
