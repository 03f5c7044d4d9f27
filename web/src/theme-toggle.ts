// The header's theme button cycles system -> light -> dark and stores the choice in localStorage.

export type ThemeChoice = "system" | "light" | "dark";

const storageKey = "nines-theme";
const order: readonly ThemeChoice[] = ["system", "light", "dark"];
const labels: Record<ThemeChoice, string> = { system: "Theme: system", light: "Theme: light", dark: "Theme: dark" };

/** Fired on document when the effective colour scheme may have changed (charts redraw). */
export const themeChangeEvent = "nines:themechange";

function current(): ThemeChoice {
    const value = document.documentElement.dataset["theme"];
    return value === "light" || value === "dark" ? value : "system";
}

function apply(choice: ThemeChoice): void {
    const root = document.documentElement;
    if (choice === "system") {
        delete root.dataset["theme"];
    } else {
        root.dataset["theme"] = choice;
    }
    try {
        if (choice === "system") {
            localStorage.removeItem(storageKey);
        } else {
            localStorage.setItem(storageKey, choice);
        }
    } catch {
        // Not stored; the choice still holds for this page.
    }
    document.dispatchEvent(new CustomEvent(themeChangeEvent));
}

export function initThemeToggle(): void {
    const buttons = document.querySelectorAll<HTMLButtonElement>("button[data-theme-toggle]");
    const render = (): void => {
        for (const button of buttons) {
            button.textContent = labels[current()];
        }
    };
    for (const button of buttons) {
        button.hidden = false;
        button.addEventListener("click", () => {
            const next = order[(order.indexOf(current()) + 1) % order.length] ?? "system";
            apply(next);
            render();
        });
    }
    render();
    window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => {
        document.dispatchEvent(new CustomEvent(themeChangeEvent));
    });
}
