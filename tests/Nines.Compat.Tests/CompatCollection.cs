namespace Nines.Compat.Tests;

/// <summary>The differential tests share one Prometheus and one Nines holding the same data.</summary>
[CollectionDefinition(Name)]
public sealed class CompatCollection : ICollectionFixture<CompatFixture>
{
    public const string Name = "compat";
}
