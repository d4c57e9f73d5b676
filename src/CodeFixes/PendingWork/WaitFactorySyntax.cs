using System.Linq;

namespace AsyncGuide.CodeFixes;

/// <summary>
/// <c>await Async.Wait(new Func&lt;CancellationToken, Task&lt;T&gt;&gt;[] { token =&gt; A(x, token), token =&gt; B(token) },
/// ReturnWhen.FirstCompleted, cancellationToken: ct)</c>
/// from <c>Task.WhenAny(A(x, ct), B(ct))</c>: the factory form cancels and awaits the losers before it returns.
/// Used by the AG0101 and AG0003 fixes; the analyzer's token-argument indexes (<c>"1,0"</c>) say where each call's token is.
/// </summary>
internal static class WaitFactorySyntax
{
    public static AwaitExpressionSyntax? Build(
        Document document, SemanticModel model, InvocationExpressionSyntax whenAny, string indexes, CancellationToken cancellationToken)
    {
        var elements = ElementsOf(whenAny);
        var tokenIndexes = indexes.Split(',');
        if (elements.Count != tokenIndexes.Length ||
            model.GetTypeInfo(elements[0], cancellationToken).Type is not INamedTypeSymbol { TypeArguments.Length: 1 } taskType)
        {
            return null;
        }

        var parameter = OperationLambdas.FreeTokenName(model, whenAny.SpanStart);
        var lambdas = new List<ExpressionSyntax>();
        ExpressionSyntax? token = null;
        for (var i = 0; i < elements.Count; i++)
        {
            if (elements[i] is not InvocationExpressionSyntax call || !int.TryParse(tokenIndexes[i], out var index) ||
                OperationLambdas.Defer(call, index, parameter, out var callToken) is not { } lambda)
            {
                return null;
            }

            token ??= callToken;
            lambdas.Add(lambda);
        }

        var generator = SyntaxGenerator.GetGenerator(document);
        var operationType = BuildOperationType((TypeSyntax)generator.TypeExpression(taskType.TypeArguments[0]));
        var operations = SyntaxFactory.ArrayCreationExpression(
            SyntaxFactory.ArrayType(
                operationType,
                SyntaxFactory.SingletonList(SyntaxFactory.ArrayRankSpecifier(
                    SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(SyntaxFactory.OmittedArraySizeExpression())))),
            SyntaxFactory.InitializerExpression(SyntaxKind.ArrayInitializerExpression, SyntaxFactory.SeparatedList(lambdas)));
        return SyntaxFactory.AwaitExpression(RuntimeSyntax.CallAsync(
            "Wait",
            SyntaxFactory.SeparatedList(new[]
            {
                SyntaxFactory.Argument(operations),
                SyntaxFactory.Argument(RuntimeSyntax.ReturnWhen("FirstCompleted")),
                SyntaxFactory.Argument(token!.WithoutTrivia()).WithNameColon(SyntaxFactory.NameColon("cancellationToken")),
            })));
    }

    private static TypeSyntax BuildOperationType(TypeSyntax resultType)
    {
        var task = SyntaxFactory.QualifiedName(
            SyntaxFactory.ParseName("global::System.Threading.Tasks"),
            SyntaxFactory.GenericName(
                SyntaxFactory.Identifier("Task"), SyntaxFactory.TypeArgumentList(SyntaxFactory.SingletonSeparatedList(resultType))));
        var func = SyntaxFactory.QualifiedName(
            SyntaxFactory.ParseName("global::System"),
            SyntaxFactory.GenericName(
                SyntaxFactory.Identifier("Func"),
                SyntaxFactory.TypeArgumentList(SyntaxFactory.SeparatedList<TypeSyntax>(
                    new TypeSyntax[] { SyntaxFactory.ParseTypeName("global::System.Threading.CancellationToken"), task }))));
        return func.WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
    }

    private static List<ExpressionSyntax> ElementsOf(InvocationExpressionSyntax whenAny)
    {
        var arguments = whenAny.ArgumentList.Arguments;
        if (arguments.Count == 1 && arguments[0].Expression switch
            {
                ArrayCreationExpressionSyntax { Initializer: { } explicitInitializer } => explicitInitializer,
                ImplicitArrayCreationExpressionSyntax implicitArray => implicitArray.Initializer,
                _ => null,
            } is { } initializer)
        {
            return initializer.Expressions.ToList();
        }

        return arguments.Select(a => a.Expression).ToList();
    }
}
