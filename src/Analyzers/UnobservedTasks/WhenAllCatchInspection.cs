namespace AsyncGuide.Analyzers;

/// <summary>
/// AG0004's decision: does a catch handle an awaited WhenAll's first exception while nobody
/// looks at the others? Shared with the fix, which needs the same try, catch and WhenAll.
/// </summary>
internal static class WhenAllCatchInspection
{
    internal sealed class Finding
    {
        public Finding(
            IOperation squiggle,
            IInvocationOperation whenAll,
            ILocalSymbol? whenAllLocal,
            ITryOperation tryOperation,
            ICatchClauseOperation catchClause)
        {
            Squiggle = squiggle;
            WhenAll = whenAll;
            WhenAllLocal = whenAllLocal;
            Try = tryOperation;
            Catch = catchClause;
        }

        /// <summary>The WhenAll call, or the local holding it, as awaited.</summary>
        public IOperation Squiggle { get; }
        public IInvocationOperation WhenAll { get; }
        public ILocalSymbol? WhenAllLocal { get; }
        public ITryOperation Try { get; }
        public ICatchClauseOperation Catch { get; }
    }

    /// <summary>
    /// Where each local or parameter of the block is last read (writes excluded), built in one pass so
    /// that judging every awaited WhenAll stays linear in the size of the method.
    /// </summary>
    public static Dictionary<ISymbol, int> LastReads(IReadOnlyList<IOperation> reads)
    {
        var lastReads = new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default);
        foreach (var read in reads)
        {
            if (SymbolOf(read) is { } symbol &&
                !(read.Parent is ISimpleAssignmentOperation assignment && assignment.Target == read) &&
                (!lastReads.TryGetValue(symbol, out var last) || last < read.Syntax.SpanStart))
            {
                lastReads[symbol] = read.Syntax.SpanStart;
            }
        }

