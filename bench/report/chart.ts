/**
 * A dependency-free SVG scatter chart: time (log scale) against size, one marker per point,
 * one colour and shape per group, each point labelled. Made for the compression trade-off in
 * docs/benchmarks.md, where a table hides which choices are dominated.
 */

export interface ChartPoint {
  group: string;
  label: string;
  x: number;
  y: number;
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  points: ChartPoint[];
}

const W = 820;
const H = 520;
const M = { left: 80, right: 170, top: 50, bottom: 60 };
const STYLES = [
  { color: '#1f77b4', shape: 'circle' },
  { color: '#d62728', shape: 'square' },
  { color: '#2ca02c', shape: 'diamond' },
  { color: '#9467bd', shape: 'triangle' },
];

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function marker(shape: string, x: number, y: number, color: string): string {
  const r = 5;
  switch (shape) {
    case 'square':
      return `<rect x="${x - r}" y="${y - r}" width="${2 * r}" height="${2 * r}" fill="${color}"/>`;
    case 'diamond':
      return `<polygon points="${x},${y - r - 1} ${x + r + 1},${y} ${x},${y + r + 1} ${x - r - 1},${y}" fill="${color}"/>`;
    case 'triangle':
      return `<polygon points="${x},${y - r - 1} ${x + r + 1},${y + r} ${x - r - 1},${y + r}" fill="${color}"/>`;
    default:
      return `<circle cx="${x}" cy="${y}" r="${r}" fill="${color}"/>`;
  }
}

/** Powers of ten and their 2x/5x multiples inside [lo, hi]. */
function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= lo && v <= hi) ticks.push(v);
    }
  }
  return ticks;
}

function linearTicks(lo: number, hi: number, count = 6): number[] {
  const step0 = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? step0;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

export function renderScatterSvg(spec: ChartSpec): string {
  const xs = spec.points.map((p) => p.x);
  const ys = spec.points.map((p) => p.y);
  const xLo = Math.min(...xs) / 1.3;
  const xHi = Math.max(...xs) * 1.3;
  const yPad = (Math.max(...ys) - Math.min(...ys)) * 0.08 || 1;
  const yLo = Math.max(0, Math.min(...ys) - yPad);
  const yHi = Math.max(...ys) + yPad;
  const px = (x: number) =>
    M.left + ((Math.log10(x) - Math.log10(xLo)) / (Math.log10(xHi) - Math.log10(xLo))) * (W - M.left - M.right);
  const py = (y: number) => H - M.bottom - ((y - yLo) / (yHi - yLo)) * (H - M.top - M.bottom);
  const groups = [...new Set(spec.points.map((p) => p.group))];
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="24" text-anchor="middle" font-size="15">${escapeXml(spec.title)}</text>`,
  ];
  for (const t of logTicks(xLo, xHi)) {
    out.push(`<line x1="${px(t)}" y1="${M.top}" x2="${px(t)}" y2="${H - M.bottom}" stroke="#ddd"/>`);
    out.push(`<text x="${px(t)}" y="${H - M.bottom + 16}" text-anchor="middle">${t}</text>`);
  }
  for (const t of linearTicks(yLo, yHi)) {
    out.push(`<line x1="${M.left}" y1="${py(t)}" x2="${W - M.right}" y2="${py(t)}" stroke="#ddd"/>`);
    out.push(`<text x="${M.left - 6}" y="${py(t) + 4}" text-anchor="end">${t}</text>`);
  }
  out.push(
    `<rect x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" fill="none" stroke="#333"/>`,
  );
  out.push(
    `<text x="${(M.left + W - M.right) / 2}" y="${H - 18}" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`,
  );
  out.push(
    `<text transform="translate(20 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(spec.yLabel)}</text>`,
  );
  groups.forEach((group, i) => {
    const style = STYLES[i % STYLES.length]!;
    for (const p of spec.points.filter((q) => q.group === group)) {
      out.push(marker(style.shape, px(p.x), py(p.y), style.color));
      out.push(
        `<text x="${px(p.x) + 8}" y="${py(p.y) + (i % 2 === 0 ? -6 : 16)}" fill="${style.color}" font-size="11">${escapeXml(p.label)}</text>`,
      );
    }
    const ly = M.top + 10 + i * 22;
    out.push(marker(style.shape, W - M.right + 20, ly, style.color));
    out.push(`<text x="${W - M.right + 32}" y="${ly + 4}">${escapeXml(group)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
