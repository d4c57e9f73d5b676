using Microsoft.CodeAnalysis.Text;

namespace AsyncGuide.CodeFixes;

/// <summary>
/// Merges the text changes of several fixes of one document, with the rules of Roslyn's BatchFixer:
/// a fix's changes are taken whole or not at all; identical changes count once; an overwrite may
/// touch another overwrite's end; an insertion conflicts with anything at its position except an
/// identical insertion or the end of an overwrite.
/// </summary>
internal sealed class TextChangeMerger
{
    private readonly SourceText original;
    private readonly List<TextChange> accepted = new();

    public TextChangeMerger(SourceText original) => this.original = original;

    /// <summary>Adds all of <paramref name="changes"/>, or none when one conflicts with a change already added.</summary>
    public bool TryAdd(IEnumerable<TextChange> changes)
    {
        var fresh = new List<TextChange>();
        foreach (var change in changes)
        {
            var duplicate = false;
            foreach (var other in accepted)
            {
                if (Same(change, other))
                {
                    duplicate = true;
                }
                else if (Conflicts(change, other))
                {
                    return false;
                }
            }

            if (!duplicate)
            {
                fresh.Add(change);
            }
        }

        accepted.AddRange(fresh);
        return true;
    }

    public SourceText Apply()
    {
        accepted.Sort(static (a, b) => a.Span.Start != b.Span.Start ? a.Span.Start.CompareTo(b.Span.Start) : a.Span.End.CompareTo(b.Span.End));
        return original.WithChanges(accepted);
    }

    private static bool Same(TextChange a, TextChange b) => a.Span == b.Span && a.NewText == b.NewText;

    private static bool Conflicts(TextChange change, TextChange other)
    {
        if (change.Span.IsEmpty || other.Span.IsEmpty)
        {
            var insertion = change.Span.IsEmpty ? change : other;
            var rest = change.Span.IsEmpty ? other : change;
            // An insertion right after an overwrite is unambiguous; anywhere else inside or at the start of it is not.
            return rest.Span.IsEmpty
                ? insertion.Span.Start == rest.Span.Start
                : insertion.Span.Start >= rest.Span.Start && insertion.Span.Start < rest.Span.End;
        }

        return change.Span.OverlapsWith(other.Span);
    }
}
