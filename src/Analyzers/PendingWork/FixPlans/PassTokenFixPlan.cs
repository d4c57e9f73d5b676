using System.Globalization;
using Microsoft.CodeAnalysis.Text;

namespace AsyncGuide.Analyzers;

/// <summary>
/// AG0101 partial cancellation (issue 14): a source cancelled after the race whose token reaches only some raced
/// calls. The fix passes <c>source.Token</c> to the others where that binds: an overload of the same method with
/// one more, trailing <c>CancellationToken</c> parameter, the method's own optional token parameter, or a call
/// that passes a token the source is linked from (<c>CreateLinkedTokenSource(ct)</c>: <c>ct</c> becomes
/// <c>cts.Token</c>). Every edit is checked by binding the rewritten call speculatively at the call: the same
/// method (or that overload), the same return type, and <c>source</c> naming the source there.
/// </summary>
internal static class PassTokenFixPlan
{
    /// <summary>The token expression the fix writes, as C#: <c>cts.Token</c>, <c>@event.Token</c>, or a stop signal's <c>stoppingToken</c>.</summary>
    public const string TokenKey = "AG0101.PassToken";

    /// <summary>"true" when the token is a stop signal's (the race's other task is <c>Task.Delay(Timeout.Infinite, token)</c>).</summary>
    public const string StopSignalKey = "AG0101.PassStopToken";

    /// <summary>
    /// <c>start:length:edit</c> per call, <c>;</c>-separated; edit is <see cref="Append"/>, <see cref="Replace"/>
    /// or <c>=name</c> (a named argument).
    /// </summary>
    public const string EditsKey = "AG0101.PassTokenEdits";

    /// <summary>Add <c>source.Token</c> as the last positional argument of the invocation at the span.</summary>
    public const string Append = "+";

    /// <summary>Replace the token argument expression at the span with <c>source.Token</c>.</summary>
    public const string Replace = "~";

    public static ImmutableDictionary<string, string?> Add(
        ImmutableDictionary<string, string?> properties, IInvocationOperation wait, RaceFacts race, CancellationFlow flow)
    {
        if (race.StopToken is not null)
        {
            return AddStopToken(properties, race, flow);
        }

        if (race.CollectionLocal is not null
            || race.InlineCollection
            || race.StartedElements.Count < 2
            || flow.Types.CancellationToken is not { } tokenType)
        {
            return properties;
        }

        // The one source cancelled here that some raced call already gets.
        ISymbol? source = null;
        var tokens = new List<IOperation>();
        var left = new List<int>();
        for (var i = 0; i < race.StartedElements.Count; i++)
        {
            tokens.Clear();
            flow.CollectTokens(race.Origins[i], tokens);
            var cancelled = false;
            foreach (var token in tokens)
            {
                if (flow.IsCancelledHere(token) && flow.DirectSourceOf(token) is { } tokenSource)
                {
                    if (source is not null && !SymbolEqualityComparer.Default.Equals(source, tokenSource))
                    {
                        return properties;
                    }

                    source = tokenSource;
                    cancelled = true;
                }
            }

            if (!cancelled && (race.StartedElements[i] is not ILocalReferenceOperation { Local: var task } ||
                               !AG0101WhenAnyLosersLeftRunningAnalyzer.IsObserved(task, wait, race, flow)))
            {
                left.Add(i);
            }
        }

        if (source is not (ILocalSymbol or IFieldSymbol or IParameterSymbol) || left.Count == 0)
        {
            return properties;
        }

        var text = Escaped(source.Name) + ".Token";
        var edits = new List<string>();
        foreach (var i in left)
        {
            if (CancellationFlow.Unwrap(race.Origins[i]) is IInvocationOperation call && EditFor(call, source, text, tokenType, flow) is { } edit)
            {
                edits.Add(Encode(edit));
            }
        }

        return edits.Count == 0
            ? properties
            : properties.Add(TokenKey, text).Add(EditsKey, string.Join(";", edits));
    }

