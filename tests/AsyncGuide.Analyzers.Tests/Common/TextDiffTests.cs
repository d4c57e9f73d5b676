using System;
using System.Collections.Generic;
using System.Linq;
using AsyncGuide.CodeFixes;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace AsyncGuide.Analyzers.Tests;

/// <summary>The Fix All merge diffs texts with <see cref="TextDiff"/>: its changes must rebuild the new text and touch only what changed.</summary>
public class TextDiffTests
{
    [Fact]
    public void Separate_edits_give_separate_minimal_changes()
    {
        var before = SourceText.From("a();\nb();\nc();\nd();\ne();\n");
        var after = SourceText.From("await a();\nb();\nc();\nd();\nx(); y();\n");

        var changes = TextDiff.Changes(before, after);

        Assert.Equal(new[] { "[1..1) 'wait a'", "[20..21) 'x(); y'" }, changes.Select(Show));
    }

    [Fact]
    public void Identical_texts_have_no_change()
    {
        var text = SourceText.From("class C { }\n");
        Assert.Empty(TextDiff.Changes(text, SourceText.From(text.ToString())));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Changes_rebuild_the_new_text_and_never_overlap(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 200; round++)
        {
            var lines = Enumerable.Range(0, random.Next(0, 30)).Select(_ => Line(random)).ToList();
            var edited = new List<string>(lines);
            for (var edit = random.Next(0, 6); edit > 0; edit--)
            {
                var at = random.Next(0, edited.Count + 1);
                switch (random.Next(3))
                {
                    case 0: edited.Insert(at, Line(random)); break;
                    case 1 when at < edited.Count: edited.RemoveAt(at); break;
                    default: if (at < edited.Count) edited[at] = Line(random); break;
                }
            }

            var before = SourceText.From(string.Concat(lines));
            var after = SourceText.From(string.Concat(edited));
            var changes = TextDiff.Changes(before, after);

            Assert.Equal(after.ToString(), before.WithChanges(changes).ToString());
            for (var i = 1; i < changes.Count; i++)
            {
                Assert.True(
                    changes[i - 1].Span.End < changes[i].Span.Start
                    || (changes[i - 1].Span.End == changes[i].Span.Start && !changes[i].Span.IsEmpty),
                    $"seed {seed} round {round}: {Show(changes[i - 1])} then {Show(changes[i])}");
            }
        }
    }

    private static string Line(Random random) => random.Next(4) switch
    {
        0 => "}\n",
        1 => "    a();\n",
        2 => $"    b({random.Next(3)});\n",
        _ => random.Next(2) == 0 ? "\n" : "    await c();\r\n",
    };

    private static string Show(TextChange change) => $"{change.Span} '{change.NewText}'";
}
