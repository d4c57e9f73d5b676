using System.Linq;

namespace AsyncGuide.CodeFixes;

/// <summary>
/// <c>await Async.Wait(new Func&lt;CancellationToken, Task&lt;T&gt;&gt;[] { token =&gt; A(x, token), token =&gt; B(token) },
/// ReturnWhen.FirstCompleted, cancellationToken: ct)</c>
/// from <c>Task.WhenAny(A(x, ct), B(ct))</c>: the factory form cancels and awaits the losers before it returns.
/// Used by the AG0101 and AG0003 fixes; the analyzer's token-argument indexes (<c>"1,0"</c>) say where each call's token is.
/// The call never fits a line, so its arguments go one per line, one indent deeper than the statement; the operations
/// too when their line would still be over <see cref="MaxLineLength"/> characters.
/// </summary>
internal static class WaitFactorySyntax
{
    private const int MaxLineLength = 120;

    private const string Indent = "    ";

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

        var layout = Layout.Of(whenAny, cancellationToken);
        var resultType = taskType.TypeArguments[0];
        var generator = SyntaxGenerator.GetGenerator(document);
        var operations = SyntaxFactory.ArrayCreationExpression(
            SyntaxFactory.ArrayType(
                BuildOperationType((TypeSyntax)generator.TypeExpression(resultType)),
                SyntaxFactory.SingletonList(SyntaxFactory.ArrayRankSpecifier(
                    SyntaxFactory.Token(SyntaxKind.OpenBracketToken),
                    SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(SyntaxFactory.OmittedArraySizeExpression()),
                    SyntaxFactory.Token(default, SyntaxKind.CloseBracketToken, default)))),
            OperationsInitializer(lambdas, layout, resultType.ToMinimalDisplayString(model, whenAny.SpanStart)));
        var arguments = new[]
        {
            SyntaxFactory.Argument(operations),
            SyntaxFactory.Argument(RuntimeSyntax.ReturnWhen("FirstCompleted")),
            SyntaxFactory.Argument(token!.WithoutTrivia()).WithNameColon(SyntaxFactory.NameColon("cancellationToken")),
        };
        return SyntaxFactory.AwaitExpression(RuntimeSyntax.CallAsync(
            "Wait",
            SyntaxFactory.SeparatedList(arguments.Select(a => a.WithLeadingTrivia(layout.NewLine, layout.Whitespace(1))))));
    }

    /// <summary>
    /// <c>{ token =&gt; A(token), token =&gt; B(token) }</c> on the argument's line when that line, as the simplifier will
    /// leave it, fits; else one operation a line between braces on lines of their own.
    /// </summary>
    private static InitializerExpressionSyntax OperationsInitializer(List<ExpressionSyntax> lambdas, Layout layout, string resultType)
    {
        var oneLine = SyntaxFactory.InitializerExpression(SyntaxKind.ArrayInitializerExpression, SyntaxFactory.SeparatedList(lambdas));
        var width = layout.Whitespace(1).ToString().Length + $"new Func<CancellationToken, Task<{resultType}>>[] ".Length +
                    oneLine.NormalizeWhitespace().ToString().Length + ",".Length;
        if (width <= MaxLineLength)
        {
            return oneLine;
        }

        // Line breaks without elastic trivia beside them, which the formatter would be free to join.
        return SyntaxFactory.InitializerExpression(
            SyntaxKind.ArrayInitializerExpression,
            SyntaxFactory.Token(SyntaxFactory.TriviaList(layout.NewLine, layout.Whitespace(1)), SyntaxKind.OpenBraceToken, default),
            SyntaxFactory.SeparatedList(lambdas.Select(l => l.WithLeadingTrivia(layout.NewLine, layout.Whitespace(2)))),
            SyntaxFactory.Token(SyntaxFactory.TriviaList(layout.NewLine, layout.Whitespace(1)), SyntaxKind.CloseBraceToken, default));
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

    /// <summary>The indentation of the line the race's statement starts on, and the document's line break.</summary>
    private readonly struct Layout
    {
        private readonly string _indentation;

        private Layout(string indentation, SyntaxTrivia newLine)
        {
            _indentation = indentation;
            NewLine = newLine;
        }

        public SyntaxTrivia NewLine { get; }

        public static Layout Of(SyntaxNode race, CancellationToken cancellationToken)
        {
            var start = (race.FirstAncestorOrSelf<StatementSyntax>() ?? race).SpanStart;
            var text = race.SyntaxTree.GetText(cancellationToken);
            var line = text.Lines.GetLineFromPosition(start);
            var indentation = text.ToString(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(line.Start, start));
            var newLine = line.EndIncludingLineBreak > line.End
                ? text.ToString(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(line.End, line.EndIncludingLineBreak))
                : "\n";
            return new Layout(indentation.Trim().Length == 0 ? indentation : string.Empty, SyntaxFactory.EndOfLine(newLine));
        }

        /// <summary>The statement's indentation and <paramref name="levels"/> more.</summary>
        public SyntaxTrivia Whitespace(int levels)
        {
            var whitespace = _indentation;
            for (var i = 0; i < levels; i++)
            {
                whitespace += Indent;
            }

            return SyntaxFactory.Whitespace(whitespace);
        }
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
