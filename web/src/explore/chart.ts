// The range-query chart: uPlot, one line per series, time in UTC. Drawing thousands of lines (and
// a legend row for each, updated on every mouse move) would freeze the page, so at most
// maxDrawnSeries are drawn and the page says how many were left out. A native-histogram series is
// drawn as its observation count per step (the legend says so): its buckets do not fit one line.
import uPlot from "uplot";
import { type RangeSeries, sampleValue, seriesName } from "./api";
import { drawExemplars, type ExemplarPoint, yRangeWith } from "./exemplars";

export const maxDrawnSeries = 100;

export interface RangeResult {
    start: number;
    end: number;
    step: number;
    series: RangeSeries[];
    /** Exemplars of the drawn range, shown as dots that open their trace. */
    exemplars?: ExemplarPoint[];
}

function cssColor(host: HTMLElement, className: string): string {
    const probe = document.createElement("span");
    probe.className = className;
    probe.hidden = true;
    host.append(probe);
    const color = getComputedStyle(probe).color;
    probe.remove();
    return color;
}

/** Distinct hues for many lines: the golden angle spreads neighbours apart. */
function seriesColor(index: number, dark: boolean): string {
    const hue = (index * 137.508 + 210) % 360;
    return dark ? `hsl(${hue.toFixed(1)} 70% 62%)` : `hsl(${hue.toFixed(1)} 75% 40%)`;
}

const pad = (n: number): string => String(n).padStart(2, "0");

/** Axis ticks in UTC, 24-hour, as precise as the tick spacing needs: "11-25", "21:40", "21:40:30". */
function tickLabel(ts: number, increment: number): string {
    const d = new Date(ts * 1000);
    const date = `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
    if (increment >= 86400 || (d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0)) {
        return date;
    }
    return increment < 60 ? `${time}:${pad(d.getUTCSeconds())}` : time;
}

/** The legend's time: "2026-11-25 21:40:30 UTC". */
function stamp(ts: number): string {
    return `${new Date(Math.round(ts) * 1000).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

export function formatValue(v: number | null | undefined): string {
    if (v === null || v === undefined) {
        return "—";
    }
    if (!Number.isFinite(v)) {
        return Number.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";
    }
    const abs = Math.abs(v);
    if (abs !== 0 && (abs >= 1e9 || abs < 1e-3)) {
        return v.toExponential(3);
    }
    return String(Number.parseFloat(v.toPrecision(6)));
}

export class RangeChart {
    private readonly host: HTMLElement;
    private readonly onZoom: (from: number, to: number) => void;
    private plot: uPlot | null = null;
    private last: RangeResult | null = null;
    private resize: ResizeObserver;

    constructor(host: HTMLElement, onZoom: (from: number, to: number) => void) {
        this.host = host;
        this.onZoom = onZoom;
        this.resize = new ResizeObserver(() => {
            if (this.plot !== null && Math.abs(this.host.clientWidth - this.plot.width) > 1) {
                this.plot.setSize({ width: this.width(), height: this.plot.height });
            }
        });
        this.resize.observe(host);
    }

    /** Draws the result; returns how many series were drawn. */
    draw(result: RangeResult): number {
        this.last = result;
        this.plot?.destroy();
        this.plot = null;
        this.host.replaceChildren();
        const count = Math.floor((result.end - result.start) / result.step) + 1;
        const x = new Array<number>(count);
        for (let i = 0; i < count; i++) {
            x[i] = result.start + i * result.step;
        }
        const drawn = result.series.slice(0, maxDrawnSeries);
        const exemplars = result.exemplars ?? [];
        const columns: (number | null)[][] = drawn.map((s) => {
            const column = new Array<number | null>(count).fill(null);
            const put = (t: number, text: string): void => {
                const index = Math.round((t - result.start) / result.step);
                const value = sampleValue(text);
                if (index >= 0 && index < count && Number.isFinite(value)) {
                    column[index] = value;
                }
            };
            // A series that switched type has both lists; a step holds one or the other, so
            // writing both into the column keeps time order.
            for (const [t, v] of s.values ?? []) {
                put(t, v);
            }
            for (const [t, h] of s.histograms ?? []) {
                put(t, h.count);
            }
            return column;
        });
        if (drawn.length === 0) {
            const empty = document.createElement("p");
            empty.className = "empty";
            empty.textContent = "No data: the query matched no series in this range.";
            this.host.append(empty);
            return 0;
        }
        const dark = matchMedia("(prefers-color-scheme: dark)").matches && document.documentElement.dataset["theme"] !== "light"
            || document.documentElement.dataset["theme"] === "dark";
        const axis = cssColor(this.host, "chart-axis");
        const grid = cssColor(this.host, "chart-grid");
        const axisStyle = { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
        const options: uPlot.Options = {
            width: this.width(),
            height: 320,
            tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
            cursor: {
                drag: { x: true, y: false, setScale: false },
                // Hover points for every line cost a draw each per mouse move; the legend shows the values.
                points: { show: drawn.length <= 20 },
                focus: { prox: 16 },
            },
            focus: { alpha: 0.35 },
            legend: { show: true, live: true },
            scales: {
                x: { time: true, range: [result.start, result.end] },
                ...(exemplars.length > 0 ? { y: { range: yRangeWith(exemplars) } } : {}),
            },
            axes: [
                { ...axisStyle, values: (_u, splits, _axis, _space, increment) => splits.map((ts) => tickLabel(ts, increment)) },
                { ...axisStyle, size: 64, values: (_u, splits) => splits.map((v) => formatValue(v)) },
            ],
            series: [
                { label: "Time", value: (_u: uPlot, ts: number | null) => (ts == null ? "—" : stamp(ts)) },
                ...drawn.map((s, i) => ({
                    label: (s.histograms?.length ?? 0) > 0 ? `${seriesName(s.metric)} (histogram count)` : seriesName(s.metric),
                    stroke: seriesColor(i, dark),
                    width: 1.25,
                    points: { show: false },
                    spanGaps: false,
                    value: (_u: uPlot, v: number | null) => formatValue(v),
                })),
            ],
            hooks: {
                draw: [(u) => drawExemplars(u, exemplars)],
                setSelect: [
                    (u) => {
                        if (u.select.width < 4) {
                            return;
                        }
                        const from = u.posToVal(u.select.left, "x");
                        const to = u.posToVal(u.select.left + u.select.width, "x");
                        u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
                        this.onZoom(from, to);
                    },
                ],
            },
        };
        this.plot = new uPlot(options, [x, ...columns] as uPlot.AlignedData, this.host);
        return drawn.length;
    }

    /** Adds exemplar dots to the chart drawn last (they arrive after the lines). */
    showExemplars(exemplars: ExemplarPoint[]): void {
        if (this.last !== null && exemplars.length > 0) {
            this.draw({ ...this.last, exemplars });
        }
    }

    /** Draws the last result again (colours come from CSS: a theme change redraws). */
    redraw(): void {
        if (this.last !== null) {
            this.draw(this.last);
        }
    }

    clear(): void {
        this.plot?.destroy();
        this.plot = null;
        this.last = null;
        this.host.replaceChildren();
    }

    private width(): number {
        return Math.max(300, this.host.clientWidth);
    }
}
