import { makeStyles, tokens } from "@fluentui/react-components";
import type { TrendBucket } from "./trend";
import { formatCount } from "./format";
import { hourLabel, trendGeometry, trendSummary } from "./trend";

const width = 480;
const plotHeight = 96;
const axisLeft = 28;
const axisBottom = 18;

const useStyles = makeStyles({
  svg: { width: "100%", height: "auto", display: "block", overflow: "visible" },
  bar: { fill: tokens.colorPaletteRedBackground3 },
  axis: { stroke: tokens.colorNeutralStroke1, strokeWidth: 1 },
  label: { fill: tokens.colorNeutralForeground3, fontSize: "10px", fontFamily: tokens.fontFamilyBase },
});

/**
 * Failed syncs per hour over the last 24 hours, as bars (no chart library: 24 rectangles). Hovering an hour shows its
 * failed and successful runs; the chart's accessible name sums it up.
 */
export function TrendChart({ trend }: { trend: readonly TrendBucket[] }) {
  const styles = useStyles();
  const plotWidth = width - axisLeft;
  const g = trendGeometry(trend, plotWidth, plotHeight);
  return (
    <svg className={styles.svg} viewBox={`0 0 ${width} ${plotHeight + axisBottom}`} role="img" aria-label={trendSummary(trend)}>
      <line className={styles.axis} x1={axisLeft} x2={width} y1={plotHeight + 0.5} y2={plotHeight + 0.5} />
      <text className={styles.label} x={axisLeft - 4} y={9} textAnchor="end">
        {g.max}
      </text>
      <text className={styles.label} x={axisLeft - 4} y={plotHeight} textAnchor="end">
        0
      </text>
      {g.bars.map((b, i) => (
        <g key={b.hour} transform={`translate(${axisLeft},0)`}>
          <title>{`${hourLabel(b.hour)}: ${formatCount(b.failed)} failed, ${formatCount(b.ok)} succeeded`}</title>
          {/* The hour's whole slot answers to hover, even when nothing failed. */}
          <rect x={b.x} y={0} width={b.width} height={plotHeight} fill="transparent" />
          {b.height > 0 ? <rect className={styles.bar} x={b.x} y={b.y} width={b.width} height={b.height} rx={1} /> : null}
          {i % 6 === 0 ? (
            <text className={styles.label} x={b.x} y={plotHeight + 13}>
              {hourLabel(b.hour)}
            </text>
          ) : null}
        </g>
      ))}
    </svg>
  );
}
