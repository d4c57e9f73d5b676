using System.Runtime.CompilerServices;

namespace AsyncGuide.Analyzers;

/// <summary>
/// Well-known async types, resolved once per compilation (<see cref="For"/>) and shared by all rules.
/// Any member may be null when the compilation lacks the type (netstandard1.x, half-built references).
/// </summary>
internal sealed class AsyncTypes
{
    private static readonly ConditionalWeakTable<Compilation, AsyncTypes> PerCompilation = new();

    private AsyncTypes(Compilation compilation)
    {
        var lookup = TypeLookup.For(compilation);
        Task = lookup.Find("System.Threading.Tasks.Task");
        TaskOfT = lookup.Find("System.Threading.Tasks.Task`1");
        ValueTask = lookup.Find("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = lookup.Find("System.Threading.Tasks.ValueTask`1");
        TaskFactory = lookup.Find("System.Threading.Tasks.TaskFactory");
        ConfiguredTaskAwaitable = lookup.Find("System.Runtime.CompilerServices.ConfiguredTaskAwaitable");
        ConfiguredTaskAwaitableOfT = lookup.Find("System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1");
        ConfiguredValueTaskAwaitable = lookup.Find("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable");
        ConfiguredValueTaskAwaitableOfT = lookup.Find("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1");
        CancellationToken = lookup.Find("System.Threading.CancellationToken");
        CancellationTokenSource = lookup.Find("System.Threading.CancellationTokenSource");
        ListOfT = lookup.Find("System.Collections.Generic.List`1");
        AsyncDisposable = lookup.Find("System.IAsyncDisposable");
        NotifyCompletion = lookup.Find("System.Runtime.CompilerServices.INotifyCompletion");
        CriticalNotifyCompletion = lookup.Find("System.Runtime.CompilerServices.ICriticalNotifyCompletion");
        AsyncGuideAsync = lookup.Find("AsyncGuide.Async");
        AsyncGuideWaitResult = lookup.Find("AsyncGuide.WaitResult`1");
        AsyncGuideTaskScope = lookup.Find("AsyncGuide.TaskScope");
    }

    public INamedTypeSymbol? Task { get; }
    public INamedTypeSymbol? TaskOfT { get; }
    public INamedTypeSymbol? ValueTask { get; }
    public INamedTypeSymbol? ValueTaskOfT { get; }
    public INamedTypeSymbol? TaskFactory { get; }
    public INamedTypeSymbol? ConfiguredTaskAwaitable { get; }
    public INamedTypeSymbol? ConfiguredTaskAwaitableOfT { get; }
    public INamedTypeSymbol? ConfiguredValueTaskAwaitable { get; }
    public INamedTypeSymbol? ConfiguredValueTaskAwaitableOfT { get; }
    public INamedTypeSymbol? CancellationToken { get; }
    public INamedTypeSymbol? CancellationTokenSource { get; }
    public INamedTypeSymbol? ListOfT { get; }

    /// <summary><c>System.IAsyncDisposable</c>; null before netstandard2.1 without Microsoft.Bcl.AsyncInterfaces.</summary>
    public INamedTypeSymbol? AsyncDisposable { get; }

    /// <summary><c>INotifyCompletion</c> and <c>ICriticalNotifyCompletion</c>: what a custom awaiter implements.</summary>
    public INamedTypeSymbol? NotifyCompletion { get; }
    public INamedTypeSymbol? CriticalNotifyCompletion { get; }

    /// <summary>
    /// <paramref name="method"/> implements <c>INotifyCompletion.OnCompleted</c> or <c>ICriticalNotifyCompletion.UnsafeOnCompleted</c>:
    /// its <c>Action</c> parameter is the continuation of an <c>await</c> (the state machine's <c>MoveNext</c>).
    /// </summary>
    public bool IsAwaiterOnCompleted(IMethodSymbol method) =>
        (method.Name is "OnCompleted" or "UnsafeOnCompleted" || !method.ExplicitInterfaceImplementations.IsEmpty) &&
        (InterfaceMembers.Implements(method, NotifyCompletion, "OnCompleted") ||
         InterfaceMembers.Implements(method, CriticalNotifyCompletion, "UnsafeOnCompleted"));

    /// <summary><c>AsyncGuide.Async</c>: present when the project references the runtime.</summary>
    public INamedTypeSymbol? AsyncGuideAsync { get; }
    public INamedTypeSymbol? AsyncGuideWaitResult { get; }

    /// <summary><c>AsyncGuide.TaskScope</c>: observes every child task it starts.</summary>
    public INamedTypeSymbol? AsyncGuideTaskScope { get; }

    /// <summary>
    /// The types of <paramref name="compilation"/>, resolved on the first call and shared by every rule after it;
    /// null when the compilation has no <c>System.Threading.Tasks.Task</c>: nothing to analyze.
    /// </summary>
    public static AsyncTypes? For(Compilation compilation)
    {
        var types = PerCompilation.TryGetValue(compilation, out var known)
            ? known
            : PerCompilation.GetValue(compilation, c => new AsyncTypes(c));
        return types.Task is null ? null : types;
    }

    /// <summary>Task, Task&lt;T&gt; or a type derived from Task.</summary>
    public bool IsTask(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            var original = current.OriginalDefinition;
            if (SymbolEqualityComparer.Default.Equals(original, Task) ||
                SymbolEqualityComparer.Default.Equals(original, TaskOfT))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>List&lt;T&gt;</c> for any T.</summary>
    public bool IsListOfT(ITypeSymbol? type) =>
        type is not null && ListOfT is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, ListOfT);

    /// <summary>ValueTask or ValueTask&lt;T&gt;.</summary>
    public bool IsValueTask(ITypeSymbol? type)
    {
        var original = type?.OriginalDefinition;
        return original is not null &&
               (SymbolEqualityComparer.Default.Equals(original, ValueTask) ||
                SymbolEqualityComparer.Default.Equals(original, ValueTaskOfT));
    }

    /// <summary>The awaitables returned by ConfigureAwait on Task and ValueTask.</summary>
    public bool IsConfiguredAwaitable(ITypeSymbol? type)
    {
        var original = type?.OriginalDefinition;
        return original is not null &&
               (SymbolEqualityComparer.Default.Equals(original, ConfiguredTaskAwaitable) ||
                SymbolEqualityComparer.Default.Equals(original, ConfiguredTaskAwaitableOfT) ||
                SymbolEqualityComparer.Default.Equals(original, ConfiguredValueTaskAwaitable) ||
                SymbolEqualityComparer.Default.Equals(original, ConfiguredValueTaskAwaitableOfT));
    }

    /// <summary>
    /// True for a type with an accessible instance <c>GetAwaiter()</c> whose awaiter has
    /// <c>IsCompleted</c> and <c>GetResult</c> (the C# await pattern), Task-likes first as the fast path.
    /// </summary>
    public bool IsAwaitable(ITypeSymbol? type)
    {
        // void, int, string…, dynamic and pointers first: most expression statements end here, before any symbol comparison.
        if (type is null || type.SpecialType != SpecialType.None ||
            type.TypeKind is TypeKind.Error or TypeKind.Dynamic or TypeKind.Pointer or TypeKind.Enum or TypeKind.Array)
        {
            return false;
        }

        if (IsTask(type) || IsValueTask(type) || IsConfiguredAwaitable(type))
        {
            return true;
        }

        foreach (var member in type.GetMembers("GetAwaiter"))
        {
            if (member is IMethodSymbol { IsStatic: false, Parameters.Length: 0, ReturnsVoid: false } method &&
                HasAwaiterShape(method.ReturnType))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasAwaiterShape(ITypeSymbol awaiter)
    {
        var hasIsCompleted = false;
        var hasGetResult = false;
        foreach (var member in awaiter.GetMembers())
        {
            if (member is IPropertySymbol { Name: "IsCompleted" })
            {
                hasIsCompleted = true;
            }
            else if (member is IMethodSymbol { Name: "GetResult", Parameters.Length: 0 })
            {
                hasGetResult = true;
            }
        }

        return hasIsCompleted && hasGetResult;
    }

    /// <summary>
    /// The type is <c>IAsyncDisposable</c> or implements it (an <c>await using</c> of it can be disposed through the
    /// interface); false for a type with only a pattern-based <c>DisposeAsync</c>.
    /// </summary>
    public bool IsAsyncDisposable(ITypeSymbol? type)
    {
        if (type is null || AsyncDisposable is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(type, AsyncDisposable))
        {
            return true;
        }

        foreach (var @interface in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(@interface, AsyncDisposable))
            {
                return true;
            }
        }

        return false;
    }
}
