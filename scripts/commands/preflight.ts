import { Option, type Command } from "commander";
import { EXIT, UserError } from "../cli/errors";
import { writeOutputFile } from "../cli/output";
import { formatTable } from "../cli/table";
import type { CommandContext } from "../cli/context";
import { FAIL_ON_LEVELS, REPORT_FORMATS, type FailOn, type ReportFormat } from "../../policies/report";

/** Version of the preflight pack reported in SARIF; bump when rules change meaning. */
const PACK_VERSION = "1.0.0";

interface PreflightOptions {
  format: ReportFormat;
  output?: string;
  failOn: FailOn;
  rules?: boolean;
}

export function registerPreflight(program: Command, context: CommandContext): void {
  program
    .command("preflight")
    .description("what would fail at apply time or never serve: reachability from the deploy runners, create-time constraints, ordering, azurerm schema (see docs/PREFLIGHT.md)")
    .argument("[path...]", "a cdktf.out directory (stacks and deploy order), any *.tf.json or a `terraform show -json` plan")
    .addOption(new Option("--format <format>", "report format (with --rules: markdown, or json)").choices(REPORT_FORMATS).default("text"))
    .option("--output <file>", "write the report to a file instead of stdout")
    .addOption(new Option("--fail-on <level>", "exit 1 when a check fails at or above this severity").choices(FAIL_ON_LEVELS).default("error"))
    .option("--rules", "print the rule catalog instead of checking (docs/PREFLIGHT.md is generated from it)")
    .action((paths: string[], options: PreflightOptions) => {
      const { preflightCatalog, preflightPaths } = require("../../policies/preflight") as typeof import("../../policies/preflight");
      const { InputError } = require("../../policies") as typeof import("../../policies");
      const report = require("../../policies/report") as typeof import("../../policies/report");
      if (options.rules) {
        if (options.format === "sarif") throw new UserError("--format sarif: the catalog is printed as markdown (the default) or json. Fix: --rules --format json");
        const rules = preflightCatalog();
        context.stdout(options.format === "json" ? `${JSON.stringify(report.catalogJson(rules), null, 2)}\n` : report.preflightCatalogMarkdown(rules));
        return;
      }
      if (paths.length === 0) throw new UserError("no input. Fix: name a cdktf.out directory (npx fhi synth writes one), a *.tf.json file or a `terraform show -json` plan, or pass --rules");
      let evaluation;
      try {
        evaluation = preflightPaths(paths);
      } catch (error) {
        if (error instanceof InputError) throw new UserError(error.message);
        throw error;
      }
      const rendered = report.renderReport(evaluation, { format: options.format, failOn: options.failOn, title: "Preflight", packVersion: PACK_VERSION, baseDirectory: process.cwd(), formatTable });
      const summary = report.summarize(evaluation, options.failOn);
      if (options.output) {
        writeOutputFile(options.output, rendered);
        context.stderr(`${summary.fail} failing, ${summary.unknown} unknown of ${summary.results} checks; report written to ${options.output}\n`);
      } else {
        context.stdout(rendered);
      }
      context.exitCode = summary.failed ? EXIT.failed : EXIT.ok;
    });
}
