using System;

namespace AsyncGuide.Analyzers;

/// <summary>
/// Reads and writes told apart by the verb that starts a method name, the way .NET client APIs name
/// them (<c>GetUserAsync</c>, <c>ListOrdersAsync</c>, <c>StringGetAsync</c> reads; <c>SetAsync</c>,
/// <c>CreateAsync</c>, <c>StringSetAsync</c> writes). Anything not known as a read is a write: a
/// wrong "write" only costs a missed suggestion, a wrong "read" would reorder effects.
/// </summary>
internal static class CallVerbs
{
    private static readonly HashSet<string> ReadVerbs = new(StringComparer.Ordinal)
    {
        "Get", "List", "Find", "Read", "Query", "Search", "Count", "Exists", "Exist", "Fetch", "Download",
        "Load", "Lookup", "Contains", "Has", "Is", "Describe", "Retrieve", "Select", "Scan", "Peek",
        "Head", "Check", "Browse", "Resolve", "Any", "All", "First", "Single", "Sum", "Max", "Min", "Average",
    };

    /// <summary>
    /// Two-word readers of UI-automation APIs (Playwright's <c>InputValueAsync</c>, <c>InnerTextAsync</c>,
    /// <c>TextContentAsync</c>): the first word alone is no verb, the two together name what the call returns.
    /// </summary>
    private static readonly string[] ReadPhrases =
    {
        "InputValue", "InnerText", "InnerHtml", "TextContent", "BoundingBox",
    };

    private static readonly HashSet<string> WriteVerbs = new(StringComparer.Ordinal)
    {
        "Set", "Create", "Add", "Insert", "Update", "Delete", "Remove", "Put", "Post", "Save", "Write", "Upload",
        "Send", "Publish", "Push", "Pop", "Increment", "Decrement", "Append", "Move", "Copy", "Rename", "Replace",
        "Upsert", "Patch", "Clear", "Reset", "Commit", "Rollback", "Lock", "Unlock", "Acquire", "Release", "Enqueue",
        "Dequeue", "Store", "Register", "Unregister", "Assign", "Mark", "Merge", "Close", "Open", "Start", "Stop",
        "Cancel", "Approve", "Reject", "Archive", "Restore", "Import", "Edit", "Modify", "Change", "Transfer", "Expire", "Flush",
    };

    /// <summary>What an async lock's method is called: <c>LockAsync</c>, <c>AcquireAsync</c>, <c>TryAcquireLockAsync</c>, <c>WaitAsync</c>.</summary>
    private static readonly HashSet<string> LockVerbs = new(StringComparer.Ordinal)
    {
        "Lock", "Acquire", "Wait", "Enter", "Take", "Lease", "Reserve", "Claim",
    };

    /// <summary>Prefixes that qualify the verb that follows: <c>TryGet</c>, <c>StringGet</c>, <c>HashGetAll</c>.</summary>
    private static readonly HashSet<string> Qualifiers = new(StringComparer.Ordinal)
    {
        "Try", "String", "Hash", "Key", "Set", "Sorted", "List", "Stream", "Geo", "Hyper", "Log", "Json", "Blob", "Async",
    };

    /// <summary>
    /// A name known to change state (<c>SetAsync</c>, <c>DeleteUserAsync</c>, <c>StringSetAsync</c>):
    /// orders even calls on different receivers.
    /// </summary>
    public static bool IsKnownWrite(IMethodSymbol method) => Classify(method.Name, WriteVerbs) && !IsDryRun(method.Name);

    public static bool IsRead(IMethodSymbol method) =>
        Classify(method.Name, ReadVerbs) || IsReadPhrase(method.Name) || IsDryRun(method.Name);

