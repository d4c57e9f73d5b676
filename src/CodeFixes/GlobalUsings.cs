// The namespaces nearly every fix and helper uses; a file's own usings name only what is rarer.
global using System.Collections.Generic;
global using System.Collections.Immutable;
global using System.Threading;
global using System.Threading.Tasks;
global using AsyncGuide.Analyzers;
global using Microsoft.CodeAnalysis;
global using Microsoft.CodeAnalysis.CodeActions;
global using Microsoft.CodeAnalysis.CodeFixes;
global using Microsoft.CodeAnalysis.CSharp;
global using Microsoft.CodeAnalysis.CSharp.Syntax;
global using Microsoft.CodeAnalysis.Editing;
global using Microsoft.CodeAnalysis.Formatting;
global using Microsoft.CodeAnalysis.Simplification;
