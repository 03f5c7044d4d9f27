using Nines.Configuration;

namespace Nines.Browser.Tests.Fixtures;

/// <summary>A server of its own whose head sampling drops every trace except those of <see cref="KeptService"/>.</summary>
public sealed class HeadSamplingBrowserFixture : BrowserFixture
{
    public const string KeptService = "checkout";

    protected override void Configure(NinesOptions options)
    {
        options.Pipeline.HeadSampling.DefaultProbability = 0.0;
        options.Pipeline.HeadSampling.Services[KeptService] = 1.0;
    }
}
