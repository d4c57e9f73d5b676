namespace AsyncGuide.Analyzers;

/// <summary>
/// Every reference to a <c>TaskScope</c> local in one operation tree, classified and in source order,
/// collected in one walk on the first scope declared in the tree.
/// </summary>
internal sealed class ScopeBodyFacts
{
    private static readonly List<ScopeReference> None = new();
    private readonly Dictionary<ILocalSymbol, List<ScopeReference>> _references;

    private ScopeBodyFacts(Dictionary<ILocalSymbol, List<ScopeReference>> references) => _references = references;

    public static ScopeBodyFacts Build(IOperation root, INamedTypeSymbol taskScope)
    {
        var references = new Dictionary<ILocalSymbol, List<ScopeReference>>(SymbolEqualityComparer.Default);
        foreach (var operation in root.Descendants())
        {
            if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local.Type, taskScope))
            {
                if (!references.TryGetValue(reference.Local, out var list))
                {
                    references.Add(reference.Local, list = new List<ScopeReference>());
                }

                var use = Classify(reference, taskScope, out var configuredFalse);
                list.Add(new ScopeReference(reference, use, EnclosingFunction(reference), configuredFalse));
            }
        }

        // Descendants() is a pre-order walk: the lists are already in source order.
        return new ScopeBodyFacts(references);
    }

    /// <summary>The references to <paramref name="local"/>, in source order.</summary>
    public List<ScopeReference> For(ILocalSymbol local) => _references.TryGetValue(local, out var list) ? list : None;

    public static IOperation? EnclosingFunction(IOperation operation)
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

    private static ScopeUse Classify(ILocalReferenceOperation reference, INamedTypeSymbol taskScope, out bool configuredFalse)
    {
        configuredFalse = false;
        var parent = reference.Parent is IConversionOperation { IsImplicit: true } conversion ? conversion.Parent : reference.Parent;
        switch (reference.Parent)
        {
            case IInvocationOperation invocation when invocation.Instance == reference &&
                                                      SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, taskScope):
                switch (invocation.TargetMethod.Name)
                {
                    case "Run":
                        return invocation.Parent is IAwaitOperation ? ScopeUse.AwaitedRun : ScopeUse.Run;
                    case "JoinAsync":
                        return IsAwaitedOrWaited(invocation, out configuredFalse) ? ScopeUse.Join : ScopeUse.Escape;
                    case "DisposeAsync":
                        return IsAwaited(invocation, out configuredFalse) ? ScopeUse.Dispose : ScopeUse.Escape;
                    default:
                        return ScopeUse.Escape;
                }

            case IPropertyReferenceOperation { Property.Name: "Token" } property when property.Instance == reference:
                return ScopeUse.Token;
            case IUsingOperation:
                return ScopeUse.UsingResource;
            case IConversionOperation { IsImplicit: true, Parent: IUsingOperation }:
                return ScopeUse.UsingResource;
            case IConversionOperation { IsImplicit: true }
                when parent is IArgumentOperation
                {
                    Parent: IInvocationOperation
                    {
                        TargetMethod.Name: "ConfigureAwait",
                        Parent: IUsingOperation or IConversionOperation { Parent: IUsingOperation }
                    } configured
                }:
                configuredFalse = IsFalse(configured);
                return ScopeUse.UsingResource;
            case IArgumentOperation
            {
                Parent: IInvocationOperation
                {
                    TargetMethod.Name: "ConfigureAwait",
                    Parent: IUsingOperation or IConversionOperation { Parent: IUsingOperation }
                } configure
            }:
                configuredFalse = IsFalse(configure);
                return ScopeUse.UsingResource;
            default:
                return ScopeUse.Escape;
        }
    }

    /// <summary><c>await x</c> or <c>await x.ConfigureAwait(…)</c>.</summary>
    private static bool IsAwaited(IInvocationOperation invocation, out bool configuredFalse)
    {
        configuredFalse = false;
        if (invocation.Parent is IAwaitOperation)
        {
            return true;
        }

        if (invocation.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Parent: IAwaitOperation } configure
            && configure.Instance == invocation)
        {
            configuredFalse = IsFalse(configure);
            return true;
        }

        return false;
    }

    /// <summary>Awaited, or waited for with <c>Wait()</c> or <c>GetAwaiter().GetResult()</c>.</summary>
    private static bool IsAwaitedOrWaited(IInvocationOperation invocation, out bool configuredFalse) =>
        IsAwaited(invocation, out configuredFalse) ||
        invocation.Parent is IInvocationOperation { TargetMethod.Name: "Wait" } ||
        invocation.Parent is IInvocationOperation
        {
            TargetMethod.Name: "GetAwaiter",
            Parent: IInvocationOperation { TargetMethod.Name: "GetResult" }
        };

    private static bool IsFalse(IInvocationOperation configure) =>
        configure.Arguments.Length > 0 &&
        configure.Arguments[configure.Arguments.Length - 1].Value.ConstantValue is { HasValue: true, Value: false };
}
