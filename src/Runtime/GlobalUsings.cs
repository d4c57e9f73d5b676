// The namespaces nearly every file of the library uses; a file's own usings name only what is rarer.
global using System;
global using System.Collections.Generic;
global using System.Threading;
global using System.Threading.Tasks;
