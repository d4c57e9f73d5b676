using System.Collections.Concurrent;

namespace AsyncGuide.Analyzers;

/// <summary>
/// The decision behind AG0001, made once per compilation. What the fix needs (the shape of the
/// dropped value, the neighbouring drops it can gather with) travels in the diagnostic.
/// </summary>
internal sealed class DroppedTaskDetector
{
    private readonly AsyncTypes _types;
    private readonly AnalyzerConfigOptionsProvider _options;
    private readonly PlaceholderTasks _placeholders;
    private readonly ExistingTaskCallees _existing;

    // Null when the compilation references no mocking library: production code pays nothing.
    private readonly OperationTreeCache<MockVerificationFacts>? _verifications;
    private readonly OperationTreeCache<TestWaitFacts> _testWaits;

    // Parsed once per syntax tree: the option can differ per folder.
    private readonly ConcurrentDictionary<SyntaxTree, HashSet<string>> _fireAndForgetByTree = new();

    private readonly System.Func<SyntaxTree, HashSet<string>> _parseFireAndForgetOption;

    public DroppedTaskDetector(Compilation compilation, AsyncTypes types, AnalyzerConfigOptionsProvider options)
    {
        _types = types;
        _options = options;
        _testWaits = new OperationTreeCache<TestWaitFacts>(root => TestWaitFacts.Build(root, types));
        _parseFireAndForgetOption = ParseFireAndForgetOption;
        _placeholders = new PlaceholderTasks(compilation, types);
        _existing = ExistingTaskCallees.For(compilation);
        if (TypeLookup.For(compilation).Find("NSubstitute.SubstituteExtensions") is not null ||
            TypeLookup.For(compilation).Find("Moq.Mock") is not null ||
            TypeLookup.For(compilation).Find("FakeItEasy.A") is not null)
        {
            _verifications = new OperationTreeCache<MockVerificationFacts>(MockVerificationFacts.Build);
        }
    }

    public void AnalyzeExpressionStatement(OperationAnalysisContext context)
    {
        var statement = (IExpressionStatementOperation)context.Operation;
        var dropped = statement.Operation;
        if (dropped is ISimpleAssignmentOperation { Target: IDiscardOperation } discard)
        {
            dropped = discard.Value;
        }

        // No delegate from context.ReportDiagnostic here: it would box the context for every statement.
        if (DiagnosticIfDropped(dropped) is { } diagnostic)
        {
            context.ReportDiagnostic(diagnostic);
        }
    }

    /// <summary>
    /// <c>var _ = SendAsync();</c> declares a local, not a discard: dropped when nothing reads it.
    /// Such locals are rare, so only their declarator triggers the walk for reads.
    /// </summary>
    public void AnalyzeUnderscoreLocal(OperationAnalysisContext context)
    {
        var declarator = (IVariableDeclaratorOperation)context.Operation;
        if (declarator.Symbol is not { Name: "_", IsUsing: false } local || declarator.Initializer is not { } initializer)
        {
            return;
        }

        IOperation current = declarator;
        while (current.Parent is { } parent)
        {
            current = parent;
        }

        foreach (var operation in current.Descendants())
        {
            if (operation.Kind == OperationKind.LocalReference &&
                SymbolEqualityComparer.Default.Equals(((ILocalReferenceOperation)operation).Local, local))
            {
                return;
            }
        }

        if (DiagnosticIfDropped(initializer.Value) is { } diagnostic)
        {
            context.ReportDiagnostic(diagnostic);
        }
    }

    private Diagnostic? DiagnosticIfDropped(IOperation? dropped)
    {
        if (FindDroppedAwaitable(dropped) is not { } location || DroppedCall(TaskObservation.SkipImplicitConversions(location)!) is not { } call)
        {
            return null;
        }

        // Name the call that started the work, not the ConfigureAwait around it.
        var named = TaskObservation.UnwrapConfigureAwait(call, _types) as IInvocationOperation ?? call;
        if (IsWholeBodyOfAVoidLambda(location) && TaskObservation.IsStaticMethodOf(named.TargetMethod, _types.Task, "Delay"))
        {
            return null;
        }

        var shape = DroppedShape.Of(location, _types);
        var run = shape.Gatherable && location.Parent is not IAwaitOperation ? GatherableNeighbours(location) : null;
        // A dropped `Task.Delay(1000);` in a retry loop holds no exception worth the name: what is lost is the wait itself.
        var consequence = TaskObservation.IsStaticMethodOf(named.TargetMethod, _types.Task, "Delay")
            ? "nothing waits for it"
            : "its exception is never observed";
        return Diagnostic.Create(
            AG0001DroppedTaskAnalyzer.Rule, location.Syntax.GetLocation(), run, shape.ToProperties(), named.TargetMethod.Name, consequence);
    }

