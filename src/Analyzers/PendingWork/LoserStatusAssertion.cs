namespace AsyncGuide.Analyzers;

/// <summary>
/// A test that asserts what each raced task's state is after the race, at least one of them still pending:
/// <c>Task.WaitAny(a, b, c); Assert.AreEqual(TaskStatus.WaitingForActivation, a.Status); …</c> for every raced local, in later
/// statements of the race's block (xUnit <c>Assert.Equal</c>, NUnit and MSTest <c>AreEqual</c>, by the declaring type's full
/// name). The losers are left pending on purpose: the test checks that they are (seen in MQTTnet's tests).
/// </summary>
internal static class LoserStatusAssertion
{
    public static bool AssertsTheLosersPending(IInvocationOperation wait, List<IOperation> elements)
    {
        if (elements.Count < 2)
        {
            return false;
        }

        IOperation statement = wait;
        while (statement.Parent is { } parent && parent is not IBlockOperation)
        {
            statement = parent;
        }

        if (statement.Parent is not IBlockOperation block)
        {
            return false;
        }

        var asserted = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        var anyPending = false;
        foreach (var operation in block.Operations)
        {
            if (operation.Syntax.SpanStart > statement.Syntax.SpanStart &&
                operation is IExpressionStatementOperation { Operation: IInvocationOperation call } &&
                TryGetStatusAssertion(call, out var local, out var pending))
            {
                asserted.Add(local!);
                anyPending |= pending;
            }
        }

        foreach (var element in elements)
        {
            if (CancellationFlow.Unwrap(element) is not ILocalReferenceOperation reference || !asserted.Contains(reference.Local))
            {
                return false;
            }
        }

        return anyPending;
    }

    private static bool TryGetStatusAssertion(IInvocationOperation call, out ILocalSymbol? local, out bool pending)
    {
        local = null;
        pending = false;
        var method = call.TargetMethod;
        if (!method.IsStatic || call.Arguments.Length < 2 || method.ContainingType is not { Name: "Assert" or "ClassicAssert" } assert)
        {
            return false;
        }

        var expectedName = assert.ContainingNamespace?.ToDisplayString() switch
        {
            "Xunit" => "Equal",
            "NUnit.Framework" or "NUnit.Framework.Legacy" or "Microsoft.VisualStudio.TestTools.UnitTesting" => "AreEqual",
            _ => null,
        };
        if (method.Name != expectedName)
        {
            return false;
        }

        IFieldReferenceOperation? status = null;
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter?.Ordinal is not (0 or 1))
            {
                continue;
            }

            switch (CancellationFlow.Unwrap(argument.Value))
            {
                case IFieldReferenceOperation field when IsTaskStatus(field.Field.ContainingType):
                    status = field;
                    break;
                case IPropertyReferenceOperation { Property.Name: "Status", Instance: ILocalReferenceOperation instance } property
                    when IsTaskType(property.Property.ContainingType):
                    local = instance.Local;
                    break;
            }
        }

        if (status is null || local is null)
        {
            return false;
        }

        pending = status.Field.Name is "Created" or "WaitingForActivation" or "WaitingToRun" or "Running" or "WaitingForChildrenToComplete";
        return true;
    }

    private static bool IsTaskStatus(INamedTypeSymbol? type) =>
        type is { Name: "TaskStatus", TypeKind: TypeKind.Enum } && type.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks";

    private static bool IsTaskType(INamedTypeSymbol? type) =>
        type is { Name: "Task" } && type.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks";
}
