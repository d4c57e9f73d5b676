namespace AsyncGuide.CodeFixes;

/// <summary>One statement of a reported run, read back from syntax.</summary>
internal sealed class AwaitRunElement
{
    public AwaitRunElement(
        StatementSyntax statement,
        InvocationExpressionSyntax call,
        ExpressionSyntax? configureAwaitArgument,
        TypeSyntax? declaredType,
        SyntaxToken declaredName,
        ExpressionSyntax? assignedTarget,
        bool returnsTaskOfT)
    {
        Statement = statement;
        Call = call;
        ConfigureAwaitArgument = configureAwaitArgument;
        DeclaredType = declaredType;
        DeclaredName = declaredName;
        AssignedTarget = assignedTarget;
        ReturnsTaskOfT = returnsTaskOfT;
    }

    public StatementSyntax Statement { get; }

    public InvocationExpressionSyntax Call { get; }

    public ExpressionSyntax? ConfigureAwaitArgument { get; }

    /// <summary>The declaration's type (<c>var</c> or explicit) for <c>T a = await …;</c>.</summary>
    public TypeSyntax? DeclaredType { get; }

    public SyntaxToken DeclaredName { get; }

    /// <summary>The variable of <c>a = await …;</c>.</summary>
    public ExpressionSyntax? AssignedTarget { get; }

    public bool ReturnsTaskOfT { get; }

    /// <summary><c>var x = await F() ?? throw …;</c>: more than the result is kept, so no tuple deconstruction.</summary>
    public bool IsPostProcessed { get; set; }

    public bool IsDeclaration => DeclaredType is not null;

    public bool IsDiscarded => DeclaredType is null && AssignedTarget is null && !IsDeconstruction;

    /// <summary><c>var (a, b) = await F();</c>: new locals the statement declares, kept by reading it back whole.</summary>
    public bool IsDeconstruction { get; set; }

    /// <summary><c>using var c = await OpenAsync();</c>: the result is disposed at the end of the scope.</summary>
    public bool IsUsing => Statement is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 };

    /// <summary><c>await using var c = await OpenAsync();</c>: the result is disposed asynchronously.</summary>
    public bool IsAwaitUsing => Statement is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0, AwaitKeyword.RawKind: not 0 };
}
