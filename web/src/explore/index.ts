// The metrics explorer page (/explore): wires the editor, autocomplete, time range, the chart
// and table, history and the URL together. The URL always holds the query, range, step and tab
// of the last run, so copying it shares exactly what is on screen, and opening it runs it again.
import { themeChangeEvent } from "../theme-toggle";
import { ApiError, get, type QueryData, type RangeSeries } from "./api";
import { maxDrawnSeries, RangeChart } from "./chart";
import { Autocomplete } from "./complete";
import { fetchExemplars } from "./exemplars";
import { PromqlEditor } from "./editor";
import { addHistory, type HistoryEntry, loadHistory } from "./history";
import { ResultTable } from "./table";

type Tab = "graph" | "table";

const relativeRanges: Record<string, number> = { "5m": 300, "15m": 900, "1h": 3600, "6h": 21600, "24h": 86400, "7d": 604800 };

function byId<T extends HTMLElement>(id: string): T {
    const element = document.getElementById(id);
    if (element === null) {
        throw new Error(`explore: #${id} is missing from the page`);
    }
    return element as T;
}

/** Prometheus durations ("1m30s", "500ms") or float seconds; null when neither. */
export function parseDuration(text: string): number | null {
    const trimmed = text.trim();
    if (/^\d+(\.\d+)?$/.test(trimmed)) {
        return Number.parseFloat(trimmed);
    }
    const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };
    const re = /(\d+)(ms|s|m|h|d|w|y)/gy;
    let total = 0;
    let matched = 0;
    for (let m = re.exec(trimmed); m !== null; m = re.exec(trimmed)) {
        total += Number(m[1]) * (units[m[2] ?? "s"] ?? 1);
        matched = re.lastIndex;
    }
    return matched === trimmed.length && matched > 0 ? total : null;
}

/** A datetime-local value read as UTC ("2026-11-25T21:00" → Unix seconds). */
function parseUtc(value: string): number | null {
    if (value === "") return null;
    const ms = Date.parse(value.length === 16 ? `${value}:00Z` : `${value}Z`);
    return Number.isNaN(ms) ? null : ms / 1000;
}

function formatUtc(seconds: number): string {
    return new Date(Math.round(seconds) * 1000).toISOString().slice(0, 19);
}

