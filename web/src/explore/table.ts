// The instant-query table: one row per series (labels, value), sortable by either column.
import { type QueryData, sampleValue, seriesName } from "./api";
import { formatValue } from "./chart";

interface Row {
    series: string;
    value: number;
    text: string;
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
                this.rows = data.result.map((s) => this.row(seriesName(s.metric), s.value[1]));
                this.at = data.result[0]?.value[0] ?? null;
                break;
            case "matrix":
                // A range selector at an instant: every sample of the window, newest last.
                this.rows = data.result.map((s) => ({
                    series: seriesName(s.metric),
                    value: sampleValue(s.values[s.values.length - 1]?.[1] ?? "NaN"),
                    text: s.values.map(([t, v]) => `${v} @${t}`).join("\n"),
                }));
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
        return { series, value: parsed, text: Number.isNaN(parsed) && value !== "NaN" ? value : formatValue(parsed) };
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
            tr.append(name, value);
            body.append(tr);
        }
        table.append(caption, head, body);
        this.host.replaceChildren(table);
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
