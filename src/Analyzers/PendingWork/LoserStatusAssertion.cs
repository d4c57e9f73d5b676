namespace AsyncGuide.Analyzers;

/// <summary>
/// A test that asserts what each raced task's state is after the race, at least one of them still pending:
/// <c>Task.WaitAny(a, b, c); Assert.AreEqual(TaskStatus.WaitingForActivation, a.Status); …</c> for every raced local, in later
/// statements of the race's block (xUnit <c>Assert.Equal</c>, NUnit and MSTest <c>AreEqual</c>, by the declaring type's full
/// name). The losers are left pending on purpose: the test checks that they are (seen in MQTTnet's tests). Or a test whose
/// assertions after the race read the state of every raced task (see <see cref="CollectStateReads"/>).
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
        var inspected = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        var anyPending = false;
        foreach (var operation in block.Operations)
        {
            if (operation.Syntax.SpanStart > statement.Syntax.SpanStart &&
                operation is IExpressionStatementOperation { Operation: IInvocationOperation call })
            {
                if (TryGetStatusAssertion(call, out var local, out var pending))
                {
                    asserted.Add(local!);
                    anyPending |= pending;
                }

                if (TestFrameworkApis.IsAssertion(call.TargetMethod))
                {
                    CollectStateReads(call, inspected);
                }
                else if (FluentSubject(call) is { } subject)
                {
                    CollectStateReads(subject, inspected);
                }
            }
        }

        return (anyPending && EveryElementIn(elements, asserted)) || EveryElementIn(elements, inspected);
    }

    private static bool EveryElementIn(List<IOperation> elements, HashSet<ILocalSymbol> locals)
    {
        foreach (var element in elements)
        {
            if (CancellationFlow.Unwrap(element) is not ILocalReferenceOperation reference || !locals.Contains(reference.Local))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The raced locals whose state an assertion's arguments read: <c>task1.IsCompleted</c>, <c>IsFaulted</c>, <c>IsCanceled</c>,
    /// <c>Status</c>, <c>Exception</c>, <c>Id</c> (Coyote's tests of <c>WhenAny</c>/<c>WaitAny</c>:
    /// <c>Specification.Assert((task1.IsCompleted &amp;&amp; !task2.IsCompleted) || …)</c>; dotNext's
    /// <c>True(task1.IsCompleted ^ task2.IsCompleted)</c>). The test's subject is the losers' state.
    /// </summary>
    private static void CollectStateReads(IInvocationOperation assertion, HashSet<ILocalSymbol> into)
    {
        foreach (var argument in assertion.Arguments)
        {
            CollectStateReads(argument.Value, into);
        }
    }

    /// <summary>
    /// <c>r1Task.IsCompleted.Should().BeFalse("…")</c> (SlimMessageBus' tests): the value a FluentAssertions (or AwesomeAssertions)
    /// chain asserts, the argument of its <c>Should()</c> (by the extension's namespace), through <c>.And</c> and further calls.
    /// </summary>
    private static IOperation? FluentSubject(IInvocationOperation call) =>
        TaskObservation.FindInReceiverChain(call, static invocation => TestFrameworkApis.IsFluentShould(invocation))?.Arguments[0].Value;

    private static void CollectStateReads(IOperation value, HashSet<ILocalSymbol> into)
    {
        foreach (var node in value.DescendantsAndSelf())
        {
            if (node is IPropertyReferenceOperation
                {
                    Property.Name: "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled" or "Status" or "Exception" or "Id",
                    Instance: ILocalReferenceOperation task,
                } property &&
                IsTaskType(property.Property.ContainingType))
            {
                into.Add(task.Local);
            }
        }
    }

    private static bool TryGetStatusAssertion(IInvocationOperation call, out ILocalSymbol? local, out bool pending)
    {
        local = null;
        pending = false;
        if (call.Arguments.Length < 2 || !TestFrameworkApis.IsFrameworkAssertion(call, "Equal", "AreEqual"))
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

    /// <summary><c>System.Threading.Tasks.TaskStatus</c>.</summary>
    internal static bool IsTaskStatus(INamedTypeSymbol? type) =>
        type is { Name: "TaskStatus", TypeKind: TypeKind.Enum } && type.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks";

    private static bool IsTaskType(INamedTypeSymbol? type) =>
        type is { Name: "Task" } && type.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks";
}
