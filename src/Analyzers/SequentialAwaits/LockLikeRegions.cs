namespace AsyncGuide.Analyzers;

/// <summary>
/// Awaits after an async lock is taken run under that lock on purpose: one at a time. A statement is
/// in such a region when an enclosing block, before it, takes a <c>SemaphoreSlim</c> or declares a
/// lock-like <c>using</c> (<c>using var _ = await gate.LockAsync();</c>, see <see cref="IsLockLikeUsing"/>;
/// <c>using var c = await OpenAsync();</c> of a connection is none), or when an
/// enclosing <c>using</c> statement awaits its resource (<c>using (await gate.LockAsync())</c>).
/// Only asked for statements about to be reported, so walking up the method is affordable.
/// </summary>
internal static class LockLikeRegions
{
    public static bool IsInside(StatementSyntax statement, SemanticModel model, NonConcurrentTypes nonConcurrent)
    {
        SyntaxNode node = statement;
        while (node.Parent is { } parent && !IsFunctionBoundary(parent))
        {
            switch (parent)
            {
                case BlockSyntax block:
                    foreach (var sibling in block.Statements)
                    {
                        if (sibling == node)
                        {
                            break;
                        }

                        if (TakesLock(sibling, model, nonConcurrent))
                        {
                            return true;
                        }
                    }

                    break;
                case UsingStatementSyntax @using
                    when ContainsAwait(@using.Expression) || (ContainsAwait(@using.Declaration) && !DeclaresResources(@using.Declaration!, model)):
                    return true;
                case LockStatementSyntax:
                    return true;
            }

            node = parent;
        }

        // Top-level statements: the earlier global statements are the enclosing "block".
        if (node.Parent is GlobalStatementSyntax global && global.Parent is CompilationUnitSyntax unit)
        {
            foreach (var member in unit.Members)
            {
                if (member == global)
                {
                    break;
                }

                if (member is GlobalStatementSyntax earlier && TakesLock(earlier.Statement, model, nonConcurrent))
                {
                    return true;
                }
            }
        }

        return false;
    }

    internal static bool TakesLock(StatementSyntax statement, SemanticModel model, NonConcurrentTypes nonConcurrent)
    {
        if (statement is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 } usingDeclaration
            && ContainsAwait(usingDeclaration.Declaration))
        {
            return !DeclaresResources(usingDeclaration.Declaration, model);
        }

