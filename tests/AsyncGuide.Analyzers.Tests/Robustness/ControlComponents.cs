using System;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncGuide.Analyzers.Tests.Robustness;

// Deliberately broken components: the robustness gates must catch each of them,
// or the gates could never fail (negative controls). Their flaws are the point:
#pragma warning disable RS1012, RS1016, RS1026, RS1036, RS2008

/// <summary>Throws on every await it sees.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class ThrowingAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new("CTRL001", "throws", "throws", "Control", DiagnosticSeverity.Warning, true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(_ => throw new InvalidOperationException("control analyzer failure"), OperationKind.Await);
    }
}

/// <summary>Reports every await, so the control fixes below have something to fix.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class EveryAwaitAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "CTRL002";
    private static readonly DiagnosticDescriptor Rule = new(Id, "await", "await", "Control", DiagnosticSeverity.Warning, true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(c => c.ReportDiagnostic(Diagnostic.Create(Rule, c.Operation.Syntax.GetLocation())), OperationKind.Await);
    }
}

internal sealed class ThrowingCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(EveryAwaitAnalyzer.Id);

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        context.RegisterCodeFix(
            CodeAction.Create("throws", Throw, "CTRL002.Throw"),
            context.Diagnostics);
        return Task.CompletedTask;
    }

    private static Task<Document> Throw(CancellationToken cancellationToken) => throw new InvalidOperationException("control fix failure");
}

/// <summary>Replaces each await with an undefined name: compiles before, CS0103 after.</summary>
internal sealed class BuildBreakingCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(EveryAwaitAnalyzer.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is AwaitExpressionSyntax awaitExpression)
        {
            context.RegisterCodeFix(
                CodeAction.Create("breaks the build", ct => Replace(context.Document, root, awaitExpression), "CTRL002.Break"),
                context.Diagnostics);
        }
    }

    private static Task<Document> Replace(Document document, SyntaxNode root, AwaitExpressionSyntax awaitExpression) =>
        Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(awaitExpression, SyntaxFactory.IdentifierName("undefinedByControlFix"))));
}

/// <summary>Forgets EnableConcurrentExecution and keeps a counter across compilations.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class StatefulAnalyzer : DiagnosticAnalyzer
{
    private static int compilationsSeen;
    private int awaitsSeen;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray<DiagnosticDescriptor>.Empty;

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
        context.RegisterCompilationStartAction(_ => Interlocked.Increment(ref compilationsSeen));
        context.RegisterOperationAction(_ => Interlocked.Increment(ref awaitsSeen), OperationKind.Await);
    }
}
