namespace AsyncGuide;

/// <summary>Eager argument checks shared by the combinators (they throw before any task is returned).</summary>
internal static class TaskLists
{
    /// <summary>Copies <paramref name="items"/> into a new array and checks for null elements.</summary>
    internal static T[] ToCheckedArray<T>(IEnumerable<T> items, string paramName)
        where T : class
    {
        if (items is null)
        {
            throw new ArgumentNullException(paramName);
        }

        T[] array;
        if (items is ICollection<T> collection)
        {
            array = collection.Count == 0 ? Array.Empty<T>() : new T[collection.Count];
            collection.CopyTo(array, 0);
        }
        else
        {
            array = new List<T>(items).ToArray();
        }

        CheckElements(array, paramName);
        return array;
    }

    internal static void CheckElements<T>(T[] array, string paramName)
        where T : class
    {
        for (var i = 0; i < array.Length; i++)
        {
            if (array[i] is null)
            {
                throw new ArgumentException($"The collection contains a null element at index {i}.", paramName);
            }
        }
    }

    /// <summary>
    /// Whether every task ran to completion; throws <see cref="ArgumentNullException"/> when
    /// <paramref name="tasks"/> is null and <see cref="ArgumentException"/> when it contains null.
    /// </summary>
    /// <remarks>Takes a <c>Task&lt;T&gt;[]</c> too (array covariance; the array is only read).</remarks>
    internal static bool AllSucceeded(Task[] tasks, string paramName)
    {
        CheckNotNull(tasks, paramName);
        var allSucceeded = true;
        for (var i = 0; i < tasks.Length; i++)
        {
            var task = tasks[i];
            if (task is null)
            {
                CheckElements(tasks, paramName);
            }
            else if (task.Status != TaskStatus.RanToCompletion)
            {
                allSucceeded = false;
            }
        }

        return allSucceeded;
    }

    internal static void CheckNotNull(object? value, string paramName)
    {
        if (value is null)
        {
            throw new ArgumentNullException(paramName);
        }
    }

    /// <summary>
    /// True, or throws <see cref="ArgumentNullException"/> when <paramref name="value"/> is null. Joined with
    /// the non-short-circuit <c>&amp;</c>, one expression checks every argument in order.
    /// </summary>
    internal static bool Checked(object? value, string paramName)
    {
        CheckNotNull(value, paramName);
        return true;
    }

    /// <summary>Whether <paramref name="task"/> ran to completion; throws <see cref="ArgumentNullException"/> when it is null.</summary>
    internal static bool Succeeded(Task task, string paramName) => Checked(task, paramName) && task.Status == TaskStatus.RanToCompletion;

    /// <summary>Whether <paramref name="task"/> has completed; throws <see cref="ArgumentNullException"/> when it is null.</summary>
    internal static bool Completed(Task task, string paramName) => Checked(task, paramName) && task.IsCompleted;

    internal static void CheckNotEmpty(Array array, string paramName)
    {
        if (array.Length == 0)
        {
            throw new ArgumentException("The collection is empty; there is nothing to wait for.", paramName);
        }
    }
}

/// <summary>Argument checks and input shaping for the <c>Wait</c> family.</summary>
internal static class WaitArguments
{
    // Timers accept at most 0xFFFFFFFE milliseconds.
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);

    internal static void CheckWhen(ReturnWhen when, string paramName)
    {
        if (when is not (ReturnWhen.AllCompleted or ReturnWhen.FirstCompleted or ReturnWhen.FirstException))
        {
            throw new ArgumentOutOfRangeException(paramName, when, "Not a defined ReturnWhen value.");
        }
    }

    /// <summary>Accepts zero, positive values and <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>.</summary>
    internal static void CheckTimeout(TimeSpan? timeout, string paramName)
    {
        if (timeout is { } value && value != System.Threading.Timeout.InfiniteTimeSpan && (value < TimeSpan.Zero || value > MaxTimeout))
        {
            throw new ArgumentOutOfRangeException(
                paramName,
                value,
                "The timeout must be zero or positive (at most about 49 days), or Timeout.InfiniteTimeSpan.");
        }
    }

    /// <summary>The tasks without duplicates (by reference), first occurrence kept, input order.</summary>
    internal static T[] Distinct<T>(T[] tasks)
        where T : class
    {
        HashSet<T>? seen = null;
        List<T>? unique = null;
        for (var i = 0; i < tasks.Length; i++)
        {
            var task = tasks[i];
            bool duplicate;
            if (tasks.Length <= 16)
            {
                duplicate = Array.IndexOf(tasks, task, 0, i) >= 0;
            }
            else
            {
                duplicate = !(seen ??= new HashSet<T>(ReferenceComparer<T>.Instance)).Add(task);
            }

            if (duplicate && unique is null)
            {
                unique = new List<T>(tasks.Length);
                for (var j = 0; j < i; j++)
                {
                    unique.Add(tasks[j]);
                }
            }
            else if (!duplicate)
            {
                unique?.Add(task);
            }
        }

        return unique is null ? tasks : unique.ToArray();
    }

    private sealed class ReferenceComparer<T> : IEqualityComparer<T>
        where T : class
    {
        internal static readonly ReferenceComparer<T> Instance = new();

        public bool Equals(T? x, T? y) => ReferenceEquals(x, y);

        public int GetHashCode(T obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }
}
