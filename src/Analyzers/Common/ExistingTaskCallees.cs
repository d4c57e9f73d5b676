using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuide.Analyzers;

/// <summary>
/// Non-async methods of the compilation that start nothing: every value they return is a task that already
/// exists (an instance field or property read, a parameter), or <c>Task.WhenAny</c> over such tasks, which never faults.
/// Such a call hands back tasks owned elsewhere (Polly's <c>WaitForTaskCompetitionAsync()</c>), so racing it
/// neither starts work nor loses a failure the owner does not see. Decided once per method per compilation;
/// asked only when a race is about to be reported.
/// </summary>
internal sealed class ExistingTaskCallees
{
    private static readonly ConditionalWeakTable<Compilation, ExistingTaskCallees> PerCompilation = new();

    private readonly Compilation _compilation;
    private readonly INamedTypeSymbol? _completionSource;
    private readonly INamedTypeSymbol? _completionSourceOfT;
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _existing = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _completed = new(SymbolEqualityComparer.Default);

    private ExistingTaskCallees(Compilation compilation)
    {
        _compilation = compilation;
        _completionSource = TypeLookup.For(compilation).Find("System.Threading.Tasks.TaskCompletionSource");
        _completionSourceOfT = TypeLookup.For(compilation).Find("System.Threading.Tasks.TaskCompletionSource`1");
    }

    public static ExistingTaskCallees For(Compilation compilation) =>
        PerCompilation.TryGetValue(compilation, out var callees) ? callees : PerCompilation.GetValue(compilation, c => new ExistingTaskCallees(c));

    /// <summary>True when <paramref name="call"/> is to such a method.</summary>
    public bool ReturnsExistingTasks(IInvocationOperation call, AsyncTypes types)
    {
        var method = call.TargetMethod.OriginalDefinition;
        if (method.IsAsync || method.DeclaringSyntaxReferences.Length != 1 ||
            !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly))
        {
            return false;
        }

