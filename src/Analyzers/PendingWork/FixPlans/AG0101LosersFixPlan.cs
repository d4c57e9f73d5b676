namespace AsyncGuide.Analyzers;

/// <summary>
/// Which AG0101 fixes are exact for a reported wait, passed to the fix as diagnostic properties:
/// cancelling the one local token source after the wait, and (with the runtime) rewriting
/// <c>await Task.WhenAny(A(x, ct), B(y, ct))</c> into the factory form of <c>Async.Wait</c>.
/// </summary>
internal static class AG0101LosersFixPlan
{
    /// <summary>Present when the factory-form rewrite is exact; its value is the index of the token argument in each call.</summary>
    public const string FactoryTokenArgumentsKey = "AG0101.FactoryTokenArguments";

    public static ImmutableDictionary<string, string?> PropertiesFor(IInvocationOperation wait, RaceFacts race, CancellationFlow flow)
    {
        var properties = ImmutableDictionary<string, string?>.Empty;
        if (AG0101WhenAnyLosersLeftRunningAnalyzer.IsInRaceLoop(wait, race, flow))
        {
            // A loop that returns or breaks with tasks pending: cancelling after the wait would stop the rest mid-loop,
            // so the source is cancelled right before each exit instead.
            return CancelBeforeLoopExitFixPlan.ForLoop(wait, race, flow) ?? LinkedSourceFixPlan.ForLoop(wait, race, flow) ?? properties;
        }

        // The method's own source, else one linked to the caller's token that every raced call takes.
        if ((CancelAfterWaitFixPlan.ForRace(wait, race, flow) ?? LinkedSourceFixPlan.ForRace(wait, race, flow)) is { } cancel)
        {
            properties = cancel;
        }

        if (FactoryTokenArguments(wait, race, flow) is { } tokenArguments)
        {
            properties = properties.Add(FactoryTokenArgumentsKey, tokenArguments);
        }

        return PassTokenFixPlan.Add(properties, wait, race, flow);
    }

    /// <summary>
    /// "1,0": <c>await Task.WhenAny(A(x, ct), B(ct))</c> where every raced task is a call written inline, of the
    /// same Task&lt;T&gt;, taking one CancellationToken (the same expression each time) and otherwise only
    /// locals, parameters, fields and constants, so deferring the calls into lambdas changes nothing else.
    /// </summary>
    private static string? FactoryTokenArguments(IInvocationOperation wait, RaceFacts race, CancellationFlow flow) =>
        race.CollectionLocal is not null || race.InlineCollection || race.StartedElements.Count != race.Elements.Count
            ? null
            : FactoryTokenArguments(wait, race.Elements, flow.Types);

    /// <summary>
    /// The same for raced <paramref name="elements"/> already unwrapped (AG0003 asks it too: the factory form also
    /// ends the losers of a race whose winner was dropped); each must be a call that starts work.
    /// </summary>
    internal static string? FactoryTokenArguments(IInvocationOperation wait, List<IOperation> elements, AsyncTypes types)
    {
        if (types.AsyncGuideAsync is null || types.CancellationToken is null ||
            !TaskObservation.IsStaticMethodOf(wait.TargetMethod, types.Task, "WhenAny") ||
            elements.Count < 2 || wait.Parent is not IAwaitOperation)
        {
            return null;
        }

        ITypeSymbol? resultType = null;
        SyntaxNode? firstToken = null;
        var indexes = new List<string>();
        foreach (var element in elements)
        {
            if (element is not IInvocationOperation call || !RacedTasks.IsStartedOperation(call, types) ||
                call.Type is not INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } taskType ||
                !SymbolEqualityComparer.Default.Equals(taskType.OriginalDefinition, types.TaskOfT) ||
                (resultType is not null && !SymbolEqualityComparer.Default.Equals(resultType, taskType.TypeArguments[0])) ||
                (call.Instance is not null && !IsSimple(call.Instance)))
            {
                return null;
            }

            resultType = taskType.TypeArguments[0];
            if (resultType.IsAnonymousType || resultType.TypeKind == TypeKind.Error)
            {
                return null;
            }

            var tokenIndex = -1;
            var syntaxIndex = 0;
            foreach (var argument in call.Arguments)
            {
                if (argument.IsImplicit || argument.ArgumentKind != ArgumentKind.Explicit)
                {
                    if (argument.ArgumentKind == ArgumentKind.DefaultValue)
                    {
                        continue;
                    }

                    return null;
                }

                if (SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, types.CancellationToken))
                {
                    if (tokenIndex >= 0 || !IsSimple(argument.Value) ||
                        (firstToken is not null && !firstToken.IsEquivalentTo(argument.Value.Syntax)))
                    {
                        return null;
                    }

                    firstToken ??= argument.Value.Syntax;
                    tokenIndex = syntaxIndex;
                }
                else if (!IsSimple(argument.Value))
                {
                    return null;
                }

                syntaxIndex++;
            }

            if (tokenIndex < 0)
            {
                return null;
            }

            indexes.Add(tokenIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return string.Join(",", indexes);
    }

    /// <summary>A value that reads the same whenever it is evaluated: constants, locals, parameters, fields, <c>x.Token</c>.</summary>
    internal static bool IsSimple(IOperation value)
    {
        value = CancellationFlow.Unwrap(value);
        return value switch
        {
            ILiteralOperation or IInstanceReferenceOperation => true,
            ILocalReferenceOperation local => !local.Local.Type.IsRefLikeType && local.Local.RefKind == RefKind.None,
            IParameterReferenceOperation parameter => !parameter.Parameter.Type.IsRefLikeType && parameter.Parameter.RefKind == RefKind.None,
            IFieldReferenceOperation field => field.Instance is null || IsSimple(field.Instance),
            IPropertyReferenceOperation { Property.Name: "Token", Instance: { } instance } => IsSimple(instance),
            _ => value.ConstantValue.HasValue,
        };
    }
}
