namespace AsyncGuide.CodeFixes;

/// <summary>
/// A reported AG0201 run read back from the diagnostic's locations: consecutive statements of one
/// block, each awaiting one call. Null whenever the syntax is not exactly what the analyzer saw.
/// </summary>
internal sealed class AwaitRun
{
    private AwaitRun(SyntaxNode container, ImmutableArray<AwaitRunElement> elements)
    {
        Container = container;
        Elements = elements;
    }

    /// <summary>The block, the switch section (statements under a <c>case</c> label without braces), or the compilation unit.</summary>
    public SyntaxNode Container { get; }

    public ImmutableArray<AwaitRunElement> Elements { get; }

    public bool IsTopLevel => Container is CompilationUnitSyntax;

    /// <summary>The node that occupies the statement's place in its container (the global statement at top level).</summary>
    public static SyntaxNode Slot(StatementSyntax statement) =>
        statement.Parent is GlobalStatementSyntax global ? global : statement;

    public static AwaitRun? TryRead(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var elements = ImmutableArray.CreateBuilder<AwaitRunElement>();
        SyntaxNode? container = null;
        var previousIndex = -1;
        foreach (var location in Locations(diagnostic))
        {
            if (location.SourceTree != root.SyntaxTree ||
                root.FindNode(location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax call ||
                TryReadElement(call, model, cancellationToken) is not { } element ||
                Slot(element.Statement).Parent is not { } parent ||
                (container is not null && parent != container))
            {
                return null;
            }

            var index = parent switch
            {
                BlockSyntax block => block.Statements.IndexOf(element.Statement),
                SwitchSectionSyntax section => section.Statements.IndexOf(element.Statement),
                CompilationUnitSyntax unit => unit.Members.IndexOf((MemberDeclarationSyntax)Slot(element.Statement)),
                _ => -1,
            };
            if (index < 0 || (previousIndex >= 0 && index != previousIndex + 1))
            {
                return null;
            }

            container = parent;
            previousIndex = index;
            elements.Add(element);
        }

        // Never rewrite half-typed code: the statements' meaning is not settled, and Roslyn's own
        // simplifier can throw on such trees (found by the robustness fuzzer).
        if (container is null || container.ContainsDiagnostics || elements.Count < 2 || HasInnerTrivia(elements))
        {
            return null;
        }

        // ConfigureAwait must be the same everywhere, or the continuation's context would change.
        var configure = elements[0].ConfigureAwaitArgument?.ToString();
        foreach (var element in elements)
        {
            if (element.ConfigureAwaitArgument?.ToString() != configure)
            {
                return null;
            }
        }

        return new AwaitRun(container, elements.ToImmutable());
    }

    private static IEnumerable<Location> Locations(Diagnostic diagnostic)
    {
        yield return diagnostic.Location;
        foreach (var location in diagnostic.AdditionalLocations)
        {
            yield return location;
        }
    }

    private static AwaitRunElement? TryReadElement(InvocationExpressionSyntax call, SemanticModel model, CancellationToken cancellationToken)
    {
        ExpressionSyntax? configureAwaitArgument = null;
        SyntaxNode? awaited = call;
        if (call.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } member &&
            member.Parent is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } configure)
        {
            configureAwaitArgument = configure.ArgumentList.Arguments[0].Expression;
            awaited = configure;
        }

        if (awaited.Parent is not AwaitExpressionSyntax awaitExpression ||
            model.GetTypeInfo(call, cancellationToken).Type is not INamedTypeSymbol { TypeKind: not TypeKind.Error } taskType ||
            taskType.ContainingNamespace?.ToDisplayString() != "System.Threading.Tasks" ||
            taskType.Name != "Task")
        {
            return null;
        }

        var returnsTaskOfT = taskType.Arity == 1;

        // `var x = await F() ?? throw …;`: the statement is read back whole after the gather, fallback included.
        var value = (ExpressionSyntax)awaitExpression;
        var postProcessed = false;
        if (awaitExpression.Parent is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression } coalesce &&
            coalesce.Left == awaitExpression)
        {
            value = coalesce;
            postProcessed = true;
        }
        else if (awaitExpression.Parent is ParenthesizedExpressionSyntax
                 {
                     Parent: MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } memberRead,
                 } parenthesized &&
                 memberRead.Expression == parenthesized)
        {
            // `var items = (await F()).Items;`: read back whole too, `(await itemsTask).Items`.
            value = memberRead;
            postProcessed = true;
        }

        switch (value.Parent)
        {
            case ExpressionStatementSyntax statement when !postProcessed:
                return new AwaitRunElement(statement, call, configureAwaitArgument, null, default, null, returnsTaskOfT);
            case AssignmentExpressionSyntax
            {
                RawKind: (int)SyntaxKind.SimpleAssignmentExpression,
                Left: IdentifierNameSyntax target,
                Parent: ExpressionStatementSyntax statement,
            }:
                return new AwaitRunElement(statement, call, configureAwaitArgument, null, default, target, returnsTaskOfT)
                {
                    IsPostProcessed = postProcessed,
                };
            case AssignmentExpressionSyntax
            {
                RawKind: (int)SyntaxKind.SimpleAssignmentExpression,
                Left: DeclarationExpressionSyntax or TupleExpressionSyntax,
                Parent: ExpressionStatementSyntax statement,
            } when !postProcessed:
                // `var (a, b) = await F();`: read back whole, `var (a, b) = await aTask;`.
                return new AwaitRunElement(statement, call, configureAwaitArgument, null, default, null, returnsTaskOfT)
                {
                    IsPostProcessed = true,
                    IsDeconstruction = true,
                };
            case EqualsValueClauseSyntax
            {
                Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1 } declaration } declarator,
            }
                when declaration.Parent is LocalDeclarationStatementSyntax statement:
                return new AwaitRunElement(statement, call, configureAwaitArgument, declaration.Type, declarator.Identifier, null, returnsTaskOfT)
                {
                    IsPostProcessed = postProcessed,
                };
            default:
                return null;
        }
    }

    /// <summary>Directives between the statements would change what is compiled when moved: no fix then. Comments are carried along.</summary>
    private static bool HasInnerTrivia(ImmutableArray<AwaitRunElement>.Builder elements)
    {
        for (var i = 0; i < elements.Count; i++)
        {
            if (elements[i].Statement.ContainsDirectives)
            {
                return true;
            }
        }

        return false;
    }
}
