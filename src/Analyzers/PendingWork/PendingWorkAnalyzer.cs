namespace AsyncGuide.Analyzers;

/// <summary>
/// The registration of the AG01xx rules. Per compilation: stop when there is no <c>CancellationTokenSource</c>
/// or the rule cannot apply, else one cache of the cancellation facts of each body. Per invocation: the rule's
/// cheap symbol test first; only a candidate gets the body's facts, which are built once and shared by the
/// callbacks of one body, so the rule's check runs under their lock.
/// </summary>
public abstract class PendingWorkAnalyzer : AsyncGuideAnalyzer
{
    private protected sealed override void OnCompilationStart(CompilationStartAnalysisContext start, AsyncTypes types)
    {
        if (types.CancellationTokenSource is null || !Applies(types))
        {
            return;
        }

        var flows = new OperationTreeCache<CancellationFlow>(root => CancellationFlow.Build(root, types));
        start.RegisterOperationAction(
            c =>
            {
                var invocation = (IInvocationOperation)c.Operation;
                if (!IsCandidate(invocation, types))
                {
                    return;
                }

                var flow = flows.For(invocation);
                lock (flow)
                {
                    Analyze(c, invocation, flow);
                }
            },
            OperationKind.Invocation);
    }

    /// <summary>False when the rule has nothing to look at in this compilation (true by default).</summary>
    private protected virtual bool Applies(AsyncTypes types) => true;

    /// <summary>The symbol test that picks the invocations worth the body's facts; no facts are built before it.</summary>
    private protected abstract bool IsCandidate(IInvocationOperation invocation, AsyncTypes types);

    /// <summary>The rule's check of a candidate, with the facts of its body (called under their lock).</summary>
    private protected abstract void Analyze(OperationAnalysisContext context, IInvocationOperation invocation, CancellationFlow flow);
}
