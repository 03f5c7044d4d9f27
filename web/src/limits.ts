// The limits page (/limits): reads GET /api/nines/v1/limits with the session cookie and fills the
// server-rendered frame; admins save overrides with PUT (a JSON object of key to number, or null
// to go back to the default), which answers with the new view.

interface LimitView {
    key: string;
    value: number;
    default: number;
    overridden: boolean;
    description: string;
}

interface Rejection {
    signal: string;
    reason: string;
    count: number;
}

interface LimitsView {
    tenant: string;
    limits: LimitView[];
    usage: {
        active_series: number;
        samples_per_second: number;
        spans_per_second: number;
        logs_per_second: number;
        rejections: Rejection[];
    };
}

const endpoint = "/api/nines/v1/limits";

function text(tag: string, content: string, className?: string): HTMLElement {
    const element = document.createElement(tag);
    element.textContent = content;
    if (className !== undefined) {
        element.className = className;
    }
    return element;
}

function count(n: number): string {
    return n.toLocaleString("en-US", { maximumFractionDigits: n < 10 ? 2 : 0 });
}

function limitText(n: number): string {
    return n === 0 ? "unlimited" : count(n);
}

/** "of 10,000 (12%)" next to a usage number, or "(no limit)". */
function against(used: number, limit: number | undefined): string {
    if (limit === undefined || limit === 0) {
        return "(no limit)";
    }
    return `of ${count(limit)} (${Math.round((used / limit) * 100)}%)`;
}

/** A problem+json answer's detail, or a sentence about the status. */
async function problem(response: Response): Promise<string> {
    try {
        const body = (await response.json()) as { detail?: string; title?: string };
        return body.detail ?? body.title ?? `Nines answered ${response.status}.`;
    } catch {
        return `Nines answered ${response.status}.`;
    }
}

class LimitsPage {
    private readonly root: HTMLElement;
    private readonly admin: boolean;
    private readonly error: HTMLElement;
    private readonly saved: HTMLElement;
    private view: LimitsView | null = null;

    constructor(root: HTMLElement) {
        this.root = root;
        this.admin = root.dataset["admin"] === "true";
        this.error = root.querySelector<HTMLElement>("#limits-error")!;
        this.saved = root.querySelector<HTMLElement>("#limits-saved")!;
        root.querySelector<HTMLFormElement>("#limits-form")?.addEventListener("submit", (event) => {
            event.preventDefault();
            void this.save();
        });
    }

    async load(): Promise<void> {
        try {
            const response = await fetch(endpoint, { headers: { Accept: "application/json" }, credentials: "same-origin" });
            if (!response.ok) {
                this.fail(await problem(response));
                return;
            }
            this.render((await response.json()) as LimitsView);
        } catch {
            this.fail("Nines did not answer: check that the server is running and reload the page.");
        }
    }

    private async save(): Promise<void> {
        if (this.view === null) {
            return;
        }
        const changes: Record<string, number | null> = {};
        for (const input of this.root.querySelectorAll<HTMLInputElement>("input[data-limit]")) {
            const key = input.dataset["limit"]!;
            const current = this.view.limits.find((l) => l.key === key);
            const raw = input.value.trim();
            if (raw === "") {
                if (current?.overridden) {
                    changes[key] = null;
                }
                continue;
            }
            const value = Number(raw);
            if (!Number.isInteger(value) || value < 0) {
                this.fail(`${key}: enter a whole number, 0 for unlimited, or leave it empty for the default; got '${raw}'.`);
                input.focus();
                return;
            }
            if (!current?.overridden || current.value !== value) {
                changes[key] = value;
            }
        }
        if (Object.keys(changes).length === 0) {
            this.show(this.saved, "Nothing changed.");
            return;
        }
        try {
            const response = await fetch(endpoint, {
                method: "PUT",
                // The session cookie authenticates this call; Nines wants the CSRF header with it.
                headers: { Accept: "application/json", "Content-Type": "application/json", "X-Requested-With": "nines" },
                credentials: "same-origin",
                body: JSON.stringify(changes),
            });
            if (!response.ok) {
                this.fail(await problem(response));
                return;
            }
            this.render((await response.json()) as LimitsView);
            this.show(this.saved, `Saved: ${Object.keys(changes).join(", ")}. The change is in the audit log.`);
        } catch {
            this.fail("Nines did not answer: the overrides were not saved.");
        }
    }

    private render(view: LimitsView): void {
        this.view = view;
        this.error.hidden = true;
        const limit = (key: string): number | undefined => view.limits.find((l) => l.key === key)?.value;
        const usage = view.usage;
        this.set("usage-series", count(usage.active_series));
        this.set("usage-series-limit", against(usage.active_series, limit("max_active_series")));
        this.set("usage-samples", count(usage.samples_per_second));
        this.set("usage-samples-limit", against(usage.samples_per_second, limit("samples_per_second")));
        this.set("usage-spans", count(usage.spans_per_second));
        this.set("usage-spans-limit", against(usage.spans_per_second, limit("spans_per_second")));
        this.set("usage-logs", count(usage.logs_per_second));
        this.set("usage-logs-limit", against(usage.logs_per_second, limit("logs_per_second")));
        this.root.querySelector("#limits-usage")?.removeAttribute("aria-busy");

        const body = this.root.querySelector<HTMLTableSectionElement>("#limits-table tbody")!;
        body.replaceChildren();
        for (const l of view.limits) {
            const row = document.createElement("tr");
            row.dataset["limit"] = l.key;
            const name = document.createElement("td");
            name.append(text("code", l.key), text("div", l.description, "muted"));
            row.append(name, text("td", limitText(l.value), "num"), text("td", limitText(l.default), "num"));
            const source = document.createElement("td");
            source.append(l.overridden ? text("span", "override", "badge badge-warn") : text("span", "default", "badge"));
            row.append(source);
            if (this.admin) {
                const cell = document.createElement("td");
                const input = document.createElement("input");
                input.type = "number";
                input.min = "0";
                input.step = "1";
                input.inputMode = "numeric";
                input.dataset["limit"] = l.key;
                input.placeholder = "default";
                input.setAttribute("aria-label", `Override for ${l.key}`);
                input.value = l.overridden ? String(l.value) : "";
                cell.append(input);
                row.append(cell);
            }
            body.append(row);
        }

        const rejections = this.root.querySelector<HTMLTableSectionElement>("#rejections-table tbody")!;
        rejections.replaceChildren();
        if (usage.rejections.length === 0) {
            const row = document.createElement("tr");
            const empty = text("td", "Nothing refused since Nines started.", "empty");
            empty.setAttribute("colspan", "3");
            row.append(empty);
            rejections.append(row);
        }
        for (const r of usage.rejections) {
            const row = document.createElement("tr");
            row.dataset["reason"] = r.reason;
            row.append(text("td", r.signal), text("td", r.reason), text("td", count(r.count), "num"));
            rejections.append(row);
        }
    }

    private set(id: string, value: string): void {
        const element = this.root.querySelector<HTMLElement>(`#${id}`);
        if (element !== null) {
            element.textContent = value;
        }
    }

    private show(element: HTMLElement, message: string): void {
        element.replaceChildren(text("p", message));
        element.hidden = false;
    }

    private fail(message: string): void {
        this.saved.hidden = true;
        this.show(this.error, message);
    }
}

export function initLimits(): void {
    const root = document.querySelector<HTMLElement>("[data-limits]");
    if (root !== null) {
        void new LimitsPage(root).load();
    }
}
