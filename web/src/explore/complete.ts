// Autocomplete for the editor: metric names, functions and keywords where an expression goes;
// label names inside {…} and by/without/on/ignoring (…); label values after a matcher's operator.
// Names and values come from the Prometheus API and are cached for the page's life.
import { get } from "./api";
import type { PromqlEditor } from "./editor";
import { aggregations, functions, keywords, lex, type Token } from "./lexer";

type SuggestionKind = "metric" | "function" | "keyword" | "label" | "value";

interface Suggestion {
    text: string;
    kind: SuggestionKind;
}

interface Context {
    kind: "expr" | "label" | "value";
    /** The text being completed, replaced from from to to. */
    prefix: string;
    from: number;
    to: number;
    metric: string | null;
    label: string | null;
    /** A label value is inserted with quotes unless the user opened one. */
    quote: string | null;
}

const maxShown = 50;

function contextAt(text: string, caret: number): Context | null {
    const tokens = lex(text.slice(0, caret)).filter((t) => t.kind !== "comment");
    const last = tokens[tokens.length - 1];
    // Which { is open, and the metric name before it.
    let open = -1;
    let parenList = false;
    tokens.forEach((t, i) => {
        if (t.text === "{") open = i;
        if (t.text === "}") open = -1;
    });
    const significant = tokens.filter((t) => t.kind !== "space");
    const lastSig = significant[significant.length - 1];
    if (open < 0 && lastSig !== undefined) {
        // Inside by/without/on/ignoring ( … ): the lexer marks those names as labels.
        const lastParen = [...significant].reverse().find((t) => t.kind === "paren");
        const beforeParen = lastParen === undefined ? undefined : significant[significant.indexOf(lastParen) - 1];
        parenList = lastParen?.text === "(" && beforeParen?.kind === "keyword"
            && ["by", "without", "on", "ignoring", "group_left", "group_right"].includes(beforeParen.text.toLowerCase());
    }
    const metricBefore = (): string | null => {
        if (open < 0) return null;
        const before = tokens.slice(0, open).filter((t) => t.kind !== "space");
        const m = before[before.length - 1];
        return m?.kind === "metric" ? m.text : null;
    };
    const atEnd = (t: Token | undefined): boolean => t !== undefined && t.end === caret;

    if (open >= 0 || parenList) {
        if (last?.kind === "string" && atEnd(last) && open >= 0) {
            const quote = last.text[0] ?? '"';
            const closed = last.text.length > 1 && last.text.endsWith(quote);
            if (closed) return null;
            const op = significant[significant.length - 2];
            const label = significant[significant.length - 3];
            if (op?.kind !== "operator" || label?.kind !== "label") return null;
            return { kind: "value", prefix: last.text.slice(1), from: last.start + 1, to: caret, metric: metricBefore(), label: label.text, quote: null };
        }
        if (lastSig?.kind === "operator" && open >= 0 && ["=", "!=", "=~", "!~"].includes(lastSig.text)) {
            const label = significant[significant.length - 2];
            if (label?.kind !== "label") return null;
            return { kind: "value", prefix: "", from: caret, to: caret, metric: metricBefore(), label: label.text, quote: '"' };
        }
        if (last?.kind === "label" && atEnd(last)) {
            return { kind: "label", prefix: last.text, from: last.start, to: caret, metric: metricBefore(), label: null, quote: null };
        }
        if (lastSig !== undefined && ["{", ",", "("].includes(lastSig.text)) {
            return { kind: "label", prefix: "", from: caret, to: caret, metric: metricBefore(), label: null, quote: null };
        }
        return null;
    }
    if (last !== undefined && atEnd(last) && ["metric", "function", "keyword"].includes(last.kind)) {
        return { kind: "expr", prefix: last.text, from: last.start, to: caret, metric: null, label: null, quote: null };
    }
    return null;
}

