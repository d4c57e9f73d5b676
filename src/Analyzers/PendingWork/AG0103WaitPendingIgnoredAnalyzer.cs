namespace AsyncGuide.Analyzers;

/// <summary>
/// AG0103: the result of <c>Async.Wait(tasks, ReturnWhen.FirstCompleted)</c> (task form) is kept, but its
/// <c>Pending</c> is never used: the pending tasks are neither cancelled nor awaited.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AG0103WaitPendingIgnoredAnalyzer : PendingWorkAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIds.WaitPendingIgnored,
        title: "The pending tasks of Async.Wait are ignored",
        messageFormat: "The Pending tasks of this Async.Wait are never cancelled or awaited",
        description: "Async.Wait on tasks returns early with FirstCompleted, FirstException or a timeout, and hands back the tasks " +
                     "still running in Pending. Ignoring Pending leaves them running with their exceptions unobserved " +
                     "(asyncio: 'cancel remaining tasks'). Cancel their token source, await them, or use the factory form of " +
                     "Async.Wait, which cancels and awaits what is pending before it returns.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    // Triggered by a task-form Async.Wait that can leave tasks pending, compared by symbol (bails out on
    // other calls by name and containing type first); the body's facts are collected only then.
    private protected override bool Applies(AsyncTypes types) => types.AsyncGuideAsync is not null;

    private protected override bool IsCandidate(IInvocationOperation wait, AsyncTypes types) =>
        RacedTasks.IsTaskFormWaitLeavingPending(wait, types) && RacedTasks.IsWaitResultKept(wait);

    private protected override void Analyze(OperationAnalysisContext context, IInvocationOperation wait, CancellationFlow flow)
    {
        if (PendingIgnored(wait, flow) is { } race)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                wait.Syntax.GetLocation(),
                CancelAfterWaitFixPlan.ForRace(wait, race, flow) ?? ImmutableDictionary<string, string?>.Empty));
        }
    }

    /// <summary>The waited tasks when the kept result's Pending is never used and nothing else cancels or awaits them.</summary>
    private static RaceFacts? PendingIgnored(IInvocationOperation wait, CancellationFlow flow)
    {
        if (IsPendingUsed(wait, flow) is not false)
        {
            return null;
        }

        var elements = new List<IOperation>();
        if (!RacedTasks.TryGetElements(wait, flow.Types, elements, out var collection))
        {
            return null;
        }

        var race = new RaceFacts(elements);
        if (collection is not null and not ILocalReferenceOperation)
        {
            // Inline (a Select): the tasks are referenced nowhere else; fields and parameters have no started operation here.
            race.Origins.Add(collection);
            race.InlineCollection = true;
        }
        else if (collection is not null)
        {
            if (collection is not ILocalReferenceOperation { Local: var local } || flow.InitializerOf(local) is not { } initializer)
            {
                return null;
            }

            race.CollectionLocal = local;
            race.Origins.Add(initializer);
            foreach (var reference in flow.ReferencesTo(local))
            {
                if (reference.Parent is IInvocationOperation { TargetMethod.Name: "Add" or "AddRange" or "Insert" } add && add.Instance == reference)
                {
                    race.Origins.Add(add);
                }
            }
        }
        else
        {
            foreach (var element in elements)
            {
                race.Origins.Add(RacedTasks.OriginOf(element, flow));
            }
        }

        var started = false;
        var tokens = new List<IOperation>();
        foreach (var origin in race.Origins)
        {
            started |= RacedTasks.ContainsStartedOperation(origin, flow.Types);
            flow.CollectTokens(origin, tokens);
        }

        if (!started)
        {
            return null;
        }

        foreach (var token in tokens)
        {
            if (flow.IsCancelledHere(token))
            {
                return null;
            }
        }

        // The tasks themselves awaited on every path afterwards (e.g. Task.WhenAll(tasks) in a finally).
        var locals = new List<ILocalSymbol>();
        if (race.CollectionLocal is not null)
        {
            locals.Add(race.CollectionLocal);
        }

        foreach (var element in elements)
        {
            if (element is ILocalReferenceOperation { Local: var task })
            {
                locals.Add(task);
            }
        }

        foreach (var local in locals)
        {
            if (ObservationPaths.IsObservedOnEveryPathAfter(flow.ReferencesTo(local), wait, flow.CanLeaveCache))
            {
                return null;
            }
        }

        return race;
    }

    /// <summary>
    /// False when the awaited result is kept (local or deconstruction) and its pending part is never read:
    /// discarded, or only its Count, Done or TimedOut looked at. Null when the result is not kept here.
    /// </summary>
    private static bool? IsPendingUsed(IInvocationOperation wait, CancellationFlow flow)
    {
        var current = RacedTasks.AwaitedResultOf(wait);
        switch (current.Parent)
        {
            case IDeconstructionAssignmentOperation deconstruction when deconstruction.Value == current:
                var target = deconstruction.Target is IDeclarationExpressionOperation declaration ? declaration.Expression : deconstruction.Target;
                if (target is not ITupleOperation { Elements.Length: 2 } tuple)
                {
                    return null;
                }

                return tuple.Elements[1] switch
                {
                    IDiscardOperation => false,
                    ILocalReferenceOperation pending => IsReadBeyondCount(pending.Local, flow),
                    _ => null,
                };
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: var result } }:
                return IsPendingReadThrough(result, flow);
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation result } assignment when assignment.Value == current:
                return IsPendingReadThrough(result.Local, flow);
            default:
                return null;
        }
    }

    private static bool IsReadBeyondCount(ILocalSymbol pending, CancellationFlow flow)
    {
        foreach (var reference in flow.ReferencesTo(pending))
        {
            if (!reference.IsDeclaration && !(reference.Parent is IPropertyReferenceOperation { Property.Name: "Count" }))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPendingReadThrough(ILocalSymbol result, CancellationFlow flow)
    {
        foreach (var reference in flow.ReferencesTo(result))
        {
            if (reference.IsDeclaration)
            {
                continue;
            }

            var onlyLooks = reference.Parent switch
            {
                IPropertyReferenceOperation { Property.Name: "Done" or "TimedOut" } => true,
                IPropertyReferenceOperation { Property.Name: "Pending", Parent: IPropertyReferenceOperation { Property.Name: "Count" } } => true,
                IAssignmentOperation assignment => assignment.Target == reference,
                _ => false,
            };
            if (!onlyLooks)
            {
                return true;
            }
        }

        return false;
    }
}
