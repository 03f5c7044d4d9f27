// Exemplars on the range chart: each exemplar of /api/v1/query_exemplars is a dot at its time and
// value; a dot with a trace_id label is a link to that trace (/traces/<trace_id>, the trace view's
// URL). The dots are HTML elements in uPlot's overlay, not canvas pixels, so they are focusable,
// have a title and open with a click or Enter like any link.
import type uPlot from "uplot";
import { get, type Labels, sampleValue, seriesName } from "./api";

export interface ExemplarSeries {
    seriesLabels: Labels;
    exemplars: { labels: Labels; value: string; timestamp: number }[];
}

export interface ExemplarPoint {
    series: Labels;
    labels: Labels;
    value: number;
    time: number;
}

/** Flattens the API answer into points with a finite value. */
export function exemplarPoints(data: ExemplarSeries[] | null): ExemplarPoint[] {
    const points: ExemplarPoint[] = [];
    for (const s of data ?? []) {
        for (const e of s.exemplars) {
            const value = sampleValue(e.value);
            if (Number.isFinite(value)) {
                points.push({ series: s.seriesLabels, labels: e.labels, value, time: e.timestamp });
            }
        }
    }
    return points;
}

/** The exemplars of the query's series in the range; none when the call fails (the lines stay). */
export async function fetchExemplars(query: string, span: { start: number; end: number }, signal: AbortSignal): Promise<ExemplarPoint[]> {
    try {
        const params = new URLSearchParams({ query, start: String(span.start), end: String(span.end) });
        const answer = await get<ExemplarSeries[] | null>("/api/v1/query_exemplars", params, signal);
        return exemplarPoints(answer.data);
    } catch (e) {
        if (e instanceof DOMException && e.name === "AbortError") {
            throw e;
        }
        return [];
    }
}

/** Where a dot opens: the trace of its trace_id (traceID as some SDKs name it), or nowhere. */
export function traceUrl(labels: Labels): string | null {
    const id = labels["trace_id"] ?? labels["traceID"] ?? labels["traceId"];
    return id ? `/traces/${encodeURIComponent(id)}` : null;
}

function describe(point: ExemplarPoint): string {
    const labels = Object.entries(point.labels).map(([k, v]) => `${k}="${v}"`).join(", ");
    const at = new Date(point.time * 1000).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
    return `Exemplar of ${seriesName(point.series)}\nvalue ${point.value} at ${at}\n{${labels}}`;
}

/** Places (or re-places, after zoom or resize) one element per exemplar in the plot's overlay. */
export function drawExemplars(u: uPlot, points: ExemplarPoint[]): void {
    const layer = u.over.querySelector<HTMLElement>(".exemplar-layer") ?? (() => {
        const div = document.createElement("div");
        div.className = "exemplar-layer";
        u.over.append(div);
        return div;
    })();
    layer.replaceChildren();
    const [xMin, xMax] = [u.scales["x"]?.min ?? -Infinity, u.scales["x"]?.max ?? Infinity];
    for (const point of points) {
        if (point.time < xMin || point.time > xMax) {
            continue;
        }
        const href = traceUrl(point.labels);
        const dot = document.createElement(href === null ? "span" : "a");
        dot.className = "exemplar-dot";
        if (dot instanceof HTMLAnchorElement && href !== null) {
            dot.href = href;
            dot.dataset["traceId"] = href.slice("/traces/".length);
        }
        dot.title = describe(point);
        dot.setAttribute("aria-label", dot.title.replaceAll("\n", "; "));
        dot.style.left = `${u.valToPos(point.time, "x")}px`;
        dot.style.top = `${u.valToPos(point.value, "y")}px`;
        layer.append(dot);
    }
}

/** The y range covering both the lines and the dots, padded as uPlot pads its own. */
export function yRangeWith(points: ExemplarPoint[]): uPlot.Range.Function {
    return (_u, min, max) => {
        let lo = min;
        let hi = max;
        for (const p of points) {
            if (lo === null || p.value < lo) lo = p.value;
            if (hi === null || p.value > hi) hi = p.value;
        }
        if (lo === null || hi === null) {
            return [0, 1];
        }
        if (lo === hi) {
            const pad = Math.abs(lo) * 0.1 || 1;
            return [lo - pad, hi + pad];
        }
        const pad = (hi - lo) * 0.05;
        return [lo - pad, hi + pad];
    };
}
