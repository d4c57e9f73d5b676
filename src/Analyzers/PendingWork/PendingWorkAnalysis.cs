using System;

namespace AsyncGuide.Analyzers;

/// <summary>
/// The registrations of the AG01xx rules (their <c>Initialize</c> keeps the concurrency and generated-code
/// settings, which every analyzer states itself). Per compilation: the well-known types (stop when the rule
/// cannot apply) and one cache of the cancellation facts of each body. Per invocation: the rule's cheap
/// symbol test first; only a candidate gets the body's facts, which are built once and shared by the
/// callbacks of one body, so the rule's check runs under their lock.
/// </summary>
internal static class PendingWorkAnalysis
{
    public static void Register(
        AnalysisContext context,
        Func<AsyncTypes, bool> applies,
        Func<IInvocationOperation, AsyncTypes, bool> isCandidate,
        Action<OperationAnalysisContext, IInvocationOperation, CancellationFlow> analyze)
    {
        context.RegisterCompilationStartAction(start =>
        {
            if (AsyncTypes.For(start.Compilation) is not { CancellationTokenSource: not null } types || !applies(types))
            {
                return;
            }

            var flows = new OperationTreeCache<CancellationFlow>(root => CancellationFlow.Build(root, types));
            start.RegisterOperationAction(
                c =>
                {
                    var invocation = (IInvocationOperation)c.Operation;
                    if (!isCandidate(invocation, types))
                    {
                        return;
                    }

                    var flow = flows.For(invocation);
                    lock (flow)
                    {
                        analyze(c, invocation, flow);
                    }
                },
                OperationKind.Invocation);
        });
    }
}
