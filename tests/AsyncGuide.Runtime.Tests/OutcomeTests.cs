using System;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuide.Runtime.Tests;

public class OutcomeTests
{
    [Fact]
    public void A_success_exposes_its_value_and_no_exception()
    {
        var outcome = Outcome<int>.FromTask(Task.FromResult(5));

        Assert.True(outcome.IsSuccess);
        Assert.Equal(5, outcome.Value);
        Assert.Equal(5, outcome.GetValueOrThrow());
        Assert.Null(outcome.Exception);
        Assert.Equal("Succeeded(5)", outcome.ToString());
    }

    [Fact]
    public void Value_of_a_failure_throws_InvalidOperationException_wrapping_the_original()
    {
        var original = new TestException("boom");
        var outcome = Outcome<int>.FromTask(Task.FromException<int>(original));

        var thrown = Assert.Throws<InvalidOperationException>(() => outcome.Value);
        Assert.Same(original, thrown.InnerException);
    }

    [Fact]
    public async Task GetValueOrThrow_rethrows_the_original_exception_with_its_stack()
    {
        var failed = ThrowingAsync();
        await Assert.ThrowsAsync<TestException>(() => failed);
        var outcome = Outcome<int>.FromTask(failed);

        var thrown = Assert.Throws<TestException>(() => outcome.GetValueOrThrow());
        Assert.Same(outcome.Exception, thrown);
        Assert.Contains(nameof(ThrowingAsync), thrown.StackTrace);

        static async Task<int> ThrowingAsync()
        {
            await Task.Yield();
            throw new TestException("deep");
        }
    }

    [Fact]
    public void A_cancelled_task_gives_a_cancellation_exception_carrying_its_token()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var outcome = Outcome<int>.FromTask(Task.FromCanceled<int>(cts.Token));

        Assert.Equal(OutcomeStatus.Canceled, outcome.Status);
        Assert.Equal(cts.Token, Assert.IsAssignableFrom<OperationCanceledException>(outcome.Exception).CancellationToken);
        Assert.ThrowsAny<OperationCanceledException>(() => outcome.GetValueOrThrow());
    }

    [Fact]
    public void A_task_with_several_exceptions_keeps_all_of_them()
    {
        var faulted = Task.WhenAll(Task.FromException(new TestException("a")), Task.FromException(new TestException("b")));
        var outcome = Outcome.FromTask(faulted);

        Assert.Equal(2, Assert.IsType<AggregateException>(outcome.Exception).InnerExceptions.Count);
        Assert.Throws<AggregateException>(() => outcome.ThrowIfFailed());
    }

    [Fact]
    public void Factories_and_the_non_generic_view_agree()
    {
        Assert.Equal(OutcomeStatus.Canceled, Outcome<int>.Failure(new OperationCanceledException()).Status);
        Assert.Equal(OutcomeStatus.Faulted, Outcome<int>.Failure(new TestException("x")).Status);
        Outcome view = Outcome<int>.Success(3);
        Assert.True(view.IsSuccess);
        view.ThrowIfFailed();
        Assert.Throws<ArgumentNullException>(() => Outcome<int>.Failure(null!));
        Assert.Throws<ArgumentNullException>(() => Outcome<int>.FromTask(null!));
        Assert.Throws<ArgumentNullException>(() => Outcome.FromTask(null!));
        Assert.Equal("task", Assert.Throws<ArgumentException>(() => Outcome<int>.FromTask(new TaskCompletionSource<int>().Task)).ParamName);
        Assert.Equal("task", Assert.Throws<ArgumentException>(() => Outcome.FromTask(new TaskCompletionSource().Task)).ParamName);
    }
}
