// Small progressive enhancements. Every page works without them: forms post, links navigate.

/** A select with data-autosubmit submits its form on change; the form's fallback button is hidden. */
function initAutosubmit(): void {
    for (const select of document.querySelectorAll<HTMLSelectElement>("select[data-autosubmit]")) {
        const form = select.form;
        if (form === null) {
            continue;
        }
        for (const button of form.querySelectorAll<HTMLElement>("[data-autosubmit-fallback]")) {
            button.hidden = true;
        }
        select.addEventListener("change", () => form.requestSubmit());
    }
}

/** A form with data-confirm asks before it submits. */
function initConfirm(): void {
    for (const form of document.querySelectorAll<HTMLFormElement>("form[data-confirm]")) {
        form.addEventListener("submit", (event) => {
            if (!window.confirm(form.dataset["confirm"] ?? "Are you sure?")) {
                event.preventDefault();
            }
        });
    }
}

/** A button with data-copy="ID" copies the value (or text) of element ID to the clipboard. */
function initCopy(): void {
    for (const button of document.querySelectorAll<HTMLButtonElement>("button[data-copy]")) {
        const target = document.getElementById(button.dataset["copy"] ?? "");
        if (target === null || !navigator.clipboard) {
            continue;
        }
        button.hidden = false;
        const label = button.textContent ?? "Copy";
        button.addEventListener("click", async () => {
            const text = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement ? target.value : target.textContent ?? "";
            try {
                await navigator.clipboard.writeText(text.trim());
                button.textContent = "Copied";
            } catch {
                button.textContent = "Copy failed: select and copy by hand";
            }
            window.setTimeout(() => (button.textContent = label), 2000);
        });
    }
}

export function initEnhancements(): void {
    initAutosubmit();
    initConfirm();
    initCopy();
}
