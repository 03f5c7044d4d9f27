namespace Nines.Query.Http;

/// <summary>What the query log records of one query (see <see cref="QueryLog"/>).</summary>
internal readonly record struct QueryLogEntry(
    string Tenant,
    string Query,
    long StartMs,
    long EndMs,
    long StepMs,
    double QueueSeconds,
    double TotalSeconds,
    long Samples,
    long PeakSamples,
    int Series,
    string Status,
    string? ErrorType,
    string ClientIp,
    string Method,
    string Path);
