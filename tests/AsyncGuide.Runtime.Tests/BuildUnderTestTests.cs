using System.Reflection;
using System.Runtime.Versioning;

namespace AsyncGuide.Runtime.Tests;

/// <summary>These sources run twice: against the net8.0 build of the runtime and against its netstandard2.0 build.</summary>
public class BuildUnderTestTests
{
    [Fact]
    public void The_intended_build_of_the_runtime_is_under_test()
    {
#if ASYNCGUIDE_NETSTANDARD
        const string expected = ".NETStandard,Version=v2.0";
#else
        const string expected = ".NETCoreApp,Version=v8.0";
#endif
        Assert.Equal(expected, typeof(Async).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName);
    }
}
