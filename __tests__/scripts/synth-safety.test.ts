import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { App } from "cdktf";
import { run } from "../../scripts/program";

// One extra resource that the policy pack rejects (FHI-IAM-001, Owner at subscription scope) in dev's first
// stack, when a test asks for it; otherwise the real app.
let addOwnerAssignment = false;
jest.mock("../../stacks/app", () => {
  const actual = jest.requireActual("../../stacks/app");
  return {
    ...actual,
    buildApp: (environments: unknown, outdir: string): App => {
      const app: App = actual.buildApp(environments, outdir);
      if (addOwnerAssignment) {
        const { RoleAssignment } = jest.requireActual("@cdktf/provider-azurerm/lib/role-assignment");
        new RoleAssignment(app.node.children[0], "owner-everywhere", { scope: "/subscriptions/x", roleDefinitionName: "Owner", principalId: "p" });
      }
      return app;
    },
  };
});

let workdir: string;
let stdout: string;
let stderr: string;
const fhi = (...args: string[]) => run(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd: workdir, env: {} });

beforeEach(() => {
  workdir = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-synth-safety-"));
  fs.writeFileSync(path.join(workdir, "notes.md"), "not ours");
  stdout = "";
  stderr = "";
  addOwnerAssignment = false;
});
afterEach(() => {
  fs.rmSync(workdir, { recursive: true, force: true });
  delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
});

describe("fhi synth --outdir never replaces what it did not write", () => {
  it.each([
    [".", "is the working directory or one of its parents"],
    ["", "is empty"],
    ["..", "is the working directory or one of its parents"],
  ])("refuses --outdir %j with exit 2, leaving the directory as it was", async (outdir, message) => {
    expect(await fhi("synth", "--env", "dev", "--outdir", outdir)).toBe(2);
    expect(stderr).toContain(message);
    expect(fs.readdirSync(workdir)).toEqual(["notes.md"]);
  });

  it("refuses CDKTF_OUTDIR set to the empty string", async () => {
    const code = await run(["synth", "--env", "dev"], { stdout: () => undefined, stderr: (text) => (stderr += text), cwd: workdir, env: { CDKTF_OUTDIR: "" } });
    expect(code).toBe(2);
    expect(stderr).toContain("CDKTF_OUTDIR");
    expect(fs.readdirSync(workdir)).toEqual(["notes.md"]);
  });

  it("refuses a file and a directory of other things", async () => {
    expect(await fhi("synth", "--env", "dev", "--outdir", "notes.md")).toBe(2);
    expect(stderr).toContain("is a file, not a directory");
    expect(fs.readFileSync(path.join(workdir, "notes.md"), "utf8")).toBe("not ours");
    fs.mkdirSync(path.join(workdir, "src"));
    fs.writeFileSync(path.join(workdir, "src", "main.ts"), "code");
    expect(await fhi("synth", "--env", "dev", "--outdir", "src")).toBe(2);
    expect(stderr).toContain("a directory with other content");
    expect(fs.readdirSync(path.join(workdir, "src"))).toEqual(["main.ts"]);
  });

  it("refuses an --outdir that cannot be created, with exit 2 and no stack trace", async () => {
    fs.writeFileSync(path.join(workdir, "afile"), "x");
    expect(await fhi("synth", "--env", "dev", "--outdir", "afile/out")).toBe(2);
    expect(stderr).toContain("--outdir afile/out: cannot be written (");
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it("replaces an earlier output, keeping the files Terraform put in it (state, .terraform)", async () => {
    expect(await fhi("synth", "--env", "dev", "--outdir", "out")).toBe(0);
    const stackDir = path.join(workdir, "out", "stacks", "dev-bootstrap");
    fs.writeFileSync(path.join(stackDir, "dev-bootstrap.tfstate"), "{}");
    fs.mkdirSync(path.join(stackDir, ".terraform"));
    fs.writeFileSync(path.join(stackDir, ".terraform", "lock"), "x");
    fs.writeFileSync(path.join(stackDir, "cdk.tf.json"), "{}"); // ours: replaced
    expect(await fhi("synth", "--env", "dev", "--outdir", "out")).toBe(0);
    expect(fs.readFileSync(path.join(stackDir, "dev-bootstrap.tfstate"), "utf8")).toBe("{}");
    expect(fs.readFileSync(path.join(stackDir, ".terraform", "lock"), "utf8")).toBe("x");
    expect(JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"))).toHaveProperty("resource");
    expect(fs.readdirSync(workdir).sort()).toEqual(["notes.md", "out"]);
  });
});

describe("the policy gate", () => {
  it("fails synth (exit 1) even with CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS set, saying how to suppress with a reason", async () => {
    addOwnerAssignment = true;
    process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = "1";
    expect(await fhi("synth", "--env", "dev", "--outdir", "out")).toBe(1);
    expect(stdout).toMatch(/^dev-bootstrap\s+dev\s+global\s+\d+\s+1\s+/m);
    expect(stderr).toContain("the policy gate failed: 1 error(s)");
    expect(stderr).toContain("dev-bootstrap: [FHI-IAM-001] azurerm_role_assignment.owner-everywhere");
    expect(stderr).toContain("suppressPolicy(resource, { ruleId, reason, expires })");
    expect(stderr).not.toContain("CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS to ignore");
  });

  it("lists every stack's errors at once without the variable too", async () => {
    addOwnerAssignment = true;
    expect(await fhi("synth", "--env", "dev", "--outdir", "out")).toBe(1);
    expect(stderr).toContain("the policy gate failed: 1 error(s)");
  });

  it("lists the policy warnings under the summary", async () => {
    expect(await fhi("synth", "--env", "dev", "--outdir", "out")).toBe(0);
    expect(stdout).toMatch(/Policy warnings \(\d+; they do not fail synth; every finding with its fix: npx fhi policy check out --fail-on never\)/);
    expect(stdout).toMatch(/^ {2}dev-bootstrap: \[FHI-ST-009\]/m);
  });
});
