using System.Collections.Concurrent;

namespace AsyncGuide.Analyzers;

/// <summary>
/// Whether a method of the compilation returns a task that cannot fault, decided once per method
/// per compilation: an async body wholly handled (<see cref="FailureHandling"/>); a non-async body
/// whose every return is an already-completed task, a fault-only continuation (an
/// <c>ObserveErrors()</c>-style helper), a task parameter the body gave a fault-only continuation, or the task
/// of a local <c>TaskCompletionSource</c> that is
/// never given an exception. Methods of other assemblies are unknown, hence never exempt.
/// </summary>
internal sealed class CalleeFaultFacts
{
    private readonly Compilation _compilation;
    private readonly AsyncTypes _types;
    private readonly INamedTypeSymbol? _taskCompletionSource;
    private readonly INamedTypeSymbol? _taskCompletionSourceOfT;
    private readonly INamedTypeSymbol? _continuationOptions;
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _cannotFault = new(SymbolEqualityComparer.Default);
    private readonly System.Func<IMethodSymbol, bool> _compute;

    public CalleeFaultFacts(Compilation compilation, AsyncTypes types)
    {
        _compilation = compilation;
        _types = types;
        _taskCompletionSource = TypeLookup.For(compilation).Find("System.Threading.Tasks.TaskCompletionSource");
        _taskCompletionSourceOfT = TypeLookup.For(compilation).Find("System.Threading.Tasks.TaskCompletionSource`1");
        _continuationOptions = TypeLookup.For(compilation).Find("System.Threading.Tasks.TaskContinuationOptions");
        _compute = Compute;
    }

    public bool CannotFault(IMethodSymbol method)
    {
        method = (method.ReducedFrom ?? method).OriginalDefinition;
        return method.DeclaringSyntaxReferences.Length == 1 &&
               SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly) &&
               _cannotFault.GetOrAdd(method, _compute);
    }

    /// <summary><c>ContinueWith(…, TaskContinuationOptions.OnlyOnFaulted)</c>: the continuation is the observer.</summary>
    public bool IsFaultOnlyContinuation(IInvocationOperation call)
    {
        if (call.TargetMethod.Name != "ContinueWith" || _continuationOptions is null || !_types.IsTask(call.TargetMethod.ContainingType))
        {
            return false;
        }

        const int OnlyOnFaulted = 0x50000; // NotOnRanToCompletion | NotOnCanceled
        foreach (var argument in call.Arguments)
        {
            if (SymbolEqualityComparer.Default.Equals(argument.Value.Type, _continuationOptions) &&
                argument.Value.ConstantValue is { HasValue: true, Value: int options } &&
                (options & OnlyOnFaulted) == OnlyOnFaulted)
            {
                return true;
            }
        }

        return false;
    }

    private bool Compute(IMethodSymbol method)
    {
        var syntax = method.DeclaringSyntaxReferences[0].GetSyntax();
        SyntaxNode? body = syntax switch
        {
            BaseMethodDeclarationSyntax declaration => (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody,
            LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody,
            _ => null,
        };
        if (body is null)
        {
            return false;
        }

        // Once per callee per compilation, for a callee that may sit in another tree than the call.
#pragma warning disable RS1030 // The callee's tree has no analysis context of its own here; the result is cached.
        var model = _compilation.GetSemanticModel(body.SyntaxTree);
#pragma warning restore RS1030
        if (model.GetOperation(syntax) is not { } declared || BodyOf(declared) is not { } block)
        {
            return false;
        }

        return method.IsAsync ? FailureHandling.HandlesOwnFailures(block, _types) : EveryReturnCannotFault(block);
    }

    private static IBlockOperation? BodyOf(IOperation declared) => declared switch
    {
        IMethodBodyOperation methodBody => methodBody.BlockBody ?? methodBody.ExpressionBody,
        ILocalFunctionOperation local => local.Body,
        _ => null,
    };

    private bool EveryReturnCannotFault(IBlockOperation block)
    {
        var returns = 0;
        foreach (var operation in block.Descendants())
        {
            if (operation.Kind is OperationKind.AnonymousFunction or OperationKind.LocalFunction)
            {
                continue;
            }

            if (operation is IReturnOperation { ReturnedValue: var value } returnOperation && IsDirectlyIn(returnOperation, block))
            {
                returns++;
                if (!IsPlaceholderOrObserver(TaskObservation.SkipImplicitConversions(value), block))
                {
                    return false;
                }
            }
        }

        return returns > 0;
    }

    /// <summary>Not inside a lambda or local function of <paramref name="block"/>.</summary>
    private static bool IsDirectlyIn(IOperation operation, IOperation block)
    {
        for (var parent = operation.Parent; parent is not null && parent != block; parent = parent.Parent)
        {
            if (parent.Kind is OperationKind.AnonymousFunction or OperationKind.LocalFunction)
            {
                return false;
            }
        }

        return true;
    }

    private bool IsPlaceholderOrObserver(IOperation? value, IBlockOperation block)
    {
        switch (value)
        {
            case IPropertyReferenceOperation { Property.Name: "CompletedTask", Property.IsStatic: true } completed:
                return SymbolEqualityComparer.Default.Equals(completed.Property.ContainingType, _types.Task);
            case IPropertyReferenceOperation { Property.Name: "Task", Instance: ILocalReferenceOperation source }:
                return IsTaskCompletionSource(source.Local.Type) && !GetsAnException(source.Local, block);
            case IParameterReferenceOperation parameter:
                return AttachesFaultObserver(parameter.Parameter, block);
            case IInvocationOperation call:
                var core = TaskObservation.UnwrapConfigureAwait(call, _types) as IInvocationOperation ?? call;
                return (core.TargetMethod.IsStatic && core.TargetMethod.Name == "FromResult" &&
                        TaskObservation.ReturnsTaskThatNeedsNoObserver(core.TargetMethod, _types)) ||
                       IsFaultOnlyContinuation(core);
            default:
                return false;
        }
    }

    /// <summary>
    /// <c>task.ContinueWith(observe, TaskContinuationOptions.OnlyOnFaulted); return task;</c>: the returned
    /// parameter's fault is observed by a continuation the body attaches as a statement of its own.
    /// </summary>
    private bool AttachesFaultObserver(IParameterSymbol parameter, IBlockOperation block)
    {
        foreach (var statement in block.Operations)
        {
            if (statement is IExpressionStatementOperation { Operation: IInvocationOperation continuation } &&
                TaskObservation.SkipImplicitConversions(continuation.Instance) is IParameterReferenceOperation antecedent &&
                SymbolEqualityComparer.Default.Equals(antecedent.Parameter, parameter) &&
                IsFaultOnlyContinuation(continuation))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsTaskCompletionSource(ITypeSymbol type) =>
        SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _taskCompletionSource) ||
        SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _taskCompletionSourceOfT);

    /// <summary>Anything but completing or cancelling it (SetException, or the source handed elsewhere) counts.</summary>
    private static bool GetsAnException(ILocalSymbol source, IBlockOperation block)
    {
        foreach (var operation in block.Descendants())
        {
            if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, source))
            {
                switch (reference.Parent)
                {
                    case IInvocationOperation { TargetMethod.Name: "SetResult" or "TrySetResult" or "SetCanceled" or "TrySetCanceled" } call
                        when call.Instance == reference:
                    case IPropertyReferenceOperation { Property.Name: "Task" }:
                    case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                    case IVariableDeclaratorOperation:
                        continue;
                    default:
                        return true;
                }
            }
        }

        return false;
    }
}
