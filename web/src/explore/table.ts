// The instant-query table: one row per series (labels, value), sortable by either column. A
// native-histogram sample sorts by its observation count and lists its buckets in a <details>.
import { type QueryData, type VectorItem, sampleValue, seriesName } from "./api";
import { formatValue } from "./chart";
import { bucketLine, histogramSummary, timeline } from "./histogram";

interface Row {
    series: string;
    value: number;
    text: string;
    /** Bucket lines of the row's histogram samples, shown collapsed; empty for floats. */
    buckets: string[];
}

type SortKey = "series" | "value";

const maxRows = 10_000;

export class ResultTable {
    private readonly host: HTMLElement;
    private rows: Row[] = [];
    private sortKey: SortKey = "series";
    private descending = false;
    private total = 0;
    private at: number | null = null;

    constructor(host: HTMLElement) {
        this.host = host;
    }

    show(data: QueryData): void {
        this.at = null;
        switch (data.resultType) {
            case "vector":
                this.rows = data.result.map((s) => this.vectorRow(s));
                this.at = data.result[0]?.value?.[0] ?? data.result[0]?.histogram?.[0] ?? null;
                break;
            case "matrix":
                // A range selector at an instant: every sample of the window, newest last.
                this.rows = data.result.map((s) => {
                    const points = timeline(s);
                    const buckets: string[] = [];
                    for (const p of points) {
                        if (p.histogram !== null) {
                            buckets.push(`@${p.time}`, ...(p.histogram.buckets ?? []).map((b) => `  ${bucketLine(b)}`));
                        }
                    }
                    return {
                        series: seriesName(s.metric),
                        value: points[points.length - 1]?.value ?? Number.NaN,
                        text: points.map((p) => `${p.text} @${p.time}`).join("\n"),
                        buckets,
                    };
                });
                break;
            case "scalar":
            case "string":
                this.rows = [this.row(data.resultType, data.result[1])];
                this.at = data.result[0];
                break;
        }
        this.total = this.rows.length;
        this.sortKey = "series";
        this.descending = false;
        this.render();
    }

    clear(message: string): void {
        const p = document.createElement("p");
        p.className = "muted";
        p.textContent = message;
        this.host.replaceChildren(p);
    }

    private row(series: string, value: string): Row {
        const parsed = sampleValue(value);
        return { series, value: parsed, text: Number.isNaN(parsed) && value !== "NaN" ? value : formatValue(parsed), buckets: [] };
    }

    private vectorRow(item: VectorItem): Row {
        const series = seriesName(item.metric);
        if (item.histogram === undefined) {
            return this.row(series, item.value?.[1] ?? "NaN");
        }
        const h = item.histogram[1];
        return { series, value: sampleValue(h.count), text: histogramSummary(h), buckets: (h.buckets ?? []).map(bucketLine) };
    }

    private sort(): void {
        const dir = this.descending ? -1 : 1;
        if (this.sortKey === "series") {
            this.rows.sort((a, b) => dir * (a.series < b.series ? -1 : a.series > b.series ? 1 : 0));
        } else {
            // NaN sorts last either way: it is "no number", not a very small one.
            this.rows.sort((a, b) => {
                if (Number.isNaN(a.value) || Number.isNaN(b.value)) {
                    return Number.isNaN(a.value) ? (Number.isNaN(b.value) ? 0 : 1) : -1;
                }
                return dir * (a.value - b.value);
            });
        }
    }

    private render(): void {
        if (this.total === 0) {
            this.clear("No data: the query matched no series at this time.");
            return;
        }
        this.sort();
        const table = document.createElement("table");
        table.id = "explore-result-table";
        const caption = document.createElement("caption");
        caption.className = "muted";
        caption.textContent = `${this.total.toLocaleString("en")} result${this.total === 1 ? "" : "s"}`
            + (this.at !== null ? ` at ${new Date(this.at * 1000).toISOString().replace("T", " ").replace(".000Z", " UTC")}` : "")
            + (this.total > maxRows ? `; the first ${maxRows.toLocaleString("en")} are listed` : "");
        const head = document.createElement("thead");
        const headRow = document.createElement("tr");
        headRow.append(this.header("Series", "series"), this.header("Value", "value"));
        head.append(headRow);
        const body = document.createElement("tbody");
        for (const row of this.rows.slice(0, maxRows)) {
            const tr = document.createElement("tr");
            const name = document.createElement("td");
            name.className = "mono";
            name.textContent = row.series;
            const value = document.createElement("td");
            value.className = "num mono";
            value.textContent = row.text;
            if (row.buckets.length > 0) {
                value.append(this.bucketDetails(row.buckets));
            }
            tr.append(name, value);
            body.append(tr);
        }
        table.append(caption, head, body);
        this.host.replaceChildren(table);
    }

    private bucketDetails(lines: string[]): HTMLElement {
        const details = document.createElement("details");
        details.className = "histogram-buckets";
        const summary = document.createElement("summary");
        summary.textContent = "Buckets";
        const list = document.createElement("pre");
        list.textContent = lines.join("\n");
        details.append(summary, list);
        return details;
    }

    private header(label: string, key: SortKey): HTMLElement {
        const th = document.createElement("th");
        th.scope = "col";
        if (key === "value") {
            th.className = "num";
        }
        const active = this.sortKey === key;
        th.setAttribute("aria-sort", active ? (this.descending ? "descending" : "ascending") : "none");
        const button = document.createElement("button");
        button.type = "button";
        button.className = "link sort";
        button.dataset["sort"] = key;
        button.textContent = label + (active ? (this.descending ? " ▼" : " ▲") : "");
        button.addEventListener("click", () => {
            this.descending = this.sortKey === key ? !this.descending : key === "value";
            this.sortKey = key;
            this.render();
            this.host.querySelector<HTMLButtonElement>(`button[data-sort="${key}"]`)?.focus();
        });
        th.append(button);
        return th;
    }
}
