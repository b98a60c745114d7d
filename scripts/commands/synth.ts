import * as path from "node:path";
import type { Command } from "commander";
import type { SynthAnnotation, SynthesizedStack } from "../../stacks/synth";
import { formatTable } from "../cli/table";
import type { CommandContext } from "../cli/context";
import { EXIT, UserError } from "../cli/errors";

const DEFAULT_OUTDIR = "cdktf.out";
/** More warnings than this are counted, not listed: the summary must stay readable. */
const MAX_LISTED_WARNINGS = 20;

function summary(stacks: readonly SynthesizedStack[], outdir: string): string {
  const table = formatTable(
    ["stack", "environment", "region", "resources", "policy errors", "policy warnings", "preflight errors"],
    stacks.map((s) => [s.stack, s.environment, s.region, s.resources, s.policyErrors, s.policyWarnings, s.preflightErrors]),
  );
  return `${table}\n\n${stacks.length} stacks, ${stacks.reduce((sum, s) => sum + s.resources, 0)} resources in ${outdir}\n`;
}

const annotationLine = (annotation: SynthAnnotation) => `  ${annotation.stack}: ${annotation.message}\n`;

function warningList(warnings: readonly SynthAnnotation[], outdir: string): string {
  if (warnings.length === 0) return "";
  const listed = warnings.slice(0, MAX_LISTED_WARNINGS).map(annotationLine).join("");
  const more = warnings.length > MAX_LISTED_WARNINGS ? `  ... and ${warnings.length - MAX_LISTED_WARNINGS} more\n` : "";
  return `\nPolicy warnings (${warnings.length}; they do not fail synth; every finding with its fix: npx fhi policy check ${outdir} --fail-on never):\n${listed}${more}`;
}

function gateFailure(errors: readonly SynthAnnotation[], outdir: string): string {
  return (
    `\nerror: the policy gate failed: ${errors.length} error(s); ${outdir} was written so they can be examined, but must not be deployed:\n` +
    errors.map(annotationLine).join("") +
    "Fix: change the environment or construct so the rule passes (npx fhi policy rules and npx fhi preflight --rules explain each rule). A finding that is " +
    "deliberately accepted is suppressed where the resource is declared, with a reason: suppressPolicy(resource, { ruleId, reason, expires }) " +
    "(policies/cdktf/suppress.ts). No environment variable turns this gate off.\n"
  );
}

export function registerSynth(program: Command, context: CommandContext): void {
  program
    .command("synth")
    .description("validate the environment config and synthesize Terraform JSON for every stack (no network, no credentials)")
    .option("-e, --env <name...>", "environments to synthesize (default: all)")
    .option("-o, --outdir <dir>", "output directory: new, empty, or an earlier synth output; cdktf's CDKTF_OUTDIR wins when cdktf runs this", DEFAULT_OUTDIR)
    .action((options: { env?: string[]; outdir: string }) => {
      // Loaded on use: the provider classes are the heavy part of start-up, and `fhi --help` needs none of them.
      const { synthesize, readAnnotations, OutdirError, PolicyGateError } = require("../../stacks/synth") as typeof import("../../stacks/synth");
      const cdktfOutdir = (context.env ?? process.env).CDKTF_OUTDIR;
      const outdir = cdktfOutdir ?? options.outdir;
      // `cdktf synth` shows everything its app writes to stderr as "[ERROR]": progress goes to stdout there.
      const log = (line: string) => (cdktfOutdir === undefined ? context.stderr : context.stdout)(`${line}\n`);
      try {
        const cwd = context.cwd ?? process.cwd();
        const stacks = synthesize({ environments: options.env, outdir, log, cwd, beforePublish: context.beforePublish });
        const warnings = readAnnotations(path.resolve(cwd, outdir)).filter((annotation) => annotation.level === "warning");
        context.stdout(summary(stacks, outdir) + warningList(warnings, outdir));
      } catch (error) {
        if (error instanceof OutdirError) throw new UserError(error.message);
        if (!(error instanceof PolicyGateError)) throw error;
        context.stdout(summary(error.stacks, outdir));
        context.stderr(gateFailure(error.errors, outdir));
        context.exitCode = EXIT.failed;
      }
    });
}
