import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

/**
 * Small charts drawn as inline SVG: no chart library, no inline style (the page's CSP allows
 * none), colours from the stylesheet. Each chart has a title and a description for screen
 * readers, and its figures are also given as text or in a table next to it.
 */

/** An SVG picture with its title and description for screen readers, scaled to its container. */
function Figure({ class: className, width, height, title, description, children }: { class: string; width: number; height: number; title: string; description: string; children: ComponentChildren }) {
  const id = useId();
  return (
    <svg class={`chart ${className}`} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`}>
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{description}</desc>
      {children}
    </svg>
  );
}

const niceMax = (value: number) => {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * power >= value)!;
  return step * power;
};

export interface LinePoint {
  x: number;
  y: number;
  tone: 'good' | 'bad';
}

/** One indicator across years, with its target as a dashed line. */
export function LineChart({ title, description, points, target, format, max }: { title: string; description: string; points: LinePoint[]; target: number | null; format: (value: number) => string; max?: number }) {
  const width = 320;
  const height = 150;
  const left = 48;
  const right = 14;
  const top = 22;
  const bottom = 26;
  const highest = Math.max(...points.map((p) => p.y), target ?? 0);
  // A share stops at its maximum (100 %), unless a value goes beyond it.
  const yMax = max !== undefined && highest <= max ? Math.min(max, niceMax(highest * 1.15)) : niceMax(highest * 1.15);
  const y = (value: number) => top + (height - top - bottom) * (1 - value / yMax);
  const x = (index: number) => (points.length === 1 ? (left + width - right) / 2 : left + 16 + ((width - left - right - 32) * index) / (points.length - 1));
  return (
    <Figure class="line-chart" width={width} height={height} title={title} description={description}>
      {[0, yMax / 2, yMax].map((tick) => (
        <g key={tick} class="grid">
          <line x1={left} x2={width - right} y1={y(tick)} y2={y(tick)} />
          <text x={left - 6} y={y(tick) + 4} text-anchor="end">
            {format(tick)}
          </text>
        </g>
      ))}
      {target !== null ? <line class="target" x1={left} x2={width - right} y1={y(target)} y2={y(target)} /> : null}
      {points.length > 1 ? <polyline class="series" points={points.map((p, i) => `${x(i)},${y(p.y)}`).join(' ')} /> : null}
      {points.map((p, i) => (
        <g key={p.x} class={`point point-${p.tone}`}>
          <circle cx={x(i)} cy={y(p.y)} r={4.5} />
          <text class="value" x={x(i)} y={y(p.y) - 9} text-anchor="middle">
            {format(p.y)}
          </text>
          <text class="axis" x={x(i)} y={height - 8} text-anchor="middle">
            {p.x}
          </text>
        </g>
      ))}
    </Figure>
  );
}

export interface Bar {
  label: string;
  value: number | null;
  /** Drawn pale and flagged: a result that is not representative. */
  faded: boolean;
  series: number;
}

/** Horizontal bars in groups (a theme, then one bar per agency), on a fixed scale such as 0–5. */
export function BarChart({ title, description, groups, max, format }: { title: string; description: string; groups: { label: string; bars: Bar[] }[]; max: number; format: (value: number) => string }) {
  const width = 640;
  const labelWidth = 150;
  const barHeight = 16;
  const gap = 4;
  const groupHead = 22;
  const groupGap = 10;
  const plotRight = width - 70;
  const scale = (value: number) => ((plotRight - labelWidth) * value) / max;
  let cursor = 8;
  const laidOut = groups.map((group) => {
    const top = cursor;
    cursor += groupHead + group.bars.length * (barHeight + gap) + groupGap;
    return { ...group, top };
  });
  const height = cursor + 18;
  const ticks = Array.from({ length: max + 1 }, (_, i) => i);
  return (
    <Figure class="bar-chart" width={width} height={height} title={title} description={description}>
      {ticks.map((tick) => (
        <g key={tick} class="grid">
          <line x1={labelWidth + scale(tick)} x2={labelWidth + scale(tick)} y1={4} y2={height - 18} />
          <text x={labelWidth + scale(tick)} y={height - 4} text-anchor="middle">
            {tick}
          </text>
        </g>
      ))}
      {laidOut.map((group) => (
        <g key={group.label}>
          <text class="group-label" x={4} y={group.top + 15}>
            {group.label}
          </text>
          {group.bars.map((bar, index) => {
            const top = group.top + groupHead + index * (barHeight + gap);
            return (
              <g key={bar.label} class={`bar series-${bar.series % 6}${bar.faded ? ' faded' : ''}`}>
                <text class="bar-label" x={labelWidth - 8} y={top + barHeight - 4} text-anchor="end">
                  {bar.label}
                </text>
                <rect x={labelWidth} y={top} width={Math.max(bar.value === null ? 0 : scale(bar.value), 1)} height={barHeight} rx={2} />
                <text class="value" x={labelWidth + (bar.value === null ? 0 : scale(bar.value)) + 6} y={top + barHeight - 4}>
                  {bar.value === null ? '—' : format(bar.value)}
                  {bar.faded ? ' ⚠' : ''}
                </text>
              </g>
            );
          })}
        </g>
      ))}
    </Figure>
  );
}
