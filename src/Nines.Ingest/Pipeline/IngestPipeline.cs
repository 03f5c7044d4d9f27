using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using Nines.Events;
using Nines.Ingest.Pipeline.Redaction;
using Nines.Ingest.Pipeline.Sampling;

namespace Nines.Ingest.Pipeline;

/// <summary>
/// The configured redactor and samplers, shared by every ingest path, and the per-tenant counts of
/// what the pipeline dropped. Sampling follows a <see cref="SamplingPolicy"/>: the global one, or a
/// tenant's own when <c>pipeline.tenants</c> names it. Tail sampling keeps one <see cref="TailSampler"/>
/// per tenant (trace ids are only unique within a tenant); kept traces go to the callback set by
/// <see cref="TailSamplingWriter"/>, which stores them.
/// </summary>
internal sealed class IngestPipeline : IIngestPipelineStatus, IDisposable
{
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, TailSampler> _tail = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Tenant, IngestSignal Signal, string Reason), StrongBox<long>> _dropped = new();
    private Action<string, IReadOnlyList<SpanRecord>> _onKept = static (_, _) => { };

    public IngestPipeline(IngestPipelineOptions options, TimeProvider time)
    {
        options.Validate();
        Options = options;
        _time = time;
        Redactor = new Redactor(options.Redaction);
        Default = new SamplingPolicy(options, time);
        var tenants = new Dictionary<string, SamplingPolicy>(StringComparer.Ordinal);
        foreach (var tenant in options.Tenants.Keys)
        {
            tenants[tenant] = new SamplingPolicy(options.For(tenant), time);
        }

        _tenants = tenants.ToFrozenDictionary(StringComparer.Ordinal);
        Policies = [Default, .. _tenants.Values];
    }

    private readonly FrozenDictionary<string, SamplingPolicy> _tenants;

    public IngestPipelineOptions Options { get; }

    public Redactor Redactor { get; }

    /// <summary>The global sampling, for tenants without their own.</summary>
    public SamplingPolicy Default { get; }

    /// <summary>Every policy: the global one first, then the tenants' own.</summary>
    public IReadOnlyList<SamplingPolicy> Policies { get; }

    /// <summary>Whether any tenant's spans are held for tail sampling (the writer runs only then).</summary>
    public bool TailEnabled => Policies.Any(p => p.TailEnabled);

    /// <summary>The sampling <paramref name="tenant"/>'s data goes through.</summary>
    public SamplingPolicy PolicyFor(string tenant) => _tenants.TryGetValue(tenant, out var policy) ? policy : Default;

    public IngestPipelineOptions EffectiveOptions(string tenant) => PolicyFor(tenant).Options;

    public IReadOnlyList<string> Overridden(string tenant)
    {
        if (!Options.Tenants.TryGetValue(tenant, out var t))
        {
            return [];
        }

        var result = new List<string>(3);
        if (t.HeadSampling is not null)
        {
            result.Add("head_sampling");
        }

        if (t.TailSampling is not null)
        {
            result.Add("tail_sampling");
        }

        if (t.LogSampling is not null)
        {
            result.Add("log_sampling");
        }

        return result;
    }

    /// <summary>The tenants' tail samplers (empty unless tail sampling is on and spans came).</summary>
    public IEnumerable<KeyValuePair<string, TailSampler>> TailSamplers => _tail;

    /// <summary>Where held spans are made durable before acknowledgement; set by the writer at start (null: no journal).</summary>
    public Journal.TailSamplingJournal? Journal { get; set; }

    /// <summary>Where kept traces go; set once by the writer before any span arrives.</summary>
    public void SetKeptHandler(Action<string, IReadOnlyList<SpanRecord>> onKept) => _onKept = onKept;

    /// <summary>Hands spans to the tenant's tail sampler; they are stored when their trace is kept.</summary>
    public void Hold(string tenant, List<SpanRecord> spans)
    {
        var sampler = _tail.GetOrAdd(tenant, static (t, self) =>
            new TailSampler(self.PolicyFor(t).Options.TailSampling, self._time, trace => self._onKept(t, trace), id => self.Journal?.Resolve(t, id)), this);
        foreach (var span in spans)
        {
            sampler.Add(span);
        }
    }

    /// <summary>Decides every held trace now (at shutdown), so kept ones are stored.</summary>
    public void DecideAll()
    {
        foreach (var (_, sampler) in _tail)
        {
            sampler.DecideAll();
        }
    }

    public void CountDropped(string tenant, IngestSignal signal, string reason, long count)
    {
        if (count <= 0)
        {
            return;
        }

        var box = _dropped.GetOrAdd((tenant, signal, reason), static _ => new StrongBox<long>());
        Interlocked.Add(ref box.Value, count);
    }

    /// <summary>Every non-zero drop count, tail sampling's included, for <c>/metrics</c> and the pipeline API.</summary>
    public List<PipelineDrop> Dropped()
    {
        var result = new List<PipelineDrop>();
        foreach (var ((tenant, signal, reason), box) in _dropped)
        {
            result.Add(new PipelineDrop(tenant, IngestMetrics.Name(signal), reason, Interlocked.Read(ref box.Value)));
        }

        foreach (var (tenant, sampler) in _tail)
        {
            if (sampler.DroppedSpans > 0)
            {
                result.Add(new PipelineDrop(tenant, IngestMetrics.Name(IngestSignal.Spans), PipelineDropReason.TailSampling, sampler.DroppedSpans));
            }
        }

        result.Sort(static (a, b) => (a.Tenant, a.Signal, a.Reason).CompareTo((b.Tenant, b.Signal, b.Reason)));
        return result;
    }

    public IReadOnlyList<KeyValuePair<string, long>> Redactions() => Redactor.Counts();

    public IReadOnlyList<PipelineDrop> Dropped(string tenant) => Dropped().FindAll(d => d.Tenant == tenant);

    public TailSamplingCounts? Tail(string tenant) => _tail.TryGetValue(tenant, out var s)
        ? new TailSamplingCounts(s.KeptError, s.KeptSlow, s.KeptProbabilistic, s.Dropped, s.DroppedSpans, s.DecidedEarly, s.LateSpansKept, s.PendingTraces)
        : null;

    public void Dispose()
    {
        foreach (var (_, sampler) in _tail)
        {
            sampler.Dispose();
        }
    }
}
