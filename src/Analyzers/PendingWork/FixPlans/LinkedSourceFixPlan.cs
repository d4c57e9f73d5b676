using System.Globalization;
using System.Text;

namespace AsyncGuide.Analyzers;

/// <summary>
/// AG0101 when the raced tasks take only the caller's token (<c>FetchAsync(id, ct)</c>) and no source of the method
/// feeds them: the fix first links a source to that token
/// (<c>using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct)) { … }</c> around the statements from the one
/// that starts the first raced task to the end of its block: C# 7.3 syntax, so every target framework of a project
/// compiles it) and hands its token to every raced call in place of <c>ct</c>, then cancels it as the
/// existing-source fixes do: after the wait (<see cref="CancelAfterWaitFixPlan.AfterRace"/>) or before each exit of a
/// WhenAny loop (<see cref="CancelBeforeLoopExitFixPlan.BeforeExits"/>). Cancelling the linked source ends the raced
/// work only; <c>ct</c> and everything else that takes it are untouched, and the caller's cancellation still flows in.
/// </summary>
internal static class LinkedSourceFixPlan
{
    /// <summary>The token the new source is linked to, as C# (<c>ct</c>, <c>@event</c>).</summary>
    public const string FromKey = "AG01.LinkFrom";

    /// <summary>Where the source's declaration goes: the start of the statement it is inserted before.</summary>
    public const string BeforeKey = "AG01.LinkBefore";

    /// <summary><c>start:length</c> per token argument that becomes <c>source.Token</c>, <c>;</c>-separated.</summary>
    public const string TokensKey = "AG01.LinkTokens";

    private static readonly string[] Prefixes = { "cts", "linkedCts" };

    public static ImmutableDictionary<string, string?>? ForRace(IInvocationOperation wait, RaceFacts race, CancellationFlow flow) =>
        Plan(wait, race, flow, loop: null, CancelAfterWaitFixPlan.AfterStatement) is { } link
            ? CancelAfterWaitFixPlan.AfterRace(wait, race, flow, link.Properties, link.Cancelled)
            : null;

    public static ImmutableDictionary<string, string?>? ForLoop(IInvocationOperation wait, RaceFacts race, CancellationFlow flow) =>
        ObservationPaths.EnclosingLoop(wait) is { } loop && Plan(wait, race, flow, loop, CancelAfterWaitFixPlan.BeforeLoopExits) is { } link
            ? CancelBeforeLoopExitFixPlan.BeforeExits(wait, race, flow, link.Properties, link.Cancelled, source: null)
            : null;

    private static (ImmutableDictionary<string, string?> Properties, CancelledTokens Cancelled)? Plan(
        IInvocationOperation wait, RaceFacts race, CancellationFlow flow, ILoopOperation? loop, string placement)
    {
        if (flow.Types.CancellationTokenSource is null ||
            CallerToken(race, flow, out var replaced) is not { } from ||
            InsertionPoint(wait, race, loop) is not { } before ||
            (from is ILocalSymbol local && !IsDeclaredBefore(local, before.Syntax.SpanStart)) ||
            FreeName(wait, before) is not { } name)
        {
            return null;
        }

        var tokens = new StringBuilder();
        foreach (var token in replaced)
        {
            tokens.Append(tokens.Length == 0 ? string.Empty : ";")
                .Append(token.Syntax.SpanStart.ToString(CultureInfo.InvariantCulture)).Append(':')
                .Append(token.Syntax.Span.Length.ToString(CultureInfo.InvariantCulture));
        }

        var properties = CancelAfterWaitFixPlan.Properties(name, placement)
            .Add(FromKey, SyntaxFacts.GetKeywordKind(from.Name) == SyntaxKind.None ? from.Name : "@" + from.Name)
            .Add(BeforeKey, before.Syntax.SpanStart.ToString(CultureInfo.InvariantCulture))
            .Add(TokensKey, tokens.ToString());
        return (properties, CancelledTokens.Replacing(replaced));
    }

    /// <summary>
    /// The one token parameter or local every raced task is started with, passed as a plain argument (so it can be
    /// replaced) and taken from no source of the method; null when a task takes none, another, or one from a source.
    /// </summary>
    private static ISymbol? CallerToken(RaceFacts race, CancellationFlow flow, out HashSet<IOperation> replaced)
    {
        replaced = new HashSet<IOperation>();
        ISymbol? from = null;
        var tokens = new List<IOperation>();
        foreach (var origin in race.Origins)
        {
            if (CancelAfterWaitFixPlan.IsEmptyCollection(origin))
            {
                // new List<Task<int>>() filled by Add calls: the Add calls are origins too.
                continue;
            }

            tokens.Clear();
            flow.CollectTokens(origin, tokens);
            if (tokens.Count == 0 || StartsWorkWithoutAToken(origin, flow))
            {
                return null;
            }

            foreach (var token in tokens)
            {
                ISymbol? symbol = token switch
                {
                    IParameterReferenceOperation parameter => parameter.Parameter,
                    ILocalReferenceOperation tokenLocal => tokenLocal.Local,
                    _ => null,
                };
                if (symbol is null || flow.DirectSourceOf(token) is not null ||
                    token.Parent is not IArgumentOperation { Parameter.RefKind: RefKind.None } ||
                    (from is not null && !SymbolEqualityComparer.Default.Equals(from, symbol)))
                {
                    return null;
                }

                from = symbol;
                replaced.Add(token);
            }
        }

        return from;
    }