    /// <summary>
    /// A stop-signal race: the one operation gets the signal's token (a parameter, local or field) where an overload or
    /// its optional parameter takes one, so that it stops when the signal fires instead of running on.
    /// </summary>
    private static ImmutableDictionary<string, string?> AddStopToken(
        ImmutableDictionary<string, string?> properties, RaceFacts race, CancellationFlow flow)
    {
        if (race.StopToken is not (IParameterSymbol or ILocalSymbol or IFieldSymbol) || race.Origins.Count != 1 ||
            flow.Types.CancellationToken is not { } tokenType ||
            CancellationFlow.Unwrap(race.Origins[0]) is not IInvocationOperation call)
        {
            return properties;
        }

        var text = Escaped(race.StopToken.Name);
        return EditFor(call, race.StopToken, text, tokenType, flow) is { } edit
            ? properties.Add(TokenKey, text).Add(StopSignalKey, "true").Add(EditsKey, Encode(edit))
            : properties;
    }

    private static string Encode((TextSpan Span, string Kind) edit) =>
        edit.Span.Start.ToString(CultureInfo.InvariantCulture) + ":" + edit.Span.Length.ToString(CultureInfo.InvariantCulture) + ":" + edit.Kind;

    /// <summary>A name as C# source: <c>@event</c> for a reserved keyword.</summary>
    private static string Escaped(string name) =>
        SyntaxFacts.IsReservedKeyword(SyntaxFacts.GetKeywordKind(name)) ? "@" + name : name;

    /// <summary>
    /// The edit passing <paramref name="text"/> (which reads <paramref name="source"/>: a token source's <c>.Token</c>, or a
    /// token itself) to <paramref name="call"/>.
    /// </summary>
    private static (TextSpan Span, string Kind)? EditFor(
        IInvocationOperation call, ISymbol source, string text, ITypeSymbol tokenType, CancellationFlow flow)
    {
        var method = call.TargetMethod;
        if (call.Syntax is not InvocationExpressionSyntax syntax || method.ReducedFrom is not null || method.IsExtensionMethod ||
            IsTaskFactoryMethod(method, flow.Types) || call.SemanticModel is not { } model || !NamesSourceAt(source, call, model, flow))
        {
            return null;
        }

        var tokenText = SyntaxFactory.ParseExpression(text);
        string edit;
        ArgumentListSyntax arguments;
        if (ExplicitTokenArgument(call, tokenType) is { } passed)
        {
            // Another token: only one the source is linked from may be replaced (cancelling the source still covers it).
            if (!IsLinkedFrom(source, passed.Value, flow) || passed.Syntax is not ArgumentSyntax passedSyntax)
            {
                return null;
            }

            arguments = syntax.ArgumentList.ReplaceNode(passedSyntax.Expression, tokenText);
            return Binds(model, call, syntax.WithArgumentList(arguments), method.OriginalDefinition)
                ? (passedSyntax.Expression.Span, Replace)
                : null;
        }

        var positional = true;
        foreach (var argument in syntax.ArgumentList.Arguments)
        {
            positional &= argument.NameColon is null;
        }

        foreach (var argument in call.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.ParamArray)
            {
                return null;
            }
        }

        IMethodSymbol target;
        if (OptionalTokenParameter(method, tokenType) is { } optional)
        {
            target = method.OriginalDefinition;
            if (positional && optional.Ordinal == syntax.ArgumentList.Arguments.Count)
            {
                arguments = syntax.ArgumentList.AddArguments(SyntaxFactory.Argument(tokenText));
                edit = Append;
            }
            else
            {
                arguments = syntax.ArgumentList.AddArguments(SyntaxFactory.Argument(SyntaxFactory.NameColon(optional.Name), default, tokenText));
                edit = "=" + optional.Name;
            }
        }
        else if (positional && OverloadWithToken(method, tokenType) is { } overload)
        {
            target = overload;
            arguments = syntax.ArgumentList.AddArguments(SyntaxFactory.Argument(tokenText));
            edit = Append;
        }
        else
        {
            return null;
        }

