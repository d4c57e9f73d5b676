namespace AsyncGuide.CodeFixes;

/// <summary>
/// What the fixes emit: calls to the AsyncGuide runtime when the project references it,
/// BCL calls otherwise. Type names are written fully qualified and annotated, so the
/// simplifier shortens them and the import adder adds <c>using AsyncGuide;</c> where needed.
/// </summary>
internal static class RuntimeSyntax
{
    /// <summary>True when the compilation can call <c>AsyncGuide.Async</c>.</summary>
    public static bool HasRuntime(Compilation compilation) =>
        TypeLookup.For(compilation).Find("AsyncGuide.Async") is { DeclaredAccessibility: Accessibility.Public };

    /// <summary><c>AsyncGuide.Async</c>, shortened to <c>Async</c> with a using directive after simplification.</summary>
    public static TypeSyntax AsyncType() => Qualified("AsyncGuide", "Async");

    /// <summary><c>AsyncGuide.ReturnWhen.&lt;member&gt;</c>, e.g. <c>ReturnWhen.FirstCompleted</c>.</summary>
    public static ExpressionSyntax ReturnWhen(string member) =>
        SyntaxFactory.MemberAccessExpression(
            SyntaxKind.SimpleMemberAccessExpression,
            Qualified("AsyncGuide", "ReturnWhen"),
            SyntaxFactory.IdentifierName(member));

    /// <summary>
    /// A discard <c>_</c> the binder reads as one without a reparse: a plain identifier token named <c>_</c>
    /// binds as a variable (CS0103) until the document is parsed again.
    /// </summary>
    public static IdentifierNameSyntax Discard() =>
        SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(default, SyntaxKind.UnderscoreToken, "_", "_", default));

    /// <summary><c>System.Threading.Tasks.Task</c>, shortened after simplification.</summary>
    public static TypeSyntax TaskType() => Qualified("System.Threading.Tasks", "Task");

    /// <summary><c>AsyncGuide.Async.&lt;method&gt;(arguments)</c>.</summary>
    public static InvocationExpressionSyntax CallAsync(string method, SeparatedSyntaxList<ArgumentSyntax> arguments) =>
        Call(AsyncType(), method, arguments);

    /// <summary><c>System.Threading.Tasks.Task.&lt;method&gt;(arguments)</c>, e.g. <c>Task.WhenAll(a, b)</c>.</summary>
    public static InvocationExpressionSyntax CallTask(string method, SeparatedSyntaxList<ArgumentSyntax> arguments) =>
        Call(TaskType(), method, arguments);

    /// <summary>
    /// A BCL type such as <c>System.Threading.Tasks.Task</c>, <c>global::</c>-qualified for the simplifier only:
    /// it is shortened where the short name binds to it, and no using directive is added, so the result
    /// compiles whatever usings (or clashing type names) the file has.
    /// </summary>
    public static TypeSyntax BclType(string @namespace, string name) =>
        SyntaxFactory.ParseTypeName("global::" + @namespace + "." + name).WithAdditionalAnnotations(Simplifier.Annotation);

    /// <summary>
    /// <see cref="BclType"/> where it is the receiver of a member access (<c>Task.WhenAll</c>): parsed as an
    /// expression, so that a name left qualified has the shape the parser gives it.
    /// </summary>
    public static ExpressionSyntax BclTypeExpression(string @namespace, string name) =>
        SyntaxFactory.ParseExpression("global::" + @namespace + "." + name).WithAdditionalAnnotations(Simplifier.Annotation);

    /// <summary>
    /// Adds the using directives for the names annotated above. Code-action cleanup only handles
    /// symbol-annotated names, so a fix that emits these calls runs this on its changed document.
    /// </summary>
    public static Task<Document> AddImportsAsync(Document document, CancellationToken cancellationToken) =>
        ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken);

    private static InvocationExpressionSyntax Call(TypeSyntax type, string method, SeparatedSyntaxList<ArgumentSyntax> arguments) =>
        SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, type, SyntaxFactory.IdentifierName(method)),
            SyntaxFactory.ArgumentList(arguments));

    private static TypeSyntax Qualified(string @namespace, string name) =>
        SyntaxFactory.ParseTypeName("global::" + @namespace + "." + name)
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
}
