// Loaded as a classic, blocking script in <head>: applies the stored theme before the first paint,
// so a page never flashes the other colour scheme. Without a stored choice the page follows
// prefers-color-scheme (see the CSS). The toggle itself lives in theme-toggle.ts.
try {
    const stored = localStorage.getItem("nines-theme");
    if (stored === "light" || stored === "dark") {
        document.documentElement.dataset["theme"] = stored;
    }
} catch {
    // Storage can be unavailable (privacy settings); the system preference still applies.
}
