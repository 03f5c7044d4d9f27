namespace Nines.Compat.Tests;

/// <summary>
/// The native histogram differential tests share one Prometheus (scraping
/// <see cref="NativeHistogramTarget"/>) and the Nines it remote-writes to.
/// </summary>
[CollectionDefinition(Name)]
public sealed class NativeHistogramCollection : ICollectionFixture<NativeHistogramFixture>
{
    public const string Name = "native-histograms";
}
