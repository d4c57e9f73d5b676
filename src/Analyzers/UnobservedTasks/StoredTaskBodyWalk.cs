namespace AsyncGuide.Analyzers;

/// <summary>
/// AG0002's facts about one operation tree (a method body, an initializer…): the task locals it
/// declares, whether each is given started work, and whether it is ever observed. Built in one walk
/// when the first task-typed local of the tree is analyzed, so bodies without one pay nothing.
/// </summary>
internal sealed class StoredTaskBodyWalk
{
    private readonly AsyncTypes _types;
    private readonly PlaceholderTasks _placeholders;
    private readonly Dictionary<ILocalSymbol, StoredTaskCandidate> _candidates = new(SymbolEqualityComparer.Default);
    private readonly List<StoredTaskCandidate> _forgotten = new();

    // Explicit returns and throws, with their function: a path that leaves before a stored task is observed.
    private readonly List<(IOperation Exit, IOperation? Function)> _exits = new();

    // Cold tasks (`var task = new Task<Task>(action);`) and the candidates unwrapped from them
    // (`var unwrapped = task.Unwrap();`): those run no work, so hold no failure, until the cold task is started.
    private Dictionary<ILocalSymbol, List<StoredTaskCandidate>>? _coldTasks;

    private StoredTaskBodyWalk(AsyncTypes types, PlaceholderTasks placeholders)
    {
        _types = types;
        _placeholders = placeholders;
    }

    /// <summary>What kind of candidate <paramref name="declarator"/> declares; the cheap test that decides whether the tree is walked.</summary>
    public static StoredTaskKind KindOf(IVariableDeclaratorOperation declarator, AsyncTypes types)
    {
        var local = declarator.Symbol;
        if (local is null || local.Name == "_" || local.IsUsing || local.RefKind != RefKind.None ||
            local.Type is null || local.Type.TypeKind == TypeKind.Error || declarator.Syntax is not VariableDeclaratorSyntax)
        {
            return StoredTaskKind.None;
        }

        return types.IsTask(local.Type) || types.IsValueTask(local.Type) ? StoredTaskKind.Task
            : IsTaskCollection(local.Type, types) ? StoredTaskKind.Collection
            : StoredTaskKind.None;
    }

    /// <summary>
    /// The AG0002 diagnostic for the local <paramref name="declarator"/> declares, or null when it is observed
    /// on every path we can follow: a task observed later but left behind by a return or throw in between is
    /// reported on that exit.
    /// </summary>
    public Diagnostic? DiagnosticFor(IVariableDeclaratorOperation declarator)
    {
        if (!_candidates.TryGetValue(declarator.Symbol, out var candidate) || !candidate.StartsWork)
        {
            return null;
        }

        if (candidate.Observed)
        {
            return LeavingExit(candidate) is { } exit
                ? Diagnostic.Create(
                    AG0002StoredTaskNeverObservedAnalyzer.Rule,
                    exit.Syntax.GetFirstToken().GetLocation(),
                    ImmutableArray.Create(candidate.Syntax.Identifier.GetLocation()),
                    properties: null,
                    candidate.Syntax.Identifier.ValueText,
                    AG0002StoredTaskNeverObservedAnalyzer.LeftBehindHere)
                : null;
        }

        // The other forgotten locals of the same block ride along so the fix can gather them together.
        List<Location>? others = null;
        foreach (var other in _forgotten)
        {
            if (other != candidate && other.Syntax.Parent?.Parent?.Parent == candidate.Syntax.Parent?.Parent?.Parent)
            {
                (others ??= new()).Add(other.Syntax.Identifier.GetLocation());
            }
        }

        return Diagnostic.Create(
            AG0002StoredTaskNeverObservedAnalyzer.Rule,
            candidate.Syntax.Identifier.GetLocation(),
            others,
            candidate.Syntax.Identifier.ValueText,
            AG0002StoredTaskNeverObservedAnalyzer.NeverObserved);
    }

