namespace Nines.Ingest.Pipeline;

/// <summary>A request refused by a tenant limit: which limit, and when a retry may succeed.</summary>
/// <param name="Limit">The limit's key, e.g. <c>samples_per_second</c>.</param>
/// <param name="Message">What happened and what to change, for the response body.</param>
/// <param name="RetryAfter">When the same request may pass (for Retry-After).</param>
internal sealed record LimitViolation(string Limit, string Message, TimeSpan RetryAfter);
