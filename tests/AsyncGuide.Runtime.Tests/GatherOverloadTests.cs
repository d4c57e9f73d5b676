using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncGuide.Runtime.Tests;

/// <summary>
/// Which overload of <c>Async.Gather</c> the common call shapes bind to, read from the static type of the
/// call (a wrong binding changes it, or does not compile).
/// </summary>
public class GatherOverloadTests
{
    private static readonly Task<int> Number = Task.FromResult(1);
    private static readonly Task<string> Text = Task.FromResult("a");

    [Fact]
    public void Lambdas_returning_tasks_with_results_bind_to_the_typed_factory_form()
    {
        var tokens = new List<CancellationToken>();
        Task<int> NumberAsync(CancellationToken ct)
        {
            tokens.Add(ct);
            return Number;
        }

        Assert.Equal(typeof(Task<(int, string)>), StaticType(Async.Gather(ct => NumberAsync(ct), _ => Text)));
        Assert.Equal(typeof(Task<(int, string)>), StaticType(Async.Gather(NumberAsync, _ => Text, CancellationToken.None)));
        Assert.Equal(typeof(Task<(int, int)>), StaticType(Async.Gather(async ct => await NumberAsync(ct), NumberAsync)));
        Assert.Equal(
            typeof(Task<(int, int, int, int, int, int, int)>),
            StaticType(Async.Gather(NumberAsync, NumberAsync, NumberAsync, NumberAsync, NumberAsync, NumberAsync, NumberAsync)));

        // Only the factory forms hand the operations a token they can cancel.
        Assert.All(tokens, token => Assert.True(token.CanBeCanceled));
    }

    [Fact]
    public void Tasks_bind_to_the_task_forms_as_before()
    {
        Assert.Equal(typeof(Task<(int, string)>), StaticType(Async.Gather(Number, Text)));
        Assert.Equal(typeof(Task<(int, int)>), StaticType(Async.Gather(Number, Number)));
        Assert.Equal(typeof(Task<int[]>), StaticType(Async.Gather(Number, Number, Number, Number, Number, Number, Number, Number)));
        Assert.Equal(typeof(Task<int[]>), StaticType(Async.Gather(new[] { Number, Number })));
        Assert.Equal(typeof(Task<int[]>), StaticType(Async.Gather(new List<Task<int>> { Number })));
        Assert.Equal(typeof(Task), StaticType(Async.Gather(Task.CompletedTask, Task.CompletedTask)));
        Assert.Equal(typeof(Task), StaticType(Async.Gather(Task.CompletedTask, Number)));
        Assert.Equal(typeof(Task), StaticType(Async.Gather(new List<Task> { Task.CompletedTask })));
    }

    [Fact]
    public void Collections_of_operations_bind_to_the_array_factory_form_as_before()
    {
        Func<CancellationToken, Task<int>> op = _ => Number;
        Func<CancellationToken, Task> plain = _ => Task.CompletedTask;

        Assert.Equal(typeof(Task<int[]>), StaticType(Async.Gather(new[] { op, op })));
        Assert.Equal(typeof(Task<int[]>), StaticType(Async.Gather(new[] { op, op }, CancellationToken.None)));
        Assert.Equal(typeof(Task<int[]>), StaticType(Async.Gather(new List<Func<CancellationToken, Task<int>>> { op })));
        Assert.Equal(typeof(Task), StaticType(Async.Gather(new[] { plain }, CancellationToken.None)));
    }

    private static Type StaticType<T>(T value)
    {
        (value as Task)?.Observe();
        return typeof(T);
    }
}
