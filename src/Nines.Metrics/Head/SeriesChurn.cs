using System.Runtime.InteropServices;
using Nines.Metrics.Labels;

namespace Nines.Metrics.Head;

/// <summary>
/// Series churn of a head: how many series were created and removed per metric name and per label
/// name, in one-minute buckets over the last <see cref="MaxWindow"/> (a ring; a bucket is reused
/// when its minute comes round again). Updated only where a series is created or removed by head
/// truncation, never per sample. Each bucket also keeps the first series id created in it: ids grow
/// with time, so "created since T" for any label pair is "id ≥ that id" in its posting list.
/// Thread-safety: one lock; creation holds the head's grow lock around it, so ids and minutes are
/// recorded in the same order.
/// </summary>
internal sealed class SeriesChurn
{
    /// <summary>Longest window the head keeps churn for.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromHours(24);

    private const long TicksPerBucket = TimeSpan.TicksPerMinute;
    private static readonly int BucketCount = (int)(MaxWindow.Ticks / TicksPerBucket);

    private readonly TimeProvider _time;
    private readonly Lock _sync = new();
    private readonly Bucket?[] _ring = new Bucket?[BucketCount];
    private long _lastMinute = long.MinValue;
    private volatile bool _enabled = true;

    public SeriesChurn(TimeProvider time) => _time = time;

    /// <summary>Off while the WAL is replayed: replayed series are not new, only new to this process.</summary>
    public bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }

    public void RecordCreated(uint id, LabelSet labels)
    {
        if (!_enabled)
        {
            return;
        }

        lock (_sync)
        {
            var bucket = Current();
            if (bucket.FirstId == 0)
            {
                bucket.FirstId = id;
            }

            bucket.Created++;
            Count(bucket, labels, removed: false);
        }
    }

    public void RecordRemoved(List<(uint Id, LabelSet Labels)> series)
    {
        if (!_enabled || series.Count == 0)
        {
            return;
        }

        lock (_sync)
        {
            var bucket = Current();
            bucket.Removed += series.Count;
            foreach (var (_, labels) in series)
            {
                Count(bucket, labels, removed: true);
            }
        }
    }

    /// <summary>The sums over the last <paramref name="window"/> (whole minutes, the current one included).</summary>
    public ChurnSnapshot Snapshot(TimeSpan window)
    {
        var minutes = Math.Clamp((long)Math.Ceiling(window.TotalMinutes), 1, BucketCount);
        var snapshot = new ChurnSnapshot();
        lock (_sync)
        {
            var now = Math.Max(_lastMinute, NowMinute());
            var from = now - minutes + 1;
            foreach (var bucket in _ring)
            {
                if (bucket is null || bucket.Minute < from || bucket.Minute > now)
                {
                    continue;
                }

                snapshot.Created += bucket.Created;
                snapshot.Removed += bucket.Removed;
                if (bucket.FirstId != 0 && bucket.FirstId < snapshot.FirstCreatedId)
                {
                    snapshot.FirstCreatedId = bucket.FirstId;
                }

                Add(snapshot.ByMetric, bucket.ByMetric);
                Add(snapshot.ByLabelName, bucket.ByLabelName);
            }
        }

        return snapshot;
    }

    private static void Add(Dictionary<string, ChurnCounts> into, Dictionary<string, ChurnCounts> from)
    {
        foreach (var (key, counts) in from)
        {
            ref var sum = ref CollectionsMarshal.GetValueRefOrAddDefault(into, key, out _);
            sum = new ChurnCounts(sum.Created + counts.Created, sum.Removed + counts.Removed);
        }
    }

    private static void Count(Bucket bucket, LabelSet labels, bool removed)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            var name = labels.NameAt(i);
            var map = name == LabelSet.MetricNameLabel ? bucket.ByMetric : bucket.ByLabelName;
            var key = name == LabelSet.MetricNameLabel ? labels.ValueAt(i) : name;
            ref var counts = ref CollectionsMarshal.GetValueRefOrAddDefault(map, key, out _);
            counts = removed ? counts with { Removed = counts.Removed + 1 } : counts with { Created = counts.Created + 1 };
        }
    }

    private long NowMinute() => _time.GetUtcNow().UtcTicks / TicksPerBucket;

    // Under _sync. The minute never goes backwards, so a wall-clock step back cannot break the id order.
    private Bucket Current()
    {
        var minute = Math.Max(_lastMinute, NowMinute());
        _lastMinute = minute;
        var slot = (int)(minute % BucketCount);
        var bucket = _ring[slot] ??= new Bucket();
        if (bucket.Minute != minute)
        {
            bucket.Reset(minute);
        }

        return bucket;
    }

    private sealed class Bucket
    {
        public long Minute = long.MinValue;
        public uint FirstId;
        public long Created;
        public long Removed;

        public Dictionary<string, ChurnCounts> ByMetric { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, ChurnCounts> ByLabelName { get; } = new(StringComparer.Ordinal);

        public void Reset(long minute)
        {
            Minute = minute;
            FirstId = 0;
            Created = 0;
            Removed = 0;
            ByMetric.Clear();
            ByLabelName.Clear();
        }
    }
}
