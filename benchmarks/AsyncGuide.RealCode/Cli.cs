using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace AsyncGuide.RealCode;

/// <summary>Command line: <c>analyze</c> a folder of projects into a TSV report, <c>sample</c> it for a reviewer.</summary>
internal static class Cli
{
    private const string Usage = """
        Usage:
          analyze <folder|project|solution> [--out report.tsv] [--fixes] [--with-runtime] [--rules AG0001,AG0002] [--restore]
                  [--candidates]
              Loads every .csproj under the folder (MSBuildWorkspace; run 'dotnet restore' first or pass --restore),
              runs the AsyncGuide analyzers on each project and target framework, and writes one row per
              diagnostic (deduplicated across target frameworks). --fixes asks every code fix for its actions,
              applies the first (the one dotnet format and Ctrl+. take) in every target framework and records
              whether it adds a compile error or writes different text per target framework.
              --with-runtime adds a reference to the AsyncGuide runtime, so fixes take their runtime forms.
              --candidates also writes an UNREPORTED_DROP row for every dropped task (a task-returning call as a
              statement or discarded with '_ =') that AG0001 did not report: sample them to measure recall.
          sample <report.tsv> [--per-rule 20] [--seed 1] [--rules AG0001] [--context 3]
              Prints a random sample of the rows of each rule with the code around them, for a reviewer.
          summary <report.tsv>
              Per rule: reports, fixes offered, fixes that add errors or diverge per target framework.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var options = Options.Parse(args.Skip(2));
        switch (args[0])
        {
            case "analyze":
                var report = await Analysis.RunAsync(
                    Path.GetFullPath(args[1]),
                    rules: options.List("--rules"),
                    probeFixes: options.Flag("--fixes"),
                    withRuntime: options.Flag("--with-runtime"),
                    restore: options.Flag("--restore"),
                    candidates: options.Flag("--candidates")).ConfigureAwait(false);
                var output = options.Value("--out") ?? "realcode.tsv";
                report.Write(output);
                Console.WriteLine($"wrote {report.Rows.Count} rows to {output}");
                report.PrintSummary(Console.Out);
                return 0;
            case "sample":
                var sample = Report.Read(args[1]);
                sample.PrintSample(Console.Out,
                    perRule: options.Int("--per-rule", 20),
                    seed: options.Int("--seed", 1),
                    rules: options.List("--rules"),
                    context: options.Int("--context", 3));
                return 0;
            case "summary":
                Report.Read(args[1]).PrintSummary(Console.Out);
                return 0;
            default:
                Console.Error.WriteLine(Usage);
                return 2;
        }
    }

    private sealed class Options
    {
        private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

        public static Options Parse(IEnumerable<string> args)
        {
            var options = new Options();
            string? pending = null;
            foreach (var arg in args)
            {
                if (arg.StartsWith("--", StringComparison.Ordinal))
                {
                    pending = arg;
                    options._values[arg] = null;
                }
                else if (pending is not null)
                {
                    options._values[pending] = arg;
                    pending = null;
                }
            }

            return options;
        }

        public bool Flag(string name) => _values.ContainsKey(name);

        public string? Value(string name) => _values.TryGetValue(name, out var value) ? value : null;

        public int Int(string name, int fallback) => Value(name) is { } text ? int.Parse(text) : fallback;

        public IReadOnlySet<string>? List(string name) =>
            Value(name)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
    }
}
