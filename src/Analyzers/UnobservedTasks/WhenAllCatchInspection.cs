using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

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

        var core = TaskObservation.UnwrapConfigureAwait(operand, types);
        return (core is ILocalReferenceOperation
                || (core is IInvocationOperation invocation && TaskObservation.IsWhenAll(invocation.TargetMethod, types))) &&
               EnclosingTry(awaitOperation) is not null;
    }

    /// <param name="lastReads">From <see cref="LastReads"/>, for the whole operation block.</param>
    public static Finding? Find(IAwaitOperation awaitOperation, WhenAllBodyFacts facts, AsyncTypes types)
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
        var core = TaskObservation.UnwrapConfigureAwait(operand, types);
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

        return new Finding(core, whenAll, whenAllLocal, tryOperation, catchClause);
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
            if (descendant is IThrowOperation || HandsOnToCompletionSource(descendant, clause.Locals[0]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <c>tcs.SetException(ex)</c> / <c>tcs.TrySetException(ex)</c> on a <c>TaskCompletionSource</c>: the caught
    /// exception is handed to whoever awaits that task, as a rethrow hands it to the caller.
    /// </summary>
    private static bool HandsOnToCompletionSource(IOperation operation, ILocalSymbol exception)
    {
        if (operation is not IInvocationOperation { TargetMethod: { Name: "SetException" or "TrySetException" } method } invocation ||
            method.ContainingType is not { Name: "TaskCompletionSource" } source ||
            source.ContainingNamespace is not { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } })
        {
            return false;
        }

        foreach (var argument in invocation.Arguments)
        {
            var value = argument.Value;
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            if (value is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, exception))
            {
                return true;
            }
        }

        return false;
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
