namespace AsyncGuide.Analyzers;

/// <summary>
/// An AG0202 loop body split around its one await:
/// <code>
/// var arg = args[i];                      // prefix: local declarations, no await
/// var r = await F(arg);                   // the awaited declaration (or one store statement: results.Add(await F(x)))
/// if (r != null) results.Add(Map(r));     // rest: no await, no break/return/goto out of the loop
/// </code>
/// Gathered, every prefix and call runs first, then every rest in input order, so the rest must not
/// change anything the calls read (see <see cref="Mutated"/>).
/// </summary>
internal sealed class LoopBody
{
    private LoopBody(ImmutableArray<IOperation> operations, int awaitAt, IVariableDeclaratorOperation? declared, IOperation? store)
    {
        Operations = operations;
        AwaitAt = awaitAt;
        Declared = declared;
        Store = store;
    }

    public ImmutableArray<IOperation> Operations { get; }

    /// <summary>Index of the statement that awaits; statements before it are the prefix, after it the rest.</summary>
    public int AwaitAt { get; }

    /// <summary><c>var r = await F(x);</c>, or null when the awaiting statement is a store.</summary>
    public IVariableDeclaratorOperation? Declared { get; }

    /// <summary>The expression of the store statement (<c>results.Add(await F(x))</c>) when nothing is declared.</summary>
    public IOperation? Store { get; }

    public bool HasPrefix => AwaitAt > 0;

    /// <summary>The rest is exactly one statement.</summary>
    public bool HasSingleRest => Operations.Length == AwaitAt + 2;

    /// <summary>
    /// Null unless the body is: prefix declarations without await, then <c>var r = await …;</c> followed by at least one
    /// statement, or a store statement that awaits and ends the body.
    /// </summary>
    public static LoopBody? TryRead(IOperation? body, ILoopOperation loop)
    {
        var operations = body switch
        {
            IBlockOperation block => block.Operations,
            null => ImmutableArray<IOperation>.Empty,
            _ => ImmutableArray.Create(body),
        };

        var awaitAt = -1;
        for (var i = 0; i < operations.Length; i++)
        {
            if (ContainsAwait(operations[i]))
            {
                awaitAt = i;
                break;
            }

            if (!IsPlainDeclaration(operations[i], out _))
            {
                return null;
            }
        }

        if (awaitAt < 0)
        {
            return null;
        }

        for (var i = awaitAt + 1; i < operations.Length; i++)
        {
            if (!IsGatherableRest(operations[i], loop))
            {
                return null;
            }
        }

        var awaiting = operations[awaitAt];
        if (IsPlainDeclaration(awaiting, out var declared))
        {
            // The result must be used by a statement after it, and stays what it was (it becomes a foreach variable).
            return awaitAt + 1 < operations.Length && declared!.Initializer is not null && !IsAssignedInRest(operations, awaitAt, declared.Symbol)
                ? new LoopBody(operations, awaitAt, declared, store: null)
                : null;
        }

        return awaitAt == operations.Length - 1 && awaiting is IExpressionStatementOperation { Operation: { } store }
            ? new LoopBody(operations, awaitAt, declared: null, store)
            : null;
    }

    /// <summary>
    /// The roots a prefix or rest statement may change: the target of an assignment or increment (<c>x.P = v</c>, <c>m[k] = v</c>:
    /// <c>x</c>, <c>m</c>), the receiver of a method call (<c>results.Add(r)</c>: <c>results</c>), a ref/out argument.
    /// <paramref name="mutatesThis"/>: an instance method of <c>this</c> is called or a member of <c>this</c> assigned.
    /// </summary>
    public void CollectMutated(HashSet<ISymbol> mutated, out bool mutatesThis)
    {
        mutatesThis = false;
        for (var i = 0; i < Operations.Length; i++)
        {
            if (i == AwaitAt)
            {
                continue;
            }

            foreach (var operation in Operations[i].DescendantsAndSelf())
            {
                IOperation? changed = operation switch
                {
                    IAssignmentOperation assignment => assignment.Target,
                    IIncrementOrDecrementOperation increment => increment.Target,
                    IInvocationOperation { Instance: { } instance } invocation
                        when !AwaitIndependence.IsImmutableLooking(instance.Type) && !IsCollectionRead(invocation.TargetMethod) => instance,
                    IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument => argument.Value,
                    _ => null,
                };
                if (changed is not null)
                {
                    AddRoot(changed, mutated, ref mutatesThis);
                }
            }
        }
    }

    /// <summary>
    /// <c>names.Contains(x)</c>, <c>map.TryGetValue(k, out v)</c>, <c>list.Exists(p)</c>: a reading method of a BCL collection
    /// (<see cref="CallVerbs.IsRead"/>, not a <c>GetOrAdd</c>) changes nothing the calls could read.
    /// </summary>
    private static bool IsCollectionRead(IMethodSymbol method) =>
        method.ContainingType?.ContainingNamespace?.ToDisplayString() is "System.Collections.Generic" or "System.Collections.Concurrent"
            or "System.Collections.Immutable" &&
        CallVerbs.IsRead(method) && method.Name.IndexOf("Or", System.StringComparison.Ordinal) < 0;

