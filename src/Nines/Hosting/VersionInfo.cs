using System.Reflection;

namespace Nines.Hosting;

/// <summary>The binary's version, from the assembly's informational version.</summary>
internal static class VersionInfo
{
    public static string Version { get; } =
        typeof(VersionInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static string Runtime => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
}
