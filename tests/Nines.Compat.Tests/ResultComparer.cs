namespace Nines.Compat.Tests;

/// <summary>
/// Compares two range answers as the compliance tester does (cmpopts.EquateApprox with its
/// fraction, EquateNaNs): the same series with the same labels, the same timestamps, values equal
/// within a relative tolerance or both NaN; native histogram samples must have the same timestamps
/// and their count, sum and buckets (bounds and counts) equal within the same tolerance. Returns
/// null when they match, else the first difference.
/// </summary>
internal static class ResultComparer
{
    public const double Fraction = 1e-6;

    public static string? Compare(RangeAnswer reference, RangeAnswer nines, bool ordered = false)
    {
        if (reference.ResultType != nines.ResultType)
        {
            return $"result type {reference.ResultType} in Prometheus, {nines.ResultType} in Nines";
        }

        if (ordered && reference.Order.Count == nines.Order.Count && !reference.Order.SequenceEqual(nines.Order))
        {
            return $"order differs: Prometheus {Sample(reference.Order)}, Nines {Sample(nines.Order)}";
        }

        var missing = reference.Series.Keys.Except(nines.Series.Keys).ToList();
        var extra = nines.Series.Keys.Except(reference.Series.Keys).ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            return $"series differ: {reference.Series.Count} in Prometheus, {nines.Series.Count} in Nines"
                + (missing.Count > 0 ? $"; missing in Nines: {Sample(missing)}" : "")
                + (extra.Count > 0 ? $"; only in Nines: {Sample(extra)}" : "");
        }

        foreach (var (labels, expected) in reference.Series)
        {
            var actual = nines.Series[labels];
            if (actual.Count != expected.Count)
            {
                var first = FirstTimeDifference(expected, actual);
                return $"{labels}: {expected.Count} points in Prometheus, {actual.Count} in Nines (first difference at {first})";
            }

            for (var i = 0; i < expected.Count; i++)
            {
                if (expected[i].Time != actual[i].Time)
                {
                    return $"{labels}: point {i} at {expected[i].Time} in Prometheus, {actual[i].Time} in Nines";
                }

                if (!Close(expected[i].Value, actual[i].Value))
                {
                    return $"{labels} @{expected[i].Time}: Prometheus {expected[i].Value:R}, Nines {actual[i].Value:R}";
                }
            }

            if (CompareHistograms(labels, reference.Histograms.GetValueOrDefault(labels) ?? [], nines.Histograms.GetValueOrDefault(labels) ?? []) is { } histogramDifference)
            {
                return histogramDifference;
            }
        }

        return null;
    }

    // Native histogram samples: the same timestamps, then count, sum and every bucket (bounds and
    // count) within the float tolerance.
    private static string? CompareHistograms(string labels, List<(string Time, HistogramPoint Value)> expected, List<(string Time, HistogramPoint Value)> actual)
    {
        if (expected.Count != actual.Count)
        {
            var first = expected.Count == 0 ? $"Nines {actual[0].Time} {actual[0].Value}"
                : actual.Count == 0 ? $"Prometheus {expected[0].Time} {expected[0].Value}"
                : FirstTimeDifference(expected.ConvertAll(p => (p.Time, 0.0)), actual.ConvertAll(p => (p.Time, 0.0)));
            return $"{labels}: {expected.Count} histogram points in Prometheus, {actual.Count} in Nines (first: {first})";
        }

        for (var i = 0; i < expected.Count; i++)
        {
            if (expected[i].Time != actual[i].Time)
            {
                return $"{labels}: histogram point {i} at {expected[i].Time} in Prometheus, {actual[i].Time} in Nines";
            }

            if (expected[i].Value.Difference(actual[i].Value) is { } difference)
            {
                return $"{labels} @{expected[i].Time}: histogram {difference} (Prometheus {expected[i].Value}, Nines {actual[i].Value})";
            }
        }

        return null;
    }

    /// <summary>Both failed: the same status, errorType and error text, or the first difference.</summary>
    public static string? CompareErrors(RangeAnswer reference, RangeAnswer nines)
    {
        if (nines.Succeeded)
        {
            return $"Nines succeeded; Prometheus failed ({reference.Status} {reference.ErrorType}: {reference.Error})";
        }

        if (reference.Status != nines.Status || reference.ErrorType != nines.ErrorType || reference.Error != nines.Error)
        {
            return $"Prometheus {reference.Status} {reference.ErrorType}: {reference.Error} | Nines {nines.Status} {nines.ErrorType}: {nines.Error}";
        }

        return null;
    }

    public static bool Close(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b))
        {
            return double.IsNaN(a) && double.IsNaN(b);
        }

        if (a == b)
        {
            return true;
        }

        return Math.Abs(a - b) <= Fraction * Math.Min(Math.Abs(a), Math.Abs(b));
    }

    private static string FirstTimeDifference(List<(string Time, double Value)> expected, List<(string Time, double Value)> actual)
    {
        for (var i = 0; i < Math.Min(expected.Count, actual.Count); i++)
        {
            if (expected[i].Time != actual[i].Time)
            {
                return $"Prometheus {expected[i].Time} vs Nines {actual[i].Time}";
            }
        }

        return expected.Count > actual.Count ? $"Prometheus {expected[actual.Count].Time}" : $"Nines {actual[expected.Count].Time}";
    }

    private static string Sample(List<string> keys) =>
        string.Join("; ", keys.Take(3)) + (keys.Count > 3 ? $" (+{keys.Count - 3} more)" : "");
}
