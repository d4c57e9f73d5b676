using System.Collections.Concurrent;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncGuide.Analyzers;

/// <summary>
/// Types of the compilation whose completion sources never get an exception: no code of the type calls
/// <c>SetException</c>/<c>TrySetException</c>, and no source leaves it. A source may go into locals, the type's own private
/// fields and the BCL collections held in them (<c>_items.TryAdd(item, tcs)</c>, <c>_items.TryRemove(item, out var old)</c>),
/// and to the type's own methods; it may be completed, cancelled, compared and have its <c>Task</c> read. Returned, passed to
/// another type's code or stored elsewhere, it could be faulted there. DotPulsar's <c>Awaiter</c> keeps its sources in a
/// private dictionary and only completes or cancels them, so the task <c>CreateTask</c> hands back cannot fault. Decided once
/// per type per compilation, only when a dropped or stored task comes from a source made in such a type.
/// </summary>
internal sealed class ConfinedCompletionSources
{
    private readonly Compilation _compilation;
    private readonly System.Func<ITypeSymbol, bool> _isSource;
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _confined = new(SymbolEqualityComparer.Default);
    private readonly System.Func<INamedTypeSymbol, bool> _compute;

    public ConfinedCompletionSources(Compilation compilation, System.Func<ITypeSymbol, bool> isSource)
    {
        _compilation = compilation;
        _isSource = isSource;
        _compute = Compute;
    }

    public bool KeepsEverySourceFaultFree(INamedTypeSymbol? type) =>
        type is not null && !type.DeclaringSyntaxReferences.IsEmpty &&
        SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, _compilation.Assembly) &&
        _confined.GetOrAdd(type.OriginalDefinition, _compute);

    private bool Compute(INamedTypeSymbol type)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not TypeDeclarationSyntax declaration)
            {
                return false;
            }

#pragma warning disable RS1030 // Once per type per compilation, cached; the type's trees have no analysis context here.
            var model = _compilation.GetSemanticModel(declaration.SyntaxTree);
#pragma warning restore RS1030
            // The type's own code, not a nested type's (a source handed to a nested type leaves this one).
            foreach (var node in declaration.DescendantNodes(n => n == declaration || n is not BaseTypeDeclarationSyntax))
            {
                if (node is not (BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or ArrowExpressionClauseSyntax
                    { Parent: BasePropertyDeclarationSyntax } or EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax }) ||
                    model.GetOperation(node) is not { } root)
                {
                    continue;
                }

                foreach (var operation in root.DescendantsAndSelf())
                {
                    if (operation.Type is { } valueType && _isSource(valueType) && !StaysInside(operation, type))
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }

    private bool StaysInside(IOperation source, INamedTypeSymbol type)
    {
        var parent = source.Parent;
        while (parent is IConversionOperation { Type: { } converted } && _isSource(converted))
        {
            source = parent;
            parent = parent.Parent;
        }

        return parent switch
        {
            null => true,
            IInvocationOperation call when call.Instance == source =>
                call.TargetMethod.Name is not ("SetException" or "TrySetException"),
            IPropertyReferenceOperation property when property.Instance == source => true,
            IConditionalAccessOperation access when access.Operation == source => true,
            IArgumentOperation { Parent: IInvocationOperation call } =>
                SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType?.OriginalDefinition, type) ||
                IsOwnCollection(call.Instance, type),
            ISimpleAssignmentOperation assignment when assignment.Target == source => true,
            ISimpleAssignmentOperation assignment =>
                assignment.Target is ILocalReferenceOperation || IsOwnPrivateField(assignment.Target, type),
            IVariableInitializerOperation or IVariableDeclaratorOperation or IDeclarationExpressionOperation => true,
            IBinaryOperation or IIsPatternOperation => true,
            IExpressionStatementOperation or IBlockOperation => true,
            _ => false,
        };
    }

    /// <summary><c>_items</c>: a private field of the type holding a collection of System.Collections.</summary>
    private static bool IsOwnCollection(IOperation? instance, INamedTypeSymbol type) =>
        IsOwnPrivateField(instance, type) &&
        ((IFieldReferenceOperation)instance!).Field.Type.ContainingNamespace?.ToDisplayString() is { } ns &&
        ns.StartsWith("System.Collections", System.StringComparison.Ordinal);

    private static bool IsOwnPrivateField(IOperation? operation, INamedTypeSymbol type) =>
        operation is IFieldReferenceOperation
        {
            Field: { DeclaredAccessibility: Accessibility.Private } field, Instance: null or IInstanceReferenceOperation,
        } &&
        SymbolEqualityComparer.Default.Equals(field.ContainingType?.OriginalDefinition, type);
}
