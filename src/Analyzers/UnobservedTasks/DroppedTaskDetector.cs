using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuide.Analyzers;

/// <summary>
/// The decision behind AG0001, shared with its code fix (which must know which neighbouring
/// statements are dropped tasks too, to gather a run of them).
/// </summary>
internal sealed class DroppedTaskDetector
{
    private readonly AsyncTypes _types;
    private readonly AnalyzerConfigOptionsProvider _options;

    // Parsed once per syntax tree: the option can differ per folder.
    private readonly ConcurrentDictionary<SyntaxTree, HashSet<string>> _fireAndForgetByTree = new();

    private readonly System.Func<SyntaxTree, HashSet<string>> _parseFireAndForgetOption;

    public DroppedTaskDetector(AsyncTypes types, AnalyzerConfigOptionsProvider options)
    {
        _types = types;
        _options = options;
        _parseFireAndForgetOption = ParseFireAndForgetOption;
    }

    public void AnalyzeExpressionStatement(OperationAnalysisContext context)
    {
        var statement = (IExpressionStatementOperation)context.Operation;
        var dropped = statement.Operation;
        if (dropped is ISimpleAssignmentOperation { Target: IDiscardOperation } discard)
        {
            dropped = discard.Value;
        }

        // No delegate from context.ReportDiagnostic here: it would box the context for every statement.
        if (DiagnosticIfDropped(dropped) is { } diagnostic)
        {
            context.ReportDiagnostic(diagnostic);
        }
    }

    /// <summary>
    /// <c>var _ = SendAsync();</c> declares a local, not a discard: dropped when nothing reads it.
    /// Such locals are rare, so only their declarator triggers the walk for reads.
    /// </summary>
    public void AnalyzeUnderscoreLocal(OperationAnalysisContext context)
    {
        var declarator = (IVariableDeclaratorOperation)context.Operation;
        if (declarator.Symbol is not { Name: "_", IsUsing: false } local || declarator.Initializer is not { } initializer)
        {
            return;
        }

        IOperation current = declarator;
        while (current.Parent is { } parent)
        {
            current = parent;
        }

        foreach (var operation in current.Descendants())
        {
            if (operation.Kind == OperationKind.LocalReference &&
                SymbolEqualityComparer.Default.Equals(((ILocalReferenceOperation)operation).Local, local))
            {
                return;
            }
        }

        if (DiagnosticIfDropped(initializer.Value) is { } diagnostic)
        {
            context.ReportDiagnostic(diagnostic);
        }
    }

    private Diagnostic? DiagnosticIfDropped(IOperation? dropped)
    {
        if (FindDroppedAwaitable(dropped) is not { } location || DroppedCall(TaskObservation.SkipImplicitConversions(location)!) is not { } call)
        {
            return null;
        }

        // Name the call that started the work, not the ConfigureAwait around it.
        var named = TaskObservation.UnwrapConfigureAwait(call, _types) as IInvocationOperation ?? call;
        return Diagnostic.Create(AG0001DroppedTaskAnalyzer.Rule, location.Syntax.GetLocation(), named.TargetMethod.Name);
    }

