using System.Runtime.CompilerServices;

namespace AsyncGuide.Analyzers;

/// <summary>
/// A private instance field of a class of this compilation that nothing writes outside the class's own
/// instance constructors (on <c>this</c>, not in a lambda or local function there) is as good as readonly:
/// <c>private IRepository _repo;</c> set once by the constructor. Private, so every write is inside the class's
/// declarations; they are read once per class, from syntax (a write is an assignment of any kind, <c>++</c>/<c>--</c>,
/// a <c>ref</c>/<c>out</c> argument, a <c>ref</c> expression or an address-of of the name), and the names written
/// elsewhere are kept per class symbol, so per compilation. A local of the same name written anywhere counts as
/// a write too: the test is on names, on the safe side.
/// </summary>
internal static class ConstructorOnlyFields
{
    private static readonly ConditionalWeakTable<INamedTypeSymbol, HashSet<string>> WrittenOutsideConstructors = new();

    public static bool IsConstructorOnly(IFieldSymbol field)
    {
        if (field.IsStatic || field.IsConst || field.DeclaredAccessibility != Accessibility.Private ||
            field.IsImplicitlyDeclared || field.ContainingType is not { TypeKind: TypeKind.Class } type ||
            type.DeclaringSyntaxReferences.Length == 0)
        {
            return false;
        }

        var written = WrittenOutsideConstructors.GetValue(type.OriginalDefinition, Collect);
        return !written.Contains(field.Name);
    }

    private static HashSet<string> Collect(INamedTypeSymbol type)
    {
        var written = new HashSet<string>();
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not TypeDeclarationSyntax declaration)
            {
                continue;
            }

            foreach (var node in declaration.DescendantNodes())
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax assignment:
                        AddTargets(assignment.Left, assignment, declaration, written);
                        break;
                    case PrefixUnaryExpressionSyntax prefix
                        when prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression) ||
                             prefix.IsKind(SyntaxKind.AddressOfExpression):
                        AddTargets(prefix.Operand, prefix, declaration, written);
                        break;
                    case PostfixUnaryExpressionSyntax postfix
                        when postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression):
                        AddTargets(postfix.Operand, postfix, declaration, written);
                        break;
                    case ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.RefKeyword or (int)SyntaxKind.OutKeyword } argument:
                        AddTargets(argument.Expression, null, declaration, written);
                        break;
                    case RefExpressionSyntax refExpression:
                        AddTargets(refExpression.Expression, null, declaration, written);
                        break;
                }
            }
        }

        return written;
    }

    /// <summary>The name written by <paramref name="target"/>, unless it is a write of the constructor on <c>this</c>.</summary>
    private static void AddTargets(ExpressionSyntax target, SyntaxNode? write, TypeDeclarationSyntax declaration, HashSet<string> written)
    {
        switch (target)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                AddTargets(parenthesized.Expression, write, declaration, written);
                return;
            case TupleExpressionSyntax tuple:
                // `(_a, _b) = (a, b)`.
                foreach (var argument in tuple.Arguments)
                {
                    AddTargets(argument.Expression, write, declaration, written);
                }

                return;
            case DeclarationExpressionSyntax:
                return;
            case IdentifierNameSyntax identifier:
                if (write is null || !IsInOwnConstructor(write, declaration))
                {
                    written.Add(identifier.Identifier.ValueText);
                }

                return;
            case MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } member:
                if (write is null || !IsInOwnConstructor(write, declaration))
                {
                    written.Add(member.Name.Identifier.ValueText);
                }

                return;
            case MemberAccessExpressionSyntax member:
                // `other._repo = …`: another instance, wherever it is written.
                written.Add(member.Name.Identifier.ValueText);
                return;
            case MemberBindingExpressionSyntax binding:
                written.Add(binding.Name.Identifier.ValueText);
                return;
        }
    }

    /// <summary>The write runs in an instance constructor of this declaration itself, not in code it hands out.</summary>
    private static bool IsInOwnConstructor(SyntaxNode write, TypeDeclarationSyntax declaration)
    {
        for (var node = write.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                    return false;
                case ConstructorDeclarationSyntax constructor:
                    return constructor.Parent == declaration && !constructor.Modifiers.Any(SyntaxKind.StaticKeyword);
                case MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }
}
