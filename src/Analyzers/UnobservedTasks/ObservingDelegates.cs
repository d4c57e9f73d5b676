namespace AsyncGuide.Analyzers;

/// <summary>
/// Calls whose delegate argument observes its own failure, so the task they return has nothing to lose: shared by
/// AG0001 (a dropped call) and AG0002 (a stored one that is never read) through <see cref="PlaceholderTasks"/>.
/// </summary>
internal sealed class ObservingDelegates
{
    private readonly AsyncTypes _types;
    private readonly CalleeFaultFacts _callees;
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IOperation, Dictionary<ILocalSymbol, List<IInvocationOperation>?>>
        _singleCompletions = new();

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IOperation, Dictionary<ILocalSymbol, List<IInvocationOperation>?>>
        .CreateValueCallback _computeSingleCompletions;

    public ObservingDelegates(AsyncTypes types, CalleeFaultFacts callees)
    {
        _types = types;
        _callees = callees;
        _computeSingleCompletions = SingleCompletionsOf;
    }

    /// <summary>
    /// <c>ContinueWith(t =&gt; Log(t.Exception))</c> and <c>Task.Run(() =&gt; { try { … } catch (Exception) { … } })</c>
    /// observe the failure themselves: dropping the returned task loses nothing a reviewer would want.
    /// </summary>
    public bool ObserveTheirOwnFailure(IInvocationOperation call)
    {
        foreach (var argument in call.Arguments)
        {
            var value = TaskObservation.SkipImplicitConversions(argument.Value);
            if (value is IDelegateCreationOperation creation)
            {
                value = creation.Target;
            }

            if (value is IAnonymousFunctionOperation lambda)
            {
                if (LambdaCannotFault(lambda) && (call.TargetMethod.Name != "ContinueWith" || AntecedentHoldsNoFailure(call)))
                {
                    // A continuation that cannot fault is the whole story only when its antecedent cannot fault either
                    // (`Task.Delay(t, token).ContinueWith(_ => tcs.TrySetException(new TimeoutException()))`, Discord.Net's
                    // disconnect wait); otherwise the antecedent's failure is dropped with it, unless the continuation reads it.
                    return true;
                }

                if (call.TargetMethod.Name == "ContinueWith" && !lambda.Symbol.IsAsync &&
                    lambda.Symbol.Parameters.Length > 0 &&
                    ReadsAntecedentOutcome(
                        lambda.Body, lambda.Symbol.Parameters[0],
                        (TaskObservation.SkipImplicitConversions(call.Instance) as ILocalReferenceOperation)?.Local))
                {
                    return true;
                }

                // `Task.Run(() => task().ContinueWith(t => statuses[id] = StatusOf(t), token), token)` (iotedge's background
                // task registry): the run hands back a continuation that observes its antecedent.
                if (TaskObservation.IsStaticMethodOf(call.TargetMethod, _types.Task, "Run") && !lambda.Symbol.IsAsync &&
                    lambda.Body.Operations.Length == 1 &&
                    lambda.Body.Operations[0] is IReturnOperation { ReturnedValue: { } handedBack } &&
                    TaskObservation.SkipImplicitConversions(handedBack) is IInvocationOperation { TargetMethod.Name: "ContinueWith" } inner &&
                    _types.IsTask(inner.TargetMethod.ContainingType) && ObserveTheirOwnFailure(inner))
                {
                    return true;
                }
            }
            else if (value is IMethodReferenceOperation { Method: var named } && call.TargetMethod.Name != "ContinueWith" &&
                     _types.IsTask(named.ReturnType) && _callees.CannotFault(named))
            {
                // `Task.Run(RampUpAsync)`: the method group hands back the task of a callee that cannot fault.
                return true;
            }
            else if (value is IMethodReferenceOperation { Method: { IsAsync: false, ReturnsVoid: true } handler } &&
                     call.TargetMethod.Name != "ContinueWith" && _callees.CannotFault(handler))
            {
                // `Task.Run(ProcessQueue)` with a synchronous `void ProcessQueue()` whose body handles its own failures.
                return true;
            }
            else if (value is IMethodReferenceOperation { Method: { IsAsync: true, ReturnsVoid: true } } &&
                     call.TargetMethod.Name != "ContinueWith")
            {
                // `Task.Run(LaunchWorker)` with `async void LaunchWorker()`: the method's exceptions are raised on the thread
                // pool, never stored in the task Run returns (an async void method is a problem of its own, not of this task).
                return true;
            }
            else if (value is IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol awaiter } &&
                     call.TargetMethod.Name is "Run" or "StartNew" && _types.IsAwaiterOnCompleted(awaiter))
            {
                // `_ = Task.Run(continuation);` in a custom awaiter's `OnCompleted(Action continuation)` (ASP.NET Core's and
                // botbuilder's TimerAwaitable): the continuation of an await is the state machine's MoveNext, which stores every
                // exception in the awaiting method's task and never throws.
                return true;
            }
            else if (call.TargetMethod.Name == "ContinueWith" &&
                     (value is IMethodReferenceOperation ||
                      (value is IFieldReferenceOperation or IPropertyReferenceOperation or ILocalReferenceOperation or IParameterReferenceOperation &&
                       argument.Parameter?.Type.TypeKind == TypeKind.Delegate)))
            {
                // A named continuation gets the antecedent: assume it looks at it. So does one held in a
                // delegate field, property, local or parameter (`ContinueWith(completeTask)`): a method one hop away.
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A lambda whose own run cannot fault: it handles its own failures, hands back or awaits only a task that cannot fault, has
    /// only statements that cannot throw (an async one may also wait in ways that can only be cancelled), or only calls a
    /// handling method or an async void one. Whatever it continues is the caller's business.
    /// </summary>
    public bool LambdaCannotFault(IAnonymousFunctionOperation lambda) =>
        FailureHandling.LambdaHandlesOwnFailures(lambda, _types, _callees) || ReturnsTaskThatCannotFault(lambda.Body) ||
        CannotThrow(lambda.Body, lambda.Symbol.IsAsync) ||
        (lambda.Symbol.IsAsync && OnlyAwaitsATaskThatCannotFault(lambda.Body)) ||
        (!lambda.Symbol.IsAsync && (OnlyCallsAHandlingMethod(lambda.Body) || OnlyCallsAnAsyncVoidMethod(lambda.Body)));

    /// <summary>
    /// The task a <c>ContinueWith</c> continues is not work started right here, or is a <c>Task.Delay</c> or a signal wait (it ends
    /// only in success or cancellation), or the task of a callee of the compilation that cannot fault
    /// (<c>AsyncMethod().ContinueWith(t =&gt; done.Set())</c> over <c>async Task AsyncMethod() { await Task.Delay(delay); }</c>, Rebus'
    /// async-wrapper tests). A task held in a local, parameter, field or property is judged where it is held.
    /// </summary>
    private bool AntecedentHoldsNoFailure(IInvocationOperation continueWith)
    {
        var antecedent = continueWith.Instance is { } instance ? TaskObservation.SkipImplicitConversions(instance) : null;
        return antecedent is not IInvocationOperation started ||
               TaskObservation.IsStaticMethodOf(started.TargetMethod, _types.Task, "Delay") || SignalWaits.IsSignalWait(started) ||
               (_types.IsTask(started.TargetMethod.ReturnType) && _callees.CannotFault(started.TargetMethod));
    }

    /// <summary>
    /// <c>factory.Run(() =&gt; { value = 1; })</c>: every statement of the body cannot throw
    /// (<see cref="CalleeFaultFacts.StatementCannotThrow"/>), or is the one completion of a local source (or of a test class's
    /// source field, in a test method). An async body may also wait in ways that can only be cancelled
    /// (<c>Task.Run(async () =&gt; { await Task.Delay(200, token); released.SetResult(true); })</c>, Rebus' and the MCP SDK's
    /// tests): cancellation ends its task Canceled, which loses no failure.
    /// </summary>
    private bool CannotThrow(IBlockOperation body, bool isAsync)
    {
        foreach (var statement in body.Operations)
        {
            if (!StatementCannotThrow(statement, body, isAsync))
            {
                return false;
            }
        }

        return true;
    }

    private bool StatementCannotThrow(IOperation statement, IBlockOperation body, bool isAsync) =>
        _callees.StatementCannotThrow(statement) || IsOnlyCompletionOfALocalSource(statement, body) ||
        (statement is IExpressionStatementOperation { Operation: IInvocationOperation completion } &&
         FailureHandling.IsNonThrowingLibraryCall(completion, allowCompletion: true) &&
         _callees.IsOnlyCompletionOfATestFieldSource(completion)) ||
        (isAsync && FailureHandling.CanOnlyBeCancelled(statement, _types)) ||
        // `if (exception == null) { tcs.TrySetResult(result); } else { tcs.SetException(exception); }` (the MongoDB driver's
        // task-extension tests): a condition that cannot throw choosing between such statements.
        (statement is IConditionalOperation { IsRef: false, Condition: var condition, WhenTrue: var whenTrue, WhenFalse: var whenFalse } &&
         _callees.ConditionCannotThrow(condition) && BranchCannotThrow(whenTrue, body, isAsync) &&
         (whenFalse is null || BranchCannotThrow(whenFalse, body, isAsync))) ||
        IsStateCast(statement, body);

    /// <summary>
    /// <c>var r = (TcsWithCancellationToken&lt;T&gt;)s!;</c> in <c>task.ContinueWith((_, s) =&gt; { … }, state, …)</c> (EasyNetQ's
    /// cancellation helper): a local declared from the continuation's state parameter cast to a type the <c>state</c> argument
    /// already has, so the cast cannot fail.
    /// </summary>
    private static bool IsStateCast(IOperation statement, IBlockOperation body)
    {
        if (statement is not IVariableDeclarationGroupOperation { Declarations.Length: 1 } group ||
            group.Declarations[0].Declarators.Length != 1 ||
            group.Declarations[0].Declarators[0].Initializer?.Value is not IConversionOperation { OperatorMethod: null } cast ||
            cast.Operand is not IParameterReferenceOperation { Parameter: { Ordinal: 1 } stateParameter } ||
            body.Parent is not IAnonymousFunctionOperation lambda ||
            !SymbolEqualityComparer.Default.Equals(stateParameter.ContainingSymbol, lambda.Symbol) ||
            lambda.Parent is not IDelegateCreationOperation { Parent: IArgumentOperation { Parent: IInvocationOperation call } } ||
            call.TargetMethod.Name != "ContinueWith" || cast.Type is not { } target || call.SemanticModel is not { } model)
        {
            return false;
        }

        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter is { Name: "state" } &&
                TaskObservation.SkipImplicitConversions(argument.Value) is { Type: { } stateType })
            {
                return model.Compilation.ClassifyConversion(stateType, target) is { IsIdentity: true } or { IsImplicit: true, IsReference: true };
            }
        }

        return false;
    }

