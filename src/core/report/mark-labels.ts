// Where the latency chart writes its percentile labels (p50, p95, p99): each next to its
// line, turned to the left of the line at the chart's right edge, and moved down a row when
// it would overlap a label already placed, so close percentiles stay readable.

export interface MarkLabel {
  /** x of the mark's line. */
  readonly x: number;
  /** Width of the label's text. */
  readonly width: number;
}

export interface PlacedLabel {
  /** Where the text starts (its left edge). */
  readonly left: number;
  /** 0 for the top row, 1 the row below, ... */
  readonly row: number;
}

const GAP = 2;

/** Places the labels in the order given, between `minX` and `maxX`. */
export function placeMarkLabels(marks: readonly MarkLabel[], minX: number, maxX: number): PlacedLabel[] {
  const rows: Array<Array<[number, number]>> = [];
  return marks.map((m) => {
    let left = m.x + GAP;
    if (left + m.width > maxX) left = m.x - GAP - m.width;
    left = Math.max(minX, left);
    const right = left + m.width;
    let row = 0;
    while (rows[row]?.some(([a, b]) => left < b + GAP && right + GAP > a)) row++;
    (rows[row] ??= []).push([left, right]);
    return { left, row };
  });
}

/** Where a label was drawn: its mark's x and the text's box, in the chart's CSS px. */
export interface DrawnLabel {
  name: string;
  /** x of the label's mark line. */
  markX: number;
  left: number;
  top: number;
  width: number;
  height: number;
}
