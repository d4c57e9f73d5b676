using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

namespace AsyncGuide.Runtime.Tests;

/// <summary>
/// Every arity of the three tuple forms on the pending path (the promises, not the completed fast path):
/// each result lands in its own position, and failures are kept in argument order.
/// </summary>
public class TupleArityTests
{
    [Fact]
    public async Task Gather_puts_each_pending_result_in_its_position_at_every_arity()
    {
        var later = new Later();
        var two = Async.Gather(later.Of(1), later.Of("2"));
        var three = Async.Gather(later.Of(1), later.Of("2"), later.Of(3.0));
        var four = Async.Gather(later.Of(1), later.Of("2"), later.Of(3.0), later.Of(4L));
        var five = Async.Gather(later.Of(1), later.Of("2"), later.Of(3.0), later.Of(4L), later.Of('5'));
        var six = Async.Gather(later.Of(1), later.Of("2"), later.Of(3.0), later.Of(4L), later.Of('5'), later.Of((byte)6));
        var seven = Async.Gather(later.Of(1), later.Of("2"), later.Of(3.0), later.Of(4L), later.Of('5'), later.Of((byte)6), later.Of(7m));
        Assert.False(two.IsCompleted || three.IsCompleted || four.IsCompleted || five.IsCompleted || six.IsCompleted || seven.IsCompleted);

        later.CompleteAllInReverse();

        Assert.Equal((1, "2"), await two);
        Assert.Equal((1, "2", 3.0), await three);
        Assert.Equal((1, "2", 3.0, 4L), await four);
        Assert.Equal((1, "2", 3.0, 4L, '5'), await five);
        Assert.Equal((1, "2", 3.0, 4L, '5', (byte)6), await six);
        Assert.Equal((1, "2", 3.0, 4L, '5', (byte)6, 7m), await seven);
    }

    [Fact]
    public async Task GatherSettled_puts_each_pending_outcome_in_its_position_at_every_arity()
    {
        var later = new Later();
        var two = Async.GatherSettled(later.Of(1), later.Of("2"));
        var three = Async.GatherSettled(later.Of(1), later.Of("2"), later.Of(3.0));
        var four = Async.GatherSettled(later.Of(1), later.Of("2"), later.Of(3.0), later.Of(4L));
        var five = Async.GatherSettled(later.Of(1), later.Of("2"), later.Of(3.0), later.Of(4L), later.Of('5'));
        var six = Async.GatherSettled(later.Of(1), later.Of("2"), later.Of(3.0), later.Of(4L), later.Of('5'), later.Of((byte)6));
        var seven = Async.GatherSettled(
            later.Of(1), later.Of("2"), later.Of(3.0), later.Of(4L), later.Of('5'), later.Of((byte)6), later.Of(7m));
        Assert.False(two.IsCompleted || three.IsCompleted || four.IsCompleted || five.IsCompleted || six.IsCompleted || seven.IsCompleted);

        later.CompleteAllInReverse();

        var o2 = await two;
        Assert.Equal((1, "2"), (o2.Item1.Value, o2.Item2.Value));
        var o3 = await three;
        Assert.Equal((1, "2", 3.0), (o3.Item1.Value, o3.Item2.Value, o3.Item3.Value));
        var o4 = await four;
        Assert.Equal((1, "2", 3.0, 4L), (o4.Item1.Value, o4.Item2.Value, o4.Item3.Value, o4.Item4.Value));
        var o5 = await five;
        Assert.Equal((1, "2", 3.0, 4L, '5'), (o5.Item1.Value, o5.Item2.Value, o5.Item3.Value, o5.Item4.Value, o5.Item5.Value));
        var o6 = await six;
        Assert.Equal(
            (1, "2", 3.0, 4L, '5', (byte)6),
            (o6.Item1.Value, o6.Item2.Value, o6.Item3.Value, o6.Item4.Value, o6.Item5.Value, o6.Item6.Value));
        var o7 = await seven;
        Assert.Equal(
            (1, "2", 3.0, 4L, '5', (byte)6, 7m),
            (o7.Item1.Value, o7.Item2.Value, o7.Item3.Value, o7.Item4.Value, o7.Item5.Value, o7.Item6.Value, o7.Item7.Value));
    }

    [Fact]
    public async Task Factory_Gather_puts_each_pending_result_in_its_position_at_every_arity()
    {
        var later = new Later();
        var two = Async.Gather(_ => later.Of(1), _ => later.Of("2"));
        var three = Async.Gather(_ => later.Of(1), _ => later.Of("2"), _ => later.Of(3.0));
        var four = Async.Gather(_ => later.Of(1), _ => later.Of("2"), _ => later.Of(3.0), _ => later.Of(4L));
        var five = Async.Gather(_ => later.Of(1), _ => later.Of("2"), _ => later.Of(3.0), _ => later.Of(4L), _ => later.Of('5'));
        var six = Async.Gather(
            _ => later.Of(1), _ => later.Of("2"), _ => later.Of(3.0), _ => later.Of(4L), _ => later.Of('5'), _ => later.Of((byte)6));
        var seven = Async.Gather(
            _ => later.Of(1),
            _ => later.Of("2"),
            _ => later.Of(3.0),
            _ => later.Of(4L),
            _ => later.Of('5'),
            _ => later.Of((byte)6),
            _ => later.Of(7m));
        Assert.False(two.IsCompleted || three.IsCompleted || four.IsCompleted || five.IsCompleted || six.IsCompleted || seven.IsCompleted);

        later.CompleteAllInReverse();

        Assert.Equal((1, "2"), await two);
        Assert.Equal((1, "2", 3.0), await three);
        Assert.Equal((1, "2", 3.0, 4L), await four);
        Assert.Equal((1, "2", 3.0, 4L, '5'), await five);
        Assert.Equal((1, "2", 3.0, 4L, '5', (byte)6), await six);
        Assert.Equal((1, "2", 3.0, 4L, '5', (byte)6, 7m), await seven);
    }

    [Fact]
    public async Task Gather_keeps_every_pending_failure_in_argument_order_whatever_the_completion_order()
    {
        var failures = Enumerable.Range(1, 7).Select(_ => TestTasks.Pending<int>()).ToArray();
        var gather = Async.Gather(
            failures[0].Task, failures[1].Task, failures[2].Task, failures[3].Task, failures[4].Task, failures[5].Task, failures[6].Task);

        for (var i = failures.Length - 1; i >= 0; i--)
        {
            failures[i].SetException(new TestException((i + 1).ToString()));
        }

        var first = await Assert.ThrowsAsync<TestException>(() => gather);
        Assert.Equal("1", first.Message);
        Assert.Equal(new[] { "1", "2", "3", "4", "5", "6", "7" }, gather.Exception!.InnerExceptions.Select(e => e.Message));
    }

    /// <summary>Pending tasks that the test completes with their values, last created first.</summary>
    private sealed class Later
    {
        private readonly List<Action> _completions = new();

        internal Task<T> Of<T>(T value)
        {
            var source = TestTasks.Pending<T>();
            _completions.Add(() => source.SetResult(value));
            return source.Task;
        }

        internal void CompleteAllInReverse()
        {
            for (var i = _completions.Count - 1; i >= 0; i--)
            {
                _completions[i]();
            }
        }
    }
}
