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
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _existing = new(SymbolEqualityComparer.Default);

    private ExistingTaskCallees(Compilation compilation) => _compilation = compilation;

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

        return _existing.GetOrAdd(method, m => Compute(m, types));
    }

    private bool Compute(IMethodSymbol method, AsyncTypes types)
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
            if (descendant is IReturnOperation @return)
            {
                if (@return.ReturnedValue is null || !IsExisting(@return.ReturnedValue, types, 0))
                {
                    return false;
                }

                returns++;
            }
        }

        return returns > 0;
    }

    private static bool IsExisting(IOperation value, AsyncTypes types, int depth)
    {
        if (depth > 8)
        {
            return false;
        }

        switch (value)
        {
            case IConversionOperation { OperatorMethod: null } conversion:
                return IsExisting(conversion.Operand, types, depth + 1);
            case IParameterReferenceOperation:
                return true;
            case IFieldReferenceOperation { Field.IsStatic: false }:
            case IPropertyReferenceOperation { Property.IsStatic: false }:
                // An object's own task, as AG0003 already assumes for a field or property raced directly. Static
                // members (Task.CompletedTask) are left out: a stub returning one stands for work in test code.
                return true;
            case IInvocationOperation invocation when TaskObservation.IsWhenAny(invocation.TargetMethod, types):
                return true; // a WhenAny task never faults; what it races is the owner's
            case IConditionalOperation conditional:
                return conditional.WhenFalse is not null &&
                       IsExisting(conditional.WhenTrue, types, depth + 1) && IsExisting(conditional.WhenFalse, types, depth + 1);
            case ISwitchExpressionOperation @switch:
                foreach (var arm in @switch.Arms)
                {
                    if (!IsExisting(arm.Value, types, depth + 1))
                    {
                        return false;
                    }
                }

                return @switch.Arms.Length > 0;
            default:
                return false;
        }
    }
}
