namespace Nines.Ingest.Pipeline;

/// <summary>A whole request refused by a tenant's rate limit; nothing of it was stored.</summary>
internal sealed class LimitExceededException(LimitViolation violation) : Exception(violation.Message)
{
    public LimitViolation Violation { get; } = violation;
}
