namespace AsyncGuide.Analyzers;

/// <summary>
/// Whether a body (a fire-and-forget lambda, or a callee's async body) handles its own failures, so the
/// task it produces cannot fault: the whole body (after locals declared with constants) is one <c>try</c> whose catch-all handles without
/// throwing, or whose <c>catch (OperationCanceledException)</c> covers code that can only be cancelled.
/// A catch that rethrows, or one filtered to a type while the try can throw others, does not count.
/// After the <c>try</c> may come log calls and statements that cannot throw (<see cref="CalleeFaultFacts.StatementCannotThrow"/>).
/// </summary>
internal static partial class FailureHandling
{
    /// <param name="body">The body; null (no body) does not handle anything.</param>
    /// <param name="types">The compilation's task types.</param>
    /// <param name="callees">Decides which statements after the <c>try</c> cannot throw; null accepts only log calls there.</param>
    /// <param name="isAsync">The body is an async method's or lambda's: an <c>OperationCanceledException</c> that escapes ends its task
    /// Canceled, not Faulted, so statements that can only be cancelled and cancellation catches that rethrow are harmless.</param>
    /// <param name="followAwaits">Accept awaits of callees that cannot fault (<see cref="AwaitsOnlyWhatCannotFault"/>); off when deciding
    /// such a callee, so one decision never waits on another and cycles cannot recurse.</param>
    public static bool HandlesOwnFailures(
        IBlockOperation? body, AsyncTypes types, CalleeFaultFacts? callees, bool isAsync = false, bool followAwaits = true)
    {
        if (body is null)
        {
            return false;
        }

        // Locals declared before the try with constant values (`bool lockTaken = false;`) cannot throw.
        var first = 0;
        // So can guards that leave early on a flag (`if (IsShutdown) return;`), locals that read a field or property,
        // and log calls (as safe as the logging a handling catch does).
        while (first < body.Operations.Length &&
               (IsConstantDeclaration(body.Operations[first]) || IsEarlyExitGuard(body.Operations[first], insideLoop: false) ||
                IsPlainReadDeclaration(body.Operations[first]) || IsLogCall(body.Operations[first]) ||
                body.Operations[first] is ILocalFunctionOperation || IsHarmlessPrelude(body.Operations[first]) ||
                IsArrayDeclaration(body.Operations[first]) || IsArrayFill(body.Operations[first], body.Operations, first) ||
                (isAsync && CanOnlyBeCancelled(body.Operations[first], types))))
        {
            first++;
        }

        if (first >= body.Operations.Length || !IsHandlingStatement(body.Operations[first], types, callees, isAsync, followAwaits))
        {
            return false;
        }

        // After the try: log calls and statements that cannot throw (`continuation.KeepAlive();`), then at most a `return;` or a
        // return of a constant (`return null;`).
        // Local functions declared anywhere in the body run only when called (from the try, whose catch covers them).
        // The final return may be followed by local function declarations only (garnet's checkpoint runner).
        var last = body.Operations.Length - 1;
        while (last > first && body.Operations[last] is ILocalFunctionOperation)
        {
            last--;
        }

        for (var next = first + 1; next < body.Operations.Length; next++)
        {
            var statement = body.Operations[next];
            if (statement is not ILocalFunctionOperation &&
                !IsLogCall(statement) &&
                // Several handling statements in a row, with guards and harmless locals between them (cosmos' endpoint probe:
                // `try { uri = Build(e); } catch (Exception) { return (e, false); } if (stop) return (e, false); using var cts
                // = CancellationTokenSource.CreateLinkedTokenSource(token); cts.CancelAfter(Timeout); try { … } catch …`).
                !IsHandlingStatement(statement, types, callees, isAsync, followAwaits) &&
                !(statement is IUsingDeclarationOperation { IsAsynchronous: false, DeclarationGroup: var declared } &&
                  IsPlainReadDeclaration(declared)) &&
                !(next == last &&
                  statement is IReturnOperation { ReturnedValue: null or { ConstantValue.HasValue: true } or IDefaultValueOperation }) &&
                !CannotFailBetween(statement, types, callees, isAsync, followAwaits, insideLoop: false))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A handling <c>try</c>, or a worker loop of them: a <c>while</c> whose condition only reads values and whose statements are
    /// handling <c>try</c> blocks (at least one), guards that leave on a flag (<c>if (stop) break;</c>), log calls and statements
    /// that cannot throw (<c>while (!token.IsCancellationRequested) { try { await Task.Delay(i, token); } catch
    /// (OperationCanceledException) { return; } try { Check(); } catch (Exception ex) { log } }</c>, duplicati's watchdog).
    /// </summary>
    private static bool IsHandlingStatement(IOperation statement, AsyncTypes types, CalleeFaultFacts? callees, bool isAsync, bool followAwaits)
    {
        switch (statement)
        {
            case ITryOperation tryOperation:
                // A handling try, or `try { …handled… } finally { release locks }` around a body that handles its own failures
                // (garnet's checkpoint runner: the inner catch-all logs, the outer finally resumes the paused databases).
                return IsHandlingTry(tryOperation, types, callees, isAsync) ||
                       (tryOperation.Catches.Length == 0 && tryOperation.Finally is { } releases && !ContainsThrow(releases) &&
                        !ContainsAwaitOrCallback(releases) &&
                        HandlesOwnFailures(tryOperation.Body, types, callees, isAsync, followAwaits));
            case IConditionalOperation { WhenFalse: null, IsRef: false, WhenTrue: IBlockOperation guarded } guard when IsPlainRead(guard.Condition):
                // `if (!InPackagesFolder && _result == null) { …prelude; handling try; … }` (NuGet's pre-fetch result).
                return HandlesOwnFailures(guarded, types, callees, isAsync, followAwaits);
            case IWhileLoopOperation { ConditionIsTop: true, Condition: { } condition, Body: IBlockOperation loopBody }
                when IsPlainRead(condition):
                var tries = 0;
                foreach (var inner in loopBody.Operations)
                {
                    if (inner is ITryOperation or IWhileLoopOperation)
                    {
                        // A handling try, or a nested loop of them (garnet's work queue: `while (true) { while
                        // (_queue.TryDequeue(out var item)) { try { _work(item); } catch { } Interlocked.Decrement(ref _count); } … }`).
                        if (!IsHandlingStatement(inner, types, callees, isAsync, followAwaits))
                        {
                            return false;
                        }

                        tries++;
                    }
                    else if (!CannotFailBetween(inner, types, callees, isAsync, followAwaits, insideLoop: true))
                    {
                        return false;
                    }
                }

                return tries > 0;
            default:
                return false;
        }
    }

    /// <summary>
    /// A lambda whose own task (or run) cannot fault because its body handles its failures: an async lambda (cancellation ends an
    /// <c>async Task</c> one Canceled), or a synchronous one that returns no awaitable. A synchronous lambda that returns a task
    /// (<c>() =&gt; { try { return SendAsync(); } catch { return Task.CompletedTask; } }</c>) hands out work its try never awaited,
    /// so its handling says nothing about that task.
    /// </summary>
    public static bool LambdaHandlesOwnFailures(
        IAnonymousFunctionOperation lambda, AsyncTypes types, CalleeFaultFacts? callees, bool followAwaits = true)
    {
        var symbol = lambda.Symbol;
        if (!symbol.IsAsync && !symbol.ReturnsVoid && (types.IsTask(symbol.ReturnType) || types.IsValueTask(symbol.ReturnType)))
        {
            return false;
        }

        return HandlesOwnFailures(lambda.Body, types, callees, EndsCanceledOnCancellation(symbol), followAwaits) ||
               (callees is not null && EndsCanceledOnCancellation(symbol) &&
                HandlesItsAwaitedWork(lambda.Body, types, callees, followAwaits));
    }

    /// <summary>An <c>async Task</c> method or lambda: cancellation that escapes it ends its task Canceled, not Faulted.</summary>
    public static bool EndsCanceledOnCancellation(IMethodSymbol method) => method is { IsAsync: true, ReturnsVoid: false };

    /// <summary>
    /// A statement that cannot fail the body, between or after its handling statements and in a worker loop of them: guards that
    /// leave on a flag, log calls, locals of plain reads, library calls that cannot throw, statements that cannot throw
    /// (<see cref="CalleeFaultFacts.StatementCannotThrow"/>), a harmless prelude statement, and in an async body what can only
    /// be cancelled and awaits of callees that cannot fault.
    /// </summary>
    private static bool CannotFailBetween(
        IOperation statement, AsyncTypes types, CalleeFaultFacts? callees, bool isAsync, bool followAwaits, bool insideLoop) =>
        IsEarlyExitGuard(statement, insideLoop) || IsLogCall(statement) || IsPlainReadDeclaration(statement) ||
        (statement is IExpressionStatementOperation { Operation: IInvocationOperation call } && IsNonThrowingLibraryCall(call)) ||
        (callees is not null && callees.StatementCannotThrow(statement)) || IsHarmlessPrelude(statement) ||
        (isAsync && (CanOnlyBeCancelled(statement, types) || (followAwaits && AwaitsOnlyWhatCannotFault(statement, types, callees, 0))));

    /// <summary>
    /// A catch-all that does not throw, or a cancellation catch around code that can only be cancelled; no throwing finally.
    /// The clauses are read in order: one before the catch-all that throws lets its exception escape. A catch-all filtered to
    /// non-fatal exceptions (<c>when (!e.IsFatal())</c>) and a rethrow of fatal ones (<c>if (e.IsFatal()) throw;</c>) still handle
    /// (see <see cref="CalleeFaultFacts.SelectsOnlyFatal"/>); in an async body so does a cancellation clause that rethrows, and a
    /// try whose body can only be cancelled.
    /// </summary>
    private static bool IsHandlingTry(ITryOperation tryOperation, AsyncTypes types, CalleeFaultFacts? callees, bool isAsync)
    {
        // A finally can throw too; only an empty-looking one (no throw, no await: FASTER's write path flushes the stream in its
        // finally, and that I/O can fail after the catch) is harmless.
        if (tryOperation.Finally is { } finallyBlock && (ContainsThrow(finallyBlock) || ContainsAwaitOrCallback(finallyBlock)))
        {
            return false;
        }

        var onlyCancellation = CanOnlyBeCancelled(tryOperation.Body, types);
        if (isAsync && onlyCancellation)
        {
            // Whatever the clauses do, only cancellation can leave the body: the task ends Canceled.
            return true;
        }

        foreach (var clause in tryOperation.Catches)
        {
            var cancellation = IsCancellation(clause.ExceptionType);
            if (LetsAFailureEscape(clause, isAsync && cancellation, callees) ||
                AwaitsWhatCanFault(clause.Handler, CaughtLocal(clause.ExceptionDeclarationOrExpression), types, callees))
            {
                return false;
            }

            if (clause.Filter is not null && !IsNonFatalFilter(clause.Filter, clause.ExceptionDeclarationOrExpression, callees))
            {
                continue;
            }

            if (IsCatchAll(clause.ExceptionType) || (onlyCancellation && cancellation))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A throw in the handler that is not a rethrow of a fatal exception (<c>if (e.IsFatal()) throw;</c>) nor, when
    /// <paramref name="cancellationEndsCanceled"/>, a rethrow of the caught cancellation or a new one.
    /// </summary>
    private static bool LetsAFailureEscape(ICatchClauseOperation clause, bool cancellationEndsCanceled, CalleeFaultFacts? callees)
    {
        var caught = CaughtLocal(clause.ExceptionDeclarationOrExpression);
        foreach (var descendant in clause.Handler.Descendants())
        {
            if (descendant is not IThrowOperation thrown)
            {
                continue;
            }

            var rethrow = thrown.Exception is null ||
                          (caught is not null && TaskObservation.SkipImplicitConversions(thrown.Exception) is ILocalReferenceOperation local &&
                           SymbolEqualityComparer.Default.Equals(local.Local, caught));
            if (rethrow && cancellationEndsCanceled)
            {
                continue;
            }

            if (cancellationEndsCanceled && thrown.Exception is { } made &&
                TaskObservation.SkipImplicitConversions(made) is IObjectCreationOperation { Type: var madeType } && IsCancellation(madeType))
            {
                continue;
            }

            if (rethrow && caught is not null && (IsGuardedByFatalTest(thrown, caught, callees) || HandsOver(clause.Handler, caught)))
            {
                continue;
            }

            return true;
        }

        return false;
    }

    /// <summary>
    /// An await in the handler of work that can fault: the handler's own failure escapes into the task, as a throwing
    /// <c>finally</c>'s does (the error reply the MCP SDK's message loop sends over a transport that may be closed:
    /// <c>catch (Exception ex) { … await SendMessageAsync(errorMessage, token); }</c>). Not an await inside a nested try with a
    /// catch-all, of <c>Task.Delay</c> or <c>Task.Yield</c>, or of a method of the compilation that cannot fault. Nor an await
    /// of a call handed the caught exception itself (<c>catch (Exception ex) { await errorHandler.HandleEventHandlerError(Name,
    /// ex, handler, sender, args); }</c>, DSharpPlus' event fan-out): the failure goes to an error handler, which observes it;
    /// a failure of that handler is its own. An error reply built from the exception (<c>SendMessageAsync(new Error(ex.Message))</c>)
    /// is work of its own, still counted.
    /// </summary>
    private static bool AwaitsWhatCanFault(IBlockOperation handler, ILocalSymbol? caught, AsyncTypes types, CalleeFaultFacts? callees)
    {
        foreach (var descendant in handler.Descendants())
        {
            if (descendant is not IAwaitOperation awaited || !TaskObservation.IsDirectlyIn(awaited, handler) ||
                IsInsideCatchAllTry(awaited, handler))
            {
                continue;
            }

            var task = TaskObservation.UnwrapConfigureAwait(TaskObservation.SkipImplicitConversions(awaited.Operation) ?? awaited.Operation, types);
            if (task is IInvocationOperation call &&
                (TaskObservation.IsStaticMethodOf(call.TargetMethod, types.Task, "Delay") ||
                 TaskObservation.IsStaticMethodOf(call.TargetMethod, types.Task, "Yield") ||
                 (callees is not null && callees.CannotFault(call.TargetMethod)) ||
                 HandsTheCaughtExceptionTo(call, caught, callees)))
            {
                continue;
            }

            return true;
        }

        return false;
    }

    /// <summary>
    /// The call is given the caught exception itself, and is no method of the compilation that throws beyond its guards (a
    /// <c>ReportAndRethrowAsync(ex)</c> hands the failure back, not over).
    /// </summary>
    private static bool HandsTheCaughtExceptionTo(IInvocationOperation call, ILocalSymbol? caught, CalleeFaultFacts? callees)
    {
        if (caught is null || (callees is not null && callees.ThrowsBeyondGuards(call.TargetMethod)))
        {
            return false;
        }

        foreach (var argument in call.Arguments)
        {
            if (CarriesCaught(argument.Value, caught, wrapped: false))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInsideCatchAllTry(IOperation operation, IBlockOperation handler)
    {
        for (IOperation current = operation; current.Parent is { } parent && current != handler; current = parent)
        {
            if (parent is ITryOperation nested && nested.Body == current)
            {
                foreach (var clause in nested.Catches)
                {
                    if (IsCatchAll(clause.ExceptionType) && clause.Filter is null)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// <c>source.TrySetException(ex); throw;</c> (aspire's CLI backchannel): before the rethrow the handler hands the caught
    /// exception (or a new one wrapping it) to a completion source its caller or its type waits on (a parameter or a field; a
    /// source made in the method has nobody waiting). The failure is observed there.
    /// </summary>
    private static bool HandsOver(IBlockOperation handler, ILocalSymbol caught)
    {
        foreach (var descendant in handler.Descendants())
        {
            if (descendant is IInvocationOperation { Instance: IFieldReferenceOperation or IParameterReferenceOperation } &&
                HandsToCompletionSource(descendant, caught, wrapped: true))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>tcs.SetException(ex)</c> / <c>tcs.TrySetException(ex)</c> on a <c>TaskCompletionSource</c>: the caught exception (or,
    /// when <paramref name="wrapped"/>, a new one made with it) is handed to whoever awaits that task, as a rethrow hands it to
    /// the caller. Shared by the handling catches here and AG0004's catch inspection.
    /// </summary>
    internal static bool HandsToCompletionSource(IOperation operation, ILocalSymbol exception, bool wrapped) =>
        operation is IInvocationOperation { TargetMethod.Name: "SetException" or "TrySetException", Arguments.Length: 1 } call &&
        IsCompletionSource(call.TargetMethod.ContainingType) && CarriesCaught(call.Arguments[0].Value, exception, wrapped);

    private static bool IsCompletionSource(INamedTypeSymbol? type) =>
        type?.OriginalDefinition is { MetadataName: "TaskCompletionSource" or "TaskCompletionSource`1" } source &&
        source.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks";

    private static bool CarriesCaught(IOperation value, ILocalSymbol caught, bool wrapped)
    {
        var handed = TaskObservation.SkipImplicitConversions(value);
        if (handed is ILocalReferenceOperation local)
        {
            return SymbolEqualityComparer.Default.Equals(local.Local, caught);
        }

        if (wrapped && handed is IObjectCreationOperation creation)
        {
            foreach (var argument in creation.Arguments)
            {
                if (TaskObservation.SkipImplicitConversions(argument.Value) is ILocalReferenceOperation inner &&
                    SymbolEqualityComparer.Default.Equals(inner.Local, caught))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static ILocalSymbol? CaughtLocal(IOperation? declaration) =>
        declaration is IVariableDeclaratorOperation { Symbol: var local } ? local : null;

    /// <summary><c>if (e.IsFatal()) throw;</c>: the throw is the whole branch taken when the caught exception is fatal.</summary>
    private static bool IsGuardedByFatalTest(IThrowOperation thrown, ILocalSymbol caught, CalleeFaultFacts? callees)
    {
        IOperation branch = thrown.Parent is IExpressionStatementOperation statement ? statement : thrown;
        if (branch.Parent is IBlockOperation { Operations.Length: 1 } block)
        {
            branch = block;
        }

        return branch.Parent is IConditionalOperation guard && guard.WhenTrue == branch &&
               IsFatalTest(guard.Condition, caught, callees);
    }

    /// <summary>
    /// <c>when (!e.IsFatal())</c>, <c>when (!IsFatal(e))</c>, <c>when (!(e is OutOfMemoryException))</c>, and the positive forms
    /// <c>when (e.IsCatchableExceptionType())</c> (<see cref="CalleeFaultFacts.AdmitsAllButFatal"/>) and
    /// <c>when (e is not OutOfMemoryException)</c> (<see cref="CatchableExceptions.Admits"/>).
    /// </summary>
    private static bool IsNonFatalFilter(IOperation filter, IOperation? declaration, CalleeFaultFacts? callees)
    {
        if (CaughtLocal(declaration) is not { } caught)
        {
            return false;
        }

        if (filter is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, OperatorMethod: null } not && IsFatalTest(not.Operand, caught, callees))
        {
            return true;
        }

        if (filter is IInvocationOperation { Instance: null, Arguments.Length: 1 } call)
        {
            return callees is not null && CarriesCaught(call.Arguments[0].Value, caught, wrapped: false) &&
                   callees.AdmitsAllButFatal(call.TargetMethod);
        }

        return CatchableExceptions.Admits(filter, caught, typeLocal: null, callees is null ? CatchableExceptions.TypeOfOperand : callees.TypeNamedBy);
    }

    /// <summary>
    /// A test that is true only for fatal exceptions: a call of a method of the compilation that selects only them
    /// (<see cref="CalleeFaultFacts.SelectsOnlyFatal"/>) given the caught exception, or an inline type test of those types.
    /// </summary>
    private static bool IsFatalTest(IOperation condition, ILocalSymbol caught, CalleeFaultFacts? callees)
    {
        if (condition is IInvocationOperation { Arguments.Length: 1 } call)
        {
            return call.Instance is null && callees is not null && CarriesCaught(call.Arguments[0].Value, caught, wrapped: false) &&
                   callees.SelectsOnlyFatal(call.TargetMethod);
        }

        return FatalExceptions.Selects(condition, caught);
    }

    /// <summary>
    /// <c>if (flag) return;</c> (and, in a loop, <c>break;</c> or <c>continue;</c>) whose condition only reads locals, parameters,
    /// fields and properties.
    /// </summary>
    private static bool IsEarlyExitGuard(IOperation statement, bool insideLoop)
    {
        if (statement is not IConditionalOperation { WhenFalse: null } guard || !IsPlainRead(guard.Condition))
        {
            return false;
        }

        var whenTrue = guard.WhenTrue is IBlockOperation { Operations.Length: 1 } block ? block.Operations[0] : guard.WhenTrue;
        // `if (token.IsCancellationRequested) return (endpoint, false);`: a result made of plain values cannot throw either.
        return whenTrue is IReturnOperation { ReturnedValue: null } ||
               (whenTrue is IReturnOperation { ReturnedValue: { } result } && IsPlainRead(result)) ||
               (insideLoop && whenTrue is IBranchOperation { BranchKind: BranchKind.Break or BranchKind.Continue });
    }

    /// <summary>The call of a body that is only <c>Call(…);</c>, optionally followed by a bare <c>return;</c>; else null.</summary>
    internal static IInvocationOperation? OnlyCall(IBlockOperation body) =>
        body.Operations.Length is 1 or 2 &&
        body.Operations[0] is IExpressionStatementOperation { Operation: IInvocationOperation call } &&
        (body.Operations.Length == 1 || body.Operations[1] is IReturnOperation { ReturnedValue: null })
            ? call
            : null;

    /// <summary><c>var x = _options.Limit;</c>: locals whose values only read locals, parameters, fields and properties.</summary>
    private static bool IsPlainReadDeclaration(IOperation statement) => EveryInitializer(statement, static value => IsPlainRead(value));

    /// <summary>A declaration statement whose every initializer passes <paramref name="test"/>.</summary>
    private static bool EveryInitializer(IOperation statement, System.Func<IOperation, bool> test)
    {
        if (statement is not IVariableDeclarationGroupOperation group)
        {
            return false;
        }

        foreach (var declaration in group.Declarations)
        {
            foreach (var declarator in declaration.Declarators)
            {
                var initializer = declarator.Initializer ?? declaration.Initializer;
                if (initializer is not null && !test(initializer.Value))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// A statement that only logs: a call of a <c>[LoggerMessage]</c> method or of Microsoft.Extensions.Logging's
    /// <c>LoggerExtensions</c>/<c>ILogger.Log</c>, whose arguments only read values (or <c>Volatile.Read</c> them).
    /// </summary>
    private static bool IsLogCall(IOperation statement)
    {
        if (statement is not IExpressionStatementOperation { Operation: IInvocationOperation call } || !IsLoggingMethod(call.TargetMethod))
        {
            return false;
        }

        if (call.Instance is not null && !IsPlainRead(call.Instance))
        {
            return false;
        }

        foreach (var argument in call.Arguments)
        {
            if (!IsLogArgument(argument.Value))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLoggingMethod(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "LoggerMessageAttribute" } type && IsLoggingNamespace(type.ContainingNamespace))
            {
                return true;
            }
        }

        return method.ContainingType is { Name: "LoggerExtensions" or "ILogger" } container && IsLoggingNamespace(container.ContainingNamespace);
    }

    private static bool IsLoggingNamespace(INamespaceSymbol? ns) =>
        ns is
        {
            Name: "Logging",
            ContainingNamespace: { Name: "Extensions", ContainingNamespace: { Name: "Microsoft", ContainingNamespace.IsGlobalNamespace: true } },
        };

    private static bool IsLogArgument(IOperation value) => value switch
    {
        { ConstantValue.HasValue: true } or IDefaultValueOperation => true,
        IArrayCreationOperation { Initializer: { } initializer } => AllLogArguments(initializer.ElementValues),
        IArrayCreationOperation => true,
        IInterpolatedStringOperation interpolated => AllInterpolationsPlain(interpolated),
        IConversionOperation { OperatorMethod: null } conversion => IsLogArgument(conversion.Operand),
        IInvocationOperation { TargetMethod: { Name: "Read", ContainingType: { Name: "Volatile", ContainingNamespace.Name: "Threading" } } } => true,
        _ => IsPlainRead(value),
    };

    private static bool AllLogArguments(System.Collections.Immutable.ImmutableArray<IOperation> values)
    {
        foreach (var value in values)
        {
            if (!IsLogArgument(value))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllInterpolationsPlain(IInterpolatedStringOperation interpolated)
    {
        foreach (var part in interpolated.Parts)
        {
            if (part is IInterpolationOperation { Expression: var expression } && !IsLogArgument(expression))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Statements a background body starts with that cannot throw: <c>await Task.Yield();</c>, <c>Debug.Assert(flag)</c> (a
    /// <c>[Conditional]</c> check whose arguments only read values), <c>_reset ??= new CancellationTokenSource();</c> (a framework
    /// type made with constant arguments, into a local or a field of <c>this</c>), a library call that cannot throw
    /// (<c>Interlocked.Increment(ref count)</c>), a plain read stored into a local, parameter or field of <c>this</c>
    /// (<c>context = system.Root;</c>, <c>_started = DateTimeOffset.Now;</c>),
    /// and <c>if (flag) { … }</c> of those (garnet's replica sync tasks, protoactor's benchmark client).
    /// </summary>
    private static bool IsHarmlessPrelude(IOperation statement)
    {
        switch (statement)
        {
            case IBlockOperation block:
                foreach (var inner in block.Operations)
                {
                    if (!IsHarmlessPrelude(inner))
                    {
                        return false;
                    }
                }

                return true;
            case IConditionalOperation { WhenFalse: null } conditional:
                return IsPlainRead(conditional.Condition) && IsHarmlessPrelude(conditional.WhenTrue);
            case IExpressionStatementOperation { Operation: IInvocationOperation library } when IsNonThrowingLibraryCall(library):
                // `Interlocked.Increment(ref requestCount);` (protoactor's benchmark client counts its requests first).
                return true;
            case IExpressionStatementOperation
            {
                Operation: ISimpleAssignmentOperation
                {
                    Target: ILocalReferenceOperation or IParameterReferenceOperation or
                        IFieldReferenceOperation { Instance: IInstanceReferenceOperation },
                } store,
            }:
                // `if (context == null) context = cluster.System.Root;`: a default taken from a plain read.
                return IsPlainRead(store.Value);
            case IExpressionStatementOperation { Operation: IAwaitOperation { Operation: IInvocationOperation yield } }:
                return yield.TargetMethod is { Name: "Yield", IsStatic: true, ContainingType: { Name: "Task" } task } &&
                       task.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks";
            case IExpressionStatementOperation { Operation: IInvocationOperation { Instance: null } check }
                when check.TargetMethod.ContainingType is { Name: "Debug" } debug &&
                     debug.ContainingNamespace?.ToDisplayString() == "System.Diagnostics":
                foreach (var argument in check.Arguments)
                {
                    if (!IsLogArgument(argument.Value))
                    {
                        return false;
                    }
                }

                return true;
            case IExpressionStatementOperation { Operation: ICoalesceAssignmentOperation assignment }:
                return assignment.Target is ILocalReferenceOperation or IFieldReferenceOperation { Instance: IInstanceReferenceOperation } &&
                       assignment.Value is IObjectCreationOperation { Initializer: null, Constructor.ContainingType: { } made } creation &&
                       made.ContainingNamespace?.ToDisplayString().StartsWith("System", System.StringComparison.Ordinal) == true &&
                       AllConstant(creation.Arguments);
            default:
                return false;
        }
    }

    /// <summary>
    /// <c>if (abort) await this.TraceWrapperAsync(context, id, () =&gt; Abort(item));</c> (durabletask's work item dispatcher): awaits
    /// of calls on <c>this</c> (or static) whose callee cannot fault (non-virtual, <see cref="CalleeFaultFacts.CannotFault"/>), with
    /// arguments that only read values or make delegates, under <c>if (flag)</c> guards. In an async body; a callee that can only
    /// be cancelled ends it Canceled.
    /// </summary>
    private static bool AwaitsOnlyWhatCannotFault(IOperation statement, AsyncTypes types, CalleeFaultFacts? callees, int depth)
    {
        if (callees is null || depth > 3)
        {
            return false;
        }

        switch (statement)
        {
            case IBlockOperation block:
                foreach (var inner in block.Operations)
                {
                    if (!AwaitsOnlyWhatCannotFault(inner, types, callees, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            case IConditionalOperation { IsRef: false } branch when IsPlainRead(branch.Condition):
                return AwaitsOnlyWhatCannotFault(branch.WhenTrue, types, callees, depth + 1) &&
                       (branch.WhenFalse is null || AwaitsOnlyWhatCannotFault(branch.WhenFalse, types, callees, depth + 1));
            case IExpressionStatementOperation { Operation: IAwaitOperation { Operation: var awaited } }:
                if (TaskObservation.SkipImplicitConversions(awaited) is not { } value ||
                    TaskObservation.UnwrapConfigureAwait(value, types) is not IInvocationOperation call ||
                    call.Instance is not (null or IInstanceReferenceOperation) ||
                    call.TargetMethod is { IsVirtual: true } or { IsAbstract: true } ||
                    (call.TargetMethod.IsOverride && !call.TargetMethod.IsSealed && !call.TargetMethod.ContainingType.IsSealed))
                {
                    return false;
                }

                foreach (var argument in call.Arguments)
                {
                    if (argument.Parameter?.RefKind != RefKind.None ||
                        !(IsPlainRead(argument.Value) || argument.Value is IDelegateCreationOperation))
                    {
                        return false;
                    }
                }

                return callees.CannotFaultWithoutFollowingAwaits(call.TargetMethod);
            default:
                return false;
        }
    }

    /// <summary><c>var tasks = new Task[count];</c>: arrays whose sizes only read values.</summary>
    private static bool IsArrayDeclaration(IOperation statement) =>
        EveryInitializer(
            statement,
            static value => value is IArrayCreationOperation { Initializer: null } creation && AllPlain(creation.DimensionSizes));

    private static bool AllPlain(ImmutableArray<IOperation> values)
    {
        foreach (var value in values)
        {
            if (!IsPlainRead(value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <c>for (var i = 0; i &lt; count; i++) tasks[i] = Task.CompletedTask;</c> over an array declared earlier in
    /// <paramref name="statements"/> as <c>new T[count]</c> (or bounded by <c>tasks.Length</c>), storing a plain value: it
    /// stays inside the array.
    /// </summary>
    private static bool IsArrayFill(IOperation statement, ImmutableArray<IOperation> statements, int index)
    {
        if (statement is not IForLoopOperation
            {
                Before.Length: 1,
                Condition: IBinaryOperation
                {
                    OperatorKind: BinaryOperatorKind.LessThan, LeftOperand: ILocalReferenceOperation counter, RightOperand: var bound,
                },
                AtLoopBottom.Length: 1,
                Body: var loopBody,
            } loop ||
            loop.Before[0] is not IVariableDeclarationGroupOperation start ||
            loop.AtLoopBottom[0] is not IExpressionStatementOperation
            {
                Operation: IIncrementOrDecrementOperation { Target: ILocalReferenceOperation stepped } step,
            } ||
            step.Kind != OperationKind.Increment ||
            !SymbolEqualityComparer.Default.Equals(counter.Local, stepped.Local) ||
            !StartsAtZero(start, counter.Local))
        {
            return false;
        }

        var only = loopBody is IBlockOperation { Operations.Length: 1 } block ? block.Operations[0] : loopBody;
        if (only is not IExpressionStatementOperation
            {
                Operation: ISimpleAssignmentOperation
                {
                    Target: IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation array, Indices.Length: 1 } element,
                    Value: var stored,
                },
            } ||
            element.Indices[0] is not ILocalReferenceOperation indexed ||
            !SymbolEqualityComparer.Default.Equals(indexed.Local, counter.Local) || !IsPlainRead(stored))
        {
            return false;
        }

        if (bound is IPropertyReferenceOperation { Property.Name: "Length", Instance: ILocalReferenceOperation measured })
        {
            return SymbolEqualityComparer.Default.Equals(measured.Local, array.Local);
        }

        // Bounded by the size the array was created with, in an earlier statement of the same body.
        var boundSymbol = SymbolOf(bound);
        for (var i = 0; i < index && boundSymbol is not null; i++)
        {
            if (statements[i] is IVariableDeclarationGroupOperation group)
            {
                foreach (var declarator in group.GetDeclaredVariables())
                {
                    if (SymbolEqualityComparer.Default.Equals(declarator, array.Local))
                    {
                        return ArraySizeSymbol(group, array.Local) is { } size && SymbolEqualityComparer.Default.Equals(size, boundSymbol);
                    }
                }
            }
        }

        return false;
    }

    private static bool StartsAtZero(IVariableDeclarationGroupOperation start, ILocalSymbol counter)
    {
        foreach (var declaration in start.Declarations)
        {
            foreach (var declarator in declaration.Declarators)
            {
                if (SymbolEqualityComparer.Default.Equals(declarator.Symbol, counter) &&
                    declarator.Initializer?.Value.ConstantValue is { HasValue: true, Value: 0 })
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static ISymbol? ArraySizeSymbol(IVariableDeclarationGroupOperation group, ILocalSymbol array)
    {
        foreach (var declaration in group.Declarations)
        {
            foreach (var declarator in declaration.Declarators)
            {
                if (SymbolEqualityComparer.Default.Equals(declarator.Symbol, array) &&
                    declarator.Initializer?.Value is IArrayCreationOperation { DimensionSizes.Length: 1 } creation)
                {
                    return SymbolOf(creation.DimensionSizes[0]);
                }
            }
        }

        return null;
    }

    private static ISymbol? SymbolOf(IOperation operation) => operation switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IConversionOperation { OperatorMethod: null } conversion => SymbolOf(conversion.Operand),
        _ => null,
    };

    private static bool AllConstant(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (!argument.Value.ConstantValue.HasValue)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A call of a library method that cannot throw given plain operands: <c>Interlocked</c> and <c>Volatile</c>
    /// (<c>Interlocked.CompareExchange(ref _count, 0, count)</c>), the <c>Try…</c>/add methods of the lock-free concurrent
    /// collections (<c>_queue.TryDequeue(out var item)</c>), and <c>TaskCompletionSource</c>'s <c>TrySetResult</c>/<c>TrySetException</c>/
    /// <c>TrySetCanceled</c> (a framework exception made from plain values may be passed), <c>CancellationTokenSource.Dispose()</c>,
    /// <c>CancellationTokenRegistration.Dispose()</c>,
    /// a channel writer's <c>TryComplete</c>/<c>TryWrite</c>, <c>Random.Next…</c>, <c>TimeSpan.From…</c> of integers and a wait
    /// handle's <c>Set</c>/<c>Reset</c>, by their types' full names. Like a plain field read, a null (or disposed)
    /// receiver is not considered.
    /// </summary>
    internal static bool IsNonThrowingLibraryCall(IInvocationOperation call) => IsNonThrowingLibraryCall(call, allowCompletion: false);

    /// <param name="call">The call.</param>
    /// <param name="allowCompletion">Also <c>TaskCompletionSource</c>'s <c>SetResult</c>/<c>SetException</c>/<c>SetCanceled</c>, for a
    /// caller that has shown the source cannot be completed already.</param>
    internal static bool IsNonThrowingLibraryCall(IInvocationOperation call, bool allowCompletion)
    {
        var method = call.TargetMethod;
        var type = method.ContainingType?.OriginalDefinition;
        var known = (type?.ContainingNamespace?.ToDisplayString(), type?.MetadataName, method.IsStatic) switch
        {
            ("System.Threading", "Interlocked" or "Volatile", true) => true,
            ("System.Threading.Tasks", "TaskCompletionSource" or "TaskCompletionSource`1", false) =>
                method.Name is "TrySetResult" or "TrySetException" or "TrySetCanceled" ||
                (allowCompletion && method.Name is "SetResult" or "SetException" or "SetCanceled"),
            ("System.Threading", "CancellationTokenSource", false) =>
                (method.Name == "Dispose" && method.Parameters.IsEmpty) || method.Name == "CancelAfter",
            // `registration.Dispose()`: unregisters the callback (waiting for one that is running), never throws.
            ("System.Threading", "CancellationTokenRegistration", false) => method.Name == "Dispose",
            // A linked source over tokens: made, not waited on (a disposed source's token is the only failure, as for a read).
            ("System.Threading", "CancellationTokenSource", true) => method.Name == "CreateLinkedTokenSource",
            // `var logger = _factory.CreateLogger<AadAccessKey>();` before the handling try (azure-signalr): as safe as the log
            // calls a handling body may make.
            ("Microsoft.Extensions.Logging", "LoggerFactoryExtensions", true) or ("Microsoft.Extensions.Logging", "ILoggerFactory", false) =>
                method.Name == "CreateLogger",
            ("System.Threading.Channels", "ChannelWriter`1", false) => method.Name is "TryComplete" or "TryWrite",
            ("System", "Random", false) => method.Name is "Next" or "NextDouble" or "NextInt64",
            // `ContinueWith(t => done.Set())` on a `ManualResetEvent` (Rebus' async-wrapper tests): a wait handle's signal, which
            // fails only once the handle is disposed (as `CancelAfter` does).
            ("System.Threading", "EventWaitHandle" or "ManualResetEventSlim", false) => method.Name is "Set" or "Reset",
            // `while (Directory.Exists(path)) { try { Directory.Delete(path, true); return; } catch { … } }` (PuppeteerSharp's temp
            // directory): Exists answers false on any error, by contract.
            ("System.IO", "Directory" or "File", true) => method.Name == "Exists",
            ("System", "TimeSpan", true) => method.Name.StartsWith("From", System.StringComparison.Ordinal) && AllIntegral(call.Arguments),
            // `lock (_pending) { _pending.Remove(callback); }` (PuppeteerSharp's message queue): the list and set updates that
            // take any value, null included.
            ("System.Collections.Generic", "List`1" or "HashSet`1", false) => method.Name is "Add" or "Remove" or "Contains" or "Clear",
            ("System.Collections.Concurrent", "ConcurrentQueue`1", false) => method.Name is "TryDequeue" or "TryPeek" or "Enqueue",
            ("System.Collections.Concurrent", "ConcurrentStack`1", false) => method.Name is "TryPop" or "TryPeek" or "Push",
            ("System.Collections.Concurrent", "ConcurrentBag`1", false) => method.Name is "TryTake" or "TryPeek" or "Add",
            // `pending.TryAdd(i, circuit)` with a value-type key: no null key to reject (WalletWasabi's circuit pre-builder).
            ("System.Collections.Concurrent", "ConcurrentDictionary`2", false) =>
                method.Name is "TryAdd" or "TryRemove" or "TryGetValue" or "ContainsKey" or "TryUpdate" &&
                method.Parameters.Length > 0 && type is { TypeParameters.Length: 2 } dictionary &&
                SymbolEqualityComparer.Default.Equals(method.OriginalDefinition.Parameters[0].Type, dictionary.TypeParameters[0]) &&
                method.Parameters[0].Type.IsValueType,
            _ => false,
        };
        if (!known || (call.Instance is not null && !IsPlainRead(call.Instance)))
        {
            return false;
        }

        foreach (var argument in call.Arguments)
        {
            if (argument.Value is not IDeclarationExpressionOperation && !IsPlainRead(argument.Value) && !IsNewFrameworkException(argument.Value) &&
                // `CreateLinkedTokenSource(token)` binds to the `params` overload on .NET Standard 2.0.
                !(argument.ArgumentKind == ArgumentKind.ParamArray &&
                  argument.Value is IArrayCreationOperation { Initializer: { } elements } && AllPlainReads(elements.ElementValues)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>TimeSpan.FromSeconds(seconds)</c> with an <c>int</c>: no overflow, no NaN.</summary>
    private static bool AllIntegral(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            var value = argument.Value is IConversionOperation { OperatorMethod: null } conversion ? conversion.Operand : argument.Value;
            if (value.Type?.SpecialType is not (SpecialType.System_Int32 or SpecialType.System_Int16 or SpecialType.System_Byte))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>new TimeoutException()</c>, <c>new OperationCanceledException("…")</c>: a framework exception made from plain values.</summary>
    private static bool IsNewFrameworkException(IOperation value)
    {
        if (TaskObservation.SkipImplicitConversions(value) is not IObjectCreationOperation
            {
                Initializer: null, Constructor.ContainingType: { } made,
            } creation ||
            made.ContainingNamespace?.ToDisplayString().StartsWith("System", System.StringComparison.Ordinal) != true)
        {
            return false;
        }

        var isException = false;
        for (var type = made; type is not null && !isException; type = type.BaseType)
        {
            isException = type is { Name: "Exception", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
        }

        if (!isException)
        {
            return false;
        }

        foreach (var argument in creation.Arguments)
        {
            if (!IsPlainRead(argument.Value) && !IsLogArgument(argument.Value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <c>appendOnlyFile.GetVirtualSublogIdx(idx, taskIdx)</c> on plain operands, where the callee is a non-virtual method of source
    /// whose whole body is one expression of literals, names, member reads, parentheses and the operators that cannot throw
    /// (no call, division, index or cast): <c>=&gt; (sublogIdx * serverOptions.AofReplayTaskCount) + replayIdx</c>. As safe as a
    /// property read (garnet's replay task begins with one).
    /// </summary>
    private static bool IsPureComputationCall(IInvocationOperation call)
    {
        var method = call.TargetMethod;
        if (method is not { MethodKind: MethodKind.Ordinary, IsVirtual: false, IsAbstract: false, IsOverride: false, IsExtern: false,
                IsAsync: false, ReturnsVoid: false, ReturnsByRef: false } ||
            method.DeclaringSyntaxReferences.Length != 1 ||
            (call.Instance is not null && !IsPlainRead(call.Instance)) ||
            method.DeclaringSyntaxReferences[0].GetSyntax() is not MethodDeclarationSyntax declaration)
        {
            return false;
        }

        foreach (var argument in call.Arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Parameter?.RefKind != RefKind.None || !IsPlainRead(argument.Value))
            {
                return false;
            }
        }

        var expression = declaration.ExpressionBody?.Expression ??
                         (declaration.Body is { Statements.Count: 1 } body && body.Statements[0] is ReturnStatementSyntax { Expression: { } returned }
                             ? returned
                             : null);
        return expression is not null && IsPureSyntax(expression, depth: 0);
    }

    private static bool IsPureSyntax(ExpressionSyntax expression, int depth) => depth < 32 && expression switch
    {
        LiteralExpressionSyntax or IdentifierNameSyntax or ThisExpressionSyntax => true,
        ParenthesizedExpressionSyntax parenthesized => IsPureSyntax(parenthesized.Expression, depth + 1),
        MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } member =>
            IsPureSyntax(member.Expression, depth + 1),
        PrefixUnaryExpressionSyntax unary =>
            unary.Kind() is SyntaxKind.LogicalNotExpression or SyntaxKind.UnaryMinusExpression or SyntaxKind.UnaryPlusExpression
                or SyntaxKind.BitwiseNotExpression && IsPureSyntax(unary.Operand, depth + 1),
        BinaryExpressionSyntax binary =>
            binary.Kind() is not (SyntaxKind.DivideExpression or SyntaxKind.ModuloExpression or SyntaxKind.AsExpression or
                SyntaxKind.IsExpression or SyntaxKind.CoalesceExpression) &&
            IsPureSyntax(binary.Left, depth + 1) && IsPureSyntax(binary.Right, depth + 1),
        _ => false,
    };

    internal static bool IsPlainRead(IOperation operation) => operation switch
    {
        { ConstantValue.HasValue: true } or IDefaultValueOperation => true,
        // `new Random()`, `new object()`: a framework type's parameterless constructor.
        IObjectCreationOperation { Initializer: null, Arguments.Length: 0, Constructor.ContainingType: { } made } =>
            made.ContainingNamespace?.ToDisplayString().StartsWith("System", System.StringComparison.Ordinal) == true,
        IInvocationOperation call => IsNonThrowingLibraryCall(call) || IsPureComputationCall(call),
        ITupleOperation tuple => AllPlainReads(tuple.Elements),
        ILiteralOperation or ILocalReferenceOperation or IParameterReferenceOperation or IInstanceReferenceOperation => true,
        IFieldReferenceOperation field => field.Instance is null || IsPlainRead(field.Instance),
        IPropertyReferenceOperation { Arguments.Length: 0 } property => property.Instance is null || IsPlainRead(property.Instance),
        IUnaryOperation { OperatorMethod: null } unary => IsPlainRead(unary.Operand),
        IBinaryOperation { OperatorMethod: null } binary => IsPlainRead(binary.LeftOperand) && IsPlainRead(binary.RightOperand),
        IConversionOperation { OperatorMethod: null } conversion => IsPlainRead(conversion.Operand),
        _ => false,
    };

    private static bool AllPlainReads(ImmutableArray<IOperation> values)
    {
        foreach (var value in values)
        {
            if (!IsPlainRead(value))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsConstantDeclaration(IOperation statement) =>
        EveryInitializer(statement, static value => value.ConstantValue.HasValue);

    /// <summary><c>catch</c>, <c>catch (object)</c> or <c>catch (System.Exception)</c>.</summary>
    public static bool IsCatchAll(ITypeSymbol? type) =>
        type is null || type.SpecialType == SpecialType.System_Object ||
        type is { Name: "Exception", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary><c>OperationCanceledException</c> or a type derived from it (<c>TaskCanceledException</c>).</summary>
    private static bool IsCancellation(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current is
                {
                    Name: "OperationCanceledException", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true },
                })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An await (I/O that can fail) or a delegate call (a user's callback, unknown code) in a finally.</summary>
    private static bool ContainsAwaitOrCallback(IOperation operation)
    {
        foreach (var descendant in operation.DescendantsAndSelf())
        {
            if (descendant.Kind == OperationKind.Await ||
                descendant is IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke })
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsThrow(IOperation operation)
    {
        foreach (var descendant in operation.DescendantsAndSelf())
        {
            if (descendant.Kind == OperationKind.Throw)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>Task.Delay</c>, or <c>TimeProvider</c>'s <c>Delay</c> extension (<c>System.Threading.Tasks.TimeProviderTaskExtensions</c>,
    /// Foundatio's <c>SafeDelay</c>): a wait that completes or ends Canceled.
    /// </summary>
    internal static bool IsDelay(IMethodSymbol method, AsyncTypes types) =>
        TaskObservation.IsStaticMethodOf(method, types.Task, "Delay") ||
        (method is { IsStatic: true, Name: "Delay", ContainingType: { Name: "TimeProviderTaskExtensions" } extensions } &&
         extensions.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks");

    /// <summary>
    /// Statements that can only throw cancellation: <c>await Task.Delay(…)</c> and <c>token.ThrowIfCancellationRequested()</c>, with
    /// calls that cannot throw between them (<see cref="IsNonThrowingLibraryCall"/>: <c>tcs.TrySetException(new TimeoutException())</c>),
    /// and <c>if (flag) … else …</c> of those.
    /// </summary>
    private static bool CanOnlyBeCancelled(IBlockOperation block, AsyncTypes types)
    {
        foreach (var statement in block.Operations)
        {
            if (!CanOnlyBeCancelled(statement, types))
            {
                return false;
            }
        }

        return true;
    }

    internal static bool CanOnlyBeCancelled(IOperation statement, AsyncTypes types)
    {
        switch (statement)
        {
            case IBlockOperation block:
                return CanOnlyBeCancelled(block, types);
            case IConditionalOperation { IsRef: false } branches when IsPlainRead(branches.Condition):
                return CanOnlyBeCancelled(branches.WhenTrue, types) &&
                       (branches.WhenFalse is null || CanOnlyBeCancelled(branches.WhenFalse, types));
            case IExpressionStatementOperation { Operation: IAwaitOperation awaitOperation }:
                var awaited = TaskObservation.SkipImplicitConversions(awaitOperation.Operation);
                return awaited is not null &&
                       TaskObservation.UnwrapConfigureAwait(awaited, types) is IInvocationOperation delay &&
                       IsDelay(delay.TargetMethod, types);
            case IExpressionStatementOperation { Operation: IInvocationOperation completion } when IsNonThrowingLibraryCall(completion):
                // `readyPromise.TrySetException(new TimeoutException());` after the delay: a timeout watchdog (Discord.Net).
                return true;
            case IExpressionStatementOperation { Operation: IInvocationOperation { TargetMethod.Name: "ThrowIfCancellationRequested" } check }:
                return SymbolEqualityComparer.Default.Equals(check.TargetMethod.ContainingType, types.CancellationToken);
            default:
                return false;
        }
    }
}
