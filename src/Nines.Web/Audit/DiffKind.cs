namespace Nines.Web.Audit;

/// <summary>How one field of an audited entity changed.</summary>
internal enum DiffKind
{
    Same,
    Changed,
    Added,
    Removed,
}
