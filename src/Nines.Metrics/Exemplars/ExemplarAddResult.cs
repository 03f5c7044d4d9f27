namespace Nines.Metrics.Exemplars;

/// <summary>What <see cref="CircularExemplarStorage.Add"/> did with an exemplar.</summary>
internal enum ExemplarAddResult
{
    /// <summary>Stored.</summary>
    Ok,

    /// <summary>Equal to the series' newest exemplar (a re-sent scrape or a retried request): not stored again, not an error.</summary>
    Duplicate,

    /// <summary>Not newer than the series' newest exemplar: rejected and counted.</summary>
    OutOfOrder,

    /// <summary>Its labels are longer than 128 characters in total (Prometheus' <c>ExemplarMaxLabelSetLength</c>): rejected.</summary>
    LabelsTooLong,

    /// <summary>Exemplar storage is off (<c>max_exemplars: 0</c>).</summary>
    Disabled,
}
