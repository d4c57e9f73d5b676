namespace AsyncGuide.Analyzers;

/// <summary>
/// Work stopped by other means than a token after the race: the object each raced call runs on (its receiver, followed through
/// properties and fields to a local, or the object's own field) is killed or disposed later in the method: <c>process.Kill()</c> for
/// <c>process.WaitForExitAsync()</c> and <c>process.StandardOutput.ReadToEndAsync()</c>, <c>client.Dispose()</c> or
/// <c>DisposeAsync()</c> (<c>System.IDisposable</c>/<c>IAsyncDisposable</c>) for a call on the client. Path-insensitive, like a
/// token source cancelled after the race: the author manages the work by hand (seen in duplicati's <c>RunProcess</c>).
/// </summary>
internal static class WorkStop
{
    public static bool IsStoppedAfter(IInvocationOperation race, IOperation work, CancellationFlow flow)
    {
        var origins = new List<IOperation>(4);
        var origin = RacedTasks.OriginOf(work, flow);
        if (origin is IInvocationOperation gathered && TaskObservation.IsWhenAll(gathered.TargetMethod, flow.Types))
        {
            if (!RacedTasks.TryGetElements(gathered, flow.Types, origins, out var collection) || collection is not null)
            {
                return false;
            }

            for (var i = 0; i < origins.Count; i++)
            {
                origins[i] = RacedTasks.OriginOf(origins[i], flow);
            }
        }
        else
        {
            origins.Add(origin);
        }

        var compilation = race.SemanticModel?.Compilation;
        if (compilation is null || origins.Count == 0)
        {
            return false;
        }

        foreach (var started in origins)
        {
            if (started is not IInvocationOperation call || RootOwner(TaskObservation.ReceiverOf(call)) is not { } owner ||
                !IsStoppedAfter(owner, race, flow, compilation))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <c>process</c> for <c>process</c>, <c>process.StandardOutput</c> or <c>holder.Process.Stream</c>; the field for the object's
    /// own field (<c>_host</c> for <c>_host.StopAsync()</c>); null otherwise.
    /// </summary>
    private static ISymbol? RootOwner(IOperation? receiver)
    {
        for (var depth = 0; receiver is not null && depth < 8; depth++)
        {
            switch (CancellationFlow.Unwrap(receiver))
            {
                case ILocalReferenceOperation local:
                    return local.Local;
                case IPropertyReferenceOperation { Instance: { } instance }:
                    receiver = instance;
                    break;
                case IFieldReferenceOperation { Field.IsStatic: false, Instance: IInstanceReferenceOperation } own:
                    return own.Field;
                case IFieldReferenceOperation { Instance: { } instance }:
                    receiver = instance;
                    break;
                default:
                    return null;
            }
        }

        return null;
    }

    private static bool IsStoppedAfter(ISymbol owner, IInvocationOperation race, CancellationFlow flow, Compilation compilation)
    {
        if (owner is ILocalSymbol local)
        {
            foreach (var reference in flow.ReferencesTo(local))
            {
                if (IsStopAfter(reference, local.Type, race, compilation))
                {
                    return true;
                }
            }

            return false;
        }

        // The object's own field: its reads in the race's function, walked only here, when a race is about to be reported.
        var field = (IFieldSymbol)owner;
        IOperation root = race;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        foreach (var operation in root.Descendants())
        {
            if (operation is IFieldReferenceOperation { Instance: IInstanceReferenceOperation } reference &&
                SymbolEqualityComparer.Default.Equals(reference.Field, field) &&
                IsStopAfter(reference, field.Type, race, compilation))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <paramref name="reference"/> is, after the race and in its function, the receiver of a stop: <c>owner.Dispose()</c>, also
    /// through a cast and a null-conditional call, <c>(_host as IDisposable)?.Dispose()</c> (the WebJobs host's timeout handler).
    /// </summary>
    private static bool IsStopAfter(IOperation reference, ITypeSymbol ownerType, IInvocationOperation race, Compilation compilation)
    {
        if (reference.Syntax.SpanStart <= race.Syntax.Span.End)
        {
            return false;
        }

        var value = reference;
        while (value.Parent is IConversionOperation)
        {
            value = value.Parent;
        }

        var call = value.Parent switch
        {
            IInvocationOperation invoked when invoked.Instance == value => invoked,
            IConditionalAccessOperation { WhenNotNull: IInvocationOperation { Instance: IConditionalAccessInstanceOperation } invoked } access
                when access.Operation == value => invoked,
            _ => null,
        };
        return call is not null && IsStop(call.TargetMethod, value.Type ?? ownerType, compilation) && InTheSameFunction(call, race);
    }

    private static bool IsStop(IMethodSymbol method, ITypeSymbol ownerType, Compilation compilation)
    {
        if (method.IsStatic)
        {
            return false;
        }

        var lookup = TypeLookup.For(compilation);
        if (method.Name == "Kill" &&
            SymbolEqualityComparer.Default.Equals(method.ContainingType, lookup.Find("System.Diagnostics.Process")))
        {
            return true;
        }

        if (!method.Parameters.IsEmpty)
        {
            return false;
        }

        var contract = method.Name switch
        {
            "Dispose" => lookup.Find("System.IDisposable"),
            "DisposeAsync" => lookup.Find("System.IAsyncDisposable"),
            _ => null,
        };
        if (contract is null || SymbolEqualityComparer.Default.Equals(ownerType, contract))
        {
            return contract is not null;
        }

        foreach (var implemented in ownerType.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented, contract))
            {
                return true;
            }
        }

        return false;
    }

    private static bool InTheSameFunction(IOperation operation, IOperation race)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (ObservationPaths.Contains(current, race))
            {
                return true;
            }

            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }
        }

        return false;
    }
}
