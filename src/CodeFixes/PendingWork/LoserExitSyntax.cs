namespace AsyncGuide.CodeFixes;

/// <summary>
/// The statement the AG01xx cancel fix adds after <c>source.Cancel();</c>: wait for the cancelled tasks to
/// exit, without throwing, with their exceptions marked observed (what <c>Async.Wait</c>'s factory form and
/// asyncio's <c>wait_for</c> do after cancelling).
/// <c>await Task.WhenAll(a, b).ContinueWith(t =&gt; _ = t.Exception, TaskScheduler.Default);</c> — reading
/// <c>Exception</c> observes, and the continuation itself never faults. One form for every target framework:
/// a multi-targeted project gets the same text from each of its compilations (.NET 8's
/// <c>ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing)</c> in one and this in another made
/// <c>dotnet format</c> write merge markers into the file).
/// One task local is awaited as itself (<c>await work.ContinueWith(…)</c>), a collection local through
/// <c>Task.WhenAll(tasks)</c>.
/// When the wait's own await had <c>ConfigureAwait(false)</c>, so does this one.
/// </summary>
internal static class LoserExitSyntax
{
    private const string TasksNamespace = "System.Threading.Tasks";

    /// <summary>
    /// The statement to insert at <paramref name="insertAt"/>; null when a name is not a single local in scope at
    /// <paramref name="wait"/>, or the tasks do not bind as tasks.
    /// </summary>
    public static StatementSyntax? AwaitExit(
        SemanticModel model, SyntaxNode wait, int insertAt, IReadOnlyList<string> tasks, bool onCapturedContext, CancellationToken cancellationToken)
    {
        var position = wait.SpanStart;
        var locals = new List<ILocalSymbol>();
        foreach (var name in tasks)
        {
            var symbols = model.LookupSymbols(position, name: name);
            if (symbols.Length != 1 || symbols[0] is not ILocalSymbol local)
            {
                return null;
            }

            locals.Add(local);
        }

        var taskType = TypeLookup.For(model.Compilation).Find(TasksNamespace + ".Task");
        ExpressionSyntax exited;
        ITypeSymbol exitedType;
        if (locals.Count == 1 && IsTask(locals[0].Type, taskType))
        {
            // One task: await it, no WhenAll around it.
            exited = SyntaxFactory.IdentifierName(locals[0].Name);
            exitedType = locals[0].Type;
        }
        else
        {
            var arguments = new List<ArgumentSyntax>();
            foreach (var local in locals)
            {
                arguments.Add(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(local.Name)));
            }

            exited = Call(RuntimeSyntax.BclTypeExpression(TasksNamespace, "Task"), "WhenAll", arguments.ToArray());
            if (model.GetSpeculativeSymbolInfo(position, exited, SpeculativeBindingOption.BindAsExpression).Symbol
                is not IMethodSymbol { Name: "WhenAll", ReturnType: var whenAllType })
            {
                return null;
            }

            exitedType = whenAllType;
        }

        if (!IsTask(exitedType, taskType))
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var parameter = ParameterName(model, insertAt);
        ExpressionSyntax exception = SyntaxFactory.MemberAccessExpression(
            SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(parameter), SyntaxFactory.IdentifierName("Exception"));

        // `_ = t.Exception` reads as "observe and drop"; a local or parameter named `_` would take the assignment.
        if (model.LookupSymbols(insertAt, name: "_").IsEmpty)
        {
            exception = SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, RuntimeSyntax.Discard(), exception);
        }

        ExpressionSyntax awaited = Call(
            exited,
            "ContinueWith",
            SyntaxFactory.Argument(SyntaxFactory.SimpleLambdaExpression(SyntaxFactory.Parameter(SyntaxFactory.Identifier(parameter)), exception)),
            SyntaxFactory.Argument(SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                RuntimeSyntax.BclTypeExpression(TasksNamespace, "TaskScheduler"),
                SyntaxFactory.IdentifierName("Default"))));
        if (!onCapturedContext)
        {
            awaited = Call(awaited, "ConfigureAwait", SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression)));
        }

        return SyntaxFactory.ExpressionStatement(SyntaxFactory.AwaitExpression(awaited)).WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>
    /// <c>t</c>, unless a local or parameter of that name is in scope where the statement goes (the lambda's
    /// parameter would clash with it: CS0136 before C# 8). Not <see cref="FreshNames"/>: a <c>t</c> of another
    /// lambda in the member does not clash, and avoiding it would make fixing one by one differ from Fix All.
    /// </summary>
    private static string ParameterName(SemanticModel model, int position)
    {
        var candidate = "t";
        for (var suffix = 2; !model.LookupSymbols(position, name: candidate).IsEmpty; suffix++)
        {
            candidate = "t" + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    private static bool IsTask(ITypeSymbol? type, INamedTypeSymbol? taskType)
    {
        for (var current = type; current is not null && taskType is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, taskType))
            {
                return true;
            }
        }

        return false;
    }

    private static InvocationExpressionSyntax Call(ExpressionSyntax receiver, string method, params ArgumentSyntax[] arguments) =>
        SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName(method)),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments)));
}
