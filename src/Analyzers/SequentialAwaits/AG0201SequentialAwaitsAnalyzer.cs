namespace AsyncGuide.Analyzers;

/// <summary>
/// AG0201: consecutive statements that each await one independent call (<c>var a = await A(x);
/// var b = await B(y);</c>) wait for each other for nothing; started together they take as long as
/// the slowest. Precision first: see docs/rules/AG0201.md for everything deliberately not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AG0201SequentialAwaitsAnalyzer : AsyncGuideAnalyzer
{
    /// <summary>
    /// <c>strict</c>: one receiver is only called twice at once when documented as thread-safe;
    /// mutable arguments are never shared.
    /// </summary>
    public const string ReceiversOption = "asyncguide.AG0201.receivers";

    /// <summary>Opt-in: also gather awaits whose result is not kept (usually done for their effect, so off by default).</summary>
    internal static readonly AnalyzerOption<bool> IncludeDiscardedResults =
        new(RuleIds.SequentialAwaits, "include_discarded_results", false, OptionParsers.Boolean);

    internal static readonly AnalyzerOption<ImmutableArray<string>> NonConcurrentTypesOption = NonConcurrentTypes.OptionFor(RuleIds.SequentialAwaits);

    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIds.SequentialAwaits,
        "Independent awaits run one after another",
        "These {0} awaits do not depend on each other; start them together with Async.Gather or Task.WhenAll",
        description: "Each await waits for the previous one to finish although none uses what another produced. Started together "
            + "and awaited once, they take as long as the slowest instead of the sum. Info by default: concurrency is a design "
            + "choice the analyzer suggests, never imposes.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types)
    {
        var nonConcurrent = new NonConcurrentTypes(start.Compilation);
        var safety = new ReceiverSafety(start.Compilation, nonConcurrent);
        start.RegisterOperationAction(c => AnalyzeBlock(c, types, nonConcurrent, safety), OperationKind.Block);
        start.RegisterOperationAction(c => AnalyzeSwitchSection(c, types, nonConcurrent, safety), OperationKind.SwitchCase);
    }

    private static void AnalyzeBlock(OperationAnalysisContext context, AsyncTypes types, NonConcurrentTypes nonConcurrent, ReceiverSafety safety)
    {
        var block = (IBlockOperation)context.Operation;
        if (block.Syntax is BlockSyntax or CompilationUnitSyntax && block.SemanticModel is { } model)
        {
            AnalyzeStatements(context, block.Operations, model, types, nonConcurrent, safety);
        }
    }

    /// <summary><c>case 1: var a = await A(); var b = await B(); break;</c>: a section's statements without braces.</summary>
    private static void AnalyzeSwitchSection(
        OperationAnalysisContext context, AsyncTypes types, NonConcurrentTypes nonConcurrent, ReceiverSafety safety)
    {
        var section = (ISwitchCaseOperation)context.Operation;
        if (section.Syntax is SwitchSectionSyntax && section.SemanticModel is { } model)
        {
            AnalyzeStatements(context, section.Body, model, types, nonConcurrent, safety);
        }
    }

    private static void AnalyzeStatements(
        OperationAnalysisContext context, ImmutableArray<IOperation> statements, SemanticModel model, AsyncTypes types,
        NonConcurrentTypes nonConcurrent, ReceiverSafety safety)
    {
        if (statements.Length < 2)
        {
            return;
        }

        // Segments of consecutive statements with the right syntactic shape; the semantic work starts at two.
        LockLikeRegions.BlockScan? locks = null;
        var segmentStart = -1;
        for (var i = 0; i <= statements.Length; i++)
        {
            if (i < statements.Length && AwaitedStatementShape.Matches(statements[i].Syntax))
            {
                if (segmentStart < 0)
                {
                    segmentStart = i;
                }

                continue;
            }

            if (segmentStart >= 0 && i - segmentStart >= 2)
            {
                locks ??= new LockLikeRegions.BlockScan(statements, model, nonConcurrent);
                AnalyzeSegment(context, statements, segmentStart, i, model, types, nonConcurrent, safety, locks);
            }

            segmentStart = -1;
        }
    }

    private static void AnalyzeSegment(
        OperationAnalysisContext context, ImmutableArray<IOperation> statements, int start, int end, SemanticModel model, AsyncTypes types,
        NonConcurrentTypes nonConcurrent, ReceiverSafety safety, LockLikeRegions.BlockScan locks)
    {
        var options = context.Options.AnalyzerConfigOptionsProvider.GetOptions(statements[start].Syntax.SyntaxTree);
        var includeDiscarded = IncludeDiscardedResults.Read(options);
        if (!includeDiscarded && !HasTwoKeptInARow(statements, start, end))
        {
            return;
        }

        var configured = nonConcurrent.ConfiguredFor(options, NonConcurrentTypesOption);
        var strict = safety.IsStrict(options, RuleIds.SequentialAwaits);
        var run = new AwaitIndependence(safety, strict, capacity: end - start);
        var callees = CalleeFaultFacts.For(model.Compilation, types);
        var runStart = start;
        for (var i = start; i < end; i++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();

            // A discarded result ends the run unless the option includes it: no need to bind it.
            var call = includeDiscarded || !AwaitedStatementShape.IsDiscarded(statements[i].Syntax)
                ? AwaitedCall.TryCreate(statements[i], types, nonConcurrent, configured, safety, strict)
                : null;
            if (call is not null && callees.CompletesAtOnce(call.Call.TargetMethod))
            {
                // `var msg = await req.GetMessageAsync();` over `Task.FromResult(this.message)`: nothing to wait for together.
                call = null;
            }

            var flow = call is not null && (includeDiscarded || call.Kind != AwaitedResultKind.Discarded)
                ? StatementFlow.Analyze(model, call)
                : null;
            if (call is null || flow is null)
            {
                Report(context, run, runStart, locks);
                run.Clear();
                continue;
            }

            if (!run.IsIndependent(call, flow))
            {
                if (!run.OrderedByRepeat)
                {
                    Report(context, run, runStart, locks);
                }

                run.Clear();
            }

            if (run.Members.Count == 0)
            {
                runStart = i;
            }

            run.Add(call, flow);
        }

        Report(context, run, runStart, locks);
    }

    private static bool HasTwoKeptInARow(ImmutableArray<IOperation> statements, int start, int end)
    {
        for (var i = start + 1; i < end; i++)
        {
            if (!AwaitedStatementShape.IsDiscarded(statements[i].Syntax) && !AwaitedStatementShape.IsDiscarded(statements[i - 1].Syntax))
            {
                return true;
            }
        }

        return false;
    }

    private static void Report(OperationAnalysisContext context, AwaitIndependence run, int runStart, LockLikeRegions.BlockScan locks)
    {
        var members = run.Members;
        if (members.Count < 2 || locks.IsInside(runStart))
        {
            return;
        }

        var others = new Location[members.Count - 1];
        for (var i = 1; i < members.Count; i++)
        {
            others[i - 1] = members[i].Call.Call.Syntax.GetLocation();
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, members[0].Call.Call.Syntax.GetLocation(), others, members.Count));
    }
}
