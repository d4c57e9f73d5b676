namespace AsyncGuide.Analyzers;

/// <summary>
/// Work stopped by other means than a token after the race: the object each raced call runs on (its receiver, followed through
/// properties and fields to a local) is killed or disposed later in the method: <c>process.Kill()</c> for
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
            if (started is not IInvocationOperation call || RootLocal(TaskObservation.ReceiverOf(call)) is not { } owner ||
                !IsStoppedAfter(owner, race, flow, compilation))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>process</c> for <c>process</c>, <c>process.StandardOutput</c> or <c>holder.Process.Stream</c>; null otherwise.</summary>
    private static ILocalSymbol? RootLocal(IOperation? receiver)
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
                case IFieldReferenceOperation { Instance: { } instance } when instance is not IInstanceReferenceOperation:
                    receiver = instance;
                    break;
                default:
                    return null;
            }
        }

        return null;
    }

    private static bool IsStoppedAfter(ILocalSymbol owner, IInvocationOperation race, CancellationFlow flow, Compilation compilation)
    {
        foreach (var reference in flow.ReferencesTo(owner))
        {
            IOperation value = reference;
            while (value.Parent is IConversionOperation)
            {
                value = value.Parent;
            }

            if (reference.Syntax.SpanStart > race.Syntax.Span.End &&
                value.Parent is IInvocationOperation call && call.Instance == value &&
                IsStop(call.TargetMethod, owner.Type, compilation) && InTheSameFunction(call, race))
            {
                return true;
            }
        }

        return false;
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
