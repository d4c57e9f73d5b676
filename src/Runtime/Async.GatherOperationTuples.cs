namespace AsyncGuide;

// Typed tuple forms of the factory Gather, two to seven operations (one shape per arity).
// The arguments are joined with the non-short-circuit `&`: every one is checked for null, in order, first.
public static partial class Async
{
    /// <summary>
    /// Starts two operations with one shared token and returns their results as a tuple; the first failure
    /// cancels the others (asyncio <c>TaskGroup</c>, or a <c>gather</c> that cancels on failure, with typed results).
    /// </summary>
    /// <typeparam name="T1">The result type of <paramref name="operation1"/>.</typeparam>
    /// <typeparam name="T2">The result type of <paramref name="operation2"/>.</typeparam>
    /// <param name="operation1">Operation number 1, started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="operation2">Operation number 2, started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels every operation; when it is already cancelled, nothing starts.</param>
    /// <returns>
    /// A task with the results. On failure (an operation faults, throws synchronously, returns null, or
    /// cancels on its own) the others' token is cancelled and every operation is awaited; the task then
    /// throws that first failure (first in time) and its <see cref="Task.Exception"/> holds every fault, all
    /// observed. On cancellation by <paramref name="cancellationToken"/> with nothing faulted, the task is
    /// cancelled with that token. No timeout of its own: pass a token that times out, or wrap the call in
    /// <see cref="WaitFor{T}(Func{CancellationToken, Task{T}}, TimeSpan, CancellationToken)"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException">An operation is null.</exception>
    /// <remarks>
    /// Each lambda must return a <see cref="Task{TResult}"/>: one returning a plain <see cref="Task"/> has no
    /// result to put in the tuple (start those with the array form,
    /// <see cref="Gather(System.Collections.Generic.IEnumerable{Func{CancellationToken, Task}}, CancellationToken)"/>,
    /// or a <see cref="TaskScope"/>). Tasks instead of lambdas bind to
    /// <see cref="Gather{T1, T2}(Task{T1}, Task{T2})"/>, which cannot cancel anything.
    /// </remarks>
    /// <example><code>
    /// var (user, orders) = await Async.Gather(ct => GetUserAsync(id, ct), ct => GetOrdersAsync(id, ct), cancellationToken);
    /// </code></example>
    public static Task<(T1, T2)> Gather<T1, T2>(
        Func<CancellationToken, Task<T1>> operation1, Func<CancellationToken, Task<T2>> operation2, CancellationToken cancellationToken = default)
        => TaskLists.Checked(operation1, nameof(operation1)) & TaskLists.Checked(operation2, nameof(operation2))
            && Operations.Link(cancellationToken) is { } siblings
            ? new OperationGatherPromise<T1, T2>(Operations.Start(operation1, siblings.Token), Operations.Start(operation2, siblings.Token), siblings,
                cancellationToken).Task
            : Task.FromCanceled<(T1, T2)>(cancellationToken);

    /// <summary>
    /// Starts three operations with one shared token and returns their results as a tuple; the first failure
    /// cancels the others (asyncio <c>TaskGroup</c>, or a <c>gather</c> that cancels on failure, with typed results).
    /// </summary>
    /// <typeparam name="T1">The result type of <paramref name="operation1"/>.</typeparam>
    /// <typeparam name="T2">The result type of <paramref name="operation2"/>.</typeparam>
    /// <typeparam name="T3">The result type of <paramref name="operation3"/>.</typeparam>
    /// <param name="operation1">Operation number 1, started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="operation2">Operation number 2, started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="operation3">Operation number 3, started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels every operation; when it is already cancelled, nothing starts.</param>
    /// <returns>
    /// A task with the results; failures and cancellation as in
    /// <see cref="Gather{T1, T2}(Func{CancellationToken, Task{T1}}, Func{CancellationToken, Task{T2}}, CancellationToken)"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException">An operation is null.</exception>
    public static Task<(T1, T2, T3)> Gather<T1, T2, T3>(
        Func<CancellationToken, Task<T1>> operation1, Func<CancellationToken, Task<T2>> operation2, Func<CancellationToken, Task<T3>> operation3,
        CancellationToken cancellationToken = default)
        => TaskLists.Checked(operation1, nameof(operation1)) & TaskLists.Checked(operation2, nameof(operation2))
            & TaskLists.Checked(operation3, nameof(operation3))
            && Operations.Link(cancellationToken) is { } siblings
            ? new OperationGatherPromise<T1, T2, T3>(Operations.Start(operation1, siblings.Token), Operations.Start(operation2, siblings.Token),
                Operations.Start(operation3, siblings.Token), siblings, cancellationToken).Task
            : Task.FromCanceled<(T1, T2, T3)>(cancellationToken);

