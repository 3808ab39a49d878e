import { Canvas } from './png.ts';

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
