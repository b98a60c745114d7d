export { jsonReport } from "./json";
export { textReport, type TableFormatter } from "./text";
export { markdownReport } from "./markdown";
export { sarifReport } from "./sarif";
export { catalogJson, catalogMarkdown, preflightCatalogMarkdown } from "./catalog";
export { summarize, atOrAbove, FAIL_ON_LEVELS, type FailOn, type Summary } from "./summary";
export { renderReport, REPORT_FORMATS, type ReportFormat } from "./render";