    /// <summary>
    /// Starts four operations with one shared token and returns their results as a tuple; the first failure
    /// cancels the others (asyncio <c>TaskGroup</c>, or a <c>gather</c> that cancels on failure, with typed results).
    /// </summary>
    /// <typeparam name="T1">The result type of <paramref name="operation1"/>.</typeparam>
    /// <typeparam name="T2">The result type of <paramref name="operation2"/>.</typeparam>
    /// <typeparam name="T3">The result type of <paramref name="operation3"/>.</typeparam>
    /// <typeparam name="T4">The result type of <paramref name="operation4"/>.</typeparam>
    /// <param name="operation1">Operation number 1, started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="operation2">Operation number 2, started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="operation3">Operation number 3, started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="operation4">Operation number 4, started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels every operation; when it is already cancelled, nothing starts.</param>
    /// <returns>
    /// A task with the results; failures and cancellation as in
    /// <see cref="Gather{T1, T2}(Func{CancellationToken, Task{T1}}, Func{CancellationToken, Task{T2}}, CancellationToken)"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException">An operation is null.</exception>
    public static Task<(T1, T2, T3, T4)> Gather<T1, T2, T3, T4>(
        Func<CancellationToken, Task<T1>> operation1, Func<CancellationToken, Task<T2>> operation2, Func<CancellationToken, Task<T3>> operation3,
        Func<CancellationToken, Task<T4>> operation4, CancellationToken cancellationToken = default)
        => TaskLists.Checked(operation1, nameof(operation1)) & TaskLists.Checked(operation2, nameof(operation2))
            & TaskLists.Checked(operation3, nameof(operation3)) & TaskLists.Checked(operation4, nameof(operation4))
            && Operations.Link(cancellationToken) is { } siblings
            ? new OperationGatherPromise<T1, T2, T3, T4>(Operations.Start(operation1, siblings.Token), Operations.Start(operation2, siblings.Token),
                Operations.Start(operation3, siblings.Token), Operations.Start(operation4, siblings.Token), siblings, cancellationToken).Task
            : Task.FromCanceled<(T1, T2, T3, T4)>(cancellationToken);

    /// <summary>
    /// Starts five operations with one shared token and returns their results as a tuple; the first failure
    /// cancels the others (asyncio <c>TaskGroup</c>, or a <c>gather</c> that cancels on failure, with typed results).
    /// </summary>
    /// <typeparam name="T1">The result type of <paramref name="operation1"/>.</typeparam>
    /// <typeparam name="T2">The result type of <paramref name="operation2"/>.</typeparam>
    /// <typeparam name="T3">The result type of <paramref name="operation3"/>.</typeparam>
    /// <typeparam name="T4">The result type of <paramref name="operation4"/>.</typeparam>
    /// <typeparam name="T5">The result type of <paramref name="operation5"/>.</typeparam>
    /// <param name="operation1">Operation number 1, started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="operation2">Operation number 2, started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="operation3">Operation number 3, started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="operation4">Operation number 4, started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="operation5">Operation number 5, started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels every operation; when it is already cancelled, nothing starts.</param>
    /// <returns>
    /// A task with the results; failures and cancellation as in
    /// <see cref="Gather{T1, T2}(Func{CancellationToken, Task{T1}}, Func{CancellationToken, Task{T2}}, CancellationToken)"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException">An operation is null.</exception>
    public static Task<(T1, T2, T3, T4, T5)> Gather<T1, T2, T3, T4, T5>(
        Func<CancellationToken, Task<T1>> operation1, Func<CancellationToken, Task<T2>> operation2, Func<CancellationToken, Task<T3>> operation3,
        Func<CancellationToken, Task<T4>> operation4, Func<CancellationToken, Task<T5>> operation5, CancellationToken cancellationToken = default)
        => TaskLists.Checked(operation1, nameof(operation1)) & TaskLists.Checked(operation2, nameof(operation2))
            & TaskLists.Checked(operation3, nameof(operation3)) & TaskLists.Checked(operation4, nameof(operation4))
            & TaskLists.Checked(operation5, nameof(operation5))
            && Operations.Link(cancellationToken) is { } siblings
            ? new OperationGatherPromise<T1, T2, T3, T4, T5>(Operations.Start(operation1, siblings.Token),
                Operations.Start(operation2, siblings.Token), Operations.Start(operation3, siblings.Token),
                Operations.Start(operation4, siblings.Token), Operations.Start(operation5, siblings.Token), siblings, cancellationToken).Task
            : Task.FromCanceled<(T1, T2, T3, T4, T5)>(cancellationToken);

