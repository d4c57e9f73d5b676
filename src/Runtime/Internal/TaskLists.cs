using System;
using System.Collections.Generic;

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

    internal static void CheckNotNull(object? value, string paramName)
    {
        if (value is null)
        {
            throw new ArgumentNullException(paramName);
        }
    }

    internal static void CheckNotEmpty(Array array, string paramName)
    {
        if (array.Length == 0)
        {
            throw new ArgumentException("The collection is empty; there is nothing to wait for.", paramName);
        }
    }
}