    /// <summary>Prefix locals whose value differs per iteration: initialised from the item or from another such local.</summary>
    public void CollectPerItemLocals(ISymbol perItem, HashSet<ISymbol> perItemLocals)
    {
        for (var i = 0; i < AwaitAt; i++)
        {
            foreach (var declarator in ((IVariableDeclarationGroupOperation)Operations[i]).Declarations[0].Declarators)
            {
                if (declarator.Initializer is { } initializer && ReadsAny(initializer, perItem, perItemLocals))
                {
                    perItemLocals.Add(declarator.Symbol);
                }
            }
        }
    }

    /// <summary>Every local declared by the prefix (they are fresh per iteration).</summary>
    public bool IsPrefixLocal(ISymbol symbol)
    {
        for (var i = 0; i < AwaitAt; i++)
        {
            foreach (var declaration in ((IVariableDeclarationGroupOperation)Operations[i]).Declarations)
            {
                foreach (var declarator in declaration.Declarators)
                {
                    if (SymbolEqualityComparer.Default.Equals(declarator.Symbol, symbol))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static bool ReadsAny(IOperation operation, ISymbol perItem, HashSet<ISymbol> perItemLocals)
    {
        foreach (var descendant in operation.DescendantsAndSelf())
        {
            if (descendant is ILocalReferenceOperation { Local: { } local } &&
                (SymbolEqualityComparer.Default.Equals(local, perItem) || perItemLocals.Contains(local)))
            {
                return true;
            }
        }

        return false;
    }

    private static void AddRoot(IOperation operation, HashSet<ISymbol> mutated, ref bool mutatesThis)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    continue;
                case IArrayElementReferenceOperation element:
                    operation = element.ArrayReference;
                    continue;
                case IMemberReferenceOperation { Instance: IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } }:
                    // `new Paging { Size = n }`: a member of the object being made here.
                    return;
                case IMemberReferenceOperation { Instance: IInstanceReferenceOperation } member:
                    mutated.Add(member.Member);
                    mutatesThis = true;
                    return;
                case IMemberReferenceOperation { Instance: { } instance }:
                    operation = instance;
                    continue;
                case IMemberReferenceOperation member:
                    mutated.Add(member.Member);
                    return;
                case ILocalReferenceOperation local:
                    mutated.Add(local.Local);
                    return;
                case IParameterReferenceOperation parameter:
                    mutated.Add(parameter.Parameter);
                    return;
                case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }:
                    mutatesThis = true;
                    return;
                default:
                    return;
            }
        }
    }

    private static bool IsPlainDeclaration(IOperation operation, out IVariableDeclaratorOperation? declarator)
    {
        declarator = null;
        if (operation is not IVariableDeclarationGroupOperation { Declarations.Length: 1 } group ||
            group.Syntax is not LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0 } ||
            group.Declarations[0].Declarators.Length != 1)
        {
            return false;
        }

        declarator = group.Declarations[0].Declarators[0];
        return true;
    }

    private static bool ContainsAwait(IOperation operation)
    {
        foreach (var descendant in operation.DescendantsAndSelf())
        {
            if (descendant is IAwaitOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// No await, no way out of the loop or the method (<c>break</c>, <c>return</c>, <c>goto</c>, <c>yield</c>):
    /// gathered, every call has run before the first rest. A <c>continue</c> or a <c>throw</c> keeps its meaning
    /// for the results that are left (the failure path runs after all calls instead of stopping them). Lambdas are
    /// not entered: their returns (an expression lambda has an implicit one) leave only the lambda.
    /// </summary>
    private static bool IsGatherableRest(IOperation operation, ILoopOperation loop)
    {
        switch (operation)
        {
            case IAnonymousFunctionOperation:
                return true;
            case IAwaitOperation or IReturnOperation or ILocalFunctionOperation:
            case IBranchOperation { BranchKind: BranchKind.GoTo }:
            case IBranchOperation { BranchKind: BranchKind.Break } branch
                when SymbolEqualityComparer.Default.Equals(branch.Target, loop.ExitLabel):
            case IVariableDeclarationGroupOperation { Syntax: LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 } }:
            case IUsingOperation or ILockOperation:
                return false;
        }

        foreach (var child in operation.ChildOperations)
        {
            if (!IsGatherableRest(child, loop))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAssignedInRest(ImmutableArray<IOperation> operations, int awaitAt, ILocalSymbol local)
    {
        for (var i = awaitAt + 1; i < operations.Length; i++)
        {
            foreach (var operation in operations[i].DescendantsAndSelf())
            {
                var target = operation switch
                {
                    IAssignmentOperation assignment => assignment.Target,
                    IIncrementOrDecrementOperation increment => increment.Target,
                    IArgumentOperation { Parameter.RefKind: not RefKind.None } argument => argument.Value,
                    _ => null,
                };
                if (target is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
