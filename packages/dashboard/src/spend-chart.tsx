/** Spend as plain SVG bars (no chart library): one bar per group, scaled to the largest. */
import { cost } from "./format.js";

const BAR = 18;
const GAP = 6;
const LABEL_WIDTH = 120;
const VALUE_WIDTH = 80;
const WIDTH = 560;

export function SpendChart({ title, groups }: { title: string; groups: Array<{ key: string; cost_usd: number }> }) {
  const max = Math.max(0, ...groups.map((g) => g.cost_usd));
  const barSpace = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const height = groups.length * (BAR + GAP);
  return (
    <figure class="spend-chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${Math.max(height, BAR)}`} width="100%" role="img" aria-label={title}>
        {groups.map((g, i) => {
          const y = i * (BAR + GAP);
          const width = max > 0 ? (g.cost_usd / max) * barSpace : 0;
          return (
            <g key={g.key} data-key={g.key}>
              <text x={LABEL_WIDTH - 6} y={y + BAR - 5} text-anchor="end">
                {g.key === "" ? "(none)" : g.key}
              </text>
              <rect x={LABEL_WIDTH} y={y} width={width} height={BAR} rx={2}>
                <title>{`${g.key}: ${cost(g.cost_usd)}`}</title>
              </rect>
              <text x={LABEL_WIDTH + width + 6} y={y + BAR - 5}>
                {cost(g.cost_usd)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
