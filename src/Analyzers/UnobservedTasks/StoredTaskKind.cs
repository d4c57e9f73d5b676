using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncGuide.Analyzers;

/// <summary>What an AG0002 candidate local holds.</summary>
internal enum StoredTaskKind
{
    None,
    Task,
    Collection,
}
