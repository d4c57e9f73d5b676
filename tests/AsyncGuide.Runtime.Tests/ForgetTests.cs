using System;
using System.Threading.Tasks;

namespace AsyncGuide.Runtime.Tests;

public class ForgetTests
{
    [Fact]
    public void A_pending_task_that_faults_later_reports_its_own_exception_once()
    {
        var pending = TestTasks.Pending();
        var reported = new System.Collections.Generic.List<Exception>();
        Async.Forget(pending.Task, reported.Add);
        Assert.Empty(reported);

        var failure = new TestException("late");
        pending.SetException(failure);

        // ExecuteSynchronously: the continuation has run by the time SetException returns.
        Assert.Same(failure, Assert.Single(reported));
    }

    [Fact]
    public void An_already_faulted_task_reports_at_once_and_several_failures_come_as_the_aggregate()
    {
        Exception? single = null;
        Async.Forget(TestTasks.Faulted<int>(new TestException("now")), ex => single = ex);
        Assert.IsType<TestException>(single);

        var pending = TestTasks.Pending<int>();
        Exception? several = null;
        Async.Forget(pending.Task, ex => several = ex);
        pending.SetException(new[] { new TestException("a"), new TestException("b") });
        Assert.Equal(2, Assert.IsType<AggregateException>(several).InnerExceptions.Count);
    }

    [Fact]
    public void Success_and_cancellation_are_not_reported_and_null_only_observes()
    {
        var reported = 0;
        Async.Forget(Task.CompletedTask, _ => reported++);
        Async.Forget(Task.FromCanceled(new System.Threading.CancellationToken(true)), _ => reported++);
        var pending = TestTasks.Pending();
        Async.Forget(pending.Task, _ => reported++);
        pending.SetCanceled();
        Assert.Equal(0, reported);

        var faulted = TestTasks.Pending();
        Async.Forget(faulted.Task);
        faulted.SetException(new TestException("observed"));
        Assert.NotNull(faulted.Task.Exception);
        Assert.Throws<ArgumentNullException>(() => Async.Forget(null!));
    }
}
