using System;
using System.Threading.Tasks;

namespace AsyncGuide.RuleShowcase;

/// <summary>
/// Runs one scenario per rule and prints "<rule>: <result>". Results are constants (see
/// <see cref="Backend"/>), so the output is the same before and after the code fixes.
/// </summary>
internal static class Program
{
    private static async Task Main()
    {
        var scenarios = new (string Rule, Func<Task<string>> Run)[]
        {
            ("AG0001", UnobservedExceptions.DroppedTaskAsync),
            ("AG0002", UnobservedExceptions.StoredTaskNeverObservedAsync),
            ("AG0003", UnobservedExceptions.WhenAnyWinnerNeverObservedAsync),
            ("AG0004", UnobservedExceptions.WhenAllExceptionsLostAsync),
            ("AG0005", UnobservedExceptions.ScopeNeverJoinedAsync),
            ("AG0101", PendingTasks.WhenAnyLosersLeftRunningAsync),
            ("AG0102", PendingTasks.TimeoutByRacingDelayAsync),
            ("AG0103", PendingTasks.WaitPendingIgnoredAsync),
            ("AG0104", PendingTasks.TimerLeftRunningAsync),
            ("AG0201", SequentialAwaits.SequentialAwaitsAsync),
            ("AG0202", SequentialAwaits.AwaitsInLoopAsync),
        };

        foreach (var (rule, run) in scenarios)
        {
            var result = await RunScenarioAsync(run);
            Console.WriteLine(rule + ": " + result);
        }
    }

    // A scenario that throws prints the exception's type instead of stopping the others
    // (deterministic too, e.g. while the runtime is still a stub that throws NotImplementedException).
    private static async Task<string> RunScenarioAsync(Func<Task<string>> scenario)
    {
        try
        {
            return await scenario();
        }
        catch (Exception ex)
        {
            return "threw " + ex.GetType().Name;
        }
    }
}
