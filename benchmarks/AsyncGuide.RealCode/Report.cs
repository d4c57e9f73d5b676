using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AsyncGuide.RealCode;

internal sealed record Row(string Id, string Path, int Line, int Column, string Projects, string Message, string FixTitles, string FixStatus);

internal sealed record ProjectRow(string Name, int Files, int CompileErrors, int Diagnostics, TimeSpan Elapsed);

/// <summary>The rows of one run, as a TSV file a reviewer can sample, grep and diff.</summary>
internal sealed class Report
{
    public Report(string root) => Root = root;

    public string Root { get; }

    public List<Row> Rows { get; } = [];

    public List<ProjectRow> Projects { get; } = [];

    public List<string> Crashes { get; } = [];

    public void Write(string path)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine($"# root\t{Root}");
        foreach (var project in Projects)
        {
            writer.WriteLine(
                $"# project\t{project.Name}\t{project.Files} files\t{project.CompileErrors} compile errors\t" +
                $"{project.Diagnostics} diagnostics\t{project.Elapsed.TotalSeconds:0.0} s");
        }

        foreach (var crash in Crashes)
        {
            writer.WriteLine($"# crash\t{Clean(crash)}");
        }

        writer.WriteLine("id\tpath\tline\tcolumn\tprojects\tmessage\tfix_titles\tfix_status");
        foreach (var row in Rows)
        {
            writer.WriteLine(string.Join(
                '\t', row.Id, row.Path, row.Line, row.Column, row.Projects, Clean(row.Message), Clean(row.FixTitles), Clean(row.FixStatus)));
        }
    }

    public static Report Read(string path)
    {
        Report? report = null;
        foreach (var line in File.ReadLines(path))
        {
            var cells = line.Split('\t');
            if (line.StartsWith("# root", StringComparison.Ordinal))
            {
                report = new Report(cells[1]);
            }
            else if (line.StartsWith("# crash", StringComparison.Ordinal))
            {
                report!.Crashes.Add(cells[1]);
            }
            else if (!line.StartsWith('#') && cells[0] != "id" && cells.Length >= 8)
            {
                report!.Rows.Add(new Row(cells[0], cells[1], int.Parse(cells[2]), int.Parse(cells[3]), cells[4], cells[5], cells[6], cells[7]));
            }
        }

        return report ?? throw new InvalidDataException($"{path} has no '# root' line");
    }

    /// <summary>
    /// Per rule: reports, how many were offered a fix, how many first actions are clean in every target
    /// framework (<c>ok</c>), add a compile error or throw (<c>breaks</c>), or write different text per
    /// target (<c>diverge</c>); then the shares of the reports offered a fix and whose first action adds
    /// no compile error in any target framework (<c>--fixes</c> runs only).
    /// </summary>
    public void PrintSummary(TextWriter output)
    {
        output.WriteLine($"{"rule",-8}{"reports",8}{"fix",8}{"ok",8}{"breaks",8}{"diverge",8}{"offered",10}{"no-error",10}");
        foreach (var rule in Rows.GroupBy(r => r.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            PrintSummaryLine(output, rule.Key, rule.ToList());
        }

        PrintSummaryLine(output, "all", Rows);
        output.WriteLine($"analyzer exceptions: {Crashes.Count}");
    }

    private static void PrintSummaryLine(TextWriter output, string name, IReadOnlyCollection<Row> rows)
    {
        static bool Breaks(Row r)
            => r.FixStatus.Contains("adds-errors", StringComparison.Ordinal) || r.FixStatus.Contains("threw", StringComparison.Ordinal);
        static string Share(int part, int whole) => whole == 0 ? "-" : $"{100.0 * part / whole:0}%";
        var fixable = rows.Count(r => r.FixTitles.Length > 0);
        var breaks = rows.Count(Breaks);
        var noError = rows.Count(r => r.FixTitles.Length > 0 && !Breaks(r));
        output.WriteLine($"{name,-8}{rows.Count,8}{fixable,8}{rows.Count(r => r.FixStatus == "ok"),8}{breaks,8}" +
                         $"{rows.Count(r => r.FixStatus.Contains("diverges", StringComparison.Ordinal)),8}" +
                         $"{Share(fixable, rows.Count),10}{Share(noError, rows.Count),10}");
    }

    public void PrintSample(TextWriter output, int perRule, int seed, IReadOnlySet<string>? rules, int context)
    {
        foreach (var rule in Rows.Where(r => rules is null || rules.Contains(r.Id)).GroupBy(r => r.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var all = rule.ToList();
            var random = new Random(seed);
            var picked = all.OrderBy(_ => random.Next()).Take(perRule).OrderBy(r => r.Path, StringComparer.Ordinal).ThenBy(r => r.Line).ToList();
            output.WriteLine($"==== {rule.Key}: {picked.Count} of {all.Count} (seed {seed})");
            var number = 0;
            foreach (var row in picked)
            {
                output.WriteLine();
                output.WriteLine($"--- {rule.Key} #{++number} {row.Path}:{row.Line}:{row.Column}  [{row.Projects}]");
                output.WriteLine($"    {row.Message}");
                if (row.FixTitles.Length > 0 || row.FixStatus != "not-probed")
                {
                    output.WriteLine($"    fix: {row.FixTitles} => {row.FixStatus}");
                }

                var file = System.IO.Path.Combine(Root, row.Path);
                if (!File.Exists(file))
                {
                    continue;
                }

                var lines = File.ReadAllLines(file);
                for (var i = Math.Max(1, row.Line - context); i <= Math.Min(lines.Length, row.Line + context); i++)
                {
                    output.WriteLine($"{(i == row.Line ? ">" : " ")}{i,5}: {lines[i - 1]}");
                }
            }

            output.WriteLine();
        }
    }

    private static string Clean(string text) => text.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
}
