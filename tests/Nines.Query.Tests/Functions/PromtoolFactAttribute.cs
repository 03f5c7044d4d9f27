namespace Nines.Query.Tests.Functions;

/// <summary>A fact that needs the real Prometheus promtool; skipped, with the reason, when it is not installed.</summary>
public sealed class PromtoolFactAttribute : FactAttribute
{
    public PromtoolFactAttribute()
    {
        if (!File.Exists(Promtool.Path))
        {
            Skip = $"{Promtool.Path} is not installed (Debian package prometheus 2.42); the differential test needs it.";
        }
    }
}