        return Binds(model, call, syntax.WithArgumentList(arguments), target) ? (syntax.Span, edit) : null;
    }

    /// <summary>Task.Run / Task.Factory.StartNew: their token only stops work that has not started, it does not end it.</summary>
    private static bool IsTaskFactoryMethod(IMethodSymbol method, AsyncTypes types) =>
        SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, types.Task) ||
        method.ContainingType?.Name == "TaskFactory";

    private static IArgumentOperation? ExplicitTokenArgument(IInvocationOperation call, ITypeSymbol tokenType)
    {
        foreach (var argument in call.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.Explicit && SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, tokenType))
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>The method's own optional CancellationToken parameter, when the call leaves it at its default.</summary>
    private static IParameterSymbol? OptionalTokenParameter(IMethodSymbol method, ITypeSymbol tokenType)
    {
        IParameterSymbol? found = null;
        foreach (var parameter in method.Parameters)
        {
            if (SymbolEqualityComparer.Default.Equals(parameter.Type, tokenType))
            {
                if (found is not null || !parameter.IsOptional)
                {
                    return null;
                }

                found = parameter;
            }
        }

        return found;
    }

    /// <summary>A method of the same type and name whose parameters are the call's plus one trailing CancellationToken.</summary>
    private static IMethodSymbol? OverloadWithToken(IMethodSymbol method, ITypeSymbol tokenType)
    {
        var original = method.OriginalDefinition;
        foreach (var member in original.ContainingType.GetMembers(original.Name))
        {
            if (member is not IMethodSymbol candidate || candidate.IsStatic != original.IsStatic ||
                candidate.Parameters.Length != original.Parameters.Length + 1 ||
                candidate.TypeParameters.Length != original.TypeParameters.Length ||
                !SymbolEqualityComparer.Default.Equals(candidate.Parameters[candidate.Parameters.Length - 1].Type, tokenType))
            {
                continue;
            }

            var same = true;
            for (var i = 0; i < original.Parameters.Length && same; i++)
            {
                same = original.Parameters[i].RefKind == candidate.Parameters[i].RefKind &&
                       SymbolEqualityComparer.Default.Equals(original.Parameters[i].Type, candidate.Parameters[i].Type);
            }

            if (same)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The rewritten call binds to <paramref name="target"/> with the call's return type.</summary>
    private static bool Binds(SemanticModel model, IInvocationOperation call, InvocationExpressionSyntax rewritten, IMethodSymbol target)
    {
        var info = model.GetSpeculativeSymbolInfo(call.Syntax.SpanStart, rewritten, SpeculativeBindingOption.BindAsExpression);
        return info.Symbol is IMethodSymbol bound &&
               SymbolEqualityComparer.Default.Equals(bound.OriginalDefinition, target.OriginalDefinition) &&
               SymbolEqualityComparer.Default.Equals(bound.ReturnType, call.TargetMethod.ReturnType);
    }

    /// <summary>The source's simple name binds to the source at the call, and a local source is declared before it.</summary>
    private static bool NamesSourceAt(ISymbol source, IInvocationOperation call, SemanticModel model, CancellationFlow flow)
    {
        if (source is ILocalSymbol local &&
            (!flow.IsInScopeAt(local, call) || local.Locations.Length == 0 || local.Locations[0].SourceSpan.End > call.Syntax.SpanStart))
        {
            return false;
        }

        var info = model.GetSpeculativeSymbolInfo(
            call.Syntax.SpanStart, SyntaxFactory.IdentifierName(source.Name), SpeculativeBindingOption.BindAsExpression);
        return SymbolEqualityComparer.Default.Equals(info.Symbol, source);
    }

    /// <summary>The source is <c>CreateLinkedTokenSource(…)</c> of this very token (a parameter, field or local read).</summary>
    private static bool IsLinkedFrom(ISymbol source, IOperation token, CancellationFlow flow)
    {
        if (source is not ILocalSymbol local || flow.InitializerOf(local) is not { } initializer ||
            CancellationFlow.Unwrap(initializer) is not IInvocationOperation { TargetMethod.Name: "CreateLinkedTokenSource" } linked ||
            ReadSymbol(token) is not { } passed)
        {
            return false;
        }

        var parents = new List<IOperation>();
        flow.CollectTokens(linked, parents);
        foreach (var parent in parents)
        {
            if (SymbolEqualityComparer.Default.Equals(ReadSymbol(parent), passed))
            {
                return true;
            }
        }

        return false;
    }

    private static ISymbol? ReadSymbol(IOperation token) => CancellationFlow.Unwrap(token) switch
    {
        IParameterReferenceOperation parameter => parameter.Parameter,
        ILocalReferenceOperation local => local.Local,
        IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field,
        _ => null,
    };
}
