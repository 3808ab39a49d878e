import { Canvas, type Rgb } from './png.ts';

export interface HourlyPoint {
  hourStart: string;
  negative: number;
  usualNegative: number;
}

const RED: [number, number, number] = [214, 48, 49];
const GREY: [number, number, number] = [99, 110, 114];
const GRID: [number, number, number] = [223, 230, 233];
const AXIS: [number, number, number] = [45, 52, 54];

/**
 * The last 24 hours of negative mentions: one red bar per hour, the usual level as a grey tick on
 * each bar, a light grid every quarter of the scale and a mark every six hours. No text in the image
 * (the email says the numbers), so it needs no font.
 */
export function negativeMentionsChart(hours: readonly HourlyPoint[], width = 600, height = 220): Uint8Array {
  const canvas = new Canvas(width, height);
  const margin = { left: 12, right: 12, top: 12, bottom: 18 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const max = Math.max(1, ...hours.map((hour) => Math.max(hour.negative, hour.usualNegative)));
  const scale = plotHeight / (max * 1.1);
  const baseline = margin.top + plotHeight;

  for (let quarter = 1; quarter <= 4; quarter++) {
    canvas.fillRect(margin.left, baseline - (plotHeight * quarter) / 4, plotWidth, 1, GRID);
  }
  const slot = plotWidth / Math.max(hours.length, 1);
  hours.forEach((hour, index) => {
    const x = margin.left + index * slot;
    const barHeight = hour.negative * scale;
    canvas.fillRect(x + slot * 0.15, baseline - barHeight, slot * 0.7, barHeight, RED);
    canvas.fillRect(x + slot * 0.05, baseline - hour.usualNegative * scale - 1, slot * 0.9, 3, GREY);
    if (new Date(hour.hourStart).getUTCHours() % 6 === 0) canvas.fillRect(x, baseline + 2, 2, 8, AXIS);
  });
  canvas.fillRect(margin.left, baseline, plotWidth, 2, AXIS);
  return canvas.toPng();
}

// Charts of the monthly report. Few words, drawn in the pixel font: axis values, days, networks.
const BLUE: Rgb = [116, 185, 255];
const DARK_BLUE: Rgb = [9, 132, 227];
const ORANGE: Rgb = [225, 112, 85];
const GREEN: Rgb = [0, 184, 148];
const LIGHT_GREY: Rgb = [178, 190, 195];
const TEXT: Rgb = [45, 52, 54];

/** How the caller writes numbers on the axes (language, units). */
export interface ChartFormat {
  count(value: number): string;
  percent(value: number): string;
}

/** A round step for four grid lines covering `max` (1, 2, 2.5 or 5 × 10ⁿ). */
export function niceStep(max: number): number {
  if (!(max > 0)) return 0.25;
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((step) => step >= rough)!;
}

interface Plot {
  left: number;
  top: number;
  width: number;
  height: number;
  bottom: number;
}

function plotArea(
  width: number,
  height: number,
  margin: { left: number; right: number; top: number; bottom: number },
): Plot {
  const plot = {
    left: margin.left,
    top: margin.top,
    width: width - margin.left - margin.right,
    height: height - margin.top - margin.bottom,
  };
  return { ...plot, bottom: plot.top + plot.height };
}

/** Four grid lines, labelled on the left (and on the right when a second scale is given). */
function grid(
  canvas: Canvas,
  plot: Plot,
  left: { step: number; label: (value: number) => string },
  right?: { step: number; label: (value: number) => string; color: Rgb },
): void {
  for (let quarter = 0; quarter <= 4; quarter++) {
    const y = plot.bottom - (plot.height * quarter) / 4;
    if (quarter) canvas.fillRect(plot.left, y, plot.width, 1, GRID);
    const leftLabel = left.label(left.step * quarter);
    canvas.text(plot.left - 6 - Canvas.textWidth(leftLabel), y - 3, leftLabel, TEXT);
    if (right) canvas.text(plot.left + plot.width + 6, y - 3, right.label(right.step * quarter), right.color);
  }
  canvas.fillRect(plot.left, plot.bottom, plot.width, 2, AXIS);
}

/** Day numbers under the slots: the 1st, every 5th day and the last (unless too close to the 25th). */
function dayLabels(canvas: Canvas, plot: Plot, days: number): void {
  const slot = plot.width / days;
  const labelled = [1, 5, 10, 15, 20, 25, days].filter(
    (day, index, all) => day <= days && (index === 0 || day - all[index - 1]! >= 3),
  );
  for (const day of labelled) {
    const center = plot.left + (day - 0.5) * slot;
    canvas.fillRect(center, plot.bottom + 2, 1, 3, AXIS);
    canvas.text(center - Canvas.textWidth(String(day)) / 2, plot.bottom + 7, String(day), TEXT);
  }
}

export interface DailyReachPoint {
  reach: number | null;
  engagementRateByReach: number | null;
}

/** Reach per day (light bars, left scale) and engagement rate by reach (dark line, right scale). */
export function reachAndEngagementChart(
  days: readonly DailyReachPoint[],
  format: ChartFormat,
  width = 600,
  height = 240,
): Uint8Array {
  const canvas = new Canvas(width, height);
  const plot = plotArea(width, height, { left: 52, right: 52, top: 12, bottom: 20 });
  const reachStep = niceStep(Math.max(...days.map((day) => day.reach ?? 0)));
  const rateStep = niceStep(Math.max(...days.map((day) => day.engagementRateByReach ?? 0)));
  grid(
    canvas,
    plot,
    { step: reachStep, label: format.count },
    { step: rateStep, label: format.percent, color: DARK_BLUE },
  );
  const slot = plot.width / Math.max(days.length, 1);
  const y = (value: number, step: number) => plot.bottom - (value / (step * 4)) * plot.height;
  days.forEach((day, index) => {
    if (!day.reach) return;
    const top = y(day.reach, reachStep);
    canvas.fillRect(plot.left + index * slot + slot * 0.15, top, slot * 0.7, plot.bottom - top, BLUE);
  });
  let previous: { x: number; y: number } | undefined;
  days.forEach((day, index) => {
    if (day.engagementRateByReach === null) {
      previous = undefined;
      return;
    }
    const point = { x: plot.left + (index + 0.5) * slot, y: y(day.engagementRateByReach, rateStep) };
    if (previous) canvas.line(previous.x, previous.y, point.x, point.y, DARK_BLUE, 2);
    canvas.fillRect(point.x - 2, point.y - 2, 5, 5, DARK_BLUE);
    previous = point;
  });
  canvas.fillRect(plot.left, plot.bottom, plot.width, 2, AXIS);
  dayLabels(canvas, plot, days.length);
  return canvas.toPng();
}

export interface SentimentPoint {
  negativeMentions: number;
  neutralMentions: number;
  positiveMentions: number;
}

/** The sentiment mix of each day as a 100 % bar: negative (red, bottom), neutral (grey), positive (green). */
export function sentimentMixChart(
  days: readonly SentimentPoint[],
  format: ChartFormat,
  width = 600,
  height = 200,
): Uint8Array {
  const canvas = new Canvas(width, height);
  const plot = plotArea(width, height, { left: 40, right: 12, top: 12, bottom: 20 });
  grid(canvas, plot, { step: 25, label: format.percent });
  const slot = plot.width / Math.max(days.length, 1);
  days.forEach((day, index) => {
    const total = day.negativeMentions + day.neutralMentions + day.positiveMentions;
    if (!total) return;
    let bottom = plot.bottom;
    for (const [count, color] of [
      [day.negativeMentions, RED],
      [day.neutralMentions, LIGHT_GREY],
      [day.positiveMentions, GREEN],
    ] as const) {
      const h = (count / total) * plot.height;
      canvas.fillRect(plot.left + index * slot + slot * 0.1, bottom - h, slot * 0.8, h, color);
      bottom -= h;
    }
  });
  canvas.fillRect(plot.left, plot.bottom, plot.width, 2, AXIS);
  dayLabels(canvas, plot, days.length);
  return canvas.toPng();
}

export interface NetworkPoint {
  network: string;
  reach: number;
  engagementRateByReach: number | null;
}

/** Per network: reach (light bar, own scale) and engagement rate by reach (orange bar, own scale), values on top. */
export function networkComparisonChart(
  networks: readonly NetworkPoint[],
  format: ChartFormat,
  width = 600,
  height = 240,
): Uint8Array {
  const canvas = new Canvas(width, height);
  const plot = plotArea(width, height, { left: 12, right: 12, top: 22, bottom: 22 });
  const maxReach = Math.max(1, ...networks.map((network) => network.reach));
  const maxRate = Math.max(0.01, ...networks.map((network) => network.engagementRateByReach ?? 0));
  const group = plot.width / Math.max(networks.length, 1);
  const barWidth = Math.min(60, group * 0.32);
  networks.forEach((network, index) => {
    const center = plot.left + (index + 0.5) * group;
    const bars = [
      {
        value: network.reach,
        height: (network.reach / maxReach) * plot.height,
        color: BLUE,
        label: format.count(network.reach),
      },
      {
        value: network.engagementRateByReach ?? 0,
        height: ((network.engagementRateByReach ?? 0) / maxRate) * plot.height,
        color: ORANGE,
        label: network.engagementRateByReach === null ? '-' : format.percent(network.engagementRateByReach),
      },
    ];
    bars.forEach((bar, barIndex) => {
      const x = center + (barIndex === 0 ? -barWidth - 2 : 2);
      canvas.fillRect(x, plot.bottom - bar.height, barWidth, bar.height, bar.color);
      canvas.text(
        x + barWidth / 2 - Canvas.textWidth(bar.label) / 2,
        plot.bottom - bar.height - 10,
        bar.label,
        TEXT,
      );
    });
    canvas.text(center - Canvas.textWidth(network.network) / 2, plot.bottom + 8, network.network, TEXT);
  });
  canvas.fillRect(plot.left, plot.bottom, plot.width, 2, AXIS);
  return canvas.toPng();
}

/**
 * Engagement by hour of the week: 7 rows (Monday first) × 24 hours, darker = more; the best slots
 * framed in orange. `weekdays` are the row labels in the client's language.
 */
export function hourOfWeekHeatmap(
  scores: readonly number[],
  weekdays: readonly string[],
  best: readonly number[],
  width = 600,
  height = 230,
): Uint8Array {
  const canvas = new Canvas(width, height);
  const plot = plotArea(width, height, { left: 40, right: 8, top: 8, bottom: 22 });
  const cellWidth = plot.width / 24;
  const cellHeight = plot.height / 7;
  const max = Math.max(...scores, 0);
  for (let slot = 0; slot < 168; slot++) {
    const share = max > 0 ? (scores[slot] ?? 0) / max : 0;
    const color: Rgb = [
      Math.round(245 + (DARK_BLUE[0] - 245) * share),
      Math.round(246 + (DARK_BLUE[1] - 246) * share),
      Math.round(250 + (DARK_BLUE[2] - 250) * share),
    ];
    const x = plot.left + (slot % 24) * cellWidth;
    const y = plot.top + Math.floor(slot / 24) * cellHeight;
    canvas.fillRect(x + 1, y + 1, cellWidth - 2, cellHeight - 2, color);
  }
  for (const slot of best) {
    const x = plot.left + (slot % 24) * cellWidth;
    const y = plot.top + Math.floor(slot / 24) * cellHeight;
    for (const [dx, dy, w, h] of [
      [0, 0, cellWidth, 2],
      [0, cellHeight - 2, cellWidth, 2],
      [0, 0, 2, cellHeight],
      [cellWidth - 2, 0, 2, cellHeight],
    ] as const)
      canvas.fillRect(x + dx, y + dy, w, h, ORANGE);
  }
  for (const [row, label] of weekdays.entries()) {
    canvas.text(
      plot.left - 6 - Canvas.textWidth(label),
      plot.top + (row + 0.5) * cellHeight - 3,
      label,
      TEXT,
    );
  }
  for (let hour = 0; hour < 24; hour += 3) {
    const label = `${hour}H`;
    canvas.text(plot.left + hour * cellWidth + 2, plot.bottom + 7, label, TEXT);
  }
  return canvas.toPng();
}