export function initExplore(): void {
    const form = document.querySelector<HTMLFormElement>("form[data-explore]");
    if (form === null) {
        return;
    }
    const editor = new PromqlEditor(byId<HTMLTextAreaElement>("explore-query"), form.querySelector<HTMLElement>("[data-highlight]")!);
    const complete = new Autocomplete(editor, byId<HTMLUListElement>("explore-suggestions"));
    const rangeSelect = byId<HTMLSelectElement>("explore-range");
    const fromInput = byId<HTMLInputElement>("explore-from");
    const toInput = byId<HTMLInputElement>("explore-to");
    const stepInput = byId<HTMLInputElement>("explore-step");
    const tabInput = form.querySelector<HTMLInputElement>("[data-tab-input]")!;
    const errorBox = byId<HTMLElement>("explore-error");
    const status = byId<HTMLElement>("explore-status");
    const capNote = byId<HTMLElement>("explore-cap");
    const histogramNote = byId<HTMLElement>("explore-histograms");
    const historyList = byId<HTMLOListElement>("explore-history");
    const historyEmpty = byId<HTMLElement>("explore-history-empty");
    const chart = new RangeChart(byId<HTMLElement>("explore-chart"), (from, to) => {
        rangeSelect.value = "custom";
        fromInput.value = formatUtc(Math.floor(from));
        toInput.value = formatUtc(Math.ceil(to));
        showAbsolute();
        void run();
    });
    const table = new ResultTable(byId<HTMLElement>("explore-table-body"));
    let tab: Tab = tabInput.value === "table" ? "table" : "graph";
    let inFlight: AbortController | null = null;

    const showAbsolute = (): void => {
        for (const field of form.querySelectorAll<HTMLElement>("[data-absolute]")) {
            field.hidden = rangeSelect.value !== "custom";
        }
    };

    const range = (): { start: number; end: number } | string => {
        if (rangeSelect.value === "custom") {
            const start = parseUtc(fromInput.value);
            const end = parseUtc(toInput.value);
            if (start === null || end === null) return "Pick both a start and an end for the absolute range.";
            if (end <= start) return "The end of the range must be after its start.";
            return { start, end };
        }
        const end = Math.floor(Date.now() / 1000);
        return { start: end - (relativeRanges[rangeSelect.value] ?? 3600), end };
    };

    const showError = (message: string | null): void => {
        errorBox.hidden = message === null;
        errorBox.textContent = message ?? "";
        editor.textarea.setAttribute("aria-invalid", message === null ? "false" : "true");
        // Prometheus puts the position first: "1:5: parse error: ...".
        const position = message === null ? null : /^(\d+):(\d+):/.exec(message);
        editor.setError(position ? Number(position[1]) : null, position ? Number(position[2]) : 1);
    };

    const writeUrl = (): void => {
        const params = new URLSearchParams();
        params.set("query", editor.value);
        params.set("range", rangeSelect.value);
        if (rangeSelect.value === "custom") {
            params.set("from", fromInput.value);
            params.set("to", toInput.value);
        }
        if (stepInput.value.trim() !== "") params.set("step", stepInput.value.trim());
        params.set("tab", tab);
        const url = `${location.pathname}?${params.toString()}`;
        if (url !== location.pathname + location.search) {
            history.replaceState(null, "", url);
        }
    };

    const renderHistory = (entries: HistoryEntry[]): void => {
        historyEmpty.hidden = entries.length > 0;
        historyList.replaceChildren(...entries.map((entry) => {
            const li = document.createElement("li");
            const button = document.createElement("button");
            button.type = "button";
            button.className = "history-query mono";
            button.textContent = entry.query;
            button.title = "Run this query again";
            button.addEventListener("click", () => {
                editor.value = entry.query;
                void run();
                editor.textarea.focus();
            });
            const when = document.createElement("time");
            when.className = "muted";
            when.dateTime = new Date(entry.at).toISOString();
            when.textContent = new Date(entry.at).toISOString().slice(0, 16).replace("T", " ") + " UTC";
            li.append(button, when);
            return li;
        }));
    };

    // A native histogram charted as one line loses its buckets: say so, and name the query that
    // charts what people usually want from one (a quantile).
    const showHistogramNote = (series: RangeSeries[]): void => {
        let histograms = 0;
        let name: string | null = null;
        for (const s of series) {
            if ((s.histograms?.length ?? 0) > 0) {
                histograms++;
                name ??= s.metric["__name__"] ?? null;
            }
        }
        histogramNote.hidden = histograms === 0;
        histogramNote.textContent = `${histograms.toLocaleString("en")} native-histogram series ${histograms === 1 ? "is" : "are"} charted by ${histograms === 1 ? "its" : "their"} observation count. `
            + `For latencies, chart a quantile: histogram_quantile(0.9, sum(rate(${name ?? "metric"}[5m]))).`;
    };

    const run = async (): Promise<void> => {
        complete.close();
        const query = editor.value.trim();
        if (query === "") {
            showError("Type a PromQL query first, for example up or rate(http_requests_total[5m]).");
            return;
        }
        const span = range();
        if (typeof span === "string") {
            showError(span);
            return;
        }
        const typedStep = stepInput.value.trim();
        const step = typedStep === "" ? Math.max(1, Math.floor((span.end - span.start) / 250)) : parseDuration(typedStep);
        writeUrl();
        inFlight?.abort();
        const controller = new AbortController();
        inFlight = controller;
        status.textContent = "Running…";
        form.setAttribute("aria-busy", "true");
        const began = performance.now();
        try {
            let summary: string;
            let warnings: string[];
            if (tab === "graph") {
                if (step === null || step <= 0) {
                    throw new ApiError("bad_data", `The step "${typedStep}" is not a duration: use e.g. 15s, 1m or a number of seconds.`);
                }
                const params = new URLSearchParams({ query, start: String(span.start), end: String(span.end), step: typedStep === "" ? String(step) : typedStep });
                const answer = await get<{ resultType: "matrix"; result: RangeSeries[] }>("/api/v1/query_range", params, controller.signal);
                warnings = answer.warnings;
                const series = answer.data.result;
                const drawn = chart.draw({ start: span.start, end: span.end, step, series });
                capNote.hidden = series.length <= maxDrawnSeries;
                capNote.textContent = `Showing ${drawn} of ${series.length.toLocaleString("en")} series: drawing them all would make the page unresponsive. `
                    + "Narrow the query (for example topk(10, …) or a label matcher), or open the Table view, which lists every series.";
                showHistogramNote(series);
                summary = `${series.length.toLocaleString("en")} series · step ${typedStep === "" ? `${step}s (auto)` : typedStep}`;
                if (drawn > 0) {
                    // Exemplars are extra: a failure to fetch them leaves the chart as it is.
                    const exemplars = await fetchExemplars(query, span, controller.signal);
                    chart.showExemplars(exemplars);
                    if (exemplars.length > 0) {
                        summary += ` · ${exemplars.length.toLocaleString("en")} exemplar${exemplars.length === 1 ? "" : "s"}`;
                    }
                }
            } else {
                const params = new URLSearchParams({ query, time: String(span.end) });
                const answer = await get<QueryData>("/api/v1/query", params, controller.signal);
                warnings = answer.warnings;
                table.show(answer.data);
                summary = answer.data.resultType === "vector" || answer.data.resultType === "matrix"
                    ? `${answer.data.result.length.toLocaleString("en")} series`
                    : answer.data.resultType;
            }
            showError(null);
            status.textContent = `${summary} · ${Math.round(performance.now() - began)} ms` + (warnings.length > 0 ? ` · warning: ${warnings.join("; ")}` : "");
            renderHistory(addHistory(query, Date.now()));
        } catch (e) {
            if (e instanceof DOMException && e.name === "AbortError") {
                return;
            }
            const message = e instanceof Error ? e.message : String(e);
            showError(message);
            status.textContent = "Query failed";
            capNote.hidden = true;
            histogramNote.hidden = true;
            if (tab === "graph") chart.clear();
            else table.clear("The query failed: see the message above.");
        } finally {
            if (inFlight === controller) {
                inFlight = null;
                form.removeAttribute("aria-busy");
            }
        }
    };

    const selectTab = (next: Tab): void => {
        tab = next;
        tabInput.value = next;
        for (const button of document.querySelectorAll<HTMLButtonElement>("[data-tab]")) {
            const selected = button.dataset["tab"] === next;
            button.setAttribute("aria-selected", selected ? "true" : "false");
            button.tabIndex = selected ? 0 : -1;
        }
        byId("explore-graph").hidden = next !== "graph";
        byId("explore-table").hidden = next !== "table";
    };

    form.addEventListener("submit", (e) => {
        e.preventDefault();
        void run();
    });
    editor.textarea.addEventListener("keydown", (e) => {
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void run();
        }
    });
    rangeSelect.addEventListener("change", () => {
        if (rangeSelect.value === "custom" && (fromInput.value === "" || toInput.value === "")) {
            const end = Math.floor(Date.now() / 1000);
            fromInput.value = formatUtc(end - 3600);
            toInput.value = formatUtc(end);
        }
        showAbsolute();
        if (editor.value.trim() !== "") void run();
    });
    for (const button of document.querySelectorAll<HTMLButtonElement>("[data-tab]")) {
        button.addEventListener("click", () => {
            selectTab(button.dataset["tab"] === "table" ? "table" : "graph");
            if (editor.value.trim() !== "") void run();
            else writeUrl();
        });
    }
    document.addEventListener(themeChangeEvent, () => chart.redraw());

    selectTab(tab);
    showAbsolute();
    renderHistory(loadHistory());
    complete.prefetch();
    if (editor.value.trim() !== "") {
        void run();
    }
}
