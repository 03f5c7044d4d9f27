using Nines.Metrics.Exemplars;
using Nines.Metrics.Labels;

namespace Nines.Ingest.Scrape;

internal sealed partial class ScrapeAppender
{
    // Exemplar values are trace ids, new on almost every scrape: a small interner of their own keeps
    // them from pushing the series labels out of the main one.
    private readonly LabelInterner _exemplarInterner = new(maxEntries: 4096);
    private readonly List<Label> _exemplarScratch = [];
    private readonly LabelSetBuilder _exemplarBuilder = new();

    // As Prometheus' scrape loop: an exemplar without its own timestamp takes the sample's.
    private Exemplar? ReadExemplar(ref ExpositionParser parser, long sampleTime)
    {
        _exemplarScratch.Clear();
        parser.ReadExemplarLabels(_exemplarInterner, _exemplarScratch);
        _exemplarBuilder.Clear();
        foreach (var label in _exemplarScratch)
        {
            if (label.Value.Length > 0)
            {
                _exemplarBuilder.Add(label.Name, label.Value);
            }
        }

        LabelSet labels;
        try
        {
            labels = _exemplarBuilder.Build();
        }
        catch (ArgumentException)
        {
            // A repeated or invalid label name: the sample is kept, its exemplar dropped.
            return null;
        }

        return new Exemplar(labels, parser.ExemplarValue, parser.ExemplarHasTimestamp ? parser.ExemplarTimestamp : sampleTime);
    }
}
