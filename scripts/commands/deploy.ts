import * as fs from "node:fs";
import * as path from "node:path";
import { Option, type Command } from "commander";
import { loadEnvironment } from "../../ops/environment";
import { EXIT, UserError } from "../cli/errors";
import { formatTable } from "../cli/table";
import type { CommandContext } from "../cli/context";

const PLAN_FORMATS = ["text", "json", "github"] as const;
const DEFAULT_OUTDIR = "cdktf.out";

interface DeployOptions {
  env: string;
  outdir: string;
}

function planFor(context: CommandContext, options: DeployOptions) {
  const { deployPlan, DeployPlanError } = require("../../deploy/plan") as typeof import("../../deploy/plan");
  const { InputError } = require("../../policies") as typeof import("../../policies");
  const environment = loadEnvironment(options.env, context.environments);
  const outdir = path.resolve(context.cwd ?? process.cwd(), options.outdir);
  try {
    return deployPlan(outdir, environment, (directory) => JSON.parse(fs.readFileSync(path.join(outdir, directory, "cdk.tf.json"), "utf8")));
  } catch (error) {
    if (error instanceof DeployPlanError || error instanceof InputError) throw new UserError(error.message);
    throw error;
  }
}

export function registerDeploy(program: Command, context: CommandContext): void {
  const deploy = program.command("deploy").description("deploy an environment's synthesized stacks from its runner, in order (see docs/deploy.md)");

  deploy
    .command("plan")
    .description("the stacks to apply, in order, with each stack's time budget, the runner to use and the creation-phase targets")
    .requiredOption("-e, --env <name>", "environment")
    .option("-o, --outdir <dir>", "the synthesized output", DEFAULT_OUTDIR)
    .addOption(new Option("--format <format>", "text for people; json; github writes runs-on, timeout and plan as step outputs").choices(PLAN_FORMATS).default("text"))
    .action((options: DeployOptions & { format: (typeof PLAN_FORMATS)[number] }) => {
      const plan = planFor(context, options);
      if (options.format === "json") return context.stdout(`${JSON.stringify(plan, null, 2)}\n`);
      if (options.format === "github") {
        return context.stdout(`runs-on=${JSON.stringify(plan.runsOn)}\ntimeout=${plan.jobTimeoutMinutes}\nplan=${JSON.stringify(plan)}\n`);
      }
      const rows = plan.steps.map((step, index) => [index + 1, step.stack, `${step.timeoutMinutes} min`, step.creationPhaseTargets.join(", ") || "-"]);
      context.stdout(
        `${formatTable(["#", "stack", "budget", "created first, alone"], rows)}\n\n` +
          `runs on ${JSON.stringify(plan.runsOn)}; job budget ${plan.jobTimeoutMinutes} min; applied by an operator beforehand: ${plan.manual.join(", ") || "none"}\n`,
      );
    });

  deploy
    .command("apply")
    .description("apply the plan with terraform from this machine (the deploy runner), stack by stack, each within its budget")
    .requiredOption("-e, --env <name>", "environment")
    .option("-o, --outdir <dir>", "the synthesized output", DEFAULT_OUTDIR)
    .option("--stack <name...>", "only these stacks (in plan order)")
    .option("--terraform <path>", "the terraform binary", "terraform")
    .action(async (options: DeployOptions & { stack?: string[]; terraform: string }) => {
      const { applyPlan, spawnTerraform } = require("../../deploy/apply") as typeof import("../../deploy/apply");
      const plan = planFor(context, options);
      const unknown = (options.stack ?? []).filter((stack) => !plan.steps.some((step) => step.stack === stack));
      if (unknown.length > 0) throw new UserError(`--stack ${unknown.join(", ")}: not in ${options.env}'s plan. Fix: use one of ${plan.steps.map((step) => step.stack).join(", ")}`);
      let results;
      try {
        results = await applyPlan(plan, {
          outdir: path.resolve(context.cwd ?? process.cwd(), options.outdir),
          run: spawnTerraform(options.terraform, context.stdout),
          log: (line) => context.stderr(`==> ${line}\n`),
          only: options.stack,
        });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new UserError(`--terraform ${options.terraform}: not found. Fix: install terraform (>= 1.7) on the runner, or name its path`);
        throw error;
      }
      context.stderr(`\n${formatTable(["stack", "outcome", "what to do"], results.map((result) => [result.stack, result.outcome, result.detail ?? ""]))}\n`);
      context.exitCode = results.every((result) => result.outcome === "applied") ? EXIT.ok : EXIT.failed;
    });

  deploy
    .command("egress")
    .description("the FQDNs the environment's clusters and deploy runners reach through a firewall we do not own (the hub's), for its owner")
    .requiredOption("-e, --env <name>", "environment")
    .addOption(new Option("--format <format>", "text for people, json for a firewall pipeline").choices(["text", "json"]).default("text"))
    .action((options: { env: string; format: "text" | "json" }) => {
      const { egressAllowList } = require("../../deploy/egress") as typeof import("../../deploy/egress");
      const groups = egressAllowList(loadEnvironment(options.env, context.environments));
      if (options.format === "json") return context.stdout(`${JSON.stringify(groups, null, 2)}\n`);
      if (groups.length === 0) return context.stdout(`${options.env}: no egress leaves through a firewall we do not own\n`);
      for (const group of groups) {
        context.stdout(`${group.consumer}, from ${group.from}\n${formatTable(["FQDN", "port", "what needs it"], group.rules.map((rule) => [rule.fqdn, rule.port, rule.use]))}\nsource: ${group.source}\n\n`);
      }
    });
}