    /// <summary>
    /// <c>queue.QueueTask(() =&gt; Task.Delay(1))</c> (Coravel's queue tests): an expression lambda handed to a <c>void</c>
    /// delegate, whose whole body is the dropped call. A dropped delay loses no failure, and here no statement comes after it
    /// that could have meant to wait: the lambda is a stand-in for work.
    /// </summary>
    private static bool IsWholeBodyOfAVoidLambda(IOperation dropped)
    {
        var statement = dropped.Parent;
        return statement is IExpressionStatementOperation &&
               statement.Parent is IBlockOperation { Operations.Length: var count, Parent: IAnonymousFunctionOperation lambda } body &&
               (count == 1 || (count == 2 && body.Operations[1] is IReturnOperation { ReturnedValue: null, IsImplicit: true })) &&
               lambda.Symbol.ReturnsVoid && lambda.Syntax is LambdaExpressionSyntax { ExpressionBody: not null };
    }

    /// <summary>
    /// The dropped Tasks of the statements right before and after the one holding <paramref name="dropped"/>
    /// in the same block, in order: the fix gathers the run into one await.
    /// </summary>
    private List<Location>? GatherableNeighbours(IOperation dropped)
    {
        IOperation statement = dropped;
        while (statement.Parent is { } parent && parent.Kind != OperationKind.Block)
        {
            statement = parent;
        }

        if (statement.Kind != OperationKind.ExpressionStatement || statement.Parent is not IBlockOperation block)
        {
            return null;
        }

        var operations = block.Operations;
        var index = operations.IndexOf(statement);
        var first = index;
        while (first > 0 && GatherableDrop(operations[first - 1]) is not null)
        {
            first--;
        }

        var last = index;
        while (last < operations.Length - 1 && GatherableDrop(operations[last + 1]) is not null)
        {
            last++;
        }

        if (first == last)
        {
            return null;
        }

        var run = new List<Location>(last - first);
        for (var i = first; i <= last; i++)
        {
            if (i != index)
            {
                run.Add(GatherableDrop(operations[i])!.Syntax.GetLocation());
            }
        }

        return run;
    }

    /// <summary>The dropped Task of an expression statement (<c>x;</c> or <c>_ = x;</c>) that can go into one WhenAll.</summary>
    private IOperation? GatherableDrop(IOperation statement)
    {
        if (statement is not IExpressionStatementOperation { Operation: { } dropped })
        {
            return null;
        }

        if (dropped is ISimpleAssignmentOperation { Target: IDiscardOperation } discard)
        {
            dropped = discard.Value;
        }

        return FindDroppedAwaitable(dropped) is { } location && location.Parent is not IAwaitOperation &&
               DroppedShape.Of(location, _types).Gatherable
            ? location
            : null;
    }

