// Query history, kept in this browser's localStorage only: newest first, no duplicates, bounded.

const key = "nines.explore.history";
const limit = 50;

export interface HistoryEntry {
    query: string;
    /** When it last ran, Unix milliseconds. */
    at: number;
}

export function loadHistory(): HistoryEntry[] {
    try {
        const parsed = JSON.parse(localStorage.getItem(key) ?? "[]") as unknown;
        return Array.isArray(parsed)
            ? parsed.filter((e): e is HistoryEntry => typeof e?.query === "string" && typeof e?.at === "number")
            : [];
    } catch {
        return [];
    }
}

export function addHistory(query: string, at: number): HistoryEntry[] {
    const entries = [{ query, at }, ...loadHistory().filter((e) => e.query !== query)].slice(0, limit);
    try {
        localStorage.setItem(key, JSON.stringify(entries));
    } catch {
        // Storage full or turned off: history is a convenience, the query still runs.
    }
    return entries;
}