        foreach (var invocation in statement.DescendantNodesAndSelf(n => !IsFunctionBoundary(n)))
        {
            // The name test is a cheap filter; the symbol decides.
            if (invocation is InvocationExpressionSyntax
                {
                    Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Wait" or "WaitAsync" },
                } &&
                model.GetSymbolInfo(invocation).Symbol is IMethodSymbol { Name: "Wait" or "WaitAsync" } method &&
                nonConcurrent.IsSemaphore(method.ContainingType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>using var c = await OpenAsync();</c> or <c>using (var c = await CreateContext()) { … }</c>: every variable is a
    /// resource one goes on to use (a connection, a response), no lock; anything else, or in doubt, is a lock.
    /// </summary>
    private static bool DeclaresResources(VariableDeclarationSyntax declaration, SemanticModel model)
    {
        foreach (var variable in declaration.Variables)
        {
            if (model.GetDeclaredSymbol(variable) is not ILocalSymbol local ||
                IsLockLikeUsing(local, AwaitedMethod(variable.Initializer?.Value, model)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A <c>using</c> declaration that guards what follows rather than bounding a resource's lifetime:
    /// its value is a releaser, or it comes from a call named like taking a lock (<c>AcquireAsync</c>).
    /// Without a call (<c>using var c = await connectionTask;</c>, as the AG0201 fix writes) the type decides.
    /// </summary>
    internal static bool IsLockLikeUsing(ILocalSymbol local, IMethodSymbol? awaited) =>
        IsReleaser(local.Type) || (awaited is not null && CallVerbs.IsLockLike(awaited));

    /// <summary>The method of <c>await M(…)</c> or <c>await M(…).ConfigureAwait(…)</c>; null for any other initializer.</summary>
    private static IMethodSymbol? AwaitedMethod(ExpressionSyntax? initializer, SemanticModel model)
    {
        if (initializer is not AwaitExpressionSyntax { Expression: InvocationExpressionSyntax invocation })
        {
            return null;
        }

        if (invocation is
            {
                Expression: MemberAccessExpressionSyntax
                {
                    Name.Identifier.ValueText: "ConfigureAwait",
                    Expression: InvocationExpressionSyntax inner,
                },
            })
        {
            invocation = inner;
        }

        return model.GetSymbolInfo(invocation).Symbol as IMethodSymbol;
    }

    /// <summary>
    /// The disposable an async lock hands back (<c>IDisposable</c>, a <c>Releaser</c> struct): a type with
    /// nothing public to use but <c>Dispose</c>/<c>DisposeAsync</c>. A connection, a response or a
    /// stream has more, and its <c>using</c> only bounds its lifetime. In doubt (error types, type
    /// parameters), a releaser.
    /// </summary>
    internal static bool IsReleaser(ITypeSymbol? type)
    {
        if (type is null || type.TypeKind is TypeKind.Error or TypeKind.TypeParameter or TypeKind.Dynamic)
        {
            return true;
        }

        if (type.TypeKind == TypeKind.Interface)
        {
            if (HasUsableMember(type))
            {
                return false;
            }

            foreach (var @interface in type.AllInterfaces)
            {
                if (HasUsableMember(@interface))
                {
                    return false;
                }
            }

            return true;
        }

        for (var current = type;
             current is not null && current.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType);
             current = current.BaseType)
        {
            if (HasUsableMember(current))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasUsableMember(ITypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            // Public, or internal to a type that is itself internal (a test context the caller's assembly uses).
            if (member.IsStatic || member.IsImplicitlyDeclared ||
                (member.DeclaredAccessibility != Accessibility.Public && type.TypeKind != TypeKind.Interface &&
                 !(member.DeclaredAccessibility is Accessibility.Internal or Accessibility.ProtectedOrInternal &&
                   type.DeclaredAccessibility is Accessibility.Internal)))
            {
                continue;
            }

            switch (member)
            {
                case IMethodSymbol { MethodKind: MethodKind.Ordinary, Name: not ("Dispose" or "DisposeAsync") }:
                case IPropertySymbol or IFieldSymbol or IEventSymbol:
                    return true;
            }
        }

        return false;
    }

    private static bool ContainsAwait(SyntaxNode? node)
    {
        if (node is null)
        {
            return false;
        }

        foreach (var descendant in node.DescendantNodesAndSelf(n => !IsFunctionBoundary(n)))
        {
            if (descendant.IsKind(SyntaxKind.AwaitExpression))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsFunctionBoundary(SyntaxNode node) =>
        node is MemberDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax;

    /// <summary>
    /// The same answer for every statement of one block, computed once per block: the enclosing
    /// regions once, then the block's own statements scanned once, however many runs are reported.
    /// </summary>
    internal sealed class BlockScan
    {
        private readonly ImmutableArray<IOperation> _statements;
        private readonly SemanticModel _model;
        private readonly NonConcurrentTypes _nonConcurrent;
        private bool? _enclosing;
        private int _scanned;
        private bool _lockTaken;

        public BlockScan(ImmutableArray<IOperation> statements, SemanticModel model, NonConcurrentTypes nonConcurrent)
        {
            _statements = statements;
            _model = model;
            _nonConcurrent = nonConcurrent;
        }

        /// <summary>Indices must be asked in increasing order (the analyzer walks the block once).</summary>
        public bool IsInside(int index)
        {
            _enclosing ??= _statements[0].Syntax is StatementSyntax first && LockLikeRegions.IsInside(first, _model, _nonConcurrent);
            if (_enclosing.Value)
            {
                return true;
            }

            for (; _scanned < index && !_lockTaken; _scanned++)
            {
                _lockTaken = _statements[_scanned].Syntax is StatementSyntax statement && TakesLock(statement, _model, _nonConcurrent);
            }

            return _lockTaken;
        }
    }
}
