using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuide.Analyzers;

/// <summary>One pass per operation block: candidates from declarators, verdicts from local references.</summary>
internal sealed class StoredTaskBodyWalk
{
    private readonly AsyncTypes _types;
    private readonly object _gate = new();
    private readonly Dictionary<ILocalSymbol, StoredTaskCandidate> _candidates = new(SymbolEqualityComparer.Default);
    private readonly List<ILocalReferenceOperation> _references = new();

    public StoredTaskBodyWalk(AsyncTypes types) => _types = types;

    public void Register(OperationBlockStartAnalysisContext blockStart)
    {
        blockStart.RegisterOperationAction(OnDeclarator, OperationKind.VariableDeclarator);
        blockStart.RegisterOperationAction(context =>
        {
            lock (_gate)
            {
                _references.Add((ILocalReferenceOperation)context.Operation);
            }
        }, OperationKind.LocalReference);
        blockStart.RegisterOperationBlockEndAction(OnBlockEnd);
    }

    private void OnDeclarator(OperationAnalysisContext context)
    {
        var declarator = (IVariableDeclaratorOperation)context.Operation;
        var local = declarator.Symbol;
        if (local is null || local.Name == "_" || local.IsUsing || local.RefKind != RefKind.None ||
            local.Type is null || local.Type.TypeKind == TypeKind.Error ||
            declarator.Syntax is not VariableDeclaratorSyntax syntax)
        {
            return;
        }

        var kind = _types.IsTask(local.Type) || _types.IsValueTask(local.Type) ? StoredTaskKind.Task
            : IsTaskCollection(local.Type) ? StoredTaskKind.Collection
            : StoredTaskKind.None;
        if (kind == StoredTaskKind.None)
        {
            return;
        }

        var candidate = new StoredTaskCandidate(kind, syntax, FunctionOf(declarator));
        var value = TaskObservation.SkipImplicitConversions(declarator.Initializer?.Value);
        if (kind == StoredTaskKind.Task ? IsStartedWork(value) : CollectionInitializerStartsWork(value))
        {
            candidate.StartsWork = true;
        }

        lock (_gate)
        {
            _candidates[local] = candidate;
        }
    }

    private void OnBlockEnd(OperationBlockAnalysisContext context)
    {
        if (_candidates.Count == 0)
        {
            return;
        }

        foreach (var reference in _references)
        {
            if (_candidates.TryGetValue(reference.Local, out var candidate))
            {
                Classify(reference, candidate);
            }
        }

        // Report each forgotten local; the others in the same block ride along so the fix can gather them together.
        var forgotten = new List<StoredTaskCandidate>();
        foreach (var candidate in _candidates.Values)
        {
            if (candidate.StartsWork && !candidate.Observed)
            {
                forgotten.Add(candidate);
            }
        }

        forgotten.Sort((a, b) => a.Syntax.SpanStart.CompareTo(b.Syntax.SpanStart));
        foreach (var candidate in forgotten)
        {
            var others = new List<Location>();
            foreach (var other in forgotten)
            {
                if (other != candidate && other.Syntax.Parent?.Parent?.Parent == candidate.Syntax.Parent?.Parent?.Parent)
                {
                    others.Add(other.Syntax.Identifier.GetLocation());
                }
            }

            context.ReportDiagnostic(Diagnostic.Create(AG0002StoredTaskNeverObservedAnalyzer.Rule, candidate.Syntax.Identifier.GetLocation(), others, candidate.Syntax.Identifier.ValueText));
        }
    }

    private void Classify(ILocalReferenceOperation reference, StoredTaskCandidate candidate)
    {
        if (candidate.Observed)
        {
            return;
        }

        // Read from a lambda or local function: we cannot follow it, so it counts as observed.
        if (!ReferenceEquals(FunctionOf(reference), candidate.Function))
        {
            candidate.Observed = true;
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
            }

            return;
        }

        if (candidate.Kind == StoredTaskKind.Task)
        {
            if (parent is IPropertyReferenceOperation { Property.Name: "IsCompleted" or "Id" })
            {
                return;
            }
        }
        else if (IsFilledOrCounted(reference, parent))
        {
            return;
        }

        candidate.Observed = true;
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

    /// <summary>A call producing an awaitable that can still fault (not an already-completed task, not WhenAny's winner).</summary>
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

        var method = (TaskObservation.UnwrapConfigureAwait(invocation, _types) as IInvocationOperation ?? invocation).TargetMethod;
        return !TaskObservation.ReturnsExistingOrCompletedTask(method, _types) &&
               !(method.IsStatic && method.Name is "FromException" or "WhenAny");
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
    private bool IsTaskCollection(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => _types.IsTask(array.ElementType),
        INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1, ContainingNamespace: { } ns } named =>
            _types.IsTask(named.TypeArguments[0]) && ns.ToDisplayString() == "System.Collections.Generic" &&
            named.Name is "List" or "HashSet" or "Queue" or "Stack" or "LinkedList",
        _ => false,
    };

    /// <summary>The innermost lambda, local function or the block itself that contains <paramref name="operation"/>.</summary>
    private static IOperation? FunctionOf(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return current;
            }
        }

        return null;
    }
}

/// <summary>What an AG0002 candidate local holds.</summary>
internal enum StoredTaskKind
{
    None,
    Task,
    Collection,
}

/// <summary>A local that may hold started work, and what the walk learned about it.</summary>
internal sealed class StoredTaskCandidate
{
    public StoredTaskCandidate(StoredTaskKind kind, VariableDeclaratorSyntax syntax, IOperation? function)
    {
        Kind = kind;
        Syntax = syntax;
        Function = function;
    }

    public StoredTaskKind Kind { get; }
    public VariableDeclaratorSyntax Syntax { get; }
    public IOperation? Function { get; }
    public bool StartsWork { get; set; }
    public bool Observed { get; set; }
}
