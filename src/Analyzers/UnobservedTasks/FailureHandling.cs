using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuide.Analyzers;

/// <summary>
/// Whether a body (a fire-and-forget lambda, or a callee's async body) handles its own failures, so the
/// task it produces cannot fault: the whole body (after locals declared with constants) is one <c>try</c> whose catch-all handles without
/// throwing, or whose <c>catch (OperationCanceledException)</c> covers code that can only be cancelled.
/// A catch that rethrows, or one filtered to a type while the try can throw others, does not count.
/// </summary>
internal static class FailureHandling
{
    public static bool HandlesOwnFailures(IBlockOperation? body, AsyncTypes types)
    {
        if (body is null)
        {
            return false;
        }

        // Locals declared before the try with constant values (`bool lockTaken = false;`) cannot throw.
        var first = 0;
        // So can guards that leave early on a flag (`if (IsShutdown) return;`).
        while (first < body.Operations.Length && (IsConstantDeclaration(body.Operations[first]) || IsEarlyReturnGuard(body.Operations[first])))
        {
            first++;
        }

        var remaining = body.Operations.Length - first;
        if (remaining == 0 || remaining > 2 ||
            body.Operations[first] is not ITryOperation tryOperation ||
            (remaining == 2 && body.Operations[first + 1] is not IReturnOperation { ReturnedValue: null }))
        {
            return false;
        }

        // A finally can throw too; only an empty-looking one (no throw) is harmless.
        if (tryOperation.Finally is { } finallyBlock && ContainsThrow(finallyBlock))
        {
            return false;
        }

        var onlyCancellation = CanOnlyBeCancelled(tryOperation.Body, types);
        foreach (var clause in tryOperation.Catches)
        {
            if (clause.Filter is not null || ContainsThrow(clause.Handler))
            {
                continue;
            }

            if (IsCatchAll(clause.ExceptionType) || (onlyCancellation && IsCancellation(clause.ExceptionType)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>if (flag) return;</c> whose condition only reads locals, parameters, fields and properties.</summary>
    private static bool IsEarlyReturnGuard(IOperation statement)
    {
        if (statement is not IConditionalOperation { WhenFalse: null } guard || !IsPlainRead(guard.Condition))
        {
            return false;
        }

        var whenTrue = guard.WhenTrue is IBlockOperation { Operations.Length: 1 } block ? block.Operations[0] : guard.WhenTrue;
        return whenTrue is IReturnOperation { ReturnedValue: null };
    }

    private static bool IsPlainRead(IOperation operation) => operation switch
    {
        ILiteralOperation or ILocalReferenceOperation or IParameterReferenceOperation or IInstanceReferenceOperation => true,
        IFieldReferenceOperation field => field.Instance is null || IsPlainRead(field.Instance),
        IPropertyReferenceOperation { Arguments.Length: 0 } property => property.Instance is null || IsPlainRead(property.Instance),
        IUnaryOperation { OperatorMethod: null } unary => IsPlainRead(unary.Operand),
        IBinaryOperation { OperatorMethod: null } binary => IsPlainRead(binary.LeftOperand) && IsPlainRead(binary.RightOperand),
        IConversionOperation { OperatorMethod: null } conversion => IsPlainRead(conversion.Operand),
        _ => false,
    };

    private static bool IsConstantDeclaration(IOperation statement)
    {
        if (statement is not IVariableDeclarationGroupOperation group)
        {
            return false;
        }

        foreach (var declaration in group.Declarations)
        {
            foreach (var declarator in declaration.Declarators)
            {
                var initializer = declarator.Initializer ?? declaration.Initializer;
                if (initializer is not null && !initializer.Value.ConstantValue.HasValue)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary><c>catch</c>, <c>catch (object)</c> or <c>catch (System.Exception)</c>.</summary>
    public static bool IsCatchAll(ITypeSymbol? type) =>
        type is null || type.SpecialType == SpecialType.System_Object ||
        type is { Name: "Exception", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    private static bool IsCancellation(ITypeSymbol? type) =>
        type is { Name: "OperationCanceledException", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    private static bool ContainsThrow(IOperation operation)
    {
        foreach (var descendant in operation.DescendantsAndSelf())
        {
            if (descendant.Kind == OperationKind.Throw)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Statements that can only throw cancellation: <c>await Task.Delay(…)</c> and <c>token.ThrowIfCancellationRequested()</c>.</summary>
    private static bool CanOnlyBeCancelled(IBlockOperation block, AsyncTypes types)
    {
        foreach (var statement in block.Operations)
        {
            if (statement is not IExpressionStatementOperation { Operation: { } expression })
            {
                return false;
            }

            if (expression is IAwaitOperation awaitOperation)
            {
                var awaited = TaskObservation.SkipImplicitConversions(awaitOperation.Operation);
                if (awaited is null ||
                    TaskObservation.UnwrapConfigureAwait(awaited, types) is not IInvocationOperation delay ||
                    !TaskObservation.IsStaticMethodOf(delay.TargetMethod, types.Task, "Delay"))
                {
                    return false;
                }
            }
            else if (expression is not IInvocationOperation { TargetMethod.Name: "ThrowIfCancellationRequested" } check ||
                     !SymbolEqualityComparer.Default.Equals(check.TargetMethod.ContainingType, types.CancellationToken))
            {
                return false;
            }
        }

        return true;
    }
}
