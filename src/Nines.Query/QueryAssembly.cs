namespace Nines.Query;

/// <summary>Marker for the Nines.Query assembly.</summary>
internal static class QueryAssembly
{
}