        return lastReads;
    }

    /// <summary>
    /// The checks of <see cref="Find"/> that need no facts about the body: false only when it would
    /// return null anyway (the awaited value is neither a WhenAll call nor a local, or no try with a catch holds the await).
    /// </summary>
    public static bool MayAwaitWhenAllInTry(IAwaitOperation awaitOperation, AsyncTypes types)
    {
        var operand = TaskObservation.SkipImplicitConversions(awaitOperation.Operation);
        if (operand is null)
        {
            return false;
        }

        var core = AwaitedCore(operand, types);
        return (core is ILocalReferenceOperation
                || (core is IInvocationOperation invocation && TaskObservation.IsWhenAll(invocation.TargetMethod, types))) &&
               EnclosingTry(awaitOperation) is not null;
    }

    /// <summary>
    /// The task an await waits on, through <c>ConfigureAwait</c> and <c>Task.WaitAsync</c> (<c>await Task.WhenAll(tasks).WaitAsync(ct)</c>,
    /// Aspire's executor: the wait's task completes with the same exceptions, and the await rethrows only the first).
    /// </summary>
    private static IOperation AwaitedCore(IOperation operand, AsyncTypes types)
    {
        var core = TaskObservation.UnwrapConfigureAwait(operand, types);
        if (core is IInvocationOperation { TargetMethod: { Name: "WaitAsync", IsStatic: false } wait, Instance: { } waited } &&
            types.IsTask(wait.ContainingType) && TaskObservation.SkipImplicitConversions(waited) is { } inner)
        {
            core = TaskObservation.UnwrapConfigureAwait(inner, types);
        }

        return core;
    }

    /// <param name="callees">When given, a WhenAll whose every gathered task comes from a callee that cannot fault is not reported.</param>
    public static Finding? Find(IAwaitOperation awaitOperation, WhenAllBodyFacts facts, AsyncTypes types, CalleeFaultFacts? callees = null)
    {
        var whenAllLocals = facts.WhenAllLocals;
        var lastReads = facts.LastReads;
        var operand = TaskObservation.SkipImplicitConversions(awaitOperation.Operation);
        if (operand is null)
        {
            return null;
        }

        IInvocationOperation? whenAll = null;
        ILocalSymbol? whenAllLocal = null;
        var core = AwaitedCore(operand, types);
        if (core is IInvocationOperation invocation && TaskObservation.IsWhenAll(invocation.TargetMethod, types))
        {
            whenAll = invocation;
        }
        else if (core is ILocalReferenceOperation local && whenAllLocals.TryGetValue(local.Local, out var stored))
        {
            whenAll = stored;
            whenAllLocal = local.Local;
        }

        if (whenAll is null || TaskObservation.IsUnbound(whenAll) || !GathersSeveral(whenAll, out var tracked) ||
            EnclosingTry(awaitOperation) is not { } tryOperation ||
            HandlingCatch(tryOperation, whenAll, facts) is not { } catchClause)
        {
            return null;
        }

        if (whenAllLocal is not null)
        {
            tracked.Add(whenAllLocal);
        }

        // Tasks or the WhenAll task looked at after the await (in the catch or later): not lost. When the
        // catch leaves, what follows the try runs on success only, where `.Result`/`await t` inspect no failure.
        var awaitEnd = awaitOperation.Syntax.Span.End;
        var tryEnd = tryOperation.Syntax.Span.End;
        var catchLeaves = EndsByReturning(catchClause.Handler);
        foreach (var symbol in tracked)
        {
            if (lastReads.TryGetValue(symbol, out var lastRead) && lastRead >= awaitEnd &&
                !(catchLeaves && lastRead >= tryEnd &&
                  (!facts.LastInspections.TryGetValue(symbol, out var lastInspection) || lastInspection < awaitEnd)))
            {
                return null;
            }
        }

        // Rare, so walked only for a finding: the exception kept in an outer local and thrown or returned later
        // (handed on, as a rethrow); or nothing gathered can fault, so the catch is for the try's other code.
        var root = Root(tryOperation);
        if (ForwardsThroughLocal(catchClause, root) || (callees is not null && NoGatheredTaskCanFault(whenAll, root, callees)) ||
            FindsFailedTasksThroughTheirSource(whenAll, catchClause))
        {
            return null;
        }

        return new Finding(core, whenAll, whenAllLocal, tryOperation, catchClause);
    }

    /// <summary>
    /// <c>var deps = names.Select(n =&gt; completions[n].Task); try { await Task.WhenAll(deps); } catch (Exception ex) { var failed =
    /// names.Where(n =&gt; completions[n].Task.IsFaulted); … }</c> (aspire's pipeline): the gathered tasks are selected out of a
    /// local the selector reads, and the catch reads <c>IsFaulted</c>, <c>Exception</c>, <c>Status</c> or <c>IsCanceled</c> of
    /// tasks reached through that same local: it finds every failure, not only the first. Walked only for a finding.
    /// </summary>
    private static bool FindsFailedTasksThroughTheirSource(IInvocationOperation whenAll, ICatchClauseOperation catchClause)
    {
        var sources = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var argument in whenAll.Arguments)
        {
            var value = Unconvert(argument.Value);
            var gathered = value is ILocalReferenceOperation ? InitializerOf(value!) : value;
            for (var depth = 0; depth < 6 && gathered is IInvocationOperation { TargetMethod.IsStatic: true } call && IsLinq(call.TargetMethod) &&
                                call.Arguments.Length > 0; depth++)
            {
                if (call.TargetMethod.Name == "Select" && call.Arguments.Length == 2 &&
                    Unconvert(call.Arguments[1].Value) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation selector })
                {
                    AddCapturedLocals(selector, sources);
                }

                gathered = Unconvert(call.Arguments[0].Value);
            }
        }

        if (sources.Count == 0)
        {
            return false;
        }

        foreach (var descendant in catchClause.Handler.Descendants())
        {
            if (descendant is IPropertyReferenceOperation
                {
                    Property.Name: "IsFaulted" or "Exception" or "Status" or "IsCanceled", Instance: { } task,
                } && task.Type is { } type && type.OriginalDefinition.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks" &&
                ReadsAny(task, sources))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Locals and parameters the selector reads that are declared outside it (the collection it picks tasks from).</summary>
    private static void AddCapturedLocals(IAnonymousFunctionOperation selector, HashSet<ISymbol> sources)
    {
        var span = selector.Syntax.Span;
        foreach (var descendant in selector.Body.Descendants())
        {
            ISymbol? symbol = descendant switch
            {
                ILocalReferenceOperation reference => reference.Local,
                IParameterReferenceOperation reference => reference.Parameter,
                _ => null,
            };
            if (symbol is { DeclaringSyntaxReferences.Length: 1 } && !span.Contains(symbol.DeclaringSyntaxReferences[0].Span))
            {
                sources.Add(symbol);
            }
        }
    }

    private static bool ReadsAny(IOperation operation, HashSet<ISymbol> symbols)
    {
        foreach (var descendant in operation.DescendantsAndSelf())
        {
            if ((descendant is ILocalReferenceOperation local && symbols.Contains(local.Local)) ||
                (descendant is IParameterReferenceOperation parameter && symbols.Contains(parameter.Parameter)))
            {
                return true;
            }
        }

        return false;
    }

    private static IOperation Root(IOperation operation)
    {
        while (operation.Parent is { } parent)
        {
            operation = parent;
        }

        return operation;
    }

    /// <summary>
    /// <c>failure = ex;</c> in the catch, to a local declared outside it, and that local is later thrown
    /// (<c>throw failure</c>, <c>ExceptionDispatchInfo.Capture(failure).Throw()</c>), returned (alone or in a tuple)
    /// or given to a <c>TaskCompletionSource</c>: the exception is handed on, as by a rethrow.
    /// </summary>
    private static bool ForwardsThroughLocal(ICatchClauseOperation clause, IOperation root)
    {
        if (clause.Locals.Length != 1)
        {
            return false;
        }

        HashSet<ILocalSymbol>? outers = null;
        foreach (var descendant in clause.Handler.Descendants())
        {
            if (descendant is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment &&
                Unconvert(assignment.Value) is ILocalReferenceOperation value &&
                SymbolEqualityComparer.Default.Equals(value.Local, clause.Locals[0]) &&
                !clause.Handler.Locals.Contains(target.Local))
            {
                (outers ??= new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default)).Add(target.Local);
            }
        }

        if (outers is null)
        {
            return false;
        }

        var handlerEnd = clause.Handler.Syntax.Span.End;
        foreach (var descendant in root.Descendants())
        {
            if (descendant is not ILocalReferenceOperation reference || reference.Syntax.SpanStart < handlerEnd ||
                !outers.Contains(reference.Local))
            {
                continue;
            }

            var use = reference.Parent;
            while (use is IConversionOperation or ITupleOperation)
            {
                use = use.Parent;
            }

            switch (use)
            {
                case IThrowOperation or IReturnOperation:
                    return true;
                case IArgumentOperation { Parent: IInvocationOperation call }
                    when call.TargetMethod is { Name: "Capture" or "Throw", ContainingType.Name: "ExceptionDispatchInfo" } ||
                         FailureHandling.HandsToCompletionSource(call, reference.Local, wrapped: false):
                    return true;
            }
        }

        return false;
    }

    private static IOperation? Unconvert(IOperation? operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>
    /// Every gathered task comes from a call to an async method of this compilation whose body handles its own
    /// failures (<see cref="CalleeFaultFacts"/>), or <c>Task.Run</c> of a lambda that handles its own: inline calls, a
    /// <c>Select</c> whose selector's task cannot fault, or a list local filled only by <c>Add(call)</c>; all but at most one.
    /// Then the WhenAll loses nothing and the catch serves other code.
    /// </summary>
    private static bool NoGatheredTaskCanFault(IInvocationOperation whenAll, IOperation root, CalleeFaultFacts callees) =>
        GatheredTasksCanFaultAtMost(whenAll, root, callees, 1);

    /// <summary>
    /// <c>=&gt; Task.WhenAll(_buses.Select(b =&gt; b.AutoStart(token)))</c> (SlimMessageBus' hybrid bus): every gathered task cannot
    /// fault (the shapes of <see cref="NoGatheredTaskCanFault"/>), so neither can the WhenAll.
    /// </summary>
    internal static bool GathersOnlyTasksThatCannotFault(IInvocationOperation whenAll, IOperation root, CalleeFaultFacts callees) =>
        GatheredTasksCanFaultAtMost(whenAll, root, callees, 0);

    private static bool GatheredTasksCanFaultAtMost(IInvocationOperation whenAll, IOperation root, CalleeFaultFacts callees, int allowed)
    {
        // One gathered task that can fault loses nothing either: its failure is the one the catch sees (IoT Edge's agent
        // gathers a shutdown whose callee handles everything but fatal exceptions with the report that can fail).
        var sawOne = false;
        var canFault = 0;
        foreach (var argument in whenAll.Arguments)
        {
            var value = Unconvert(argument.Value);
            if (TaskObservation.TryGetPackedElements(value, out var elements))
            {
                foreach (var element in elements)
                {
                    if (!CannotFault(Unconvert(element), callees))
                    {
                        canFault++;
                    }

                    sawOne = true;
                }
            }
            else if (value is ILocalReferenceOperation { Local: var list } && IsFilledOnlyWithSafeCalls(list, whenAll, root, callees))
            {
                sawOne = true;
            }
            else if (CopiedList(value) is { } copied && IsFilledOnlyWithSafeCalls(copied, whenAll, root, callees))
            {
                // `Task.WhenAll(pollTokenTasks.ToArray())` (botbuilder's token resolver): a copy of such a list.
                sawOne = true;
            }
            else if (value is ILocalReferenceOperation && InitializerOf(value) is IInvocationOperation made &&
                     (YieldsOnlySafeCalls(made, callees) || ProjectsOnlySafeTasks(made, callees)))
            {
                // `var tasks = clients.Select(id => ProcessAsync(id)); await Task.WhenAll(tasks);`: a local written only by its
                // declaration (IoT Edge's subscription processor, Aspire's NuGet search).
                sawOne = true;
            }
            else if (value is IInvocationOperation iterator &&
                     (YieldsOnlySafeCalls(iterator, callees) || ProjectsOnlySafeTasks(iterator, callees)))
            {
                sawOne = true;
            }
            else
            {
                return false;
            }
        }

        return sawOne && canFault <= allowed;
    }

    /// <summary><c>list.ToArray()</c>, <c>list.ToList()</c> (the list's own or System.Linq's) of a local: the local.</summary>
    private static ILocalSymbol? CopiedList(IOperation? value) =>
        value is IInvocationOperation { TargetMethod.Name: "ToArray" or "ToList" } copy &&
        Unconvert(TaskObservation.ReceiverOf(copy) ?? copy) is ILocalReferenceOperation { Local: var list } &&
        (copy.Instance is not null || copy.TargetMethod.ContainingType?.ContainingNamespace?.ToDisplayString() == "System.Linq")
            ? list
            : null;

    /// <summary>
    /// <c>Task.WhenAll(GetTasks())</c> where <c>GetTasks</c> is a local function of this tree that is an iterator whose every
    /// <c>yield return</c> is a call that cannot fault (jellyfin's periodic web-socket sender:
    /// <c>foreach (var tuple in tuples) yield return SendDataForConnectionAsync(tuple);</c>).
    /// </summary>
    private static bool YieldsOnlySafeCalls(IInvocationOperation iterator, CalleeFaultFacts callees)
    {
        if (iterator.TargetMethod is not { MethodKind: MethodKind.LocalFunction, DeclaringSyntaxReferences.Length: 1 } local ||
            iterator.SemanticModel is not { } model ||
            local.DeclaringSyntaxReferences[0].SyntaxTree != model.SyntaxTree ||
            model.GetOperation(local.DeclaringSyntaxReferences[0].GetSyntax()) is not ILocalFunctionOperation { Body: { } body })
        {
            return false;
        }

        var yields = 0;
        foreach (var operation in body.Descendants())
        {
            if (operation is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }

            if (operation is IReturnOperation { Kind: OperationKind.YieldReturn } yielded)
            {
                if (!CannotFault(Unconvert(yielded.ReturnedValue), callees))
                {
                    return false;
                }

                yields++;
            }
        }

        return yields > 0;
    }

    /// <summary>
    /// <c>var request = SendRequest(…); requests.Add(request);</c>: the call a task local was declared with, when nothing else
    /// assigns it (protoactor's cluster benchmark).
    /// </summary>
    private static IOperation? InitializerOf(IOperation value)
    {
        if (Unconvert(value) is not ILocalReferenceOperation { Local: { DeclaringSyntaxReferences.Length: 1 } local } reference ||
            reference.SemanticModel is not { } model ||
            local.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } initializer } declarator ||
            declarator.SyntaxTree != model.SyntaxTree)
        {
            return null;
        }

        // Written only by its declaration: no `request = …;`, `ref request` or `out request` in its scope.
        var scope = declarator.FirstAncestorOrSelf<BlockSyntax>();
        if (scope is null)
        {
            return null;
        }

        foreach (var node in scope.DescendantNodes())
        {
            if (node is IdentifierNameSyntax name && name.Identifier.ValueText == local.Name &&
                (name.Parent is AssignmentExpressionSyntax assignment && assignment.Left == name ||
                 name.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not 0 }))
            {
                return null;
            }
        }

        return Unconvert(model.GetOperation(initializer));
    }

    /// <summary>
    /// An async method of the compilation whose body handles its own failures: the family seen on real code. Non-async
    /// callees returning completed tasks are left out; they are mostly stubs standing for real work.
    /// </summary>
    private static bool CannotFault(IOperation? value, CalleeFaultFacts callees) => value switch
    {
        IInvocationOperation { TargetMethod.IsAsync: true } call => callees.CannotFault(call.TargetMethod),
        // `renew.ContinueWith(r => { if (r.IsFaulted) log(r.Exception); }, token)`: a continuation that observes its antecedent
        // and only keeps house (the Event Hubs partition manager's lease renewals).
        IInvocationOperation { TargetMethod.Name: "ContinueWith" } continuation => IsObservingContinuation(continuation, callees),
        // `Task.Run(async () => { try { … } catch (Exception e) { log } }, token)` (the Event Hubs partition manager).
        IInvocationOperation run => callees.RunsAHandlingLambda(run),
        _ => false,
    };

    private static bool IsObservingContinuation(IInvocationOperation continuation, CalleeFaultFacts callees)
    {
        if (continuation.Instance is null || continuation.Arguments.Length == 0 ||
            Unconvert(continuation.Arguments[0].Value) is not IDelegateCreationOperation
            {
                Target: IAnonymousFunctionOperation { Symbol: { IsAsync: false, Parameters.Length: > 0 } symbol } lambda,
            })
        {
            return false;
        }

        var antecedent = symbol.Parameters[0];
        var observes = false;
        foreach (var descendant in lambda.Body.Descendants())
        {
            if (descendant is IPropertyReferenceOperation
                {
                    Property.Name: "IsFaulted" or "Exception" or "Status", Instance: IParameterReferenceOperation reference,
                } && SymbolEqualityComparer.Default.Equals(reference.Parameter, antecedent))
            {
                observes = true;
                break;
            }
        }

        return observes && callees.Types is { } types && FailureHandling.IsHousekeeping(lambda.Body, types, callees);
    }

    /// <summary>
    /// <c>ids.Select(id =&gt; ProcessAsync(id))</c>, <c>sources.Select(async s =&gt; { try { … } catch (Exception e) { … } })</c> or
    /// <c>ids.Select(ProcessAsync)</c>, optionally through <c>ToList()</c>/<c>ToArray()</c>: LINQ's <c>Select</c> whose selector's
    /// task cannot fault (IoT Edge's subscription processor, Aspire's NuGet search).
    /// </summary>
    private static bool ProjectsOnlySafeTasks(IInvocationOperation call, CalleeFaultFacts callees)
    {
        if (call.TargetMethod is { Name: "ToList" or "ToArray", IsStatic: true } materialize && IsLinq(materialize) &&
            call.Arguments.Length == 1 && Unconvert(call.Arguments[0].Value) is IInvocationOperation inner)
        {
            call = inner;
        }

        if (call.TargetMethod is not { Name: "Select", IsStatic: true } select || !IsLinq(select) || call.Arguments.Length != 2 ||
            select.Parameters[1].Type is not INamedTypeSymbol { TypeArguments.Length: 2 })
        {
            return false;
        }

        return Unconvert(call.Arguments[1].Value) switch
        {
            IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } => callees.LambdaCannotFault(lambda),
            IDelegateCreationOperation { Target: IMethodReferenceOperation { Method.IsAsync: true } reference } =>
                callees.CannotFault(reference.Method),
            _ => false,
        };
    }

    private static bool IsLinq(IMethodSymbol method) =>
        method.ContainingType is { Name: "Enumerable", ContainingNamespace: { Name: "Linq", ContainingNamespace.Name: "System" } };

    /// <summary><c>var list = new List&lt;Task&gt;(…)</c>, then only <c>list.Add(call)</c> with calls that cannot fault.</summary>
    private static bool IsFilledOnlyWithSafeCalls(ILocalSymbol list, IInvocationOperation whenAll, IOperation root, CalleeFaultFacts callees)
    {
        var adds = 0;
        foreach (var descendant in root.Descendants())
        {
            if (descendant is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, list))
            {
                if (Unconvert(declarator.GetVariableInitializer()?.Value) is not IObjectCreationOperation { Initializer: null })
                {
                    return false;
                }

                continue;
            }

            if (descendant is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, list))
            {
                continue;
            }

            var parent = reference.Parent;
            while (parent is IConversionOperation)
            {
                parent = parent.Parent;
            }

            switch (parent)
            {
                case IInvocationOperation { TargetMethod.Name: "Add", Arguments.Length: 1 } add when add.Instance == reference:
                    if (!CannotFault(Unconvert(add.Arguments[0].Value), callees) && !CannotFault(InitializerOf(add.Arguments[0].Value), callees))
                    {
                        return false;
                    }

                    adds++;
                    break;
                case IArgumentOperation { Parent: var call } when call == whenAll:
                    break;
                // `if (pollTokenTasks.Any())`, `tasks.ToArray()` through System.Linq: reads, they add nothing.
                case IArgumentOperation { Parent: IInvocationOperation { TargetMethod.ContainingType: { Name: "Enumerable" } linq } }
                    when linq.ContainingNamespace?.ToDisplayString() == "System.Linq":
                    break;
                case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                    return false;
                case IArgumentOperation:
                    return false; // passed on: the callee might add to it
                default:
                    break; // read elsewhere (Count, foreach): adds nothing
            }
        }

        return adds > 0;
    }

    /// <summary>Two or more tasks (or a collection of unknown size); out: the locals/parameters passed.</summary>
    private static bool GathersSeveral(IInvocationOperation whenAll, out HashSet<ISymbol> tracked)
    {
        tracked = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var count = 0;
        foreach (var argument in whenAll.Arguments)
        {
            var value = TaskObservation.SkipImplicitConversions(argument.Value);
            if (TaskObservation.TryGetPackedElements(value, out var elements))
            {
                foreach (var element in elements)
                {
                    count++;
                    if (!Track(TaskObservation.SkipImplicitConversions(element), tracked))
                    {
                        return false;
                    }
                }
            }
            else
            {
                count += 2; // a collection: assume several
                if (!Track(value, tracked))
                {
                    return false;
                }
            }
        }

        return count >= 2;
    }

    /// <summary>Locals and parameters are followed; calls cannot be inspected later; anything else (fields…) we cannot judge.</summary>
    private static bool Track(IOperation? value, HashSet<ISymbol> tracked)
    {
        switch (value)
        {
            case ILocalReferenceOperation local:
                tracked.Add(local.Local);
                return true;
            case IParameterReferenceOperation parameter:
                tracked.Add(parameter.Parameter);
                return true;
            case IInvocationOperation or IObjectCreationOperation:
                return true;
            default:
                return false;
        }
    }

    private static ISymbol? SymbolOf(IOperation read) => read switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        _ => null,
    };

    /// <summary>The innermost try whose protected block holds the await, within the same function.</summary>
    private static ITryOperation? EnclosingTry(IOperation operation)
    {
        var child = operation;
        for (var parent = operation.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return null;
            }

            if (parent is ITryOperation tryOperation && child == tryOperation.Body)
            {
                return tryOperation.Catches.Length > 0 ? tryOperation : null;
            }
        }

        return null;
    }

    private static bool EndsByReturning(IBlockOperation handler) =>
        handler.Operations.Length > 0 && handler.Operations[handler.Operations.Length - 1] is IReturnOperation;

    /// <summary>
    /// The first <c>catch</c>/<c>catch (Exception ex)</c>, or a typed catch that every gathered call is known
    /// to throw (<see cref="EveryCallThrows"/>): reported only when it names the exception, reads it, and does
    /// not throw (a rethrow or wrap hands the problem to the caller).
    /// </summary>
    private static ICatchClauseOperation? HandlingCatch(ITryOperation tryOperation, IInvocationOperation whenAll, WhenAllBodyFacts facts)
    {
        var lastReads = facts.LastReads;
        foreach (var clause in tryOperation.Catches)
        {
            var type = clause.ExceptionType;
            if (type is not null && type.SpecialType != SpecialType.System_Object &&
                type is not { Name: "Exception", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
            {
                if (clause.Filter is not null || !EveryCallThrows(whenAll, type, facts) || !Handles(clause, lastReads))
                {
                    continue;
                }

                return clause;
            }

            return Handles(clause, lastReads) ? clause : null;
        }

        return null;
    }

    /// <summary>Names the exception, reads it, and does not throw.</summary>
    private static bool Handles(ICatchClauseOperation clause, IReadOnlyDictionary<ISymbol, int> lastReads)
    {
        // The exception local's scope is the clause, so a read at or after the handler is a read in it.
        if (clause.Locals.Length != 1 ||
            !lastReads.TryGetValue(clause.Locals[0], out var lastRead) || lastRead < clause.Handler.Syntax.SpanStart)
        {
            return false;
        }

        foreach (var descendant in clause.Handler.Descendants())
        {
            if (descendant is IThrowOperation || FailureHandling.HandsToCompletionSource(descendant, clause.Locals[0], wrapped: false))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True when every task gathered (inline calls, or locals started by a call) comes from a call known to
    /// throw <paramref name="type"/>: <c>HttpClient</c>'s requests for <c>HttpRequestException</c>, or a method
    /// whose documentation lists the type (<c>&lt;exception cref="…"/&gt;</c>). Collections are not followed.
    /// </summary>
    private static bool EveryCallThrows(IInvocationOperation whenAll, ITypeSymbol type, WhenAllBodyFacts facts)
    {
        var calls = 0;
        foreach (var argument in whenAll.Arguments)
        {
            if (!TaskObservation.TryGetPackedElements(TaskObservation.SkipImplicitConversions(argument.Value), out var elements))
            {
                return false;
            }

            foreach (var element in elements)
            {
                var value = TaskObservation.SkipImplicitConversions(element);
                var call = value as IInvocationOperation;
                if (value is ILocalReferenceOperation local && facts.StartedBy.TryGetValue(local.Local, out var started))
                {
                    call = started;
                }

                if (call is null || !Throws(call.TargetMethod, type))
                {
                    return false;
                }

                calls++;
            }
        }

        return calls >= 2;
    }

    private static bool Throws(IMethodSymbol method, ITypeSymbol type)
    {
        var original = (method.ReducedFrom ?? method).OriginalDefinition;
        if (type is
            {
                Name: "HttpRequestException",
                ContainingNamespace:
                {
                    Name: "Http",
                    ContainingNamespace: { Name: "Net", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }
                }
            } &&
            original.ContainingType is { Name: "HttpClient" or "HttpClientJsonExtensions", ContainingNamespace: { Name: "Http" or "Json" } })
        {
            return true;
        }

        var id = type.GetDocumentationCommentId();
        var xml = original.GetDocumentationCommentXml();
        return id is not null && !string.IsNullOrEmpty(xml) && xml!.IndexOf("cref=\"" + id + "\"", System.StringComparison.Ordinal) >= 0;
    }
}