export class Autocomplete {
    private readonly editor: PromqlEditor;
    private readonly list: HTMLUListElement;
    private readonly cache = new Map<string, Promise<string[]>>();
    private items: Suggestion[] = [];
    private active = 0;
    private context: Context | null = null;
    private sequence = 0;
    // The input event an accepted suggestion fires must not open the list again at once.
    private suppressNext = false;

    constructor(editor: PromqlEditor, list: HTMLUListElement) {
        this.editor = editor;
        this.list = list;
        const textarea = editor.textarea;
        textarea.addEventListener("input", () => {
            if (this.suppressNext) {
                this.suppressNext = false;
                return;
            }
            void this.update(false);
        });
        // Later, so a click on a suggestion lands first; and only if the focus did not come back
        // meanwhile, or a list opened right after refocusing would close under the user.
        textarea.addEventListener("blur", () => window.setTimeout(() => {
            if (document.activeElement !== textarea) {
                this.close();
            }
        }, 150));
        textarea.addEventListener("click", () => this.close());
        // Capture phase: the list's keys win over the page's (Ctrl+Enter runs, Enter picks).
        textarea.addEventListener("keydown", (e) => this.onKey(e), true);
        list.addEventListener("mousedown", (e) => {
            // Keep the focus in the textarea; the click picks.
            e.preventDefault();
            const li = (e.target as HTMLElement).closest<HTMLElement>("li[data-index]");
            if (li !== null) {
                this.accept(Number(li.dataset["index"]));
            }
        });
    }

    get isOpen(): boolean {
        return !this.list.hidden;
    }

    close(): void {
        this.list.hidden = true;
        this.items = [];
        this.editor.textarea.setAttribute("aria-expanded", "false");
        this.editor.textarea.removeAttribute("aria-activedescendant");
    }

    /** Loads metric names early, so the first suggestions come without a wait. */
    prefetch(): void {
        void this.values("__name__", null);
    }

    private onKey(e: KeyboardEvent): void {
        if (e.key === " " && e.ctrlKey) {
            e.preventDefault();
            void this.update(true);
            return;
        }
        if (!this.isOpen || e.ctrlKey || e.metaKey || e.altKey) {
            return;
        }
        switch (e.key) {
            case "ArrowDown":
                this.select(this.active + 1);
                break;
            case "ArrowUp":
                this.select(this.active - 1);
                break;
            case "Enter":
            case "Tab":
                this.accept(this.active);
                break;
            case "Escape":
                this.close();
                break;
            default:
                return;
        }
        e.preventDefault();
        e.stopPropagation();
    }

    private async update(explicit: boolean): Promise<void> {
        const textarea = this.editor.textarea;
        if (textarea.selectionStart !== textarea.selectionEnd) {
            this.close();
            return;
        }
        const caret = textarea.selectionStart;
        let context = contextAt(textarea.value, caret);
        if (context === null && explicit) {
            context = { kind: "expr", prefix: "", from: caret, to: caret, metric: null, label: null, quote: null };
        }
        if (context === null || (context.kind === "expr" && context.prefix === "" && !explicit)) {
            this.close();
            return;
        }
        const sequence = ++this.sequence;
        let candidates: Suggestion[];
        try {
            candidates = await this.candidates(context);
        } catch {
            // Suggestions are a convenience: a failed look-up leaves the editor as it is.
            candidates = [];
        }
        if (sequence !== this.sequence) {
            return;
        }
        const prefix = context.prefix.toLowerCase();
        const starts = candidates.filter((c) => c.text.toLowerCase().startsWith(prefix));
        const contains = prefix === "" ? [] : candidates.filter((c) => !c.text.toLowerCase().startsWith(prefix) && c.text.toLowerCase().includes(prefix));
        const items = [...starts, ...contains].filter((c) => c.text !== context.prefix || c.kind === "value").slice(0, maxShown);
        if (items.length === 0) {
            this.close();
            return;
        }
        this.context = context;
        this.items = items;
        this.render();
    }

