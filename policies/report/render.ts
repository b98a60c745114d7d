import type { Evaluation } from "../engine/evaluate";
import { jsonReport } from "./json";
import { markdownReport } from "./markdown";
import { sarifReport } from "./sarif";
import type { FailOn } from "./summary";
import { textReport, type TableFormatter } from "./text";

export const REPORT_FORMATS = ["text", "json", "sarif", "markdown"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface RenderOptions {
  readonly format: ReportFormat;
  readonly failOn: FailOn;
  /** Heading of the markdown report, e.g. "Preflight". */
  readonly title: string;
  /** Version of the pack, for SARIF. */
  readonly packVersion: string;
  /** SARIF locations are relative to it. */
  readonly baseDirectory: string;
  readonly formatTable: TableFormatter;
}

/** One evaluation in the format a command was asked for. */
export function renderReport(evaluation: Evaluation, options: RenderOptions): string {
  switch (options.format) {
    case "json":
      return `${JSON.stringify(jsonReport(evaluation, options.failOn), null, 2)}\n`;
    case "sarif":
      return `${JSON.stringify(sarifReport(evaluation, { version: options.packVersion, baseDirectory: options.baseDirectory }), null, 2)}\n`;
    case "markdown":
      return markdownReport(evaluation, options.failOn, options.title);
    case "text":
      return textReport(evaluation, options.failOn, options.formatTable);
  }
}
