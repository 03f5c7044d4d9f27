// Charts are islands: the server renders a <figure data-chart='{"x":...}'> holding its data as
// JSON (and a text summary for readers without JavaScript); this draws the data with uPlot.
import uPlot from "uplot";
import { themeChangeEvent } from "./theme-toggle";

/** The JSON a page puts in the figure's data-chart attribute. */
interface ChartData {
    /** Bucket start times, Unix seconds, ascending. */
    x: number[];
    series: { label: string; values: (number | null)[] }[];
    /** What the y axis counts, for the axis label. */
    yLabel: string;
}

interface Drawn {
    figure: HTMLElement;
    plot: uPlot;
}

const drawn: Drawn[] = [];

/** The colour CSS gives a probe element, resolved to rgb(): custom properties may hold light-dark(). */
function cssColor(figure: HTMLElement, className: string): string {
    const probe = document.createElement("span");
    probe.className = className;
    probe.hidden = true;
    figure.append(probe);
    const color = getComputedStyle(probe).color;
    probe.remove();
    return color;
}

const pad = (n: number): string => String(n).padStart(2, "0");

/** Axis ticks in UTC, 24-hour: "11-25" at midnight, "06:00" otherwise. */
function tick(ts: number): string {
    const d = new Date(ts * 1000);
    return d.getUTCHours() === 0 && d.getUTCMinutes() === 0
        ? `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
        : `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** The legend's time: "2025-11-25 18:00 UTC". */
function stamp(ts: number): string {
    const d = new Date(ts * 1000);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

function options(figure: HTMLElement, data: ChartData, width: number): uPlot.Options {
    const line = cssColor(figure, "chart-line");
    const fill = cssColor(figure, "chart-fill");
    const axis = cssColor(figure, "chart-axis");
    const grid = cssColor(figure, "chart-grid");
    const bars = uPlot.paths.bars;
    const step = data.x.length > 1 ? (data.x[1] ?? 0) - (data.x[0] ?? 0) : 3600;
    const axisStyle = { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    return {
        width,
        height: 180,
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
        scales: {
            // Each x starts a bucket: the axis runs to the end of the last one, so its bar shows.
            x: { time: true, range: (_u, min, max) => [min, max + step] },
            y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
        },
        axes: [
            { ...axisStyle, values: (_u, splits) => splits.map(tick) },
            { ...axisStyle, label: data.yLabel, size: 48, values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : "")) },
        ],
        series: [
            { label: "Hour", value: (_u, ts) => (ts == null ? "--" : stamp(ts)) },
            ...data.series.map((s) => ({
                label: s.label,
                stroke: line,
                fill,
                width: 0,
                ...(bars ? { paths: bars({ size: [0.8, 24], align: 1 }) } : {}),
                points: { show: false },
            })),
        ],
    };
}

function draw(figure: HTMLElement): void {
    const host = figure.querySelector<HTMLElement>("[data-chart-canvas]");
    if (host === null) {
        return;
    }
    const data = JSON.parse(figure.dataset["chart"] ?? "{}") as ChartData;
    const aligned: uPlot.AlignedData = [data.x, ...data.series.map((s) => s.values)];
    const existing = drawn.findIndex((d) => d.figure === figure);
    if (existing >= 0) {
        drawn[existing]?.plot.destroy();
        drawn.splice(existing, 1);
    }
    figure.classList.add("chart-drawn");
    host.replaceChildren();
    const plot = new uPlot(options(figure, data, Math.max(200, host.clientWidth)), aligned, host);
    drawn.push({ figure, plot });
}

export function initCharts(): void {
    const figures = [...document.querySelectorAll<HTMLElement>("figure[data-chart]")];
    if (figures.length === 0) {
        return;
    }
    for (const figure of figures) {
        draw(figure);
    }
    // Colours come from CSS, so a theme change redraws; a resize only resizes.
    document.addEventListener(themeChangeEvent, () => figures.forEach(draw));
    const resize = new ResizeObserver(() => {
        for (const { figure, plot } of drawn) {
            const host = figure.querySelector<HTMLElement>("[data-chart-canvas]");
            if (host !== null && Math.abs(host.clientWidth - plot.width) > 1) {
                plot.setSize({ width: Math.max(200, host.clientWidth), height: plot.height });
            }
        }
    });
    for (const figure of figures) {
        resize.observe(figure);
    }
}
