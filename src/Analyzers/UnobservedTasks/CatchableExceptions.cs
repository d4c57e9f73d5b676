namespace AsyncGuide.Analyzers;

/// <summary>
/// Tests that are true for every exception but the ones a process does not survive: the positive form of
/// <see cref="FatalExceptions"/>, as the <c>IsCatchableExceptionType(this Exception e)</c> helpers of System.Data and the
/// projects that copied it write it (<c>var type = e.GetType(); return type != StackOverflowType &amp;&amp; type !=
/// OutOfMemoryType;</c> over <c>static readonly Type</c> fields), and as filters write it inline
/// (<c>when (e is not OutOfMemoryException)</c>). A catch-all filtered with such a test handles every failure a task could be
/// left holding. Besides the fatal types, such a helper may leave out <see cref="System.Security.SecurityException"/>: code
/// access security is gone from .NET, and the BCL's own helper leaves it out too. A test that leaves out any other type
/// (<c>NullReferenceException</c>, a project's own) does not admit everything, so it does not count.
/// </summary>
internal static class CatchableExceptions
{
    /// <summary>
    /// True when <paramref name="condition"/> is false only for exceptions of the types a filter may leave out, given that
    /// <paramref name="exception"/> is the exception tested and <paramref name="typeLocal"/> (may be null) a local holding its
    /// <c>GetType()</c>. <paramref name="typeOf"/> resolves an operand that names a type (a <c>typeof</c>, or a
    /// <c>static readonly Type</c> field made from one) to that type.
    /// </summary>
    public static bool Admits(IOperation condition, ISymbol exception, ILocalSymbol? typeLocal, System.Func<IOperation, ITypeSymbol?> typeOf)
    {
        switch (TaskObservation.SkipImplicitConversions(condition))
        {
            case { ConstantValue: { HasValue: true, Value: true } }:
                return true;
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, OperatorMethod: null } not:
                return FatalExceptions.Selects(not.Operand, exception) ||
                       IsAssignableToLeftOut(not.Operand, exception, typeLocal, typeOf);
            case IIsPatternOperation { Pattern: INegatedPatternOperation negated } pattern:
                return IsException(pattern.Value, exception) && PatternLeavesOut(negated.Pattern);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd, OperatorMethod: null } both:
                return Admits(both.LeftOperand, exception, typeLocal, typeOf) && Admits(both.RightOperand, exception, typeLocal, typeOf);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr, OperatorMethod: null } either:
                return Admits(either.LeftOperand, exception, typeLocal, typeOf) || Admits(either.RightOperand, exception, typeLocal, typeOf);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.NotEquals } differs when IsTypeInequality(differs):
                // `type != typeof(OutOfMemoryException)`: false only for that exact type.
                return (IsTypeOfException(differs.LeftOperand, exception, typeLocal) && IsLeftOut(typeOf(differs.RightOperand))) ||
                       (IsTypeOfException(differs.RightOperand, exception, typeLocal) && IsLeftOut(typeOf(differs.LeftOperand)));
            case ISwitchExpressionOperation choice when IsException(choice.Value, exception):
                // `e switch { OutOfMemoryException => false, StackOverflowException => false, _ => true }`.
                foreach (var arm in choice.Arms)
                {
                    if (arm.Guard is not null ||
                        arm.Value.ConstantValue is not { HasValue: true, Value: bool admitted } ||
                        (!admitted && !PatternLeavesOut(arm.Pattern) && !IsNullPattern(arm.Pattern)))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>The type a <c>typeof(T)</c> names, or null: the resolver when no compilation facts are at hand.</summary>
    public static readonly System.Func<IOperation, ITypeSymbol?> TypeOfOperand =
        operand => TaskObservation.SkipImplicitConversions(operand) is ITypeOfOperation typeOf ? typeOf.TypeOperand : null;

    /// <summary>
    /// The body of a helper <c>static bool IsCatchable(this Exception e)</c>: declarations of locals holding <c>e.GetType()</c>,
    /// then one return of an admitting test.
    /// </summary>
    public static bool BodyAdmits(IBlockOperation body, IParameterSymbol exception, System.Func<IOperation, ITypeSymbol?> typeOf)
    {
        ILocalSymbol? typeLocal = null;
        var operations = body.Operations;
        for (var i = 0; i < operations.Length; i++)
        {
            var statement = operations[i];
            if (i == operations.Length - 1)
            {
                return statement is IReturnOperation { ReturnedValue: { } value } && Admits(value, exception, typeLocal, typeOf);
            }

            if (statement is not IVariableDeclarationGroupOperation { Declarations.Length: 1 } group ||
                group.Declarations[0].Declarators.Length != 1 ||
                group.Declarations[0].Declarators[0] is not { Symbol: var local, Initializer.Value: var initial } ||
                !IsGetTypeOf(initial, exception) || typeLocal is not null)
            {
                return false;
            }

            typeLocal = local;
        }

        return false;
    }

    /// <summary><c>StackOverflowType.IsAssignableFrom(type)</c>, also through <c>GetTypeInfo()</c> on either side.</summary>
    private static bool IsAssignableToLeftOut(
        IOperation test, ISymbol exception, ILocalSymbol? typeLocal, System.Func<IOperation, ITypeSymbol?> typeOf) =>
        TaskObservation.SkipImplicitConversions(test) is IInvocationOperation
        {
            TargetMethod.Name: "IsAssignableFrom", Instance: { } owner, Arguments.Length: 1,
        } call &&
        IsLeftOut(typeOf(WithoutTypeInfo(owner))) &&
        IsTypeOfException(WithoutTypeInfo(call.Arguments[0].Value), exception, typeLocal);

    private static IOperation WithoutTypeInfo(IOperation operand)
    {
        var value = TaskObservation.SkipImplicitConversions(operand) ?? operand;
        return value is IInvocationOperation { TargetMethod.Name: "GetTypeInfo", Arguments.Length: 1 } info &&
               info.TargetMethod.ContainingNamespace?.ToDisplayString() == "System.Reflection"
            ? TaskObservation.SkipImplicitConversions(info.Arguments[0].Value) ?? info.Arguments[0].Value
            : value;
    }

    /// <summary>The operator is the built-in reference comparison or <c>System.Type</c>'s own.</summary>
    private static bool IsTypeInequality(IBinaryOperation differs) =>
        differs.OperatorMethod is null || IsSystemType(differs.OperatorMethod.ContainingType);

    private static bool IsTypeOfException(IOperation operand, ISymbol exception, ILocalSymbol? typeLocal) =>
        TaskObservation.SkipImplicitConversions(operand) is ILocalReferenceOperation local && typeLocal is not null
            ? SymbolEqualityComparer.Default.Equals(local.Local, typeLocal)
            : IsGetTypeOf(operand, exception);

    private static bool IsGetTypeOf(IOperation operand, ISymbol exception) =>
        TaskObservation.SkipImplicitConversions(operand) is IInvocationOperation
        {
            TargetMethod: { Name: "GetType", Parameters.Length: 0, IsStatic: false } getType, Instance: { } owner,
        } &&
        IsSystemType(getType.ReturnType) && IsException(owner, exception);

    // `Exception` hides `object.GetType()` with its own (`public new Type GetType()`), so the declaring type is not `object`.
    private static bool IsSystemType(ITypeSymbol type) =>
        type is { Name: "Type", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    private static bool IsException(IOperation value, ISymbol exception) => TaskObservation.SkipImplicitConversions(value) switch
    {
        ILocalReferenceOperation local => SymbolEqualityComparer.Default.Equals(local.Local, exception),
        IParameterReferenceOperation parameter => SymbolEqualityComparer.Default.Equals(parameter.Parameter, exception),
        _ => false,
    };

    private static bool PatternLeavesOut(IPatternOperation pattern) => pattern switch
    {
        ITypePatternOperation type => IsLeftOut(type.MatchedType),
        IDeclarationPatternOperation { MatchedType: { } matched } => IsLeftOut(matched),
        IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.Or } or => PatternLeavesOut(or.LeftPattern) && PatternLeavesOut(or.RightPattern),
        IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.And } and =>
            PatternLeavesOut(and.LeftPattern) || PatternLeavesOut(and.RightPattern),
        _ => false,
    };

    private static bool IsNullPattern(IPatternOperation pattern) =>
        pattern is IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: null } };

    /// <summary>A fatal type (<see cref="FatalExceptions.IsFatalType"/>) or <c>System.Security.SecurityException</c>.</summary>
    private static bool IsLeftOut(ITypeSymbol? type) =>
        type is not null &&
        (FatalExceptions.IsFatalType(type) ||
         type is
         {
             Name: "SecurityException",
             ContainingNamespace: { Name: "Security", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } },
         });
}