    /// <summary>
    /// Starts six operations with one shared token and returns their results as a tuple; the first failure
    /// cancels the others (asyncio <c>TaskGroup</c>, or a <c>gather</c> that cancels on failure, with typed results).
    /// </summary>
    /// <typeparam name="T1">The result type of <paramref name="operation1"/>.</typeparam>
    /// <typeparam name="T2">The result type of <paramref name="operation2"/>.</typeparam>
    /// <typeparam name="T3">The result type of <paramref name="operation3"/>.</typeparam>
    /// <typeparam name="T4">The result type of <paramref name="operation4"/>.</typeparam>
    /// <typeparam name="T5">The result type of <paramref name="operation5"/>.</typeparam>
    /// <typeparam name="T6">The result type of <paramref name="operation6"/>.</typeparam>
    /// <param name="operation1">Operation number 1, started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="operation2">Operation number 2, started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="operation3">Operation number 3, started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="operation4">Operation number 4, started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="operation5">Operation number 5, started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="operation6">Operation number 6, started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels every operation; when it is already cancelled, nothing starts.</param>
    /// <returns>
    /// A task with the results; failures and cancellation as in
    /// <see cref="Gather{T1, T2}(Func{CancellationToken, Task{T1}}, Func{CancellationToken, Task{T2}}, CancellationToken)"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException">An operation is null.</exception>
    public static Task<(T1, T2, T3, T4, T5, T6)> Gather<T1, T2, T3, T4, T5, T6>(
        Func<CancellationToken, Task<T1>> operation1, Func<CancellationToken, Task<T2>> operation2, Func<CancellationToken, Task<T3>> operation3,
        Func<CancellationToken, Task<T4>> operation4, Func<CancellationToken, Task<T5>> operation5, Func<CancellationToken, Task<T6>> operation6,
        CancellationToken cancellationToken = default)
        => TaskLists.Checked(operation1, nameof(operation1)) & TaskLists.Checked(operation2, nameof(operation2))
            & TaskLists.Checked(operation3, nameof(operation3)) & TaskLists.Checked(operation4, nameof(operation4))
            & TaskLists.Checked(operation5, nameof(operation5)) & TaskLists.Checked(operation6, nameof(operation6))
            && Operations.Link(cancellationToken) is { } siblings
            ? new OperationGatherPromise<T1, T2, T3, T4, T5, T6>(Operations.Start(operation1, siblings.Token),
                Operations.Start(operation2, siblings.Token), Operations.Start(operation3, siblings.Token),
                Operations.Start(operation4, siblings.Token), Operations.Start(operation5, siblings.Token),
                Operations.Start(operation6, siblings.Token), siblings, cancellationToken).Task
            : Task.FromCanceled<(T1, T2, T3, T4, T5, T6)>(cancellationToken);

    /// <summary>
    /// Starts seven operations with one shared token and returns their results as a tuple; the first failure
    /// cancels the others (asyncio <c>TaskGroup</c>, or a <c>gather</c> that cancels on failure, with typed results).
    /// </summary>
    /// <typeparam name="T1">The result type of <paramref name="operation1"/>.</typeparam>
    /// <typeparam name="T2">The result type of <paramref name="operation2"/>.</typeparam>
    /// <typeparam name="T3">The result type of <paramref name="operation3"/>.</typeparam>
    /// <typeparam name="T4">The result type of <paramref name="operation4"/>.</typeparam>
    /// <typeparam name="T5">The result type of <paramref name="operation5"/>.</typeparam>
    /// <typeparam name="T6">The result type of <paramref name="operation6"/>.</typeparam>
    /// <typeparam name="T7">The result type of <paramref name="operation7"/>.</typeparam>
    /// <param name="operation1">Operation number 1, started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="operation2">Operation number 2, started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="operation3">Operation number 3, started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="operation4">Operation number 4, started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="operation5">Operation number 5, started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="operation6">Operation number 6, started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="operation7">Operation number 7, started at once with a token linked to <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels every operation; when it is already cancelled, nothing starts.</param>
    /// <returns>
    /// A task with the results; failures and cancellation as in
    /// <see cref="Gather{T1, T2}(Func{CancellationToken, Task{T1}}, Func{CancellationToken, Task{T2}}, CancellationToken)"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException">An operation is null.</exception>
    public static Task<(T1, T2, T3, T4, T5, T6, T7)> Gather<T1, T2, T3, T4, T5, T6, T7>(
        Func<CancellationToken, Task<T1>> operation1, Func<CancellationToken, Task<T2>> operation2, Func<CancellationToken, Task<T3>> operation3,
        Func<CancellationToken, Task<T4>> operation4, Func<CancellationToken, Task<T5>> operation5, Func<CancellationToken, Task<T6>> operation6,
        Func<CancellationToken, Task<T7>> operation7, CancellationToken cancellationToken = default)
        => TaskLists.Checked(operation1, nameof(operation1)) & TaskLists.Checked(operation2, nameof(operation2))
            & TaskLists.Checked(operation3, nameof(operation3)) & TaskLists.Checked(operation4, nameof(operation4))
            & TaskLists.Checked(operation5, nameof(operation5)) & TaskLists.Checked(operation6, nameof(operation6))
            & TaskLists.Checked(operation7, nameof(operation7))
            && Operations.Link(cancellationToken) is { } siblings
            ? new OperationGatherPromise<T1, T2, T3, T4, T5, T6, T7>(Operations.Start(operation1, siblings.Token),
                Operations.Start(operation2, siblings.Token), Operations.Start(operation3, siblings.Token),
                Operations.Start(operation4, siblings.Token), Operations.Start(operation5, siblings.Token),
                Operations.Start(operation6, siblings.Token), Operations.Start(operation7, siblings.Token), siblings, cancellationToken).Task
            : Task.FromCanceled<(T1, T2, T3, T4, T5, T6, T7)>(cancellationToken);
}
