// Calls to the Prometheus-compatible API (/api/v1/*). The session cookie authenticates them, as a
// token would for Grafana; every answer has Prometheus's envelope.

export type Labels = Record<string, string>;
export type SamplePair = [number, string];

/**
 * A native-histogram bucket as Prometheus 2.42 prints it: [rule, lower, upper, count], rule 0 for
 * (lower, upper], 1 for [lower, upper), 2 for (lower, upper) and 3 for [lower, upper].
 */
export type HistogramBucket = [number, string, string, string];

/** A native-histogram sample's value; buckets is left out when every bucket is empty. */
export interface HistogramValue {
    count: string;
    sum: string;
    buckets?: HistogramBucket[];
}

export type HistogramPair = [number, HistogramValue];

/** An instant-vector item: a float sample (value) or a native-histogram sample (histogram). */
export interface VectorItem {
    metric: Labels;
    value?: SamplePair;
    histogram?: HistogramPair;
}

/** A matrix series: its float points and its histogram points, each left out when empty. */
export interface RangeSeries {
    metric: Labels;
    values?: SamplePair[];
    histograms?: HistogramPair[];
}

export type QueryData =
    | { resultType: "matrix"; result: RangeSeries[] }
    | { resultType: "vector"; result: VectorItem[] }
    | { resultType: "scalar"; result: SamplePair }
    | { resultType: "string"; result: SamplePair };

interface Envelope<T> {
    status: "success" | "error";
    data?: T;
    errorType?: string;
    error?: string;
    warnings?: string[];
}

/** A failed call, with the API's own error text (e.g. "1:5: parse error: ..."). */
export class ApiError extends Error {
    readonly type: string;

    constructor(type: string, message: string) {
        super(message);
        this.type = type;
    }
}

export interface ApiAnswer<T> {
    data: T;
    warnings: string[];
}

export async function get<T>(path: string, params: URLSearchParams, signal?: AbortSignal): Promise<ApiAnswer<T>> {
    let response: Response;
    try {
        response = await fetch(`${path}?${params.toString()}`, {
            headers: { Accept: "application/json" },
            credentials: "same-origin",
            ...(signal ? { signal } : {}),
        });
    } catch (e) {
        if (e instanceof DOMException && e.name === "AbortError") {
            throw e;
        }
        throw new ApiError("network", "Nines did not answer: check that the server is running and try again.");
    }
    let body: (Envelope<T> & { detail?: string; title?: string }) | null = null;
    try {
        body = (await response.json()) as Envelope<T> & { detail?: string; title?: string };
    } catch {
        body = null;
    }
    if (response.ok && body?.status === "success" && body.data !== undefined) {
        return { data: body.data, warnings: body.warnings ?? [] };
    }
    if (body?.error) {
        throw new ApiError(body.errorType ?? "error", body.error);
    }
    // Not the Prometheus envelope: a problem+json answer (401 after the session ended, 403, 429...).
    const retry = response.headers.get("Retry-After");
    const text = body?.detail ?? body?.title ?? `HTTP ${response.status}`;
    throw new ApiError(String(response.status), retry ? `${text} (retry after ${retry} s)` : text);
}

/** Parses a Prometheus sample value: "NaN", "+Inf", "-Inf" or a number. */
export function sampleValue(text: string): number {
    switch (text) {
        case "+Inf":
            return Number.POSITIVE_INFINITY;
        case "-Inf":
            return Number.NEGATIVE_INFINITY;
        default:
            return Number.parseFloat(text);
    }
}

/** A label set as Prometheus prints it: name{a="1", b="2"}. */
export function seriesName(metric: Labels): string {
    const name = metric["__name__"] ?? "";
    const pairs = Object.keys(metric)
        .filter((k) => k !== "__name__")
        .sort()
        .map((k) => `${k}=${JSON.stringify(metric[k])}`);
    return pairs.length === 0 && name !== "" ? name : `${name}{${pairs.join(", ")}}`;
}