    /// <summary>
    /// One pre-order walk that tracks the enclosing lambda or local function: candidates from declarators,
    /// verdicts from the references that follow (one met before its declarator, CS0841 in half-typed code, waits for the end).
    /// </summary>
    public static StoredTaskBodyWalk Build(IOperation root, AsyncTypes types, PlaceholderTasks placeholders)
    {
        var walk = new StoredTaskBodyWalk(types, placeholders);
        List<(ILocalReferenceOperation Reference, IOperation? Function)>? early = null;
        var pending = new Stack<(IOperation Operation, IOperation? Function)>(32); // sized for a typical body: no regrowth
        pending.Push((root, null));
        while (pending.Count > 0)
        {
            var (operation, function) = pending.Pop();
            switch (operation.Kind)
            {
                case OperationKind.AnonymousFunction:
                case OperationKind.LocalFunction:
                    function = operation;
                    break;
                case OperationKind.VariableDeclarator when operation is IVariableDeclaratorOperation declarator:
                    walk.OnDeclarator(declarator, function);
                    break;
                case OperationKind.Return when !operation.IsImplicit:
                case OperationKind.Throw:
                    walk._exits.Add((operation, function));
                    break;
                case OperationKind.LocalReference when operation is ILocalReferenceOperation reference:
                    if (walk._coldTasks is not null && walk._coldTasks.TryGetValue(reference.Local, out var unwrapped))
                    {
                        walk.OnColdTaskUse(reference, unwrapped);
                    }

                    if (walk._candidates.TryGetValue(reference.Local, out var candidate))
                    {
                        walk.Classify(reference, function, candidate);
                    }
                    else if (IsDeclaredLater(reference))
                    {
                        (early ??= new()).Add((reference, function));
                    }

                    break;
            }

            foreach (var child in operation.ChildOperations.Reverse())
            {
                pending.Push((child, function));
            }
        }

        if (early is not null)
        {
            foreach (var (reference, function) in early)
            {
                if (walk._candidates.TryGetValue(reference.Local, out var candidate))
                {
                    walk.Classify(reference, function, candidate);
                }
            }
        }

        walk.CollectForgotten();
        return walk;
    }

