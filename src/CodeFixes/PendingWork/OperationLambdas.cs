namespace AsyncGuide.CodeFixes;

/// <summary>
/// Turns a started call <c>Op(x, ct)</c> into the operation the runtime starts itself,
/// <c>token =&gt; Op(x, token)</c>, so that <c>Async.Wait</c>/<c>Async.WaitFor</c> can cancel it.
/// </summary>
internal static class OperationLambdas
{
    /// <summary>A lambda parameter name that shadows nothing visible at <paramref name="position"/>.</summary>
    public static string FreeTokenName(SemanticModel model, int position)
    {
        foreach (var candidate in new[] { "token", "cancellationToken", "operationToken", "linkedToken" })
        {
            if (model.LookupSymbols(position, name: candidate).IsEmpty)
            {
                return candidate;
            }
        }

        return "token_" + position.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// <c>name =&gt; call</c> with the token argument at <paramref name="tokenIndex"/> replaced by <paramref name="name"/>;
    /// null when that argument is not a plain positional or named value argument.
    /// </summary>
    public static SimpleLambdaExpressionSyntax? Defer(InvocationExpressionSyntax call, int tokenIndex, string name, out ExpressionSyntax? token)
    {
        token = null;
        if (tokenIndex < 0 || tokenIndex >= call.ArgumentList.Arguments.Count ||
            call.ArgumentList.Arguments[tokenIndex] is not { RefKindKeyword.RawKind: 0 } argument)
        {
            return null;
        }

        token = argument.Expression;
        var deferred = call.ReplaceNode(argument.Expression, SyntaxFactory.IdentifierName(name).WithTriviaFrom(argument.Expression));
        return SyntaxFactory.SimpleLambdaExpression(SyntaxFactory.Parameter(SyntaxFactory.Identifier(name)), deferred.WithoutTrivia());
    }
}
