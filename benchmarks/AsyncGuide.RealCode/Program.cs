using System;
using System.Threading.Tasks;
using AsyncGuide.RealCode;
using Microsoft.Build.Locator;

// The installed SDK's MSBuild must be registered before any MSBuild type is loaded, so the work
// itself lives in other methods (the JIT loads their types only when they first run).
MSBuildLocator.RegisterDefaults();
return await Cli.RunAsync(args).ConfigureAwait(false);
