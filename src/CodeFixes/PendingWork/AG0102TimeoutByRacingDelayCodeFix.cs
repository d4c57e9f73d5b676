using System.Linq;

namespace AsyncGuide.CodeFixes;

/// <summary>
/// AG0102: with the runtime, the exact "throw on timeout, then await" shape becomes
/// <c>await Async.WaitFor(token =&gt; Op(x, token), timeout, ct)</c> (see <see cref="AG0102WaitForFixPlan"/>);
/// with or without it, the work's own token source is cancelled when the timer wins
/// (see <see cref="AG0102TimeoutRaceFixPlan"/>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp)]
public sealed class AG0102TimeoutByRacingDelayCodeFix : PendingWorkCodeFix
{
    public const string CancelSourceKey = "AG0102.CancelSource";
    public const string UseWaitForKey = "AG0102.UseAsyncWaitFor";

    public AG0102TimeoutByRacingDelayCodeFix()
        : base(RuleIds.TimeoutByRacingDelay, CancelSourceKey)
    {
    }

    private protected override CodeAction? RuntimeFix(Document document, Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(AG0102WaitForFixPlan.TokenArgumentKey, out var index) && int.TryParse(index, out var tokenIndex)
            ? CodeAction.Create(
                "Use Async.WaitFor (cancels the work on timeout)",
                token => UseWaitForAsync(document, diagnostic, tokenIndex, token),
                UseWaitForKey)
            : null;

    private static async Task<Document> UseWaitForAsync(Document document, Diagnostic diagnostic, int tokenIndex, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null || root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax race ||
            race.FirstAncestorOrSelf<IfStatementSyntax>() is not { Parent: BlockSyntax block } guard)
        {
            return document;
        }

        var index = block.Statements.IndexOf(guard);
        if (index < 1 || index + 1 >= block.Statements.Count ||
            block.Statements[index - 1] is not LocalDeclarationStatementSyntax { Declaration.Variables.Count: 1 } declaration ||
            declaration.Declaration.Variables[0] is not { Initializer.Value: InvocationExpressionSyntax call } work ||
            block.Statements[index + 1].DescendantNodes().OfType<AwaitExpressionSyntax>().FirstOrDefault(a =>
                a.Expression is IdentifierNameSyntax name && name.Identifier.ValueText == work.Identifier.ValueText) is not { } awaitWork ||
            DelayOf(race, model, cancellationToken) is not { } delay)
        {
            return document;
        }

        var name = OperationLambdas.FreeTokenName(model, declaration.SpanStart);
        if (OperationLambdas.Defer(call, tokenIndex, name, out var token) is not { } operation)
        {
            return document;
        }

        var waitFor = RuntimeSyntax.CallAsync(
                "WaitFor",
                SyntaxFactory.SeparatedList(new[]
                {
                    SyntaxFactory.Argument(operation),
                    SyntaxFactory.Argument(diagnostic.Properties.ContainsKey(AG0102WaitForFixPlan.MillisecondsKey)
                        ? FromMilliseconds(delay.ArgumentList.Arguments[0].Expression.WithoutTrivia())
                        : delay.ArgumentList.Arguments[0].Expression.WithoutTrivia()),
                    SyntaxFactory.Argument(token!.WithoutTrivia()),
                }))
            .WithTriviaFrom(awaitWork.Expression)
            .WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation);

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        editor.ReplaceNode(awaitWork.Expression, waitFor);
        editor.RemoveNode(guard);
        editor.RemoveNode(declaration);
        return await RuntimeSyntax.AddImportsAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>TimeSpan.FromMilliseconds(x)</c> for <c>Task.Delay(int x)</c>: <c>Async.WaitFor</c> takes a TimeSpan
    /// (the same text on every target framework).
    /// </summary>
    private static ExpressionSyntax FromMilliseconds(ExpressionSyntax milliseconds) =>
        SyntaxFactory.InvocationExpression(
            SyntaxFactory.ParseExpression("global::System.TimeSpan.FromMilliseconds").WithAdditionalAnnotations(Simplifier.Annotation),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(milliseconds))));

    private static InvocationExpressionSyntax? DelayOf(InvocationExpressionSyntax race, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var candidate in race.ArgumentList.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (model.GetSymbolInfo(candidate, cancellationToken).Symbol is IMethodSymbol
                {
                    Name: "Delay", IsStatic: true, ContainingType.Name: "Task"
                } &&
                candidate.ArgumentList.Arguments.Count == 1)
            {
                return candidate;
            }
        }

        return null;
    }
}
