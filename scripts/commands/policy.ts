import { Option, type Command } from "commander";
import { catalog, checkPaths, InputError, PACK_VERSION } from "../../policies";
import { catalogJson, catalogMarkdown, FAIL_ON_LEVELS, renderReport, REPORT_FORMATS, summarize, type FailOn, type ReportFormat } from "../../policies/report";
import { EXIT, UserError } from "../cli/errors";
import { writeOutputFile } from "../cli/output";
import { formatTable } from "../cli/table";
import type { CommandContext } from "../cli/context";

const RULES_FORMATS = ["markdown", "json"] as const;

interface CheckOptions {
  format: ReportFormat;
  output?: string;
  failOn: FailOn;
  suppressions?: string;
}

export function registerPolicy(program: Command, context: CommandContext): void {
  const policy = program.command("policy").description("HIPAA-aligned Azure policy pack over Terraform JSON (see docs/RULES.md)");

  policy
    .command("check")
    .description("check a cdktf.out directory, cdk.tf.json, any *.tf.json or a `terraform show -json` plan (kind detected from content)")
    .argument("<path...>", "files or directories to check")
    .addOption(new Option("--format <format>", "report format").choices(REPORT_FORMATS).default("text"))
    .option("--output <file>", "write the report to a file instead of stdout")
    .addOption(new Option("--fail-on <level>", "exit 1 when a check fails at or above this severity").choices(FAIL_ON_LEVELS).default("error"))
    .option("--suppressions <file>", 'suppressions for input we do not generate: {"suppressions": [{"ruleId", "address", "reason", "expires"?}]}')
    .action((paths: string[], options: CheckOptions) => {
      let evaluation;
      try {
        evaluation = checkPaths(paths, { suppressionFile: options.suppressions });
      } catch (error) {
        if (error instanceof InputError) throw new UserError(error.message);
        throw error;
      }
      for (const warning of evaluation.warnings) context.stderr(`warning: ${warning}\n`);
      const report = renderReport(evaluation, { format: options.format, failOn: options.failOn, title: "Policy check", packVersion: PACK_VERSION, baseDirectory: process.cwd(), formatTable });
      const summary = summarize(evaluation, options.failOn);
      if (options.output) {
        writeOutputFile(options.output, report);
        context.stderr(`${summary.fail} failing, ${summary.unknown} unknown of ${summary.results} checks; report written to ${options.output}\n`);
      } else {
        context.stdout(report);
      }
      context.exitCode = summary.failed ? EXIT.failed : EXIT.ok;
    });

  policy
    .command("rules")
    .description("print the rule catalog (docs/RULES.md is generated from it)")
    .addOption(new Option("--format <format>", "catalog format").choices(RULES_FORMATS).default("markdown"))
    .action((options: { format: (typeof RULES_FORMATS)[number] }) => {
      const rules = catalog();
      context.stdout(options.format === "json" ? `${JSON.stringify(catalogJson(rules), null, 2)}\n` : catalogMarkdown(rules));
    });
}
