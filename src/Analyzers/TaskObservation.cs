using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuide.Analyzers;

/// <summary>Small operation helpers shared by the unobserved-exception rules (AG0001-AG0004).</summary>
internal static class TaskObservation
{
    /// <summary>True for operations the compiler could not bind; the IDE feeds us those while the user types.</summary>
    public static bool IsUnbound(IOperation operation) =>
        operation.Kind == OperationKind.Invalid || operation.Type is null || operation.Type.TypeKind == TypeKind.Error;

    /// <summary>The operation under any implicit conversions and parentheses the compiler inserted.</summary>
    public static IOperation? SkipImplicitConversions(IOperation? operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        while (operation is IParenthesizedOperation parenthesized)
        {
            operation = parenthesized.Operand;
        }

        return operation;
    }

    /// <summary>
    /// For <c>task.ConfigureAwait(x)</c>, the task; for anything else the operation itself. Lets the rules
    /// judge the call that produced the work, not the configured awaitable around it.
    /// </summary>
    public static IOperation UnwrapConfigureAwait(IOperation operation, AsyncTypes types)
    {
        while (operation is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } instance } invocation &&
               types.IsConfiguredAwaitable(invocation.Type))
        {
            operation = SkipImplicitConversions(instance) ?? instance;
        }

        return operation;
    }

    /// <summary>True for a static method of <paramref name="type"/> named <paramref name="name"/>.</summary>
    public static bool IsStaticMethodOf(IMethodSymbol? method, INamedTypeSymbol? type, string name) =>
        method is { IsStatic: true } &&
        type is not null &&
        method.Name == name &&
        SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, type);

    /// <summary>
    /// True for calls that hand back an existing or already-completed task rather than starting work:
    /// <c>Task.FromResult</c>/<c>FromCanceled</c> (and ValueTask's), methods declared to return a type
    /// parameter (<c>GetOrAdd</c>, <c>First</c>, <c>Interlocked.Exchange&lt;T&gt;</c>), Interlocked/Volatile.
    /// </summary>
    public static bool ReturnsExistingOrCompletedTask(IMethodSymbol method, AsyncTypes types)
    {
        if (method.OriginalDefinition.ReturnType is ITypeParameterSymbol ||
            method.ContainingType is { Name: "Interlocked" or "Volatile", ContainingNamespace.Name: "Threading" })
        {
            return true;
        }

        return method.IsStatic &&
               method.Name is "FromResult" or "FromCanceled" &&
               (SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, types.Task) ||
                types.IsValueTask(method.ContainingType));
    }

    /// <summary>True when <paramref name="method"/> is <c>Task.WhenAny</c> (any overload).</summary>
    public static bool IsWhenAny(IMethodSymbol? method, AsyncTypes types) =>
        IsStaticMethodOf(method, types.Task, "WhenAny");

    /// <summary>True when <paramref name="method"/> is <c>Task.WhenAll</c> (any overload).</summary>
    public static bool IsWhenAll(IMethodSymbol? method, AsyncTypes types) =>
        IsStaticMethodOf(method, types.Task, "WhenAll");

    /// <summary>Type of <c>await x</c> for a Task-like <paramref name="type"/>, or null when unknown.</summary>
    public static ITypeSymbol? AwaitResultType(ITypeSymbol? type, AsyncTypes types)
    {
        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named &&
            (types.IsTask(type) || types.IsValueTask(type)) &&
            (SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, types.TaskOfT) ||
             SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, types.ValueTaskOfT)))
        {
            return named.TypeArguments[0];
        }

        return null;
    }
}