    /// <summary>Some task <paramref name="origin"/> starts takes no token (<c>new List&lt;Task&lt;int&gt;&gt; { F(1, ct), F(2) }</c>).</summary>
    private static bool StartsWorkWithoutAToken(IOperation origin, CancellationFlow flow)
    {
        var tokens = new List<IOperation>();
        foreach (var operation in origin.DescendantsAndSelf())
        {
            if (operation is IInvocationOperation call && flow.Types.IsTask(call.Type) && RacedTasks.IsStartedOperation(call, flow.Types))
            {
                tokens.Clear();
                flow.CollectTokens(call, tokens);
                if (tokens.Count == 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The statement the source is declared before: in the innermost block of the wait's function that holds the wait
    /// and every raced task's start, the one holding the first start. For a WhenAny loop it must be inside every loop
    /// around the race loop (their next turn links a new one); otherwise no loop may stand between it and the wait.
    /// </summary>
    private static IOperation? InsertionPoint(IInvocationOperation wait, RaceFacts race, ILoopOperation? loop)
    {
        var first = -1;
        foreach (var origin in race.Origins)
        {
            if (!CancelAfterWaitFixPlan.IsEmptyCollection(origin) && (first < 0 || origin.Syntax.SpanStart < first))
            {
                first = origin.Syntax.SpanStart;
            }
        }

        IBlockOperation? block = null;
        for (var current = wait.Parent; current is not null && block is null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return null;
            }

            if (current is IBlockOperation candidate && candidate.Syntax is BlockSyntax && ContainsAll(candidate, race))
            {
                block = candidate;
            }
        }

        if (block is null || first < 0)
        {
            return null;
        }

        IOperation? before = null;
        foreach (var statement in block.Operations)
        {
            if (statement.Syntax.Span.Contains(first))
            {
                before = statement;
                break;
            }
        }

        if (before is null)
        {
            return null;
        }

        // The fix puts the statements from here to the block's end into `using (var cts = …) { … }` (C# 7.3 too, unlike
        // `using var`): a local function or label among them would leave the scope of code before it.
        // Another race among them would be wrapped too, and its own fix would wrap an overlapping span: only the last
        // race of a block gets a linked source.
        var moving = false;
        foreach (var statement in block.Operations)
        {
            moving |= statement == before;
            if (moving && (statement is ILocalFunctionOperation or ILabeledOperation || HoldsAnotherRace(statement, wait)))
            {
                return null;
            }
        }

        if (loop is not null)
        {
            return block.Syntax.Span.Contains(loop.Syntax.Span) && CancelBeforeLoopExitFixPlan.IsInsideEveryEnclosingLoop(before.Syntax.Span, loop)
                ? before
                : null;
        }

        return ObservationPaths.EnclosingLoop(wait) is { } around && !around.Syntax.Span.Contains(block.Syntax.Span) ? null : before;
    }

    private static bool HoldsAnotherRace(IOperation statement, IInvocationOperation wait)
    {
        foreach (var node in statement.Syntax.DescendantNodes())
        {
            if (node is InvocationExpressionSyntax call && call != wait.Syntax && IsRaceName(call.Expression))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsAll(IBlockOperation block, RaceFacts race)
    {
        foreach (var origin in race.Origins)
        {
            if (!block.Syntax.Span.Contains(origin.Syntax.Span))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDeclaredBefore(ILocalSymbol local, int position) =>
        local.DeclaringSyntaxReferences.Length == 1 && local.DeclaringSyntaxReferences[0].Span.End <= position;

    /// <summary>
    /// <c>cts</c> for the member's first race, <c>cts2</c> for its second, …, or <c>linkedCts</c>, <c>linkedCts2</c>, … when
    /// an identifier of the member or a symbol in scope has that name. Numbered by the race's place among the member's
    /// waits, so that Fix All (every fix computed on the original document) and fixing one at a time agree and never
    /// give two races one name.
    /// </summary>
    private static string? FreeName(IInvocationOperation wait, IOperation before)
    {
        SyntaxNode member = wait.Syntax;
        while (member.Parent is { } parent && member is not (MemberDeclarationSyntax or CompilationUnitSyntax))
        {
            member = parent;
        }

        var used = new HashSet<string>();
        var index = 0;
        foreach (var node in member.DescendantNodesAndTokens())
        {
            if (node.IsToken && node.IsKind(SyntaxKind.IdentifierToken))
            {
                used.Add(node.AsToken().ValueText);
            }
            else if (node.AsNode() is InvocationExpressionSyntax call && call.SpanStart < wait.Syntax.SpanStart && IsRaceName(call.Expression))
            {
                index++;
            }
        }

        var suffix = index == 0 ? string.Empty : (index + 1).ToString(CultureInfo.InvariantCulture);
        foreach (var prefix in Prefixes)
        {
            var name = prefix + suffix;
            if (!used.Contains(name) && wait.SemanticModel?.LookupSymbols(before.Syntax.SpanStart, name: name).IsEmpty != false)
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>Named like a wait this rule reports (only to number the races of a member).</summary>
    private static bool IsRaceName(ExpressionSyntax expression) =>
        (expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            SimpleNameSyntax name => name.Identifier.ValueText,
            _ => null,
        }) is "WhenAny" or "WaitAny" or "Wait";
}
