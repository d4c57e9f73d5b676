namespace AsyncGuide.Analyzers;

/// <summary>Small operation helpers shared by the unobserved-exception rules (AG0001-AG0004).</summary>
internal static class TaskObservation
{
    /// <summary>
    /// <paramref name="operation"/> runs as part of <paramref name="body"/> itself, not inside a lambda or local function of it
    /// (a <c>return</c> of the method, not of <c>_locks.GetOrAdd(key, _ =&gt; new object())</c>'s lambda).
    /// </summary>
    public static bool IsDirectlyIn(IOperation operation, IOperation body)
    {
        for (var parent = operation.Parent; parent is not null && parent != body; parent = parent.Parent)
        {
            if (parent.Kind is OperationKind.AnonymousFunction or OperationKind.LocalFunction)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True for operations the compiler could not bind; the IDE feeds us those while the user types.</summary>
    public static bool IsUnbound(IOperation operation) =>
        operation.Kind == OperationKind.Invalid || operation.Type is null || operation.Type.TypeKind == TypeKind.Error;

    /// <summary>The receiver of a call: its instance, or the first argument of an extension method (reduced or called statically).</summary>
    public static IOperation? ReceiverOf(IInvocationOperation invocation) =>
        invocation.Instance ??
        (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);

    /// <summary>
    /// The first call that <paramref name="match"/> accepts on the receiver chain from <paramref name="start"/> back through calls
    /// (an extension method's receiver is its first argument), property and field reads, at most eight links:
    /// <c>connection.Received().Repository.GetAsync(…)</c> back to NSubstitute's <c>Received()</c>,
    /// <c>r1.IsCompleted.Should().BeFalse()</c> back to FluentAssertions' <c>Should()</c>.
    /// </summary>
    public static IInvocationOperation? FindInReceiverChain(IOperation? start, System.Func<IInvocationOperation, bool> match)
    {
        var receiver = SkipImplicitConversions(start);
        for (var depth = 0; receiver is not null && depth < 8; depth++)
        {
            switch (receiver)
            {
                case IInvocationOperation invocation:
                    if (match(invocation))
                    {
                        return invocation;
                    }

                    receiver = ReceiverOf(invocation);
                    break;
                case IPropertyReferenceOperation property:
                    receiver = property.Instance;
                    break;
                case IFieldReferenceOperation field:
                    receiver = field.Instance;
                    break;
                default:
                    return null;
            }

            receiver = SkipImplicitConversions(receiver);
        }

        return null;
    }

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
    /// judge the call that produced the work, not the configured awaitable around it. A project's own wrapper counts too
    /// (Foundatio's <c>task.AnyContext()</c>): an extension method whose only parameter is the awaitable and which returns
    /// a configured awaitable can only configure the task it is given; told by its signature, so also from another assembly.
    /// </summary>
    public static IOperation UnwrapConfigureAwait(IOperation operation, AsyncTypes types)
    {
        while (operation is IInvocationOperation invocation && types.IsConfiguredAwaitable(invocation.Type))
        {
            if (invocation is { TargetMethod.Name: "ConfigureAwait", Instance: { } instance })
            {
                operation = SkipImplicitConversions(instance) ?? instance;
            }
            else if (invocation is { Instance: null, TargetMethod: { IsExtensionMethod: true, Parameters.Length: 1 }, Arguments.Length: 1 } wrapper &&
                     wrapper.Arguments[0].Value is { Type: { } given } &&
                     (types.IsTask(given) || types.IsValueTask(given)))
            {
                operation = SkipImplicitConversions(wrapper.Arguments[0].Value) ?? wrapper.Arguments[0].Value;
            }
            else
            {
                break;
            }
        }

        return operation;
    }

    /// <summary>
    /// The lambda <c>Task.Run(() =&gt; …)</c> or <c>Task.Factory.StartNew(() =&gt; …)</c> runs (through a delegate creation), or null.
    /// </summary>
    public static IAnonymousFunctionOperation? RunLambdaOf(IInvocationOperation call, AsyncTypes types)
    {
        if (!(IsStaticMethodOf(call.TargetMethod, types.Task, "Run") ||
              (call.TargetMethod is { Name: "StartNew", IsStatic: false } &&
               SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, types.TaskFactory))) ||
            call.Arguments.Length == 0)
        {
            return null;
        }

        var work = SkipImplicitConversions(call.Arguments[0].Value);
        if (work is IDelegateCreationOperation creation)
        {
            work = creation.Target;
        }

        return work as IAnonymousFunctionOperation;
    }

    /// <summary>True for a static method of <paramref name="type"/> named <paramref name="name"/>.</summary>
    public static bool IsStaticMethodOf(IMethodSymbol? method, INamedTypeSymbol? type, string name) =>
        method is { IsStatic: true } &&
        type is not null &&
        method.Name == name &&
        SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, type);