    /// <summary>
    /// The first return or throw of the candidate's function that a start of it (its declaration, an assignment
    /// further down) reaches before its first observation, not inside a try (a catch or finally there may observe or
    /// handle). A start reaches an exit that follows it in the text unless they sit in different branches of one
    /// <c>if</c>/<c>else</c> or <c>switch</c>. Tasks only: a collection is filled on the way, so an early exit may leave it empty.
    /// </summary>
    private IOperation? LeavingExit(StoredTaskCandidate candidate)
    {
        if (candidate.Kind != StoredTaskKind.Task || candidate.FirstObservation < 0 || candidate.Starts is not { } starts)
        {
            return null;
        }

        foreach (var (exit, function) in _exits)
        {
            var position = exit.Syntax.SpanStart;
            if (!ReferenceEquals(function, candidate.Function) || position >= candidate.FirstObservation ||
                exit.Syntax.Span.Contains(candidate.FirstObservation) || IsInsideTry(exit, function) ||
                FailsTheTest(exit, function))
            {
                continue;
            }

            foreach (var start in starts)
            {
                if (start.Syntax.Span.End <= position && !AreExclusive(start, exit))
                {
                    return exit;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// A throw in the body of a test method or of another method of a test class (a set-up such as xUnit's
    /// <c>InitializeAsync</c>), or in a lambda a throw assertion runs there (<c>await Assert.ThrowsAsync&lt;X&gt;(async () =&gt;
    /// { …; throw new TimeoutException(); … })</c>): it fails the test, which is what the test reports (EasyNetQ's request tests
    /// throw a <c>TimeoutException</c> when a wait times out, then await the request). Throws in other lambdas leave the lambda
    /// only.
    /// </summary>
    private static bool FailsTheTest(IOperation exit, IOperation? function) =>
        exit.Kind == OperationKind.Throw && (function is null || IsRunByAThrowAssertion(function)) &&
        exit.SemanticModel is { } model && model.GetEnclosingSymbol(function?.Syntax.SpanStart ?? exit.Syntax.SpanStart) is IMethodSymbol method &&
        TestFrameworkApis.IsInTestClass(method);

    private static bool IsRunByAThrowAssertion(IOperation function)
    {
        var current = function.Parent;
        while (current is IDelegateCreationOperation or IConversionOperation)
        {
            current = current.Parent;
        }

        return function.Kind == OperationKind.AnonymousFunction && current is IArgumentOperation { Parent: IInvocationOperation call } &&
               TestFrameworkApis.ExpectsSynchronousThrow(call.TargetMethod);
    }

    /// <summary>
    /// <paramref name="start"/> and <paramref name="exit"/> sit in different branches of one <c>if</c>/<c>else</c>
    /// (or of one <c>switch</c>): no path runs both.
    /// </summary>
    private static bool AreExclusive(IOperation start, IOperation exit)
    {
        var exitSpan = exit.Syntax.Span;
        IOperation child = start;
        for (var parent = start.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            if (!parent.Syntax.Span.Contains(exitSpan))
            {
                continue;
            }

            // The nearest operation holding both: exclusive when the exit is in a branch other than the start's.
            return parent switch
            {
                IConditionalOperation conditional =>
                    (ReferenceEquals(child, conditional.WhenTrue) && conditional.WhenFalse is { } whenFalse &&
                     whenFalse.Syntax.Span.Contains(exitSpan)) ||
                    (ReferenceEquals(child, conditional.WhenFalse) && conditional.WhenTrue.Syntax.Span.Contains(exitSpan)),
                ISwitchOperation => child is ISwitchCaseOperation && !child.Syntax.Span.Contains(exitSpan),
                _ => false,
            };
        }

        return false;
    }

    private static bool IsInsideTry(IOperation exit, IOperation? function)
    {
        for (var parent = exit.Parent; parent is not null && parent != function; parent = parent.Parent)
        {
            if (parent.Kind == OperationKind.Try)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A reference written before its local's declaration: a compile error (CS0841), but the IDE analyzes it.</summary>
    private static bool IsDeclaredLater(ILocalReferenceOperation reference) =>
        reference.Local.Locations is { Length: > 0 } locations && locations[0].SourceSpan.Start > reference.Syntax.SpanStart;

    private void OnDeclarator(IVariableDeclaratorOperation declarator, IOperation? function)
    {
        var kind = KindOf(declarator, _types);
        if (kind == StoredTaskKind.None)
        {
            return;
        }

        var candidate = new StoredTaskCandidate(kind, (VariableDeclaratorSyntax)declarator.Syntax, function);
        var value = TaskObservation.SkipImplicitConversions(declarator.Initializer?.Value);
        if (kind == StoredTaskKind.Task && value is IObjectCreationOperation { Type: var created } && _types.IsTask(created))
        {
            (_coldTasks ??= new(SymbolEqualityComparer.Default))[declarator.Symbol] = new List<StoredTaskCandidate>();
        }
        else if (kind == StoredTaskKind.Task && ColdTaskUnwrapped(value) is { } cold)
        {
            // Given work where the cold task is started (see OnColdTaskUse), not here.
            cold.Add(candidate);
        }
        else if (kind == StoredTaskKind.Task ? IsStartedWork(value) : CollectionInitializerStartsWork(value))
        {
            candidate.StartsWork = true;
            candidate.AddStart(declarator);
        }

        _candidates[declarator.Symbol] = candidate;
    }

    /// <summary>The unwrapped candidates of a cold task local, for <c>cold.Unwrap()</c>; null for any other value.</summary>
    private List<StoredTaskCandidate>? ColdTaskUnwrapped(IOperation? value)
    {
        if (_coldTasks is null || value is not IInvocationOperation { TargetMethod.Name: "Unwrap" } unwrap ||
            ReceiverOf(unwrap) is not ILocalReferenceOperation { Local: var local } ||
            !_coldTasks.TryGetValue(local, out var unwrapped))
        {
            return null;
        }

        return unwrapped;
    }

    /// <summary>
    /// A use of a cold task local other than <c>.Unwrap()</c>: <c>Start</c>, <c>RunSynchronously</c>, or handing it on
    /// (where it may be started). From here on, what was unwrapped from it runs work that can fail.
    /// </summary>
    private void OnColdTaskUse(ILocalReferenceOperation reference, List<StoredTaskCandidate> unwrapped)
    {
        var parent = reference.Parent is IArgumentOperation argument ? argument.Parent : reference.Parent;
        if (unwrapped.Count == 0 ||
            (parent is IInvocationOperation { TargetMethod.Name: "Unwrap" } unwrap && ReferenceEquals(ReceiverOf(unwrap), reference)))
        {
            return;
        }

        foreach (var candidate in unwrapped)
        {
            candidate.StartsWork = true;
            candidate.AddStart(parent ?? reference);
        }
    }

    /// <summary>The receiver of a call: its instance, or the first argument of an extension method in reduced form.</summary>
    private static IOperation? ReceiverOf(IInvocationOperation invocation) =>
        TaskObservation.SkipImplicitConversions(TaskObservation.ReceiverOf(invocation));

    private void CollectForgotten()
    {
        foreach (var candidate in _candidates.Values)
        {
            if (candidate.StartsWork && !candidate.Observed)
            {
                _forgotten.Add(candidate);
            }
        }

        _forgotten.Sort((a, b) => a.Syntax.SpanStart.CompareTo(b.Syntax.SpanStart));
    }

    private void Classify(ILocalReferenceOperation reference, IOperation? function, StoredTaskCandidate candidate)
    {
        // Once observed from a lambda, the order of observations no longer matters.
        if (candidate.Observed && candidate.FirstObservation < 0)
        {
            return;
        }

        // Read from a lambda or local function: we cannot follow it, so it counts as observed.
        if (!ReferenceEquals(function, candidate.Function))
        {
            candidate.Observed = true;
            candidate.FirstObservation = -1;
            return;
        }

        var parent = reference.Parent;
        if (parent is ISimpleAssignmentOperation assignment && assignment.Target == reference)
        {
            if (candidate.Kind == StoredTaskKind.Task
                    ? IsStartedWork(TaskObservation.SkipImplicitConversions(assignment.Value))
                    : CollectionInitializerStartsWork(TaskObservation.SkipImplicitConversions(assignment.Value)))
            {
                candidate.StartsWork = true;
                candidate.AddStart(assignment);
            }

            return;
        }

        if (candidate.Kind == StoredTaskKind.Task)
        {
            // `_ = t;` silences the compiler, not the failure: discarding a local is not observing it.
            // `Debug.Assert(t.IsCompleted)` is the author's claim that the work is done here: accepted (see IsAssertedTrue), and so is
            // a test's `t.IsCompleted.Should().BeTrue()` (elastic-apm's timer tests).
            if (parent is IPropertyReferenceOperation { Property.Name: "Id" } ||
                (parent is IPropertyReferenceOperation { Property.Name: "IsCompleted" } completed &&
                 !TestFrameworkApis.IsAssertedTrue(completed) && !IsThrownUnlessTrue(completed) &&
                 TestFrameworkApis.FluentAssertionOn(completed, "BeTrue") is null) ||
                (parent is ISimpleAssignmentOperation { Target: IDiscardOperation } discard && discard.Value == reference))
            {
                return;
            }
        }
        else if (IsFilledOrCounted(reference, parent))
        {
            return;
        }

        if (candidate.Observed)
        {
            return;
        }

        candidate.Observed = true;
        candidate.FirstObservation = reference.Syntax.SpanStart;
    }

    /// <summary>
    /// <c>if (!t.IsCompleted) throw new Exception("…");</c>: the same claim as an assertion, made by a guard whose only statement
    /// throws (durabletask's orchestration tests check that a fire-and-forget sub-orchestration completed at once).
    /// </summary>
    private static bool IsThrownUnlessTrue(IOperation condition)
    {
        var current = condition;
        while (current.Parent is IParenthesizedOperation or IConversionOperation { OperatorMethod: null })
        {
            current = current.Parent;
        }

        if (current.Parent is not IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, OperatorMethod: null } not ||
            not.Parent is not IConditionalOperation { WhenFalse: null } guard || guard.Condition != not)
        {
            return false;
        }

        var only = guard.WhenTrue is IBlockOperation { Operations.Length: 1 } block ? block.Operations[0] : guard.WhenTrue;
        return only is IThrowOperation or IExpressionStatementOperation { Operation: IThrowOperation };
    }

    /// <summary><c>list.Add(StartAsync())</c>, <c>array[i] = StartAsync()</c>, <c>list.Count</c>: not observations.</summary>
    private bool IsFilledOrCounted(ILocalReferenceOperation reference, IOperation? parent)
    {
        if (parent is IInvocationOperation { TargetMethod.Name: "Add" or "Insert" or "Enqueue" or "Push" or "AddLast" or "AddFirst" } add &&
            add.Instance == reference)
        {
            foreach (var argument in add.Arguments)
            {
                MarkIfStartsWork(reference.Local, argument.Value);
            }

            return true;
        }

        if (parent is IPropertyReferenceOperation { Property: { IsIndexer: false, Name: "Count" or "Length" } })
        {
            return true;
        }

        if (parent is IPropertyReferenceOperation { Property.IsIndexer: true } or IArrayElementReferenceOperation &&
            parent.Parent is ISimpleAssignmentOperation store && store.Target == parent)
        {
            MarkIfStartsWork(reference.Local, store.Value);
            return true;
        }

        return false;
    }

    private void MarkIfStartsWork(ILocalSymbol local, IOperation value)
    {
        if (IsStartedWork(TaskObservation.SkipImplicitConversions(value)))
        {
            _candidates[local].StartsWork = true;
        }
    }

    /// <summary>
    /// A call producing an awaitable that can still fault: not an already-completed task, not WhenAny's winner, not a wait
    /// that ends only when signalled or cancelled (<see cref="SignalWaits.HoldsNoFailure"/>).
    /// </summary>
    private bool IsStartedWork(IOperation? value)
    {
        while (value is IConditionalAccessOperation conditional)
        {
            value = conditional.WhenNotNull;
        }

        if (value is not IInvocationOperation invocation || TaskObservation.IsUnbound(invocation))
        {
            return false;
        }

        var core = TaskObservation.UnwrapConfigureAwait(invocation, _types) as IInvocationOperation ?? invocation;
        var method = core.TargetMethod;
        return !TaskObservation.ReturnsTaskThatNeedsNoObserver(method, _types) &&
               !(method.IsStatic && method.Name is "FromException" or "WhenAny") &&
               !SignalWaits.HoldsNoFailure(core) &&
               !_placeholders.CannotLoseAFailure(core);
    }

    private bool CollectionInitializerStartsWork(IOperation? value)
    {
        switch (value)
        {
            case IArrayCreationOperation { Initializer: { } arrayInitializer }:
                foreach (var element in arrayInitializer.ElementValues)
                {
                    if (IsStartedWork(TaskObservation.SkipImplicitConversions(element)))
                    {
                        return true;
                    }
                }

                return false;
            case IObjectCreationOperation { Initializer: { } objectInitializer }:
                foreach (var initializer in objectInitializer.Initializers)
                {
                    if (initializer is IInvocationOperation add)
                    {
                        foreach (var argument in add.Arguments)
                        {
                            if (IsStartedWork(TaskObservation.SkipImplicitConversions(argument.Value)))
                            {
                                return true;
                            }
                        }
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>Only collections this method creates: arrays and generic collections of tasks.</summary>
    private static bool IsTaskCollection(ITypeSymbol type, AsyncTypes types) => type switch
    {
        IArrayTypeSymbol array => types.IsTask(array.ElementType),
        INamedTypeSymbol { Name: "List" or "HashSet" or "Queue" or "Stack" or "LinkedList", IsGenericType: true, TypeArguments.Length: 1 } named =>
            named.ContainingNamespace is
            {
                Name: "Generic",
                ContainingNamespace: { Name: "Collections", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } },
            } &&
            types.IsTask(named.TypeArguments[0]),
        _ => false,
    };
}
