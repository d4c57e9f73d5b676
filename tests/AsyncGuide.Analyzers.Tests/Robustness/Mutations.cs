using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace AsyncGuide.Analyzers.Tests.Robustness;

/// <summary>A mutated document: what the IDE hands an analyzer while the user is typing.</summary>
internal sealed record MutatedInput(string Origin, string Mutation, string Text, bool NeedsRoslyn);

/// <summary>Deterministic damage to real code: truncation anywhere, deletion of a few tokens, one token swapped for another.</summary>
internal static class Mutations
{
    public const string IterationsVariable = "ASYNCGUIDE_FUZZ_ITERATIONS";
    public const int DefaultIterations = 4000;
    public const string SeedVariable = "ASYNCGUIDE_FUZZ_SEED";
    public const int DefaultSeed = 20261124;

    /// <summary>Fixed in CI so a failure reproduces; another seed explores other mutants.</summary>
    public static int Seed =>
        int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), out var seed) ? seed : DefaultSeed;

    public static int Iterations =>
        int.TryParse(Environment.GetEnvironmentVariable(IterationsVariable), out var n) && n > 0 ? n : DefaultIterations;

    /// <summary>Every corpus document on its own, then <paramref name="count"/> mutants of randomly chosen ones.</summary>
    public static List<MutatedInput> Generate(IReadOnlyList<CorpusInput> corpus, int count, int? seed = null)
    {
        var documents = corpus
            .SelectMany(input => input.Documents.Select(doc => (Origin: $"{input.Name}:{doc.Path}", doc.Text, input.NeedsRoslyn)))
            .ToList();
        var random = new Random(seed ?? Seed);
        var mutants = new List<MutatedInput>(count);
        for (var i = 0; i < count && documents.Count > 0; i++)
        {
            var (origin, text, needsRoslyn) = documents[random.Next(documents.Count)];
            mutants.Add(random.Next(5) switch
            {
                0 or 1 => Truncate(origin, text, needsRoslyn, random),
                2 or 3 => DeleteTokens(origin, text, needsRoslyn, random),
                _ => SwapToken(origin, text, needsRoslyn, random),
            });
        }

        return mutants;
    }

    private static MutatedInput Truncate(string origin, string text, bool needsRoslyn, Random random)
    {
        var length = random.Next(text.Length + 1);
        return new MutatedInput(origin, $"truncated at {length}/{text.Length}", text.Substring(0, length), needsRoslyn);
    }

    private static MutatedInput DeleteTokens(string origin, string text, bool needsRoslyn, Random random)
    {
        var tokens = RobustnessCompiler.Parse(text, "x.cs").GetRoot().DescendantTokens().Where(t => t.Span.Length > 0).ToList();
        if (tokens.Count == 0)
        {
            return new MutatedInput(origin, "unchanged", text, needsRoslyn);
        }

        var deleted = Enumerable.Range(0, random.Next(1, 4))
            .Select(_ => tokens[random.Next(tokens.Count)])
            .Distinct()
            .OrderByDescending(t => t.SpanStart)
            .ToList();
        var builder = new StringBuilder(text);
        foreach (var token in deleted)
        {
            builder.Remove(token.SpanStart, token.Span.Length);
        }

        var description = string.Join(", ", deleted.Select(t => $"'{t.Text}'@{t.SpanStart}").Reverse());
        return new MutatedInput(origin, $"deleted {description}", builder.ToString(), needsRoslyn);
    }

    /// <summary>One token replaced by another token of the same file: well-formed code with the wrong symbols and types.</summary>
    private static MutatedInput SwapToken(string origin, string text, bool needsRoslyn, Random random)
    {
        var tokens = RobustnessCompiler.Parse(text, "x.cs").GetRoot().DescendantTokens().Where(t => t.Span.Length > 0).ToList();
        if (tokens.Count < 2)
        {
            return new MutatedInput(origin, "unchanged", text, needsRoslyn);
        }

        var target = tokens[random.Next(tokens.Count)];
        var replacement = tokens[random.Next(tokens.Count)];
        var mutated = text.Substring(0, target.SpanStart) + replacement.Text + text.Substring(target.Span.End);
        return new MutatedInput(origin, $"replaced '{target.Text}'@{target.SpanStart} by '{replacement.Text}'", mutated, needsRoslyn);
    }

    /// <summary>
    /// Delta debugging over lines: the smallest input (within a budget) on which
    /// <paramref name="stillFails"/> holds, so a failure message shows the few lines that matter.
    /// </summary>
    public static async Task<string> MinimizeAsync(string text, Func<string, Task<bool>> stillFails, int budget = 150)
    {
        var lines = text.Split('\n').ToList();
        var chunks = 2;
        while (lines.Count > 1 && budget > 0)
        {
            var size = (int)Math.Ceiling(lines.Count / (double)chunks);
            var reduced = false;
            for (var start = 0; start < lines.Count && budget > 0; start += size)
            {
                var candidate = lines.Take(start).Concat(lines.Skip(start + size)).ToList();
                budget--;
                if (candidate.Count > 0 && await stillFails(string.Join('\n', candidate)).ConfigureAwait(false))
                {
                    lines = candidate;
                    chunks = Math.Max(chunks - 1, 2);
                    reduced = true;
                    break;
                }
            }

            if (!reduced)
            {
                if (size == 1)
                {
                    break;
                }

                chunks = Math.Min(chunks * 2, lines.Count);
            }
        }

        return string.Join('\n', lines);
    }
}
