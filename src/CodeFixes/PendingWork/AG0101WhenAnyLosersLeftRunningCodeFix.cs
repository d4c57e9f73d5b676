using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncGuide.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace AsyncGuide.CodeFixes;

/// <summary>
/// AG0101: with the runtime, <c>await Task.WhenAny(A(x, ct), B(ct))</c> becomes
/// <c>(await Async.Wait(new Func&lt;CancellationToken, Task&lt;T&gt;&gt;[] { token =&gt; A(x, token), token =&gt; B(token) }, ReturnWhen.FirstCompleted, cancellationToken: ct)).Done[0]</c>,
/// which cancels and awaits the losers; with or without it, <c>cts.Cancel();</c> after the wait when one local source feeds every task.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp)]
public sealed class AG0101WhenAnyLosersLeftRunningCodeFix : CodeFixProvider
{
    public const string CancelSourceKey = "AG0101.CancelSource";
    public const string UseWaitFactoryKey = "AG0101.UseAsyncWaitFactory";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.WhenAnyLosersLeftRunning);

    public override FixAllProvider GetFixAllProvider() => EveryOccurrenceFixAllProvider.Instance;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var compilation = await context.Document.Project.GetCompilationAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (compilation is not null && RuntimeSyntax.HasRuntime(compilation) &&
                diagnostic.Properties.TryGetValue(AG0101LosersFixPlan.FactoryTokenArgumentsKey, out var indexes) && indexes is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Use Async.Wait with operations (cancels and awaits the losers)",
                        token => UseWaitFactoryAsync(context.Document, diagnostic, indexes, token),
                        UseWaitFactoryKey),
                    diagnostic);
            }

            TokenSourceCancellation.Register(context, diagnostic, CancelSourceKey);
        }
    }

    private static async Task<Document> UseWaitFactoryAsync(Document document, Diagnostic diagnostic, string indexes, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax whenAny ||
            whenAny.Parent is not AwaitExpressionSyntax awaitExpression || model is null)
        {
            return document;
        }

        var elements = ElementsOf(whenAny);
        var tokenIndexes = indexes.Split(',');
        if (elements.Count != tokenIndexes.Length ||
            model.GetTypeInfo(elements[0], cancellationToken).Type is not INamedTypeSymbol { TypeArguments.Length: 1 } taskType)
        {
            return document;
        }

        var parameter = OperationLambdas.FreeTokenName(model, whenAny.SpanStart);
        var lambdas = new List<ExpressionSyntax>();
        ExpressionSyntax? token = null;
        for (var i = 0; i < elements.Count; i++)
        {
            if (elements[i] is not InvocationExpressionSyntax call || !int.TryParse(tokenIndexes[i], out var index) ||
                OperationLambdas.Defer(call, index, parameter, out var callToken) is not { } lambda)
            {
                return document;
            }

            token ??= callToken;
            lambdas.Add(lambda);
        }

        var generator = SyntaxGenerator.GetGenerator(document);
        var operationType = BuildOperationType((TypeSyntax)generator.TypeExpression(taskType.TypeArguments[0]));
        var operations = SyntaxFactory.ArrayCreationExpression(
            SyntaxFactory.ArrayType(operationType, SyntaxFactory.SingletonList(SyntaxFactory.ArrayRankSpecifier(SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(SyntaxFactory.OmittedArraySizeExpression())))),
            SyntaxFactory.InitializerExpression(SyntaxKind.ArrayInitializerExpression, SyntaxFactory.SeparatedList(lambdas)));
        var wait = SyntaxFactory.AwaitExpression(RuntimeSyntax.CallAsync(
            "Wait",
            SyntaxFactory.SeparatedList(new[]
            {
                SyntaxFactory.Argument(operations),
                SyntaxFactory.Argument(RuntimeSyntax.ReturnWhen("FirstCompleted")),
                SyntaxFactory.Argument(token!.WithoutTrivia()).WithNameColon(SyntaxFactory.NameColon("cancellationToken")),
            })));

        // `await Task.WhenAny(…);` as a statement keeps no winner; elsewhere the winner is Done[0].
        ExpressionSyntax replacement = awaitExpression.Parent is ExpressionStatementSyntax
            ? wait
            : SyntaxFactory.ElementAccessExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.ParenthesizedExpression(wait), SyntaxFactory.IdentifierName("Done")),
                SyntaxFactory.BracketedArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(
                    SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0))))));
        replacement = replacement.WithTriviaFrom(awaitExpression).WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation);
        return await RuntimeSyntax.AddImportsAsync(document.WithSyntaxRoot(root.ReplaceNode(awaitExpression, replacement)), cancellationToken).ConfigureAwait(false);
    }

    private static TypeSyntax BuildOperationType(TypeSyntax resultType)
    {
        var task = SyntaxFactory.QualifiedName(
            SyntaxFactory.ParseName("global::System.Threading.Tasks"),
            SyntaxFactory.GenericName(SyntaxFactory.Identifier("Task"), SyntaxFactory.TypeArgumentList(SyntaxFactory.SingletonSeparatedList(resultType))));
        var func = SyntaxFactory.QualifiedName(
            SyntaxFactory.ParseName("global::System"),
            SyntaxFactory.GenericName(
                SyntaxFactory.Identifier("Func"),
                SyntaxFactory.TypeArgumentList(SyntaxFactory.SeparatedList<TypeSyntax>(new TypeSyntax[] { SyntaxFactory.ParseTypeName("global::System.Threading.CancellationToken"), task }))));
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
