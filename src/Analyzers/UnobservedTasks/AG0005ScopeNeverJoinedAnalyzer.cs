using System;

namespace AsyncGuide.Analyzers;

/// <summary>
/// AG0005: a <c>TaskScope</c> created and disposed here, with a child started by <c>Run</c>, that
/// reaches its disposal without <c>await scope.JoinAsync()</c> on some path: the end of its block, or a
/// <c>return</c>, <c>throw</c>, <c>break</c> or <c>continue</c> leaving it. Disposal then cancels the
/// children still running, and their failures come out of <c>DisposeAsync</c>, replacing any exception
/// already leaving the block. Runs only when the project references the AsyncGuide runtime.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AG0005ScopeNeverJoinedAnalyzer : AsyncGuideAnalyzer
{
    /// <summary>Where the path leaves the scope: <see cref="EndExit"/> or <see cref="StatementExit"/>.</summary>
    public const string ExitKey = "Exit";

    /// <summary>The end of the region: the join goes at the end of the block (additional location 1) or before the disposing statement.</summary>
    public const string EndExit = "End";

    /// <summary>A statement leaves the region (the diagnostic's location): the join goes right before it.</summary>
    public const string StatementExit = "Statement";

    /// <summary>Present when the fix may insert the join.</summary>
    public const string FixableKey = "Fixable";

    /// <summary>Present when the region awaits with <c>ConfigureAwait(false)</c>: the inserted join does too.</summary>
    public const string ConfigureAwaitFalseKey = "ConfigureAwaitFalse";

    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIds.ScopeNeverJoined,
        title: "TaskScope disposed without JoinAsync",
        messageFormat: "'{0}' is disposed without 'await {0}.JoinAsync()' {1}: " +
            "disposal cancels the tasks still running and reports their failures only from DisposeAsync",
        description: "A TaskScope that is disposed without being joined cancels the children still running instead of waiting for them, " +
            "and its DisposeAsync throws their first failure, replacing any exception already leaving the block. " +
            "End the scope's block with 'await scope.JoinAsync()' on every path.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types)
    {
        // Without the runtime there is no TaskScope: nothing to do in this compilation.
        if (types.AsyncGuideTaskScope is not { } taskScope)
        {
            return;
        }

        // Triggered by a TaskScope local; the body holding it is walked once, on the first such local. The
        // diagnostics go out at the end of the member's operation block: a leaving statement is outside the
        // declarator, and a diagnostic reported outside the triggering operation is not local (no code fix).
        var facts = new OperationTreeCache<ScopeBodyFacts>(root => ScopeBodyFacts.Build(root, taskScope));
        start.RegisterOperationBlockStartAction(block =>
        {
            List<IVariableDeclaratorOperation>? scopes = null;
            block.RegisterOperationAction(
                c =>
                {
                    var declarator = (IVariableDeclaratorOperation)c.Operation;
                    if (SymbolEqualityComparer.Default.Equals(declarator.Symbol.Type, taskScope))
                    {
                        (scopes ??= new List<IVariableDeclaratorOperation>()).Add(declarator);
                    }
                },
                OperationKind.VariableDeclarator);
            block.RegisterOperationBlockEndAction(end =>
            {
                if (scopes is null)
                {
                    return;
                }

                foreach (var declarator in scopes)
                {
                    Analyze(end.ReportDiagnostic, declarator, taskScope, facts.For(declarator));
                }
            });
        });
    }

    private static void Analyze(Action<Diagnostic> report, IVariableDeclaratorOperation declarator, INamedTypeSymbol taskScope, ScopeBodyFacts facts)
    {
        if (ScopeRegion.Find(declarator, taskScope, facts) is not { } region)
        {
            return;
        }

        var references = facts.For(declarator.Symbol);
        var function = ScopeBodyFacts.EnclosingFunction(declarator);
        var inRegion = new List<ScopeReference>(references.Count);
        var configureAwaitFalse = false;
        foreach (var reference in references)
        {
            if (region.Disposal is { } disposal && disposal.Syntax.Span.Contains(reference.Position) && !region.Span.Contains(reference.Position))
            {
                // The disposal itself; anything else beside it (a join in the finally, a Run in a catch) is not followed.
                if (reference.Use is not (ScopeUse.UsingResource or ScopeUse.Dispose))
                {
                    return;
                }

                configureAwaitFalse |= reference.ConfiguredFalse;
                continue;
            }

            // Passed on, stored, disposed elsewhere or joined where we cannot follow: someone else may join it.
            if (!region.Span.Contains(reference.Position) ||
                reference.Use is ScopeUse.Escape or ScopeUse.UsingResource or ScopeUse.Dispose ||
                (reference.Use == ScopeUse.Join && reference.Function != function))
            {
                return;
            }

            configureAwaitFalse |= reference.ConfiguredFalse;
            inRegion.Add(reference);
        }

        var paths = ScopeJoinPaths.Walk(region.Statements, inRegion);
        if (paths.Exits.Count == 0 && !paths.EndsPending)
        {
            return;
        }

        configureAwaitFalse |= ConfiguresAwaitFalse(region.Statements);
        var name = declarator.Symbol.Name;
        var declaratorLocation = declarator.Syntax.GetLocation();
        foreach (var exit in paths.Exits)
        {
            var properties = Properties(StatementExit, exit.Fixable, configureAwaitFalse);
            report(Diagnostic.Create(
                Rule,
                exit.Statement.Syntax.GetLocation(),
                ImmutableArray.Create(declaratorLocation),
                properties,
                name,
                "when this statement leaves its block"));
        }

        if (paths.EndsPending)
        {
            var additional = region.End is { } end
                ? ImmutableArray.Create(declaratorLocation, end.GetLocation())
                : ImmutableArray.Create(declaratorLocation);
            var properties = Properties(EndExit, region.End is not null, configureAwaitFalse);
            report(Diagnostic.Create(Rule, declaratorLocation, additional, properties, name, "at the end of its block"));
        }
    }

    private static ImmutableDictionary<string, string?> Properties(string exit, bool fixable, bool configureAwaitFalse)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, string?>();
        builder.Add(ExitKey, exit);
        if (fixable)
        {
            builder.Add(FixableKey, "true");
        }

        if (configureAwaitFalse)
        {
            builder.Add(ConfigureAwaitFalseKey, "true");
        }

        return builder.ToImmutable();
    }

    /// <summary>Some await in the region uses <c>ConfigureAwait(false)</c> (library code): the inserted join follows suit.</summary>
    private static bool ConfiguresAwaitFalse(ImmutableArray<IOperation> statements)
    {
        foreach (var statement in statements)
        {
            foreach (var operation in statement.DescendantsAndSelf())
            {
                if (operation is IAwaitOperation { Operation: IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure } &&
                    configure.Arguments.Length > 0 &&
                    configure.Arguments[configure.Arguments.Length - 1].Value.ConstantValue is { HasValue: true, Value: false })
                {
                    return true;
                }
            }
        }

        return false;
    }
}