    private bool BranchCannotThrow(IOperation branch, IBlockOperation body, bool isAsync)
    {
        if (branch is not IBlockOperation block)
        {
            return StatementCannotThrow(branch, body, isAsync);
        }

        foreach (var statement in block.Operations)
        {
            if (!StatementCannotThrow(statement, body, isAsync))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A test's producer that cannot fail: every statement of its lambda cannot throw (as above) or is housekeeping
    /// (<see cref="FailureHandling.IsHousekeeping"/>: <c>_taskStore.CancelTask(taskId);</c> over a test store that updates a
    /// dictionary entry under a lock, the MCP SDK's task tests). The bolder trade of handled work, taken only where a test then
    /// waits without a time limit: a producer that cannot fail cannot hang it.
    /// </summary>
    public bool IsHousekeepingOnly(IAnonymousFunctionOperation lambda)
    {
        foreach (var statement in lambda.Body.Operations)
        {
            if (!StatementCannotThrow(statement, lambda.Body, lambda.Symbol.IsAsync) &&
                !FailureHandling.IsHousekeeping(statement, _types, _callees))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <c>tcs.SetResult(3);</c> (or <c>SetException</c>/<c>SetCanceled</c>, with plain values or a framework exception made from
    /// them) on a local <c>TaskCompletionSource</c> made in the enclosing method, whose every other use there reads its <c>Task</c>:
    /// the one completion cannot find the source completed already (Coyote's completion-source tests).
    /// </summary>
    private bool IsOnlyCompletionOfALocalSource(IOperation statement, IBlockOperation lambdaBody)
    {
        if (statement is not IExpressionStatementOperation
            {
                Operation: IInvocationOperation
                {
                    TargetMethod.Name: "SetResult" or "SetException" or "SetCanceled",
                    Instance: ILocalReferenceOperation { Local: var source },
                } completion,
            } ||
            !_callees.IsTaskCompletionSource(source.Type) ||
            !FailureHandling.IsNonThrowingLibraryCall(completion, allowCompletion: true))
        {
            return false;
        }

        var root = (IOperation)lambdaBody;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        // One walk per method body, shared by every completion asked about in it.
        return _singleCompletions.GetValue(root, _computeSingleCompletions).TryGetValue(source, out var completions) &&
               completions is not null && completions.Contains(completion);
    }

    /// <summary>
    /// The completion sources made with <c>new</c> in <paramref name="root"/> whose uses there are reads of <c>Task</c> and completion
    /// calls outside any loop, no two of which can both run unless both are <c>TrySet…</c> calls (a <c>SetException</c> in the
    /// <c>else</c> of the <c>if</c> whose other branch calls <c>TrySetResult</c>), with those calls; other sources map to null.
    /// </summary>
    private Dictionary<ILocalSymbol, List<IInvocationOperation>?> SingleCompletionsOf(IOperation root)
    {
        const int MostCompletions = 8;
        var result = new Dictionary<ILocalSymbol, List<IInvocationOperation>?>(SymbolEqualityComparer.Default);
        var madeHere = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        var spoiled = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        foreach (var node in root.Descendants())
        {
            if (node is IVariableDeclaratorOperation declarator && _callees.IsTaskCompletionSource(declarator.Symbol.Type))
            {
                if (TaskObservation.SkipImplicitConversions(declarator.Initializer?.Value) is IObjectCreationOperation)
                {
                    madeHere.Add(declarator.Symbol);
                }
                else
                {
                    spoiled.Add(declarator.Symbol);
                }
            }
            else if (node is ILocalReferenceOperation reference && _callees.IsTaskCompletionSource(reference.Local.Type) &&
                     reference.Parent is not IPropertyReferenceOperation { Property.Name: "Task" })
            {
                if (reference.Parent is IInvocationOperation call && call.Instance == reference &&
                    call.TargetMethod.Name is "SetResult" or "SetException" or "SetCanceled" or "TrySetResult" or "TrySetException"
                        or "TrySetCanceled" &&
                    ObservationPaths.EnclosingLoop(call) is null)
                {
                    if (!result.TryGetValue(reference.Local, out var calls) || calls is null)
                    {
                        result[reference.Local] = calls = new List<IInvocationOperation>();
                    }

                    calls.Add(call);
                }
                else
                {
                    spoiled.Add(reference.Local);
                }
            }
        }

        foreach (var local in new List<ILocalSymbol>(result.Keys))
        {
            if (spoiled.Contains(local) || !madeHere.Contains(local) || result[local] is not { Count: <= MostCompletions } calls ||
                !NoTwoCanBothThrowOnTheOther(calls))
            {
                result[local] = null;
            }
        }

        return result;
    }

    /// <summary>Every pair of calls with a <c>Set…</c> call in it sits in the two branches of one <c>if</c>.</summary>
    private static bool NoTwoCanBothThrowOnTheOther(List<IInvocationOperation> calls)
    {
        for (var i = 0; i < calls.Count; i++)
        {
            for (var j = i + 1; j < calls.Count; j++)
            {
                var bothTry = calls[i].TargetMethod.Name.StartsWith("Try", System.StringComparison.Ordinal) &&
                              calls[j].TargetMethod.Name.StartsWith("Try", System.StringComparison.Ordinal);
                if (!bothTry && !AreExclusive(calls[i], calls[j]))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The two operations sit in the two branches of one <c>if</c> (or <c>?:</c>): at most one of them runs.</summary>
    private static bool AreExclusive(IOperation first, IOperation second)
    {
        for (IOperation child = first, parent = first.Parent!; parent is not null; child = parent, parent = parent.Parent!)
        {
            if (parent is IConditionalOperation { WhenFalse: { } whenFalse } choice &&
                (child == choice.WhenTrue || child == whenFalse) &&
                IsWithin(second, child == choice.WhenTrue ? whenFalse : choice.WhenTrue))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsWithin(IOperation operation, IOperation ancestor)
    {
        for (var current = operation; current is not null; current = current.Parent)
        {
            if (current == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>Task.Run(() =&gt; SafeDispose(handle))</c>: the lambda's only statement calls a <c>void</c> method that cannot throw.</summary>
    private bool OnlyCallsAHandlingMethod(IBlockOperation body) =>
        FailureHandling.OnlyCall(body) is { } call && _callees.HandlingCallCannotThrow(call);

    /// <summary>
    /// <c>Task.Run(() =&gt; RepeatedRunner())</c> with <c>async void RepeatedRunner()</c>, with plain arguments: the method's exceptions
    /// go to the thread pool, never to the task <c>Run</c> returns.
    /// </summary>
    private bool OnlyCallsAnAsyncVoidMethod(IBlockOperation body) =>
        FailureHandling.OnlyCall(body) is { TargetMethod: { IsAsync: true, ReturnsVoid: true } } call &&
        _callees.HasPlainArguments(call);

    /// <summary>
    /// <c>Task.Run(async () =&gt; { await WriteAsync(entry, 3); })</c>: the lambda only awaits an async callee that cannot fault
    /// (a non-async one returning a completed task is taken for a stub standing for real work, as in races).
    /// </summary>
    private bool OnlyAwaitsATaskThatCannotFault(IBlockOperation body)
    {
        // `async () => await RefreshAsync()`, also with a result handed back (`return await TryRefreshAsync(timeout);`).
        IOperation? awaited;
        if (body.Operations.Length == 1 && body.Operations[0] is IReturnOperation { ReturnedValue: IAwaitOperation { Operation: var result } })
        {
            awaited = result;
        }
        else if (body.Operations.Length is 1 or 2 &&
                 body.Operations[0] is IExpressionStatementOperation { Operation: IAwaitOperation { Operation: var done } } &&
                 (body.Operations.Length == 1 || body.Operations[1] is IReturnOperation { ReturnedValue: null }))
        {
            awaited = done;
        }
        else
        {
            return false;
        }

        return TaskObservation.SkipImplicitConversions(awaited) is { } task &&
               TaskObservation.UnwrapConfigureAwait(task, _types) is IInvocationOperation { TargetMethod.IsAsync: true } call &&
               _callees.CannotFault(call.TargetMethod);
    }

    /// <summary><c>Task.Run(() =&gt; CopyOutAsync())</c>: the lambda only hands back the task of a callee that cannot fault.</summary>
    private bool ReturnsTaskThatCannotFault(IBlockOperation body) =>
        body.Operations.Length == 1 &&
        body.Operations[0] is IReturnOperation { ReturnedValue: { } returned } &&
        TaskObservation.SkipImplicitConversions(returned) is IInvocationOperation inner &&
        _callees.CannotFault(inner.TargetMethod);

    /// <summary>
    /// The continuation reads its antecedent's outcome: through its parameter, or through the local the antecedent is held in
    /// (<c>taskResult.ContinueWith(_ =&gt; { ReadTaskDone(taskResult, args); … })</c>, iotedge's WebSocket transport).
    /// </summary>
    private static bool ReadsAntecedentOutcome(IOperation body, IParameterSymbol antecedent, ILocalSymbol? heldIn)
    {
        foreach (var descendant in body.Descendants())
        {
            if ((descendant is IParameterReferenceOperation reference &&
                 SymbolEqualityComparer.Default.Equals(reference.Parameter, antecedent)) ||
                (heldIn is not null && descendant is ILocalReferenceOperation local &&
                 SymbolEqualityComparer.Default.Equals(local.Local, heldIn)))
            {
                // The held local is read as the task it is (`ReadTaskDone(taskResult, args)` with a `Task` parameter); the
                // continuation's own parameter only as itself (`((AsyncCallback)state)(t)` converts it to IAsyncResult for a
                // callback, and the continuation's own failure is the one iotedge loses there).
                var parent = descendant.Parent;
                while (descendant is ILocalReferenceOperation && parent is IConversionOperation { IsImplicit: true, OperatorMethod: null })
                {
                    parent = parent.Parent;
                }

                switch (parent)
                {
                    case IPropertyReferenceOperation
                    {
                        Property.Name: "Exception" or "IsFaulted" or "Result" or "Status" or "IsCompletedSuccessfully"
                    }:
                    case IInvocationOperation { TargetMethod.Name: "Wait" or "GetAwaiter" }:
                    case IArgumentOperation:
                    case IAwaitOperation:
                        return true;
                }
            }
        }

        return false;
    }
}
