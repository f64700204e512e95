// Public API of the reporters.
export { summarize, latencySummary, nearestRank, SummaryBuilder } from './summary';
export { toJsonReport, toJsonReportObject, jsonReportChunks, jsonReportFrame, jsonResult, jsonResultText, AssertionTextMemo, redactJsonResult, reportRedactor, jsonAssertions, type JsonReport, type JsonResult, type JsonAssertion } from './json';
export { toJunit, escapeXml, junitHead, junitTestCase, JUNIT_TAIL } from './junit';
export { toPretty, prettyText, prettyRows, PrettyCollector, type PrettyOptions, type PrettyRows } from './pretty';
export { bodyText } from './body-text';
export { toHtml, htmlPageChunks, embedJson } from './html';
export { modelParts, rowFromResult } from './timeline';
export { MetricsBuilder, toOpenMetrics, escapeLabelValue, DURATION_BUCKETS, type MetricsResult } from './openmetrics';
export { originOf, OriginCache, UNKNOWN_ORIGIN } from './origin';
