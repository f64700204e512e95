export function med(xs: number[]): number;
export function bootstrapMedian(xs: number[], rounds?: number): [number, number];
export function pairedLine(label: string, what: string, values: number[], ref: number[]): string;