    /// <summary>
    /// True for calls whose task needs no observer at the call site: calls that hand back an existing or
    /// already-completed task rather than starting work (<c>Task.FromResult</c>/<c>FromCanceled</c> and
    /// ValueTask's, methods declared to return a type parameter such as <c>GetOrAdd</c>, <c>First</c>,
    /// <c>Interlocked.Exchange&lt;T&gt;</c>, Interlocked/Volatile), and <c>AsyncGuide.TaskScope.Run</c>,
    /// whose scope observes every child it starts. Not a delegate's <c>Invoke</c>: <c>Func&lt;T, TResult&gt;</c> returns a type
    /// parameter too, but calling it runs the delegate's code (<c>_ = handler(frame);</c>, Playwright's screencast callback).
    /// </summary>
    public static bool ReturnsTaskThatNeedsNoObserver(IMethodSymbol method, AsyncTypes types)
    {
        if ((method.OriginalDefinition.ReturnType is ITypeParameterSymbol && method.MethodKind != MethodKind.DelegateInvoke) ||
            (types.AsyncGuideTaskScope is not null &&
             SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, types.AsyncGuideTaskScope)) ||
            method.ContainingType is { Name: "Interlocked" or "Volatile", ContainingNamespace.Name: "Threading" })
        {
            return true;
        }

        return method.IsStatic &&
               method.Name is "FromResult" or "FromCanceled" &&
               (SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, types.Task) ||
                types.IsValueTask(method.ContainingType));
    }

    /// <summary>
    /// A task complete when returned: <c>Task.CompletedTask</c>, <c>Task.FromResult(…)</c> (or <c>ValueTask</c>'s), <c>default</c>, or
    /// a conditional choosing between such values.
    /// </summary>
    public static bool IsCompletedTaskValue(IOperation? value, AsyncTypes types, int depth = 0) =>
        depth < 8 && SkipImplicitConversions(value) switch
        {
            IDefaultValueOperation => true,
            IPropertyReferenceOperation { Property: { Name: "CompletedTask", IsStatic: true } completed } =>
                types.IsTask(completed.ContainingType) || types.IsValueTask(completed.ContainingType),
            IInvocationOperation { TargetMethod: { Name: "FromResult", IsStatic: true } fromResult } =>
                types.IsTask(fromResult.ContainingType) || types.IsValueTask(fromResult.ContainingType),
            IConditionalOperation { WhenFalse: { } whenFalse } conditional =>
                IsCompletedTaskValue(conditional.WhenTrue, types, depth + 1) && IsCompletedTaskValue(whenFalse, types, depth + 1),
            _ => false,
        };

    // C# 13 params collections (`Task.WhenAll(params ReadOnlySpan<Task>)`, .NET 9+) postdate the
    // Roslyn 4.8 API we compile against: the host's newer compiler hands us these values.
    private const OperationKind CollectionExpressionKind = (OperationKind)127;
    internal const ArgumentKind ParamCollectionKind = (ArgumentKind)4;

    /// <summary>
    /// True for a collection expression, the shape of a C# 13 params-collection argument
    /// (<c>Task.WhenAll(a, b)</c> binds to <c>params ReadOnlySpan&lt;Task&gt;</c> on .NET 9+).
    /// </summary>
    public static bool IsCollectionExpression(IOperation? operation) =>
        operation is not null && operation.Kind == CollectionExpressionKind;

    /// <summary>
    /// The elements packed into a params argument or an inline collection: an array creation's
    /// initializer (<c>params Task[]</c>, <c>new[] { a, b }</c>) or a collection expression
    /// (<c>params ReadOnlySpan&lt;Task&gt;</c>, <c>[a, b]</c>). False for anything else, and for
    /// collection expressions with a spread (<c>[.. tasks]</c>), whose elements are not known.
    /// </summary>
    public static bool TryGetPackedElements(IOperation? value, out ImmutableArray<IOperation> elements)
    {
        if (value is IArrayCreationOperation { Initializer: { } initializer })
        {
            elements = initializer.ElementValues;
            return true;
        }

        if (value is not null && IsCollectionExpression(value))
        {
            foreach (var child in value.ChildOperations)
            {
                if (child.Syntax.IsKind(SyntaxKind.SpreadElement))
                {
                    elements = default;
                    return false;
                }
            }

            elements = value.ChildOperations.ToImmutableArray();
            return true;
        }

        elements = default;
        return false;
    }

    /// <summary>
    /// The elements of a new collection made of exactly its initializer's <c>Add</c>s: <c>new List&lt;Task&gt; { t1, t2 }</c>
    /// (NetMQ's poller tests). Kept apart from <see cref="TryGetPackedElements"/>, whose elements the code fixes rewrite in place.
    /// </summary>
    public static bool TryGetInitializedElements(IOperation? value, out ImmutableArray<IOperation> elements)
    {
        if (value is IObjectCreationOperation { Arguments.IsEmpty: true, Initializer: { Initializers.IsEmpty: false } collected })
        {
            var added = ImmutableArray.CreateBuilder<IOperation>(collected.Initializers.Length);
            foreach (var add in collected.Initializers)
            {
                if (add is not IInvocationOperation { TargetMethod.Name: "Add", Arguments.Length: 1 } call)
                {
                    elements = default;
                    return false;
                }

                added.Add(call.Arguments[0].Value);
            }

            elements = added.MoveToImmutable();
            return true;
        }

        elements = default;
        return false;
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