        return _existing.GetOrAdd(method, m => Compute(m, types, depth: 0));
    }

    /// <summary>
    /// A call that starts no work: it hands back tasks that already exist (<see cref="ReturnsExistingTasks"/>) or a task complete
    /// before it returns (<see cref="ReturnsCompletedTasks"/>). What the race rules ask of a raced call.
    /// </summary>
    public bool StartsNoWork(IInvocationOperation call, AsyncTypes types) =>
        ReturnsExistingTasks(call, types) || ReturnsCompletedTasks(call, types);

    /// <summary>
    /// A call of a non-async method of the compilation that no other body can replace (not virtual, abstract or an override, and
    /// no interface member) whose every return is <c>Task.CompletedTask</c>, <c>Task.FromResult(…)</c> or <c>default</c>:
    /// after statements of its own: whatever it does runs before it returns (<c>while (!_disconnected) Thread.Sleep(100); return
    /// Task.CompletedTask;</c>, botbuilder's streaming tests), so the task is complete when raced; nothing is left running,
    /// nothing can fault. A stub that is only the return (<c>=&gt; Task.FromResult(1)</c>), implements an interface or overrides
    /// a member stands for work and is still work.
    /// </summary>
    public bool ReturnsCompletedTasks(IInvocationOperation call, AsyncTypes types)
    {
        var method = call.TargetMethod.OriginalDefinition;
        if (method is not { IsAsync: false, IsVirtual: false, IsAbstract: false, IsOverride: false, MethodKind: MethodKind.Ordinary } ||
            method.DeclaringSyntaxReferences.Length != 1 || !method.ExplicitInterfaceImplementations.IsEmpty ||
            !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly))
        {
            return false;
        }

        return _completed.GetOrAdd(method, m => ComputeCompleted(m, types));
    }

    private bool ComputeCompleted(IMethodSymbol method, AsyncTypes types)
    {
        if (InterfaceMembers.ImplementsAny(method) || method.DeclaringSyntaxReferences[0].GetSyntax() is not MethodDeclarationSyntax syntax)
        {
            return false;
        }

#pragma warning disable RS1030 // The callee's tree has no analysis context of its own here; the result is cached.
        var model = _compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
        // A body that is only `return Task.FromResult(1);` is a stub standing for work (test doubles race them as work); one
        // that does something first and then returns a completed task was made synchronous on purpose.
        if (model.GetOperation(syntax) is not IMethodBodyOperation { BlockBody: { Operations.Length: > 1 } body } ||
            body.Operations[0] is IReturnOperation)
        {
            return false;
        }

        var returns = 0;
        foreach (var descendant in body.Descendants())
        {
            if (descendant is not IReturnOperation @return || !TaskObservation.IsDirectlyIn(@return, body))
            {
                continue;
            }

            if (!TaskObservation.IsCompletedTaskValue(@return.ReturnedValue, types))
            {
                return false;
            }

            returns++;
        }

        return returns > 0;
    }

    private bool Compute(IMethodSymbol method, AsyncTypes types, int depth)
    {
        var syntax = method.DeclaringSyntaxReferences[0].GetSyntax();
        if (syntax is not (BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax))
        {
            return false;
        }

#pragma warning disable RS1030 // The callee's tree has no analysis context of its own here; the result is cached.
        var model = _compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
        IBlockOperation? body = model.GetOperation(syntax) switch
        {
            IMethodBodyOperation methodBody => methodBody.BlockBody ?? methodBody.ExpressionBody,
            ILocalFunctionOperation local => local.Body,
            _ => null,
        };
        if (body is null)
        {
            return false;
        }

        var returns = 0;
        foreach (var descendant in body.Descendants())
        {
            if (descendant is IReturnOperation @return && TaskObservation.IsDirectlyIn(@return, body))
            {
                if (@return.ReturnedValue is null || !IsExisting(@return.ReturnedValue, types, body, depth))
                {
                    return false;
                }

                returns++;
            }
        }

        return returns > 0;
    }

    private bool IsExisting(IOperation value, AsyncTypes types, IBlockOperation body, int depth)
    {
        if (depth > 8)
        {
            return false;
        }

        switch (value)
        {
            case IConversionOperation { OperatorMethod: null } conversion:
                return IsExisting(conversion.Operand, types, body, depth + 1);
            case ISimpleAssignmentOperation { Target: var target }
                when (target is IPropertyReferenceOperation { Arguments.Length: > 0, Instance: { } collection } && IsOwnMember(collection)) ||
                     IsOwnMember(target):
                // `return _cache[key] = valueFactory(state).ContinueWith(…);` (NuGet's task result cache): the task is stored in
                // the object that hands it back, and its later readers await it there.
                return true;
            case ILocalReferenceOperation local:
                // `if (_cache.TryGetValue(key, out Task<T>? value)) return value;`: a task read out of the object's own collection;
                // or `var result = A?.Task ?? B?.Task; return result ?? …;`, a local whose one value is existing.
                return IsReadFromOwnCollection(local.Local, body) ||
                       (OnlyValueOf(local.Local, body) is { } only && IsExisting(only, types, body, depth + 1));
            case IInvocationOperation forwarded when forwarded.Instance is null or IInstanceReferenceOperation &&
                                                     forwarded.TargetMethod is { IsAsync: false, IsVirtual: false, IsAbstract: false } target &&
                                                     target.DeclaringSyntaxReferences.Length == 1 &&
                                                     SymbolEqualityComparer.Default.Equals(target.ContainingAssembly, _compilation.Assembly) &&
                                                     HandsOnNoNewTask(forwarded, types):
                // An overload that forwards to the one that does the work (`GetOrAddAsync(key, refresh: false, …)`), giving it
                // no task of its own making (`var t = SendAsync(); return t.Forget();` hands on new work).
                return Compute(target.OriginalDefinition, types, depth + 1);
            case IParameterReferenceOperation:
                return true;
            case IFieldReferenceOperation { Field.IsStatic: false } field:
                return IsHeldObject(field.Instance, body);
            // The task of a source made right there and handed to no one (`new TaskCompletionSource<bool>().Task`): it never
            // completes, so it never faults; a stand-in for "no such event".
            case IPropertyReferenceOperation { Property.Name: "Task", Instance: IObjectCreationOperation { Initializer: null, Type: { } made } }
                when SymbolEqualityComparer.Default.Equals(made.OriginalDefinition, _completionSourceOfT) ||
                     SymbolEqualityComparer.Default.Equals(made, _completionSource):
                return true;
            case IPropertyReferenceOperation { Property.IsStatic: false } property:
                // An object's own task, as AG0003 already assumes for a field or property raced directly. Static
                // members (Task.CompletedTask) are left out: a stub returning one stands for work in test code. So is the
                // task of an object made here (`var source = new TaskCompletionSource<bool>(); … return source.Task;`).
                return IsHeldObject(property.Instance, body);
            case IInvocationOperation invocation when TaskObservation.IsWhenAny(invocation.TargetMethod, types):
                return true; // a WhenAny task never faults; what it races is the owner's
            // `return result ?? new TaskCompletionSource<bool>().Task;` (Playwright's `TargetClosedAsync`): either side existing.
            case ICoalesceOperation coalesce:
                return IsExisting(coalesce.Value, types, body, depth + 1) && IsExisting(coalesce.WhenNull, types, body, depth + 1);
            // `((Worker)ServiceWorker)?.ClosedTcs.Task`: the task of an object held before the call, read when it is there.
            case IConditionalAccessOperation access when IsHeldObject(access.Operation, body):
                return IsExisting(access.WhenNotNull, types, body, depth + 1);
            case IConditionalOperation conditional:
                return conditional.WhenFalse is not null &&
                       IsExisting(conditional.WhenTrue, types, body, depth + 1) && IsExisting(conditional.WhenFalse, types, body, depth + 1);
            case ISwitchExpressionOperation @switch:
                foreach (var arm in @switch.Arms)
                {
                    if (!IsExisting(arm.Value, types, body, depth + 1))
                    {
                        return false;
                    }
                }

                return @switch.Arms.Length > 0;
            default:
                return false;
        }
    }

    /// <summary>
    /// <c>this</c>, a parameter, or a chain of fields, properties and elements from them: an object that exists before the call.
    /// </summary>
    private static bool IsHeldObject(IOperation? instance, IBlockOperation body)
    {
        for (var depth = 0; depth < 16; depth++)
        {
            switch (TaskObservation.SkipImplicitConversions(instance))
            {
                case null or IInstanceReferenceOperation or IParameterReferenceOperation:
                    return true;
                // `(frame?.Page as Page)?.ClosedTcs`: a cast of a held object is the same object.
                case IConversionOperation { OperatorMethod: null } conversion:
                    instance = conversion.Operand;
                    break;
                // `var frame = _initializer.Frame;`: a local whose one value is a held object.
                case ILocalReferenceOperation local when OnlyValueOf(local.Local, body) is { } only:
                    instance = only;
                    break;
                case IConditionalAccessInstanceOperation accessed when ConditionalAccessOf(accessed) is { } access:
                    instance = access.Operation;
                    break;
                case IConditionalAccessOperation nested:
                    // `frame?.Page`: the member read when the receiver is there, followed back to that receiver.
                    instance = nested.WhenNotNull;
                    break;
                case IFieldReferenceOperation { Field.IsStatic: false } field:
                    instance = field.Instance;
                    break;
                case IPropertyReferenceOperation { Property.IsStatic: false } property:
                    // Also an element of a held collection (`_executing[0].ExecutionTaskSafe`, Polly's hedging).
                    instance = property.Instance;
                    break;
                case IArrayElementReferenceOperation element:
                    instance = element.ArrayReference;
                    break;
                default:
                    return false;
            }
        }

        return false;
    }

    /// <summary>The initializer of a local that is never written again in <paramref name="body"/>; null otherwise.</summary>
    private static IOperation? OnlyValueOf(ILocalSymbol local, IBlockOperation body)
    {
        IOperation? value = null;
        foreach (var descendant in body.Descendants())
        {
            switch (descendant)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    value = declarator.GetVariableInitializer()?.Value;
                    break;
                case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local) &&
                                                             reference.Parent is IAssignmentOperation assignment &&
                                                             assignment.Target == reference:
                    return null;
                case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local) &&
                                                             reference.Parent is IArgumentOperation { Parameter.RefKind: not RefKind.None } or
                                                                 IIncrementOrDecrementOperation:
                    return null;
            }
        }

        return local.RefKind == RefKind.None ? value : null;
    }

    /// <summary>The <c>?.</c> whose receiver <paramref name="accessed"/> stands for.</summary>
    private static IConditionalAccessOperation? ConditionalAccessOf(IConditionalAccessInstanceOperation accessed)
    {
        IOperation child = accessed;
        for (var parent = accessed.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            if (parent is IConditionalAccessOperation access && access.WhenNotNull == child)
            {
                return access;
            }
        }

        return null;
    }

    /// <summary>Every task-typed argument is a parameter or the object's own field or property.</summary>
    private static bool HandsOnNoNewTask(IInvocationOperation call, AsyncTypes types)
    {
        foreach (var argument in call.Arguments)
        {
            var value = TaskObservation.SkipImplicitConversions(argument.Value);
            if ((types.IsTask(argument.Value.Type) || types.IsTask(value?.Type)) &&
                !(value is IParameterReferenceOperation || (value is not null && IsOwnMember(value))))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An instance field or property of the object itself (<c>_cache</c>, <c>this.Cache</c>).</summary>
    private static bool IsOwnMember(IOperation collection) => collection switch
    {
        IFieldReferenceOperation { Field.IsStatic: false, Instance: IInstanceReferenceOperation } => true,
        IPropertyReferenceOperation { Property.IsStatic: false, Arguments.Length: 0, Instance: IInstanceReferenceOperation } => true,
        _ => false,
    };

    /// <summary>Every write of the local is an <c>out</c> argument of a call on the object's own collection.</summary>
    private static bool IsReadFromOwnCollection(ILocalSymbol local, IBlockOperation body)
    {
        var writes = 0;
        foreach (var descendant in body.Descendants())
        {
            switch (descendant)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    if (declarator.Initializer is not null)
                    {
                        return false;
                    }

                    break;
                case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local):
                    var parent = reference.Parent;
                    if (parent is IDeclarationExpressionOperation)
                    {
                        parent = parent.Parent;
                    }

                    if (parent is IArgumentOperation { Parameter.RefKind: RefKind.Out } argument)
                    {
                        if (argument.Parent is not IInvocationOperation { Instance: { } collection } || !IsOwnMember(collection))
                        {
                            return false;
                        }

                        writes++;
                    }
                    else if (parent is IAssignmentOperation assignment && assignment.Target == reference)
                    {
                        return false;
                    }

                    break;
            }
        }

        return writes > 0;
    }
}
