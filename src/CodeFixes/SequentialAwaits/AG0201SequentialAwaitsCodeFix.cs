using System.Text;

namespace AsyncGuide.CodeFixes;

/// <summary>
/// AG0201: starts the run's calls together. With the runtime: <c>var (a, b) = await Async.Gather(A(x), B(y));</c>.
/// Without it (or for shapes Gather cannot express): the tasks go into fresh locals, are awaited
/// with <c>Task.WhenAll</c>, and each result is then read with <c>await</c> into its original variable.
/// A custom Fix All shares one editor and one name pool per document, so two runs never pick the same name.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp)]
public sealed class AG0201SequentialAwaitsCodeFix : DocumentRewriteCodeFix
{
    public const string GatherKey = "AG0201.Gather";
    public const string WhenAllKey = "AG0201.WhenAll";

    /// <summary>The largest tuple overload of <c>Async.Gather</c>.</summary>
    private const int MaxTupleArity = 7;

    public AG0201SequentialAwaitsCodeFix()
        : base(RuleIds.SequentialAwaits)
    {
    }

    private protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (AwaitRun.TryRead(root, model, diagnostic, context.CancellationToken) is { } run)
        {
            var gather = CanGather(run, model);
            Offer(context, diagnostic, gather ? "Gather with Async.Gather" : "Gather with Task.WhenAll", gather ? GatherKey : WhenAllKey);
        }
    }

    private protected override async Task<Document> RewriteAsync(
        Document document, SyntaxNode root, SemanticModel model,
        string key, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        // The editor's original root and model are the document's, read once by the base class.
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var names = new FreshNames();
        foreach (var diagnostic in diagnostics)
        {
            if (AwaitRun.TryRead(root, model, diagnostic, cancellationToken) is not { } run)
            {
                continue;
            }

            var gather = CanGather(run, model);
            var replacement = gather ? GatherStatements(run) : WhenAllStatements(run, model, names);
            var first = run.Elements[0].Statement;
            Layout(replacement, run, gather);
            var slots = new List<SyntaxNode>();
            foreach (var statement in replacement)
            {
                slots.Add(run.IsTopLevel ? SyntaxFactory.GlobalStatement(statement) : statement);
            }

            editor.InsertBefore(AwaitRun.Slot(first), slots);
            foreach (var element in run.Elements)
            {
                editor.RemoveNode(AwaitRun.Slot(element.Statement), SyntaxRemoveOptions.KeepNoTrivia);
            }
        }

        return await RuntimeSyntax.AddImportsAsync(editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The first statement's comments and indentation, one statement per line, the last one's line
    /// ending. The comments between the awaits are carried along: with one gathered statement they
    /// move above it, in order; with one task per statement each stays with its call.
    /// </summary>
    private static void Layout(List<StatementSyntax> replacement, AwaitRun run, bool gathered)
    {
        var elements = run.Elements;
        var first = elements[0].Statement;
        var last = elements[elements.Length - 1].Statement;
        var indentation = SyntaxFactory.TriviaList();
        var leading = first.GetLeadingTrivia();
        if (leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia))
        {
            indentation = SyntaxFactory.TriviaList(leading[leading.Count - 1]);
        }

        var endOfLine = SyntaxFactory.TriviaList(SyntaxFactory.LineFeed);
        foreach (var trivia in first.GetTrailingTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                endOfLine = SyntaxFactory.TriviaList(trivia);
            }
        }

        for (var i = 0; i < replacement.Count; i++)
        {
            replacement[i] = replacement[i]
                .WithLeadingTrivia(i == 0 ? leading : indentation)
                .WithTrailingTrivia(i == replacement.Count - 1 ? last.GetTrailingTrivia() : endOfLine);
        }

        if (gathered)
        {
            // Above the one statement: the first's own leading trivia, then every comment between the awaits.
            var carried = SyntaxFactory.TriviaList();
            for (var i = 0; i < elements.Length; i++)
            {
                if (i > 0)
                {
                    carried = carried.AddRange(CommentLines(elements[i].Statement.GetLeadingTrivia(), indentation, endOfLine));
                }

                if (i < elements.Length - 1)
                {
                    carried = carried.AddRange(CommentLines(elements[i].Statement.GetTrailingTrivia(), indentation, endOfLine));
                }
            }

            if (carried.Count > 0)
            {
                var withoutIndentation = indentation.Count > 0 ? leading.RemoveAt(leading.Count - 1) : leading;
                replacement[0] = replacement[0].WithLeadingTrivia(withoutIndentation.AddRange(carried).AddRange(indentation));
            }

            return;
        }

        // One started task per element: each keeps its comments (the first statements of the replacement are the starts).
        for (var i = 0; i < elements.Length && i < replacement.Count; i++)
        {
            var statement = elements[i].Statement;
            var start = replacement[i];
            if (i > 0)
            {
                start = start.WithLeadingTrivia(CommentLines(statement.GetLeadingTrivia(), indentation, endOfLine).AddRange(indentation));
            }

            if (i < elements.Length - 1)
            {
                start = start.WithTrailingTrivia(statement.GetTrailingTrivia());
            }

            replacement[i] = start;
        }
    }

    /// <summary>Each comment of the trivia on its own line, indented like the run.</summary>
    private static SyntaxTriviaList CommentLines(SyntaxTriviaList trivia, SyntaxTriviaList indentation, SyntaxTriviaList endOfLine)
    {
        var lines = SyntaxFactory.TriviaList();
        foreach (var item in trivia)
        {
            if (item.IsKind(SyntaxKind.SingleLineCommentTrivia) || item.IsKind(SyntaxKind.MultiLineCommentTrivia) ||
                item.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || item.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia))
            {
                lines = lines.AddRange(indentation).Add(item).AddRange(endOfLine);
            }
        }

        return lines;
    }

    /// <summary>Gather keeps every result in a typed tuple: up to seven Task&lt;T&gt;, or any number of results nobody keeps.</summary>
    private static bool CanGather(AwaitRun run, SemanticModel model)
    {
        if (!RuntimeSyntax.HasRuntime(model.Compilation))
        {
            return false;
        }

        bool allDiscarded = true, allTaskOfT = true, anyDeclaration = false, anyAssignment = false;
        foreach (var element in run.Elements)
        {
            // A deconstruction cannot be a `using` declaration nor keep a `?? throw`: such runs take the WhenAll form.
            if (element.IsUsing || element.IsPostProcessed)
            {
                return false;
            }

            allDiscarded &= element.IsDiscarded;
            allTaskOfT &= element.ReturnsTaskOfT;
            anyDeclaration |= element.IsDeclaration;
            anyAssignment |= element.AssignedTarget is not null;
        }

        if (allDiscarded)
        {
            return true;
        }

        if (!allTaskOfT || run.Elements.Length > MaxTupleArity)
        {
            return false;
        }

        // `(x, var y) = …` mixes assignment and declaration: C# 10.
        if (anyDeclaration && anyAssignment &&
            ((CSharpParseOptions)run.Container.SyntaxTree.Options).LanguageVersion < LanguageVersion.CSharp10)
        {
            return false;
        }

        // A variable named `_` in scope would turn a discard into an assignment.
        return model.LookupSymbols(run.Elements[0].Statement.SpanStart, name: "_").Length == 0;
    }

    private static List<StatementSyntax> GatherStatements(AwaitRun run)
    {
        var arguments = new List<ArgumentSyntax>();
        var calls = new List<ExpressionSyntax>();
        foreach (var element in run.Elements)
        {
            arguments.Add(SyntaxFactory.Argument(Placeholder(calls, element.Call)));
        }

        ExpressionSyntax gathered = RuntimeSyntax.CallAsync("Gather", SyntaxFactory.SeparatedList(arguments));
        var awaited = SyntaxFactory.AwaitExpression(WithConfigureAwait(gathered, run.Elements[0].ConfigureAwaitArgument));

        var left = DeconstructionTarget(run);
        StatementSyntax statement = left is null
            ? SyntaxFactory.ExpressionStatement(awaited)
            : SyntaxFactory.ExpressionStatement(
                SyntaxFactory.AssignmentExpression(
                    SyntaxKind.SimpleAssignmentExpression,
                    Placeholder(calls, left),
                    awaited)); // `var (a, b)` keeps its parsed spacing
        return new List<StatementSyntax> { Normalized(statement, calls) };
    }

    /// <summary><c>var (a, b)</c>, <c>(int a, string b)</c>, <c>(a, b)</c> or mixed; null when no result is kept.</summary>
    private static ExpressionSyntax? DeconstructionTarget(AwaitRun run)
    {
        bool anyKept = false, allImplicit = true, anyDeclaration = false;
        foreach (var element in run.Elements)
        {
            anyKept |= !element.IsDiscarded;
            anyDeclaration |= element.IsDeclaration;
            allImplicit &= element.IsDiscarded || (element.IsDeclaration && element.DeclaredType!.IsVar);
        }

        if (!anyKept)
        {
            return null;
        }

        var text = new StringBuilder();
        text.Append(allImplicit ? "var (" : "(");
        for (var i = 0; i < run.Elements.Length; i++)
        {
            var element = run.Elements[i];
            text.Append(i == 0 ? string.Empty : ", ");
            if (element.IsDiscarded)
            {
                text.Append(anyDeclaration && !allImplicit ? "var _" : "_");
            }
            else if (element.IsDeclaration)
            {
                text.Append(allImplicit ? string.Empty : element.DeclaredType!.WithoutTrivia().ToString() + " ")
                    .Append(element.DeclaredName.ValueText);
            }
            else
            {
                text.Append(element.AssignedTarget!.WithoutTrivia().ToString());
            }
        }

        text.Append(')');
        var statement = (ExpressionStatementSyntax)SyntaxFactory.ParseStatement(text + " = default;");
        return ((AssignmentExpressionSyntax)statement.Expression).Left;
    }

    private static List<StatementSyntax> WhenAllStatements(AwaitRun run, SemanticModel model, FreshNames names)
    {
        var statements = new List<StatementSyntax>();
        var calls = new List<ExpressionSyntax>();
        var taskNames = new List<ArgumentSyntax>();
        var readBacks = new List<StatementSyntax>();
        foreach (var element in run.Elements)
        {
            var variable = element.IsDeclaration
                ? element.DeclaredName.ValueText
                : (element.AssignedTarget as IdentifierNameSyntax)?.Identifier.ValueText;
            var name = names.Next(FreshNames.TaskNameFor(variable, element.Call), run.Elements[0].Statement, model);
            statements.Add(SyntaxFactory.LocalDeclarationStatement(
                SyntaxFactory.VariableDeclaration(
                    SyntaxFactory.IdentifierName("var"),
                    SyntaxFactory.SingletonSeparatedList(
                        SyntaxFactory.VariableDeclarator(name).WithInitializer(SyntaxFactory.EqualsValueClause(Placeholder(calls, element.Call)))))));
            taskNames.Add(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(name)));

            // The result is read with `await` (never .Result): same type, same conversions, same ConfigureAwait.
            if (!element.IsDiscarded)
            {
                readBacks.Add(element.Statement
                    .ReplaceNode(element.Call, SyntaxFactory.IdentifierName(name).WithTriviaFrom(element.Call))
                    .WithoutTrivia());
            }
        }

        var whenAll = WithConfigureAwait(
            RuntimeSyntax.CallTask("WhenAll", SyntaxFactory.SeparatedList(taskNames)),
            run.Elements[0].ConfigureAwaitArgument);
        statements.Add(SyntaxFactory.ExpressionStatement(SyntaxFactory.AwaitExpression(whenAll)));
        for (var i = 0; i < statements.Count; i++)
        {
            statements[i] = Normalized(statements[i], calls);
        }

        if (DisposingWhenAll(run, taskNames) is { } guarded)
        {
            statements[statements.Count - 1] = guarded;
        }

        // Read-backs are the user's statements with the call replaced: their own spacing stays.
        statements.AddRange(readBacks);
        return statements;
    }

    /// <summary>
    /// For a run with <c>using</c> declarations: the WhenAll inside a <c>try</c> whose <c>catch</c> disposes,
    /// last first, every such result whose task completed, then rethrows. Sequentially, a failing call
    /// left the results opened before it to their <c>using</c>; gathered, a result may open while an
    /// earlier call fails, and only this keeps it from leaking. After the WhenAll the read-backs are
    /// the user's <c>using</c> declarations, so the disposal order at the end of the scope is unchanged.
    /// Null when the run disposes nothing.
    /// </summary>
    private static StatementSyntax? DisposingWhenAll(AwaitRun run, List<ArgumentSyntax> taskNames)
    {
        var anyUsing = false;
        foreach (var element in run.Elements)
        {
            anyUsing |= element.IsUsing;
        }

        if (!anyUsing)
        {
            return null;
        }

        var first = run.Elements[0].Statement;
        var leading = first.GetLeadingTrivia();
        var indentation = leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
            ? leading[leading.Count - 1].ToString()
            : string.Empty;
        var unit = indentation.Length > 0 && indentation[0] == '\t' ? "\t" : "    ";
        var eol = "\n";
        foreach (var trivia in first.GetTrailingTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                eol = trivia.ToString();
            }
        }

        var configure = run.Elements[0].ConfigureAwaitArgument is { } argument ? ".ConfigureAwait(" + argument.WithoutTrivia() + ")" : string.Empty;
        var inner = indentation + unit;
        var text = new StringBuilder();
        text.Append("try").Append(eol).Append(indentation).Append('{').Append(eol)
            .Append(inner).Append("await global::System.Threading.Tasks.Task.WhenAll(");
        for (var i = 0; i < taskNames.Count; i++)
        {
            text.Append(i == 0 ? string.Empty : ", ").Append(taskNames[i].Expression);
        }

        text.Append(')').Append(configure).Append(';').Append(eol)
            .Append(indentation).Append('}').Append(eol)
            .Append(indentation).Append("catch").Append(eol)
            .Append(indentation).Append('{').Append(eol);
        for (var i = run.Elements.Length - 1; i >= 0; i--)
        {
            if (!run.Elements[i].IsUsing)
            {
                continue;
            }

            var task = taskNames[i].Expression.ToString();
            text.Append(inner).Append("if (").Append(task).Append(".Status == global::System.Threading.Tasks.TaskStatus.RanToCompletion");
            if (run.Elements[i].IsAwaitUsing)
            {
                // `await using` skips a null resource and disposes through IAsyncDisposable (the analyzer checked the type).
                text.Append(" && ").Append(task).Append(".Result is global::System.IAsyncDisposable)").Append(eol)
                    .Append(inner).Append('{').Append(eol)
                    .Append(inner).Append(unit).Append("await ((global::System.IAsyncDisposable)").Append(task).Append(".Result).DisposeAsync()")
                    .Append(configure).Append(';').Append(eol);
            }
            else
            {
                text.Append(')').Append(eol)
                    .Append(inner).Append('{').Append(eol)
                    .Append(inner).Append(unit).Append("((global::System.IDisposable)").Append(task).Append(".Result)?.Dispose();").Append(eol);
            }

            text.Append(inner).Append('}').Append(eol)
                .Append(eol);
        }

        text.Append(inner).Append("throw;").Append(eol).Append(indentation).Append('}');
        var parsed = AsyncStatementParser.ParseStatement(text.ToString());

        // The BCL names are written in full for the parser; the simplifier shortens them and the import adder adds their usings.
        var names = new List<SyntaxNode>();
        foreach (var node in parsed.DescendantNodes())
        {
            if (node is AliasQualifiedNameSyntax alias)
            {
                SyntaxNode outer = alias;
                while (outer.Parent is QualifiedNameSyntax or MemberAccessExpressionSyntax && !IsTypeMember(outer.Parent))
                {
                    outer = outer.Parent;
                }

                names.Add(outer);
            }
        }

        return parsed.ReplaceNodes(names, (_, node) => node.WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation));
    }

    /// <summary><c>Task.WhenAll</c>, <c>TaskStatus.RanToCompletion</c>: the member after the type name is not part of the name to import.</summary>
    private static bool IsTypeMember(SyntaxNode node) =>
        node is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "WhenAll" or "RanToCompletion" };

    /// <summary>
    /// Spacing for the generated statements without the formatter: the formatter re-indents by its
    /// own rules (one level too deep in a braced switch section, issue 16), while the layout already
    /// knows the indentation. The user's calls are put back untouched after normalising the rest.
    /// </summary>
    private static ExpressionSyntax Placeholder(List<ExpressionSyntax> calls, ExpressionSyntax call)
    {
        calls.Add(call.WithoutTrivia());
        return SyntaxFactory.IdentifierName(PlaceholderPrefix + (calls.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private const string PlaceholderPrefix = "__asyncguide_call_";

    private static StatementSyntax Normalized(StatementSyntax statement, List<ExpressionSyntax> calls)
    {
        var normalized = statement.NormalizeWhitespace(indentation: "    ", eol: "\n", elasticTrivia: false);
        var placeholders = new List<IdentifierNameSyntax>();
        foreach (var node in normalized.DescendantNodes())
        {
            if (node is IdentifierNameSyntax identifier
                && identifier.Identifier.ValueText.StartsWith(PlaceholderPrefix, System.StringComparison.Ordinal))
            {
                placeholders.Add(identifier);
            }
        }

        return normalized.ReplaceNodes(placeholders, (original, _) =>
            calls[int.Parse(
                    original.Identifier.ValueText.Substring(PlaceholderPrefix.Length),
                    System.Globalization.CultureInfo.InvariantCulture)]
                .WithTriviaFrom(original));
    }

    private static ExpressionSyntax WithConfigureAwait(ExpressionSyntax task, ExpressionSyntax? argument) =>
        argument is null
            ? task
            : SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, task, SyntaxFactory.IdentifierName("ConfigureAwait")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(argument.WithoutTrivia()))));
}
