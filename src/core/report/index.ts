// Public API of the reporters.
export { summarize, latencySummary, nearestRank, SummaryBuilder } from './summary';
export { toJsonReport, toJsonReportObject, jsonReportChunks, jsonReportFrame, jsonResult, jsonResultText, redactJsonResult, reportRedactor, jsonAssertions, type JsonReport, type JsonResult, type JsonAssertion } from './json';
export { toJunit, escapeXml } from './junit';
export { toPretty, type PrettyOptions } from './pretty';
export { bodyText } from './body-text';
export { toHtml } from './html';
