import type { Construct } from "constructs";
import { Aspects, LocalBackend, TerraformStack } from "cdktf";
import type { Environment } from "../environments/schema/config";
import { StateBootstrap } from "../constructs/state-bootstrap/state-bootstrap";
import { suppressPolicy } from "../policies/cdktf/suppress";
import { configureProvider } from "./environment-stack";
import { requiredTags, TagAspect } from "./tagging";

export interface BootstrapStackProps {
  readonly env: Environment;
}

/**
 * `<env>-bootstrap`: the state storage every other stack's backend points to. It cannot keep its own state in the
 * account it creates, so its state is local: apply it once per environment, by hand, and keep the file with the
 * platform team's break-glass records. The account is in the primary region.
 */
export class BootstrapStack extends TerraformStack {
  readonly state: StateBootstrap;

  constructor(scope: Construct, props: BootstrapStackProps) {
    const id = `${props.env.name}-bootstrap`;
    super(scope, id);
    const { env } = props;
    const backend = env.stateBackend;
    new LocalBackend(this, { path: `${id}.tfstate` });
    const provider = configureProvider(this, env);
    if (backend.subscriptionId) provider.subscriptionId = backend.subscriptionId;
    Aspects.of(this).add(new TagAspect(requiredTags(env)));
    this.state = new StateBootstrap(this, "state", {
      location: env.regions[0].location,
      resourceGroupName: backend.resourceGroupName,
      storageAccountName: backend.storageAccountName,
      containerName: backend.containerName,
    });
    // Declared by ID in the primary region's network stack, which the policy check cannot link back to here.
    suppressPolicy(
      this.state.storage.account,
      { ruleId: "FHI-ST-010", reason: "The state account predates the network; its private endpoint is declared in the primary region's network stack (state-storage)." },
      { ruleId: "FHI-MON-010", reason: "The state account predates the workspace; its diagnostic settings are declared in the primary region's network stack (state-storage)." },
    );
  }
}
