using Microsoft.CodeAnalysis.Text;

namespace AsyncGuide.CodeFixes;

/// <summary>
/// The minimal text changes between two versions of a document: a line diff (Myers) whose hunks are
/// trimmed to the characters that differ.
/// </summary>
/// <remarks>
/// <c>Document.GetTextChangesAsync</c> diffs syntax trees and may report one change spanning several
/// statements that did not change (it realigns tokens); two fixes of the same document then look as if
/// they overlapped and the merge drops one of them. A text diff reports only what changed.
/// </remarks>
internal static class TextDiff
{
    /// <summary>Beyond this many differing lines the middle region is reported as one change.</summary>
    private const int MaxEdits = 4000;

    public static List<TextChange> Changes(SourceText before, SourceText after)
    {
        var changes = new List<TextChange>();
        var a = Lines(before);
        var b = Lines(after);

        // Common leading and trailing lines never take part in the diff.
        var start = 0;
        while (start < a.Count && start < b.Count && a[start] == b[start])
        {
            start++;
        }

        int endA = a.Count, endB = b.Count;
        while (endA > start && endB > start && a[endA - 1] == b[endB - 1])
        {
            endA--;
            endB--;
        }

        if (start == endA && start == endB)
        {
            return changes;
        }

        var script = Script(a, b, start, endA, start, endB);
        if (script is null)
        {
            AddTrimmed(changes, before, after, Offset(a, start), Offset(a, endA), Offset(b, start), Offset(b, endB));
            return changes;
        }

        // Walk the script; consecutive deletions and insertions make one hunk.
        int i = start, j = start, hunkA = -1, hunkB = -1;
        foreach (var edit in script)
        {
            if (edit.Kind == EditKind.Keep)
            {
                if (hunkA >= 0)
                {
                    AddTrimmed(changes, before, after, Offset(a, hunkA), Offset(a, i), Offset(b, hunkB), Offset(b, j));
                    hunkA = -1;
                }

                i++;
                j++;
                continue;
            }

            if (hunkA < 0)
            {
                hunkA = i;
                hunkB = j;
            }

            if (edit.Kind == EditKind.Delete)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        if (hunkA >= 0)
        {
            AddTrimmed(changes, before, after, Offset(a, hunkA), Offset(a, i), Offset(b, hunkB), Offset(b, j));
        }

        return changes;
    }

    private static void AddTrimmed(List<TextChange> changes, SourceText before, SourceText after, int startA, int endA, int startB, int endB)
    {
        while (startA < endA && startB < endB && before[startA] == after[startB])
        {
            startA++;
            startB++;
        }

        while (endA > startA && endB > startB && before[endA - 1] == after[endB - 1])
        {
            endA--;
            endB--;
        }

        if (startA != endA || startB != endB)
        {
            changes.Add(new TextChange(TextSpan.FromBounds(startA, endA), after.ToString(TextSpan.FromBounds(startB, endB))));
        }
    }

    /// <summary>Each line with its line break, plus the offset past the end as a sentinel entry in <see cref="LineList.Starts"/>.</summary>
    private static LineList Lines(SourceText text)
    {
        var list = new LineList();
        foreach (var line in text.Lines)
        {
            list.Texts.Add(text.ToString(line.SpanIncludingLineBreak));
            list.Starts.Add(line.Start);
        }

        list.Starts.Add(text.Length);
        return list;
    }

    private static int Offset(LineList lines, int index) => lines.Starts[index];

    /// <summary>Myers' O((N+M)D) shortest edit script between a[startA..endA) and b[startB..endB); null past <see cref="MaxEdits"/>.</summary>
    private static List<Edit>? Script(LineList a, LineList b, int startA, int endA, int startB, int endB)
    {
        int n = endA - startA, m = endB - startB;
        var max = n + m;
        var limit = max < MaxEdits ? max : MaxEdits;
        var offset = limit + 1;
        var v = new int[2 * limit + 3];
        var trace = new List<int[]>();
        var found = -1;
        for (var d = 0; d <= limit && found < 0; d++)
        {
            trace.Add((int[])v.Clone());
            for (var diagonal = -d; diagonal <= d; diagonal += 2)
            {
                int x;
                if (diagonal == -d || (diagonal != d && v[offset + diagonal - 1] < v[offset + diagonal + 1]))
                {
                    x = v[offset + diagonal + 1];
                }
                else
                {
                    x = v[offset + diagonal - 1] + 1;
                }

                var y = x - diagonal;
                while (x < n && y < m && a[startA + x] == b[startB + y])
                {
                    x++;
                    y++;
                }

                v[offset + diagonal] = x;
                if (x >= n && y >= m)
                {
                    found = d;
                    break;
                }
            }
        }

        if (found < 0)
        {
            return null;
        }

        // Backtrack from (n, m) through the saved frontiers.
        var edits = new List<Edit>();
        int cx = n, cy = m;
        for (var d = found; d > 0; d--)
        {
            var previous = trace[d];
            var diagonal = cx - cy;
            var fromDiagonal = diagonal == -d || (diagonal != d && previous[offset + diagonal - 1] < previous[offset + diagonal + 1])
                ? diagonal + 1
                : diagonal - 1;
            var px = previous[offset + fromDiagonal];
            var py = px - fromDiagonal;
            while (cx > px && cy > py)
            {
                cx--;
                cy--;
                edits.Add(new Edit(EditKind.Keep, startA + cx, startB + cy));
            }

            if (cx == px)
            {
                cy--;
                edits.Add(new Edit(EditKind.Insert, startA + cx, startB + cy));
            }
            else
            {
                cx--;
                edits.Add(new Edit(EditKind.Delete, startA + cx, startB + cy));
            }
        }

        while (cx > 0 && cy > 0)
        {
            cx--;
            cy--;
            edits.Add(new Edit(EditKind.Keep, startA + cx, startB + cy));
        }

        edits.Reverse();
        return edits;
    }

    private enum EditKind
    {
        Keep,
        Delete,
        Insert,
    }

    private readonly struct Edit
    {
        public Edit(EditKind kind, int a, int b)
        {
            Kind = kind;
            A = a;
            B = b;
        }

        public EditKind Kind { get; }

        public int A { get; }

        public int B { get; }
    }

    private sealed class LineList
    {
        public List<string> Texts { get; } = new();

        public List<int> Starts { get; } = new();

        public int Count => Texts.Count;

        public string this[int index] => Texts[index];
    }
}
