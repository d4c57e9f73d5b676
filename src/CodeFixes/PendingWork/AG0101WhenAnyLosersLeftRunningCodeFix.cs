using System.Linq;

namespace AsyncGuide.CodeFixes;

/// <summary>
/// AG0101: with the runtime, <c>await Task.WhenAny(A(x, ct), B(ct))</c> becomes
/// <c>(await Async.Wait(new Func&lt;CancellationToken, Task&lt;T&gt;&gt;[] { token =&gt; A(x, token), token =&gt; B(token) },
/// ReturnWhen.FirstCompleted, cancellationToken: ct)).Done[0]</c>,
/// which cancels and awaits the losers; with or without it, <c>cts.Cancel();</c> after the wait when one local source feeds every task.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp)]
public sealed class AG0101WhenAnyLosersLeftRunningCodeFix : PendingWorkCodeFix
{
    public const string CancelSourceKey = "AG0101.CancelSource";
    public const string UseWaitFactoryKey = "AG0101.UseAsyncWaitFactory";
    public const string PassCancelledTokenKey = "AG0101.PassCancelledToken";

    public AG0101WhenAnyLosersLeftRunningCodeFix()
        : base(RuleIds.WhenAnyLosersLeftRunning, CancelSourceKey)
    {
    }

    // Partial cancellation: the token of the source already cancelled reaches the other raced calls too.
    private protected override void RegisterLeadingFixes(CodeFixContext context, Diagnostic diagnostic) =>
        CancelledTokenPassing.Register(context, diagnostic, PassCancelledTokenKey);

    private protected override CodeAction? RuntimeFix(Document document, Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(AG0101LosersFixPlan.FactoryTokenArgumentsKey, out var indexes) && indexes is not null
            ? CodeAction.Create(
                "Use Async.Wait with operations (cancels and awaits the losers)",
                token => UseWaitFactoryAsync(document, diagnostic, indexes, token),
                UseWaitFactoryKey)
            : null;

    private static async Task<Document> UseWaitFactoryAsync(
        Document document, Diagnostic diagnostic, string indexes, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax whenAny ||
            whenAny.Parent is not AwaitExpressionSyntax awaitExpression || model is null)
        {
            return document;
        }

        if (WaitFactorySyntax.Build(document, model, whenAny, indexes, cancellationToken) is not { } wait)
        {
            return document;
        }

        // `await Task.WhenAny(…);` as a statement keeps no winner; elsewhere the winner is Done[0].
        ExpressionSyntax replacement = awaitExpression.Parent is ExpressionStatementSyntax
            ? wait
            : SyntaxFactory.ElementAccessExpression(
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.ParenthesizedExpression(wait), SyntaxFactory.IdentifierName("Done")),
                SyntaxFactory.BracketedArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(
                    SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0))))));
        replacement = replacement.WithTriviaFrom(awaitExpression).WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation);
        return await RuntimeSyntax.AddImportsAsync(document.WithSyntaxRoot(root.ReplaceNode(awaitExpression, replacement)), cancellationToken)
            .ConfigureAwait(false);
    }
}