    /// <summary>
    /// The operation to squiggle when <paramref name="dropped"/> (the value a statement, discard or
    /// unread <c>_</c> local throws away) is a dropped awaitable; null when it is fine to drop.
    /// </summary>
    /// <summary>
    /// <c>Task.WhenAny(…)</c>, or its winner handed through a generic helper <c>Task&lt;T&gt; M&lt;T&gt;(Task&lt;T&gt; task, …)</c>
    /// (<c>await Task.WhenAny(started).WithTimeout(t)</c>): a method generic in an unconstrained T can only hand back the
    /// task it was given (or a default or cast value, which is no started work).
    /// </summary>
    private bool IsWhenAnyWinner(IOperation awaited, int depth)
    {
        if (TaskObservation.UnwrapConfigureAwait(awaited, _types) is not IInvocationOperation inner)
        {
            return false;
        }

        if (TaskObservation.IsWhenAny(inner.TargetMethod, _types))
        {
            return true;
        }

        var definition = inner.TargetMethod.OriginalDefinition;
        return depth < 3 &&
               definition.TypeParameters.Length == 1 &&
               definition.TypeParameters[0] is { ConstraintTypes.IsEmpty: true, HasConstructorConstraint: false } &&
               inner.Arguments.Length > 0 &&
               definition.Parameters.Length > 0 &&
               IsTaskOf(definition.Parameters[0].Type, definition.TypeParameters[0]) &&
               IsTaskOf(definition.ReturnType, definition.TypeParameters[0]) &&
               inner.Arguments[0].Parameter is { Ordinal: 0 } &&
               TaskObservation.SkipImplicitConversions(inner.Arguments[0].Value) is { } first &&
               IsWhenAnyWinner(first, depth + 1);
    }

    /// <summary>
    /// <c>await SendAsync().ContinueWith(_ =&gt; Task.CompletedTask)</c> (PuppeteerSharp's tests swallow an expected failure this
    /// way): the awaited <c>Task&lt;Task&gt;</c> of a <c>ContinueWith</c> or <c>StartNew</c> hands back what its lambda returned,
    /// and every return of that lambda is <c>Task.CompletedTask</c>, <c>Task.FromResult(…)</c> or <c>Task.FromCanceled(…)</c>:
    /// a completed task, nothing to observe.
    /// </summary>
    private bool HandsBackOnlyCompletedTasks(IOperation awaited) => HandedBackLambda(awaited) is { } lambda && ReturnsOnlyCompletedTasks(lambda);

    /// <summary>
    /// <c>await Task.Delay(10, token).ContinueWith(async _ =&gt; await Task.Delay(10, CancellationToken.None))</c> (NLog's async
    /// target tests): the inner task the awaited <c>Task&lt;Task&gt;</c> hands back is the lambda's, and the lambda cannot fault
    /// (<see cref="ObservingDelegates.LambdaCannotFault"/>). What the continuation continues is not what is dropped here.
    /// </summary>
    private bool HandsBackOnlyTasksThatCannotFault(IOperation awaited) =>
        HandedBackLambda(awaited) is { } lambda && _placeholders.Callees.Delegates.LambdaCannotFault(lambda);

    /// <summary>The lambda of an awaited <c>ContinueWith</c> or <c>StartNew</c> (of a task or task factory), or null.</summary>
    private IAnonymousFunctionOperation? HandedBackLambda(IOperation awaited)
    {
        if (TaskObservation.UnwrapConfigureAwait(awaited, _types) is not
                IInvocationOperation { TargetMethod: { Name: "ContinueWith" or "StartNew", ContainingType: { } owner } } call ||
            !(_types.IsTask(owner) || SymbolEqualityComparer.Default.Equals(owner.OriginalDefinition, _types.TaskFactory) ||
              owner.OriginalDefinition is { MetadataName: "TaskFactory`1" } factory &&
              SymbolEqualityComparer.Default.Equals(factory.ContainingNamespace, _types.TaskFactory?.ContainingNamespace)))
        {
            return null;
        }

        foreach (var argument in call.Arguments)
        {
            if (TaskObservation.SkipImplicitConversions(argument.Value) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda })
            {
                return lambda;
            }
        }

