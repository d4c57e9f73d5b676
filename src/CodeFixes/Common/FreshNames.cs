namespace AsyncGuide.CodeFixes;

/// <summary>
/// Local names a fix can introduce without clashing: not visible at the position, not written
/// anywhere in the enclosing member (so no nested scope conflicts either), and not already given
/// out by the same Fix All pass.
/// </summary>
internal sealed class FreshNames
{
    private readonly HashSet<string> _taken = new();

    public string Next(string baseName, SyntaxNode position, SemanticModel model)
    {
        // Top-level statements share one scope: the whole compilation unit.
        var member = position.FirstAncestorOrSelf<MemberDeclarationSyntax>() is { } declaration and not GlobalStatementSyntax
            ? declaration
            : position.SyntaxTree.GetRoot();
        var candidate = baseName;
        for (var suffix = 2; IsTaken(candidate, member, position, model); suffix++)
        {
            candidate = baseName + suffix;
        }

        _taken.Add(candidate);
        return candidate;
    }

    /// <summary><c>a</c> becomes <c>aTask</c>; <c>GetUserAsync</c> becomes <c>getUserTask</c>.</summary>
    public static string TaskNameFor(string? variable, InvocationExpressionSyntax call)
    {
        var stem = variable;
        if (string.IsNullOrEmpty(stem) || stem == "_")
        {
            stem = call.Expression switch
            {
                MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                SimpleNameSyntax name => name.Identifier.ValueText,
                _ => "operation",
            };
            if (stem!.EndsWith("Async", System.StringComparison.Ordinal) && stem.Length > "Async".Length)
            {
                stem = stem.Substring(0, stem.Length - "Async".Length);
            }

            stem = char.ToLowerInvariant(stem[0]) + stem.Substring(1);
        }

        // Ends in "Task", so it is never a keyword.
        return stem + "Task";
    }

    private bool IsTaken(string name, SyntaxNode member, SyntaxNode position, SemanticModel model)
    {
        if (_taken.Contains(name) || model.LookupSymbols(position.SpanStart, name: name).Length > 0)
        {
            return true;
        }

        foreach (var token in member.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == name)
            {
                return true;
            }
        }

        return false;
    }
}