    /// <summary>
    /// The operation to squiggle when <paramref name="dropped"/> (the value a statement, discard or
    /// unread <c>_</c> local throws away) is a dropped awaitable; null when it is fine to drop.
    /// </summary>
    public IOperation? FindDroppedAwaitable(IOperation? dropped)
    {
        dropped = TaskObservation.SkipImplicitConversions(dropped);
        if (dropped is null || TaskObservation.IsUnbound(dropped))
        {
            return null;
        }

        // `await StartNew(async () => ...)` / `await t.ContinueWith(async t => ...)`: the awaited
        // Task<Task> hands back the inner task, which is then dropped. WhenAny is AG0003's business.
        if (dropped is IAwaitOperation awaitOperation)
        {
            var awaited = TaskObservation.SkipImplicitConversions(awaitOperation.Operation);
            if (awaited is null || !_types.IsAwaitable(awaitOperation.Type) ||
                (TaskObservation.UnwrapConfigureAwait(awaited, _types) is IInvocationOperation inner &&
                 TaskObservation.IsWhenAny(inner.TargetMethod, _types)))
            {
                return null;
            }

            return DroppedCall(awaited) is { } awaitedCall && !IsExempt(awaitedCall) ? awaited : null;
        }

        var type = dropped.Type;
        if (dropped is IConditionalAccessOperation && type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return _types.IsAwaitable(type) && DroppedCall(dropped) is { } call && !IsExempt(call) ? dropped : null;
    }

    /// <summary>The invocation that produced the dropped value, looking through <c>?.</c>.</summary>
    internal static IInvocationOperation? DroppedCall(IOperation operation)
    {
        while (operation is IConditionalAccessOperation conditional)
        {
            operation = conditional.WhenNotNull;
        }

        return operation as IInvocationOperation;
    }

    private bool IsExempt(IInvocationOperation call)
    {
        var core = TaskObservation.UnwrapConfigureAwait(call, _types) as IInvocationOperation ?? call;
        var method = core.TargetMethod;

        // Already-completed tasks cannot fault; pass-through methods hand back an existing task, not new work.
        if (TaskObservation.ReturnsTaskThatNeedsNoObserver(method, _types))
        {
            return true;
        }

        // NSubstitute's `sub.Received().SendAsync();` verifies a call; it starts nothing.
        if (TaskObservation.SkipImplicitConversions(core.Instance) is IInvocationOperation { TargetMethod: { } receiver } &&
            RootNamespaceName(receiver.ContainingNamespace) == "NSubstitute")
        {
            return true;
        }

        return IsConfiguredFireAndForget(method, core.Syntax.SyntaxTree) ||
               DelegateObservesItsOwnFailure(core);
    }

    private static string? RootNamespaceName(INamespaceSymbol? ns)
    {
        while (ns is { ContainingNamespace.IsGlobalNamespace: false })
        {
            ns = ns.ContainingNamespace;
        }

        return ns?.Name;
    }

    private bool IsConfiguredFireAndForget(IMethodSymbol method, SyntaxTree tree)
    {
        var names = _fireAndForgetByTree.GetOrAdd(tree, _parseFireAndForgetOption);
        if (names.Count == 0)
        {
            return false;
        }

        var original = (method.ReducedFrom ?? method).OriginalDefinition;
        var typeName = original.ContainingType?.ToDisplayString(TypeNameFormat);
        return typeName is not null && (names.Contains(typeName) || names.Contains(typeName + "." + original.Name));
    }

    private HashSet<string> ParseFireAndForgetOption(SyntaxTree tree)
    {
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var part in AG0001DroppedTaskAnalyzer.FireAndForgetMethods.Read(_options.GetOptions(tree)))
        {
            var name = part.StartsWith("M:", System.StringComparison.Ordinal) || part.StartsWith("T:", System.StringComparison.Ordinal)
                ? part.Substring(2)
                : part;
            if (name.Length > 0)
            {
                names.Add(name);
            }
        }

        return names;
    }

    private static readonly SymbolDisplayFormat TypeNameFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.None);

    /// <summary>
    /// <c>ContinueWith(t =&gt; Log(t.Exception))</c> and <c>Task.Run(() =&gt; { try { … } catch (Exception) { … } })</c>
    /// observe the failure themselves: dropping the returned task loses nothing a reviewer would want.
    /// </summary>
    private bool DelegateObservesItsOwnFailure(IInvocationOperation call)
    {
        foreach (var argument in call.Arguments)
        {
            var value = TaskObservation.SkipImplicitConversions(argument.Value);
            if (value is IDelegateCreationOperation creation)
            {
                value = creation.Target;
            }

            if (value is IAnonymousFunctionOperation lambda)
            {
                if (BodyCatchesEverything(lambda.Body))
                {
                    return true;
                }

                if (call.TargetMethod.Name == "ContinueWith" && !lambda.Symbol.IsAsync &&
                    lambda.Symbol.Parameters.Length > 0 && ReadsAntecedentOutcome(lambda.Body, lambda.Symbol.Parameters[0]))
                {
                    return true;
                }
            }
            else if (value is IMethodReferenceOperation && call.TargetMethod.Name == "ContinueWith")
            {
                // A named continuation gets the antecedent: assume it looks at it.
                return true;
            }
        }

        return false;
    }

    private static bool BodyCatchesEverything(IBlockOperation body)
    {
        foreach (var statement in body.Operations)
        {
            if (statement is ITryOperation tryOperation)
            {
                foreach (var clause in tryOperation.Catches)
                {
                    if (clause.Filter is null &&
                        (clause.ExceptionType is null || clause.ExceptionType.SpecialType == SpecialType.System_Object ||
                         clause.ExceptionType is { Name: "Exception", ContainingNamespace.Name: "System", ContainingNamespace.ContainingNamespace.IsGlobalNamespace: true }))
                    {
                        return body.Operations.Length == 1 ||
                               (body.Operations.Length == 2 && body.Operations[1] is IReturnOperation { ReturnedValue: null });
                    }
                }
            }
        }

        return false;
    }

    private static bool ReadsAntecedentOutcome(IOperation body, IParameterSymbol antecedent)
    {
        foreach (var descendant in body.Descendants())
        {
            if (descendant is IParameterReferenceOperation reference &&
                SymbolEqualityComparer.Default.Equals(reference.Parameter, antecedent))
            {
                switch (reference.Parent)
                {
                    case IPropertyReferenceOperation { Property.Name: "Exception" or "IsFaulted" or "Result" or "Status" or "IsCompletedSuccessfully" }:
                    case IInvocationOperation { TargetMethod.Name: "Wait" or "GetAwaiter" }:
                    case IArgumentOperation:
                    case IAwaitOperation:
                        return true;
                }
            }
        }

        return false;
    }
}