        return null;
    }

    private bool ReturnsOnlyCompletedTasks(IAnonymousFunctionOperation lambda)
    {
        if (lambda.Symbol.IsAsync)
        {
            return false;
        }

        var returns = 0;
        foreach (var operation in lambda.Body.Descendants())
        {
            if (operation is not IReturnOperation @return || !TaskObservation.IsDirectlyIn(@return, lambda.Body))
            {
                continue;
            }

            returns++;
            var value = TaskObservation.SkipImplicitConversions(@return.ReturnedValue);
            var completed = value switch
            {
                IPropertyReferenceOperation { Property: { Name: "CompletedTask", IsStatic: true } property } =>
                    SymbolEqualityComparer.Default.Equals(property.ContainingType, _types.Task),
                IInvocationOperation { TargetMethod: { Name: "FromResult" or "FromCanceled", IsStatic: true } factory } =>
                    SymbolEqualityComparer.Default.Equals(factory.ContainingType, _types.Task),
                _ => false,
            };
            if (!completed)
            {
                return false;
            }
        }

        return returns > 0;
    }

    private bool IsTaskOf(ITypeSymbol type, ITypeParameterSymbol parameter) =>
        type is INamedTypeSymbol { TypeArguments.Length: 1 } named &&
        SymbolEqualityComparer.Default.Equals(named.TypeArguments[0], parameter) &&
        _types.IsTask(named);

    public IOperation? FindDroppedAwaitable(IOperation? dropped)
    {
        dropped = TaskObservation.SkipImplicitConversions(dropped);
        if (dropped is null || TaskObservation.IsUnbound(dropped))
        {
            return null;
        }

        // `await StartNew(async () => ...)` / `await t.ContinueWith(async t => ...)`: the awaited
        // Task<Task> hands back the inner task, which is then dropped. WhenAny is AG0003's business.
        if (dropped is IAwaitOperation awaitOperation)
        {
            var awaited = TaskObservation.SkipImplicitConversions(awaitOperation.Operation);
            if (awaited is null || !_types.IsAwaitable(awaitOperation.Type) || IsWhenAnyWinner(awaited, depth: 0) ||
                HandsBackOnlyCompletedTasks(awaited) || HandsBackOnlyTasksThatCannotFault(awaited))
            {
                return null;
            }

            return DroppedCall(awaited) is { } awaitedCall && !IsExempt(awaitedCall) ? awaited : null;
        }

        var type = dropped.Type;
        if (dropped is IConditionalAccessOperation
            && type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return _types.IsAwaitable(type) && DroppedCall(dropped) is { } call && !IsExempt(call) ? dropped : null;
    }

    /// <summary>The invocation that produced the dropped value, looking through <c>?.</c>.</summary>
    internal static IInvocationOperation? DroppedCall(IOperation operation)
    {
        while (operation is IConditionalAccessOperation conditional)
        {
            operation = conditional.WhenNotNull;
        }

        return operation as IInvocationOperation;
    }

    private bool IsExempt(IInvocationOperation call)
    {
        var core = TaskObservation.UnwrapConfigureAwait(call, _types) as IInvocationOperation ?? call;
        var method = core.TargetMethod;

        // Already-completed tasks cannot fault; pass-through methods hand back an existing task, not new work.
        if (TaskObservation.ReturnsTaskThatNeedsNoObserver(method, _types))
        {
            return true;
        }

        // NSubstitute's `sub.Received().SendAsync();` (or `sub.Received().Repository.Forks.GetAll()`) verifies a call; it starts nothing.
        if (HasMockingReceiver(core))
        {
            return true;
        }

        // A configured helper, or a method of the compilation that only forwards to one (`Task CompleteAsync() =>
        // _ready.TrySetResultAsync(true);` with the extension's class configured).
        return IsConfiguredFireAndForget(method, core.Syntax.SyntaxTree) ||
               ForwardsToConfiguredFireAndForget(method, core.Syntax.SyntaxTree) ||
               HandsBackAnExistingTask(core) ||
               _placeholders.CannotLoseAFailure(core) ||
               IsWaitOnAPrivatePrimitive(core) ||
               IsInsideAnExpressionTree(core) ||
               IsRecordedByAMock(core) ||
               IsExpectedToThrowSynchronously(core) ||
               IsFollowedByMockVerification(core) ||
               IsCallOnAnInterfaceMock(core) ||
               IsProducerTheTestWaitsOn(core) ||
               IsCommandTheTestAssertsAfter(core) ||
               _testWaits.For(core).LastFinalizerWait > core.Syntax.Span.End;
    }

    /// <summary>
    /// A test's command on an object the test goes on driving: <c>_ = Page.Keyboard.PressAsync("ArrowLeft");</c> written in a
    /// test method's own body (not a lambda), followed by an awaited call on the same receiver (<c>await
    /// Page.Keyboard.TypeAsync("inserted ");</c>) and then an assertion of a test framework (PuppeteerSharp's keyboard tests, ported
    /// from a suite that fires key presses without waiting). If the command fails, its effect is missing and the assertion
    /// fails the test; the failure is reported less clearly, not lost. A drop in a handler lambda, one followed only by calls on
    /// other objects, or one with no assertion after is still reported.
    /// </summary>
    private bool IsCommandTheTestAssertsAfter(IInvocationOperation call)
    {
        if (call.Instance is null || call.TargetMethod.IsStatic || !IsInTestMethodBody(call))
        {
            return false;
        }

        return _testWaits.For(call).AwaitsOnTheSameReceiverThenAssertsAfter(call.Instance, call.Syntax.Span.End);
    }

    /// <summary>
    /// A chain of fields and properties (no indexer) down to a local, a parameter or <c>this</c>, with at least one member on
    /// <c>this</c> (the test class itself is no object the work acted on); not a task. Its root, or null.
    /// </summary>
    private IOperation? ReadBackRoot(IOperation value)
    {
        value = TaskObservation.SkipImplicitConversions(value)!;
        if (value.Type is null || _types.IsTask(value.Type) || _types.IsValueTask(value.Type))
        {
            return null;
        }

        for (var depth = 0; depth < 8; depth++)
        {
            switch (value)
            {
                case ILocalReferenceOperation or IParameterReferenceOperation:
                    return value;
                case IFieldReferenceOperation { Instance: { } owner }:
                    value = owner;
                    break;
                case IPropertyReferenceOperation { Arguments.IsEmpty: true, Instance: { } owner }:
                    value = owner;
                    break;
                case IInstanceReferenceOperation:
                    return depth > 0 ? value : null;
                default:
                    return null;
            }
        }

        return null;
    }

    private static bool IsInTestMethodBody(IOperation operation)
    {
        IOperation root = operation;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        return TaskObservation.IsDirectlyIn(operation, root) &&
               operation.SemanticModel?.GetEnclosingSymbol(operation.Syntax.SpanStart) is IMethodSymbol { MethodKind: MethodKind.Ordinary } method &&
               TestFrameworkApis.IsTestMethod(method);
    }

    /// <summary>
    /// A test's background producer: <c>_ = Task.Run(async () =&gt; { await Task.Delay(500); await queue.EnqueueAsync(item); });</c>
    /// whose lambda works on the test's own locals or parameters, in a body that after the drop awaits (the consumer's wait,
    /// <c>await queue.DequeueAsync(timeout)</c>) and then asserts (Foundatio's queue and timer tests). If the producer fails,
    /// the wait times out or comes back empty and the assertion fails the test: the failure is not lost, only reported less
    /// clearly. Outside a body that asserts (a test framework's <c>Assert</c>), the drop is reported, and so it is when no wait
    /// between the drop and the assertion has a time limit (<see cref="TestWaitFacts.BoundedAwaitThenAssertsAfter"/>) and the test
    /// has none either: the test would hang, not fail.
    /// </summary>
    private bool IsProducerTheTestWaitsOn(IInvocationOperation call)
    {
        if (TaskObservation.RunLambdaOf(call, _types) is not { } lambda || !UsesCapturedState(lambda))
        {
            return false;
        }

        // A wait without a time limit on what the producer never delivers hangs the test instead of failing it (round 12: the
        // MCP SDK's tests poll `client.CallToolWithPollingAsync(request, ct)` for the task their producer completes).
        // A producer of housekeeping only cannot fail, so it cannot hang the test either.
        var waits = _testWaits.For(call);
        var end = call.Syntax.Span.End;
        if (Asserts(lambda) && !IsReadBackAfter(lambda, waits, end))
        {
            return false;
        }

        return waits.BoundedAwaitThenAssertsAfter(end) ||
               (waits.AwaitsThenAssertsAfter(end) &&
                ((call.SemanticModel?.GetEnclosingSymbol(call.Syntax.SpanStart) is IMethodSymbol test && TestFrameworkApis.HasTimeLimit(test)) ||
                 _placeholders.IsHousekeepingOnly(lambda)));
    }

    /// <summary>
    /// The producer asserts itself (<c>if (!blockingFunctionEvent.Wait(5000)) { Assert.Fail("…"); }</c>, the Functions worker's
    /// tests): its assertion's failure is what the drop loses, whatever the test waits on after it; unless the test reads back
    /// what the producer works on (<see cref="IsReadBackAfter"/>).
    /// </summary>
    private static bool Asserts(IAnonymousFunctionOperation lambda)
    {
        foreach (var operation in lambda.Body.Descendants())
        {
            if (operation is IInvocationOperation call && TestFrameworkApis.IsAssertion(call.TargetMethod))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The producer works on an object the test then reads back in an assertion that expects an effect: <c>var success = await
    /// client.Stop(…); Assert.True(success);</c> in the lambda, then <c>var nativeClient = client.NativeClient; …
    /// Assert.Equal(WebSocketState.Closed, nativeClient.State);</c> after a bounded wait (Websocket.Client's tests). The producer's
    /// own assertion checks the work the test checks again through the object's state, so its failure is not lost.
    /// </summary>
    private bool IsReadBackAfter(IAnonymousFunctionOperation lambda, TestWaitFacts waits, int position)
    {
        var span = lambda.Syntax.Span;
        foreach (var operation in lambda.Body.Descendants())
        {
            if (operation is IInvocationOperation { Instance: { } instance } && ReadBackRoot(instance) is { } root &&
                !IsDeclaredInside(root, span) && waits.AssertsStateOfAfter(instance, position))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A local or parameter declared inside <paramref name="span"/> (the lambda's own, not the test's).</summary>
    private static bool IsDeclaredInside(IOperation root, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        var declared = root switch
        {
            ILocalReferenceOperation local => local.Local.DeclaringSyntaxReferences,
            IParameterReferenceOperation parameter => parameter.Parameter.DeclaringSyntaxReferences,
            _ => ImmutableArray<SyntaxReference>.Empty,
        };
        return declared.Length == 1 && span.Contains(declared[0].Span);
    }

    /// <summary>The lambda reads a local or parameter declared outside it: state it shares with the body that starts it.</summary>
    private static bool UsesCapturedState(IAnonymousFunctionOperation lambda)
    {
        var span = lambda.Syntax.Span;
        foreach (var operation in lambda.Body.Descendants())
        {
            var declared = operation switch
            {
                ILocalReferenceOperation local => local.Local.DeclaringSyntaxReferences,
                IParameterReferenceOperation parameter => parameter.Parameter.DeclaringSyntaxReferences,
                _ => ImmutableArray<SyntaxReference>.Empty,
            };
            if (declared.Length == 1 && !span.Contains(declared[0].Span))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>var queue = new DefaultAsyncWaitQueue&lt;object&gt;(); queue.Enqueue();</c>: a wait that holds no failure
    /// (<see cref="SignalWaits.HoldsNoFailure"/>, or a lock acquisition) on a primitive this body creates and never hands to
    /// other code: every other use of the local is as the receiver of a call or property, none inside a lambda or local
    /// function. Nothing else can signal it or be guarded by it, so the drop is set-up, not the missing <c>await</c> in front of
    /// a critical section that a dropped wait on a shared semaphore is. Walks the body only for such a drop.
    /// </summary>
    private static bool IsWaitOnAPrivatePrimitive(IInvocationOperation call)
    {
        if (TaskObservation.SkipImplicitConversions(call.Instance) is not ILocalReferenceOperation { Local: var local } ||
            !(SignalWaits.HoldsNoFailure(call) || SignalWaits.IsLockAcquisition(call)))
        {
            return false;
        }

        IOperation root = call;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        var createdHere = false;
        foreach (var operation in root.Descendants())
        {
            if (operation is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local))
            {
                createdHere = SkipConversions(declarator.Initializer?.Value) is IObjectCreationOperation;
            }
            else if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local) &&
                     (!IsOnlyAReceiver(reference) || IsInsideAFunction(reference, root)))
            {
                return false;
            }
        }

        return createdHere;
    }

    /// <summary>
    /// <c>MethodCall.For&lt;MessageContext&gt;(x =&gt; x.PersistHandledAsync())</c>: the lambda becomes an
    /// <c>Expression&lt;T&gt;</c>, a description of the call for code generation; nothing runs, nothing is dropped.
    /// </summary>
    private static bool IsInsideAnExpressionTree(IOperation call)
    {
        for (var parent = call.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent.Kind == OperationKind.AnonymousFunction)
            {
                for (var outer = parent.Parent; outer is IConversionOperation or IDelegateCreationOperation; outer = outer.Parent)
                {
                    if (outer.Type is INamedTypeSymbol { Name: "Expression", IsGenericType: true } expression &&
                        expression.ContainingNamespace?.ToDisplayString() == "System.Linq.Expressions")
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        return false;
    }

    private static IOperation? SkipConversions(IOperation? operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary><c>local.Call()</c> or <c>local.Property</c>, through conversions: the local is used, not handed on.</summary>
    private static bool IsOnlyAReceiver(ILocalReferenceOperation reference)
    {
        IOperation used = reference;
        while (used.Parent is IConversionOperation)
        {
            used = used.Parent;
        }

        return used.Parent switch
        {
            IInvocationOperation invocation => ReferenceEquals(invocation.Instance, used),
            IPropertyReferenceOperation property => ReferenceEquals(property.Instance, used),
            _ => false,
        };
    }

    private static bool IsInsideAFunction(IOperation operation, IOperation root)
    {
        for (var parent = operation.Parent; parent is not null && parent != root; parent = parent.Parent)
        {
            if (parent.Kind is OperationKind.AnonymousFunction or OperationKind.LocalFunction)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The receiver chain (through properties and calls) goes back to a mocking library call such as <c>Received()</c>.
    /// An extension method's receiver is its first argument: <c>connection.Received().GetResponse&lt;T&gt;(uri)</c>
    /// where <c>GetResponse&lt;T&gt;(this IConnection, Uri)</c> forwards to the verification proxy.
    /// </summary>
    private static bool HasMockingReceiver(IInvocationOperation call) =>
        TaskObservation.FindInReceiverChain(
            TaskObservation.ReceiverOf(call), static invocation => MockingApis.IsMockingLibrary(invocation.TargetMethod)) is not null;

    /// <summary>
    /// A call in a lambda handed to a mocking library (<c>sub.When(x =&gt; x.SendAsync())</c>,
    /// <c>Received.InOrder(() =&gt; …)</c>) is recorded, not run.
    /// </summary>
    private bool IsRecordedByAMock(IInvocationOperation call) =>
        _verifications is not null && MethodTakingEnclosingLambda(call) is { } library && MockingApis.IsMockingLibrary(library);

    /// <summary>
    /// A drop followed, in the same body, by a mocking library's verification call, or preceded by an
    /// argument capture (NSubstitute <c>Arg.Do</c>, Moq <c>Callback</c>, FakeItEasy <c>Invokes</c>) whose values the
    /// test then asserts: the code under test got a mock's placeholder task, and the test checks what was
    /// forwarded, not the completion. A call holding the capture in its arguments configures the mock.
    /// </summary>
    private bool IsFollowedByMockVerification(IInvocationOperation call)
    {
        if (_verifications is null)
        {
            return false;
        }

        var facts = _verifications.For(call);
        return facts.LastVerification > call.Syntax.SpanStart ||
               (facts.FirstCapture >= 0 && facts.FirstCapture < call.Syntax.Span.End) ||
               IsOnASubstitute(call, facts);
    }

    /// <summary>
    /// <c>new Mock&lt;IMongoCollection&lt;Person&gt;&gt;().Object.FindOneAndDeleteAsync(…)</c> (the MongoDB driver's overload-resolution
    /// test), or a call on a local holding <c>Substitute.For&lt;IRepo&gt;()</c>: the receiver is a library-made mock of an interface
    /// (<see cref="MockingApis.IsInterfaceMock"/>), whose member only records the call and hands back a placeholder. An extension
    /// method given the mock as its receiver can only reach the mock's members.
    /// </summary>
    private bool IsCallOnAnInterfaceMock(IInvocationOperation call)
    {
        var receiver = TaskObservation.ReceiverOf(call);
        return receiver is not null && MockingApis.IsInterfaceMock(receiver, local => _testWaits.For(call).IsWrittenAgain(local));
    }

    /// <summary>
    /// The call's receiver is an object the same body hands to a mocking library (<c>sutProvider.GetDependency&lt;IRepo&gt;()</c>
    /// with a <c>.ClearReceivedCalls()</c>, <c>.Received()</c> or <c>.Returns(…)</c> elsewhere): a substitute, whose calls return
    /// placeholder tasks. Matched by the receiver chain, type arguments included (another dependency is not one).
    /// </summary>
    private static bool IsOnASubstitute(IInvocationOperation call, MockVerificationFacts facts)
    {
        if (facts.Substitutes is not { } substitutes || call.TargetMethod.IsExtensionMethod)
        {
            return false;
        }

        return MockVerificationFacts.ReceiverKey(call.Instance) is { } key && substitutes.Contains(key);
    }

    private bool IsConfiguredFireAndForget(IMethodSymbol method, SyntaxTree tree)
    {
        var names = _fireAndForgetByTree.GetOrAdd(tree, _parseFireAndForgetOption);
        if (names.Count == 0)
        {
            return false;
        }

        var original = (method.ReducedFrom ?? method).OriginalDefinition;
        var typeName = original.ContainingType?.ToDisplayString(TypeNameFormat);
        return typeName is not null && (names.Contains(typeName) || names.Contains(typeName + "." + original.Name));
    }

    /// <summary>
    /// <c>AssignStateMachineTask(this.MethodBuilder.Task);</c>: a non-async method of the compilation that only returns tasks that
    /// already exist (<see cref="ExistingTaskCallees"/>), given only existing tasks (field, property or parameter reads). The task
    /// it hands back is owned elsewhere; no work is started here (Coyote's method builder).
    /// </summary>
    private bool HandsBackAnExistingTask(IInvocationOperation call)
    {
        foreach (var argument in call.Arguments)
        {
            if (_types.IsTask(argument.Value.Type) &&
                TaskObservation.SkipImplicitConversions(argument.Value) is not
                    (IFieldReferenceOperation or IPropertyReferenceOperation or IParameterReferenceOperation))
            {
                return false;
            }
        }

        return _existing.ReturnsExistingTasks(call, _types);
    }

    private bool ForwardsToConfiguredFireAndForget(IMethodSymbol method, SyntaxTree tree) =>
        _fireAndForgetByTree.GetOrAdd(tree, _parseFireAndForgetOption).Count > 0 &&
        _placeholders.Callees.ForwardedCallee(method) is { } forwarded && IsConfiguredFireAndForget(forwarded, tree);

    private HashSet<string> ParseFireAndForgetOption(SyntaxTree tree)
    {
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var part in AG0001DroppedTaskAnalyzer.FireAndForgetMethods.Read(_options.GetOptions(tree)))
        {
            var name = part.StartsWith("M:", System.StringComparison.Ordinal) || part.StartsWith("T:", System.StringComparison.Ordinal)
                ? part.Substring(2)
                : part;
            if (name.Length > 0)
            {
                names.Add(name);
            }
        }

        return names;
    }

    private static readonly SymbolDisplayFormat TypeNameFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.None);

    /// <summary>
    /// A drop inside a lambda handed to a test framework's <c>Assert.Throws</c> (xUnit, NUnit, MSTest): the
    /// test passes only when the call throws before returning a task, so no task is ever dropped.
    /// </summary>
    private static bool IsExpectedToThrowSynchronously(IInvocationOperation call) =>
        MethodTakingEnclosingLambda(call) is { } assertion && TestFrameworkApis.ExpectsSynchronousThrow(assertion);

    /// <summary>The method that the innermost lambda around <paramref name="call"/> is passed to; null when there is none.</summary>
    private static IMethodSymbol? MethodTakingEnclosingLambda(IInvocationOperation call)
    {
        for (var parent = call.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent.Kind == OperationKind.AnonymousFunction)
            {
                var outer = parent.Parent;
                while (outer is IDelegateCreationOperation or IConversionOperation or IArgumentOperation)
                {
                    outer = outer.Parent;
                }

                return (outer as IInvocationOperation)?.TargetMethod;
            }
        }

        return null;
    }
}