    /// <summary>
    /// <c>InnerTextAsync</c>, <c>TextContent</c>: the whole name is a phrase of <see cref="ReadPhrases"/>, with or without
    /// <c>Async</c> (not <c>InputValueChangedAsync</c>: what follows might be a verb).
    /// </summary>
    private static bool IsReadPhrase(string name)
    {
        var length = name.EndsWith("Async", StringComparison.Ordinal) ? name.Length - "Async".Length : name.Length;
        foreach (var phrase in ReadPhrases)
        {
            if (length == phrase.Length && string.CompareOrdinal(name, 0, phrase, 0, phrase.Length) == 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>CreateInvoicePreviewAsync</c>, <c>EstimateCostAsync</c>, <c>DeleteDryRunAsync</c>: a word of the name says
    /// the call only computes what the verb would do, so it reads.
    /// </summary>
    private static bool IsDryRun(string name)
    {
        for (var start = 0; start < name.Length;)
        {
            var end = start + 1;
            while (end < name.Length && !char.IsUpper(name[end]))
            {
                end++;
            }

            if (IsWord(name, start, end, "Preview") || IsWord(name, start, end, "Estimate") || IsWord(name, start, end, "Simulate") ||
                (IsWord(name, start, end, "Dry") && end < name.Length && string.CompareOrdinal(name, end, "Run", 0, 3) == 0))
            {
                return true;
            }

            start = end;
        }

        return false;
    }

    private static bool IsWord(string name, int start, int end, string word) =>
        end - start == word.Length && string.CompareOrdinal(name, start, word, 0, word.Length) == 0;

    /// <summary>
    /// What a call that waits for the next event is called: <c>GetNextRequest</c>, <c>ReceiveAsync</c>, <c>WaitForExitAsync</c>,
    /// <c>TakeAsync</c> (the next item of a blocking collection or queue).
    /// </summary>
    private static readonly HashSet<string> WaitVerbs = new(StringComparer.Ordinal)
    {
        "Receive", "Wait", "Await", "Expect", "Listen", "Poll", "Next", "Take",
    };

    /// <summary>
    /// A call that waits for what happens next (<c>server.GetNextRequest()</c>, <c>ReceiveAsync</c>, <c>WaitForExitAsync</c>):
    /// it observes the effects of the calls around it, whatever their receivers and verbs (a listing that connects raises a
    /// state change), so it joins no run.
    /// </summary>
    public static bool WaitsForNext(IMethodSymbol method)
    {
        var name = method.Name;
        if (Classify(name, WaitVerbs))
        {
            return true;
        }

        for (var start = 0; start < name.Length;)
        {
            var end = start + 1;
            while (end < name.Length && !char.IsUpper(name[end]))
            {
                end++;
            }

            if (IsWord(name, start, end, "Next"))
            {
                return true;
            }

            start = end;
        }

        return false;
    }

    /// <summary>A name that takes a lock or a lease (<c>LockAsync</c>, <c>TryAcquireAsync</c>): its <c>using</c> guards what follows.</summary>
    public static bool IsLockLike(IMethodSymbol method) => Classify(method.Name, LockVerbs);

    private static bool Classify(string name, HashSet<string> verbs)
    {
        var start = 0;

        // At most two words are looked at: a qualifier, then the verb (`StringGetAsync` is a read, `StringSetAsync` a write).
        for (var word = 0; word < 2 && start < name.Length; word++)
        {
            var end = start + 1;
            while (end < name.Length && !char.IsUpper(name[end]))
            {
                end++;
            }

            var verb = name.Substring(start, end - start);
            if (verbs.Contains(verb) && !(word == 0 && Qualifiers.Contains(verb) && IsFollowedByVerb(name, end)))
            {
                return true;
            }

            if (!Qualifiers.Contains(verb))
            {
                return false;
            }

            start = end;
        }

        return false;
    }

    /// <summary><c>ListGet</c>… vs <c>ListOrders</c>: a qualifier only qualifies when a known verb follows.</summary>
    private static bool IsFollowedByVerb(string name, int start)
    {
        if (start >= name.Length)
        {
            return false;
        }

        var end = start + 1;
        while (end < name.Length && !char.IsUpper(name[end]))
        {
            end++;
        }

        var next = name.Substring(start, end - start);
        return ReadVerbs.Contains(next)
            || next is "Set" or "Add" or "Remove" or "Delete" or "Push" or "Pop" or "Increment" or "Decrement"
                or "Append" or "Trim" or "Move" or "Range" or "Left" or "Right" or "Length";
    }
}
