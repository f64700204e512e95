export const START: string;
export const END: string;
export function replaceSection(readme: string, section: string): string;
