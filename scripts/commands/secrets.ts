import { Option, type Command } from "commander";
import { audited } from "../../ops/audit";
import { refused } from "../../ops/errors";
import { declaredSecret, readSecretValue, secretStatus, setSecretVersion, vaultsOf, type SecretStatus, type VersionInfo } from "../../ops/secrets";
import type { CommandContext } from "../cli/context";
import { EXIT } from "../cli/errors";
import { auditFileFor, clientsFor, CLOUD_CONFIG_HELP, environmentFor, runOpsCommand } from "../cli/ops";
import { reason, REASON_LENGTH } from "../cli/options";
import { formatTable } from "../cli/table";

interface ReadOptions {
  env: string;
  cloudConfig?: string;
  region?: string;
  format: "table" | "json";
}

interface WriteOptions {
  env: string;
  cloudConfig?: string;
  region?: string;
  reason: string;
  auditLog?: string;
}

const date = (iso: string | undefined) => iso?.slice(0, 10) ?? "-";

function table(statuses: readonly SecretStatus[]): string {
  return formatTable(
    ["vault", "secret", "declared", "present", "version", "versions", "created", "expires", "age (days)", "problems"],
    statuses.map((s) => [
      s.vault.name,
      s.name,
      s.declared ? `yes (max ${s.declared.maxAgeDays} d)` : "no",
      s.current ? "yes" : "NO",
      s.current?.version ?? "-",
      String(s.versions),
      date(s.current?.createdOn),
      date(s.current?.expiresOn),
      s.ageDays === undefined ? "-" : String(s.ageDays),
      s.problems.join("; "),
    ]),
  );
}

const now = (context: CommandContext) => (context.now ?? (() => new Date()))();

async function list(context: CommandContext, options: ReadOptions, gate: boolean): Promise<void> {
  const clients = clientsFor(context, environmentFor(context, options));
  const statuses = await secretStatus(clients, vaultsOf(clients, options.region), now(context));
  if (options.format === "json") context.stdout(`${JSON.stringify(statuses, null, 2)}\n`);
  else context.stdout(`${table(statuses)}\n`);
  if (!gate) return;
  const failing = statuses.filter((s) => s.problems.length > 0);
  context.stdout(failing.length === 0 ? "\nall declared secrets are present, in date and within their max age\n" : `\n${failing.length} secret(s) need attention\n`);
  if (failing.length > 0) context.exitCode = EXIT.failed;
}

async function write(context: CommandContext, name: string, options: WriteOptions, mode: "set" | "rotate"): Promise<void> {
  const environment = environmentFor(context, options);
  const clients = clientsFor(context, environment);
  const change = {
    command: `secrets ${mode}`,
    environment: environment.name,
    reason: options.reason,
    auditFile: auditFileFor(context, options.auditLog),
    clients,
    onInterrupt: context.stderr,
  };
  await audited(change, name, async (scope) => {
    const declared = declaredSecret(environment, name);
    const vaults = vaultsOf(clients, options.region);
    scope.target = vaults.map((vault) => `${vault.url}/secrets/${name}`).join(" ");
    const stdin = context.stdin ?? process.stdin;
    if (stdin.isTTY) {
      throw refused("stdin is a terminal, where a typed value would be echoed and kept in scroll-back. Fix: pipe it in, e.g. `pass show x | npx fhi secrets set ...`");
    }
    const value = await readSecretValue(stdin);
    const before: Record<string, VersionInfo | undefined> = {};
    const after: Record<string, VersionInfo> = {};
    scope.before = before;
    scope.after = after;
    for (const vault of vaults) {
      const result = await setSecretVersion(clients, vault, declared, value, {
        signal: scope.signal,
        now: now(context),
        mode,
        onBefore: (version) => (before[vault.name] = version),
      });
      after[vault.name] = result.after;
      context.stdout(`${vault.name}: ${name} new version ${result.after.version}, content type ${result.after.contentType}, expires ${date(result.after.expiresOn)}\n`);
      if (mode === "rotate" && result.before) {
        context.stdout(
          `  previous version ${result.before.version} stays enabled and expires ${result.before.expiresOn ?? "never (no expiry set)"}; readers move to the new version on their next refresh\n`,
        );
      }
    }
  });
}

export function registerSecrets(program: Command, context: CommandContext): void {
  const secrets = program.command("secrets").description("Key Vault secrets declared in the environment config (never prints values)");
  const read = (name: string, description: string, gate: boolean) =>
    secrets
      .command(name)
      .description(description)
      .requiredOption("-e, --env <name>", "environment")
      .option("--cloud-config <file>", CLOUD_CONFIG_HELP)
      .option("--region <region>", "only this region's vault")
      .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
      .action((options: ReadOptions) => runOpsCommand(context, `secrets ${name}`, options.env, () => list(context, options, gate)));
  read("list", "declared vs present secrets: names, versions, expiry (never values)", false);
  read("check", "exit 1 when a declared secret is missing, expired, disabled or older than its max age", true);
  const writer = (mode: "set" | "rotate", description: string) =>
    secrets
      .command(`${mode} <name>`)
      .description(description)
      .requiredOption("-e, --env <name>", "environment")
      .option("--cloud-config <file>", CLOUD_CONFIG_HELP)
      .requiredOption("--reason <text>", `why, ${REASON_LENGTH.min}-${REASON_LENGTH.max} characters (kept in the local audit log; no patient data)`, reason("--reason"))
      .option("--region <region>", "only this region's vault (default: every region's)")
      .option("--audit-log <file>", "audit log (JSON lines); default $FHI_AUDIT_LOG or .fhi/audit.jsonl")
      .action((name: string, options: WriteOptions) => runOpsCommand(context, `secrets ${mode}`, options.env, () => write(context, name, options, mode)));
  writer("set", "set a declared secret from stdin (never argv or env) with its content type, expiry and tags; audited");
  writer("rotate", "set a new version of an existing secret from stdin and report the old version's expiry; audited");
}
