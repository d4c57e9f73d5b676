namespace AsyncGuide.Analyzers;

/// <summary>
/// Raced work that completes at once, waiting on nothing: an async method of the compilation whose body is only trivial awaits
/// and plain stores (<see cref="CalleeFaultFacts.IsTrivialAsyncMethod"/>), <c>Task.Run(() =&gt; 1)</c>, or
/// <c>Task.Run(async () =&gt; await WriteAsync(entry, 3))</c> over such a method. A loser of that kind leaves nothing running to
/// cancel (Coyote's tests of <c>WhenAny</c> race such one-step writers on purpose).
/// </summary>
internal static class TrivialWork
{
    public static bool IsEveryOriginTrivial(IReadOnlyList<IOperation> origins, IInvocationOperation wait, CancellationFlow flow)
    {
        if (origins.Count == 0 || wait.SemanticModel?.Compilation is not { } compilation)
        {
            return false;
        }

        var facts = CalleeFaultFacts.For(compilation, flow.Types);
        foreach (var origin in origins)
        {
            if (!IsTrivial(origin, facts, flow.Types, depth: 0))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsTrivial(IOperation operation, CalleeFaultFacts facts, AsyncTypes types, int depth)
    {
        if (depth > 4)
        {
            return false;
        }

        switch (CancellationFlow.Unwrap(operation))
        {
            // `tasks.Add(Task.Run(() => 1))`: judged by what is added; `new List<Task>()`: adds nothing.
            case IInvocationOperation { TargetMethod.Name: "Add", Arguments.Length: 1, Instance: ILocalReferenceOperation } add:
                return IsTrivial(add.Arguments[0].Value, facts, types, depth + 1);
            case IObjectCreationOperation { Initializer: null }:
            case IArrayCreationOperation { Initializer: null }:
                return true;
            case IArrayCreationOperation { Initializer: { } elements }:
                foreach (var element in elements.ElementValues)
                {
                    if (!IsTrivial(element, facts, types, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            case IInvocationOperation call when facts.IsTrivialAsyncMethod(call.TargetMethod):
                return true;
            case IInvocationOperation run when TaskObservation.IsStaticMethodOf(run.TargetMethod, types.Task, "Run"):
                foreach (var argument in run.Arguments)
                {
                    var value = TaskObservation.SkipImplicitConversions(argument.Value);
                    if (value is IDelegateCreationOperation creation)
                    {
                        value = creation.Target;
                    }

                    if (value is IAnonymousFunctionOperation lambda)
                    {
                        return IsTrivialLambda(lambda, facts, types, depth);
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary><c>() =&gt; 1</c> (only constant returns), or an async lambda that only awaits trivial work.</summary>
    private static bool IsTrivialLambda(IAnonymousFunctionOperation lambda, CalleeFaultFacts facts, AsyncTypes types, int depth)
    {
        foreach (var statement in lambda.Body.Operations)
        {
            switch (statement)
            {
                case IReturnOperation { ReturnedValue: null or { ConstantValue.HasValue: true } }:
                    continue;
                case IReturnOperation { ReturnedValue: IAwaitOperation returned } when lambda.Symbol.IsAsync &&
                                                                                      IsTrivial(returned.Operation, facts, types, depth + 1):
                    continue;
                case IExpressionStatementOperation { Operation: IAwaitOperation awaited } when lambda.Symbol.IsAsync &&
                                                                                              IsTrivial(awaited.Operation, facts, types, depth + 1):
                    continue;
                default:
                    // A call, even of a method that cannot throw, stands for work (test stubs do): not trivial.
                    return false;
            }
        }

        return true;
    }
}
