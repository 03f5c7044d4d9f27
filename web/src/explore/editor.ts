// The PromQL editor: a plain <textarea> (so typing, undo, selection and IME stay native) over a
// <pre> that shows the same text coloured by the lexer. The textarea's text is transparent and
// its caret visible; both scroll together. An error position from the server is drawn in the
// <pre> as a wavy underline, so it never changes what the user typed.
import { lex } from "./lexer";

export class PromqlEditor {
    readonly textarea: HTMLTextAreaElement;
    private readonly highlight: HTMLElement;
    private errorAt: number | null = null;

    constructor(textarea: HTMLTextAreaElement, highlight: HTMLElement) {
        this.textarea = textarea;
        this.highlight = highlight;
        textarea.closest("[data-editor]")?.classList.add("promql-editor-live");
        textarea.addEventListener("input", () => {
            // The marker points into the text as it was; after an edit it would point at the wrong place.
            this.errorAt = null;
            this.render();
        });
        textarea.addEventListener("scroll", () => {
            this.highlight.scrollTop = textarea.scrollTop;
            this.highlight.scrollLeft = textarea.scrollLeft;
        });
        this.render();
    }

    get value(): string {
        return this.textarea.value;
    }

    set value(text: string) {
        this.textarea.value = text;
        this.errorAt = null;
        this.render();
    }

    /** Marks line:column (1-based, as Prometheus reports them) of the text; null clears the marker. */
    setError(line: number | null, column = 1): void {
        if (line === null) {
            this.errorAt = null;
        } else {
            const lines = this.value.split("\n");
            let offset = 0;
            for (let l = 1; l < line && l <= lines.length; l++) {
                offset += (lines[l - 1]?.length ?? 0) + 1;
            }
            this.errorAt = Math.min(this.value.length, offset + Math.max(0, column - 1));
        }
        this.render();
    }

    /** The offset of the error marker, or null. */
    get errorOffset(): number | null {
        return this.errorAt;
    }

    render(): void {
        const text = this.value;
        const nodes: Node[] = [];
        for (const token of lex(text)) {
            const at = this.errorAt;
            if (at !== null && at >= token.start && at < token.end) {
                nodes.push(...this.span(token.kind, text.slice(token.start, at)));
                nodes.push(this.mark(text.slice(at, at + 1)));
                nodes.push(...this.span(token.kind, text.slice(at + 1, token.end)));
            } else {
                nodes.push(...this.span(token.kind, token.text));
            }
        }
        if (this.errorAt !== null && this.errorAt >= text.length) {
            // An error at the end ("unexpected end of input") marks the place after the last character.
            nodes.push(this.mark(" "));
        }
        // A trailing newline keeps the <pre> as tall as the textarea when the text ends with one.
        nodes.push(document.createTextNode("\n"));
        this.highlight.replaceChildren(...nodes);
        const rows = Math.min(12, Math.max(2, text.split("\n").length));
        this.textarea.rows = rows;
    }

    /** Where the caret is, relative to the editor box: for placing the suggestion list. */
    caretPosition(): { left: number; top: number } {
        const box = this.highlight.getBoundingClientRect();
        const caret = this.textarea.selectionStart;
        const walker = document.createTreeWalker(this.highlight, NodeFilter.SHOW_TEXT);
        let seen = 0;
        for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
            const length = node.textContent?.length ?? 0;
            if (caret <= seen + length && caret > 0 && caret - seen >= 1) {
                const range = document.createRange();
                range.setStart(node, caret - seen - 1);
                range.setEnd(node, caret - seen);
                const rect = range.getBoundingClientRect();
                return { left: rect.right - box.left - this.textarea.scrollLeft, top: rect.bottom - box.top - this.textarea.scrollTop };
            }
            seen += length;
        }
        return { left: 8, top: 28 };
    }

    private span(kind: string, text: string): Node[] {
        if (text === "") {
            return [];
        }
        if (kind === "space" || kind === "text") {
            return [document.createTextNode(text)];
        }
        const span = document.createElement("span");
        span.className = `tok-${kind}`;
        span.textContent = text;
        return [span];
    }

    private mark(text: string): HTMLElement {
        const mark = document.createElement("mark");
        mark.className = "promql-error-mark";
        mark.dataset["errorMark"] = "";
        mark.textContent = text;
        return mark;
    }
}
