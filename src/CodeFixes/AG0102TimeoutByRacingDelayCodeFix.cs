using System.Collections.Immutable;
using System.Threading.Tasks;
using AsyncGuide.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace AsyncGuide.CodeFixes;

/// <summary>
/// AG0102: cancels the work's own token source when the timer wins (or right after the race when
/// the work is only used where it won). Offered only where <see cref="AG0102TimeoutRaceFixPlan"/>
/// proved it changes nothing else.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp)]
public sealed class AG0102TimeoutByRacingDelayCodeFix : CodeFixProvider
{
    public const string CancelSourceKey = "AG0102.CancelSource";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.TimeoutByRacingDelay);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            TokenSourceCancellation.Register(context, diagnostic, CancelSourceKey);
        }

        return Task.CompletedTask;
    }
}
