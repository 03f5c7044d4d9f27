// Native-histogram samples in words, for the table: a summary ("count 1,234 · sum 56.7 · 12
// buckets"), one line per bucket in interval notation ("(0.5, 1]: 3"), and a series' float and
// histogram points merged in time order (a series that switched type has both).
import { type HistogramBucket, type HistogramValue, type RangeSeries, sampleValue } from "./api";
import { formatValue } from "./chart";

/** One point of a matrix series: a float sample or a histogram sample, with its number (a histogram's is its count). */
export interface TimelinePoint {
    time: number;
    value: number;
    text: string;
    histogram: HistogramValue | null;
}

/** Observation counts are whole numbers almost always: print them with thousands separators. */
function formatCount(text: string): string {
    const count = sampleValue(text);
    return Number.isInteger(count) ? count.toLocaleString("en") : formatValue(count);
}

/** "count 1,234 · sum 56.7 · 12 buckets". */
export function histogramSummary(h: HistogramValue): string {
    const buckets = h.buckets?.length ?? 0;
    return `count ${formatCount(h.count)} · sum ${formatValue(sampleValue(h.sum))} · ${buckets} bucket${buckets === 1 ? "" : "s"}`;
}

/** "(0.5, 1]: 3": the brackets follow the boundary rule (0 open left, 1 open right, 2 open, 3 closed). */
export function bucketLine(bucket: HistogramBucket): string {
    const [rule, lower, upper, count] = bucket;
    const open = rule === 1 || rule === 3 ? "[" : "(";
    const close = rule === 0 || rule === 3 ? "]" : ")";
    return `${open}${lower}, ${upper}${close}: ${formatCount(count)}`;
}

/** The series' points, oldest first. */
export function timeline(series: RangeSeries): TimelinePoint[] {
    const points: TimelinePoint[] = [];
    for (const [time, v] of series.values ?? []) {
        points.push({ time, value: sampleValue(v), text: v, histogram: null });
    }
    for (const [time, h] of series.histograms ?? []) {
        points.push({ time, value: sampleValue(h.count), text: histogramSummary(h), histogram: h });
    }
    // Both lists are sorted already; only a series that switched type needs the merge.
    if (series.values?.length && series.histograms?.length) {
        points.sort((a, b) => a.time - b.time);
    }
    return points;
}
