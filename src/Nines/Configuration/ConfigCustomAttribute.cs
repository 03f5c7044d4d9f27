namespace Nines.Configuration;

/// <summary>
/// Marks an options property that is not a scalar setting or a section but is bound by its own
/// binder (lists such as <c>scrape_configs</c>, in Prometheus' shape). The key is valid in YAML, is
/// listed among the section's keys, and has no environment variable.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ConfigCustomAttribute : Attribute;
