using System.ComponentModel;
using System.Reflection;

namespace Nines.Configuration;

/// <summary>
/// One tenant's entry under <c>pipeline.tenants</c>: sampling settings that differ from the global
/// ones. Only the keys written for the tenant change; every other key keeps the global value
/// (redaction is global on purpose: a tenant cannot switch off the platform's data protection).
/// </summary>
public sealed class TenantPipelineSection
{
    /// <summary>The tenant's head sampling keys.</summary>
    [Description("Head sampling for this tenant (same keys as pipeline.head_sampling).")]
    public HeadSamplingSection HeadSampling { get; set; } = new();

    /// <summary>The tenant's tail sampling keys.</summary>
    [Description("Tail sampling for this tenant (same keys as pipeline.tail_sampling).")]
    public TailSamplingSection TailSampling { get; set; } = new();

    /// <summary>The tenant's log sampling keys.</summary>
    [Description("Log sampling for this tenant (same keys as pipeline.log_sampling).")]
    public LogSamplingSection LogSampling { get; set; } = new();

    /// <summary>Keys written for the tenant, relative to its entry (<c>tail_sampling.probability</c>).</summary>
    public IReadOnlySet<string> Written { get; internal set; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Whether any key of section <paramref name="section"/> (<c>head_sampling</c>) was written for the tenant.</summary>
    public bool Overrides(string section)
    {
        foreach (var key in Written)
        {
            if (key.Length > section.Length && key.StartsWith(section, StringComparison.Ordinal) && key[section.Length] == '.')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <paramref name="global"/> with the keys written for the tenant in <paramref name="own"/> (a
    /// section of this entry named <paramref name="section"/>) taking their place.
    /// </summary>
    public T Merge<T>(string section, T global, T own)
        where T : class, new()
    {
        var merged = new T();
        foreach (var p in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
            {
                var written = Written.Contains(section + "." + ConfigSchema.ToSnakeCase(p.Name));
                p.SetValue(merged, p.GetValue(written ? own : global));
            }
        }

        return merged;
    }
}