    private async candidates(context: Context): Promise<Suggestion[]> {
        switch (context.kind) {
            case "expr": {
                const metrics = await this.values("__name__", null);
                return [
                    ...metrics.map((text) => ({ text, kind: "metric" as const })),
                    ...[...aggregations, ...functions].sort().map((text) => ({ text, kind: "function" as const })),
                    ...keywords.map((text) => ({ text, kind: "keyword" as const })),
                ];
            }
            case "label":
                return (await this.labels(context.metric)).filter((l) => l !== "__name__").map((text) => ({ text, kind: "label" as const }));
            case "value":
                return (await this.values(context.label ?? "", context.metric)).map((text) => ({ text, kind: "value" as const }));
        }
    }

    private labels(metric: string | null): Promise<string[]> {
        const key = `labels\u0000${metric ?? ""}`;
        return this.cached(key, async () => {
            const params = new URLSearchParams();
            if (metric !== null) params.append("match[]", metric);
            return (await get<string[]>("/api/v1/labels", params)).data;
        });
    }

    private values(label: string, metric: string | null): Promise<string[]> {
        const key = `values\u0000${label}\u0000${metric ?? ""}`;
        return this.cached(key, async () => {
            const params = new URLSearchParams();
            if (metric !== null) params.append("match[]", metric);
            return (await get<string[]>(`/api/v1/label/${encodeURIComponent(label)}/values`, params)).data;
        });
    }

    private cached(key: string, load: () => Promise<string[]>): Promise<string[]> {
        let promise = this.cache.get(key);
        if (promise === undefined) {
            promise = load();
            // A failure is not cached: the next keystroke asks again.
            promise.catch(() => this.cache.delete(key));
            this.cache.set(key, promise);
        }
        return promise;
    }

    private render(): void {
        const nodes = this.items.map((item, index) => {
            const li = document.createElement("li");
            li.id = `explore-suggestion-${index}`;
            li.role = "option";
            li.dataset["index"] = String(index);
            li.dataset["kind"] = item.kind;
            const text = document.createElement("span");
            text.className = "suggestion-text";
            text.textContent = item.text;
            const kind = document.createElement("span");
            kind.className = "suggestion-kind";
            kind.textContent = item.kind;
            li.append(text, kind);
            return li;
        });
        this.list.replaceChildren(...nodes);
        const position = this.editor.caretPosition();
        this.list.style.left = `${Math.max(0, position.left - 12)}px`;
        this.list.style.top = `${position.top + 4}px`;
        this.list.hidden = false;
        this.editor.textarea.setAttribute("aria-expanded", "true");
        this.select(0);
    }

    private select(index: number): void {
        if (this.items.length === 0) return;
        this.active = (index + this.items.length) % this.items.length;
        for (const li of this.list.children) {
            li.setAttribute("aria-selected", li.id === `explore-suggestion-${this.active}` ? "true" : "false");
        }
        const current = this.list.children[this.active] as HTMLElement | undefined;
        current?.scrollIntoView({ block: "nearest" });
        this.editor.textarea.setAttribute("aria-activedescendant", `explore-suggestion-${this.active}`);
    }

    private accept(index: number): void {
        const item = this.items[index];
        const context = this.context;
        if (item === undefined || context === null) return;
        const textarea = this.editor.textarea;
        const text = textarea.value;
        let insert = item.text;
        if (item.kind === "value") {
            // Escape as a Go/PromQL double-quoted string, and close the quote.
            const escaped = JSON.stringify(item.text).slice(1, -1);
            insert = context.quote === null ? `${escaped}"` : `"${escaped}"`;
            if (context.quote === null && text[context.to] === '"') {
                insert = escaped;
            }
        } else if (item.kind === "function" && text[context.to] !== "(") {
            insert = `${item.text}(`;
        }
        textarea.value = text.slice(0, context.from) + insert + text.slice(context.to);
        const caret = context.from + insert.length + (context.quote === null && item.kind === "value" && text[context.to] === '"' ? 1 : 0);
        textarea.setSelectionRange(caret, caret);
        this.close();
        this.suppressNext = true;
        textarea.dispatchEvent(new Event("input"));
    }
}
