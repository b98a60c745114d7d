import type { Construct } from "constructs";
import { TerraformResource, type ITerraformDependable } from "cdktf";
import { ensureTimeProvider, TIME_GENERATOR_METADATA } from "./provider";

/**
 * How long to wait after granting a role before its first use. Azure documents up to 10 minutes in the worst case;
 * in practice new assignments for a managed identity apply within a few minutes, and a later re-run succeeds where a
 * first run was too early (docs/deploy.md).
 */
export const ROLE_PROPAGATION = "180s";

export interface PropagationWaitProps {
  /** What must have propagated before the dependents run, e.g. role assignments. */
  readonly after: readonly ITerraformDependable[];
  /** ISO-like duration as `time_sleep` takes it, e.g. `180s`. */
  readonly duration: string;
  /** Values whose change means a new wait (a new principal or scope); the IDs of `after` when absent. */
  readonly triggers?: Readonly<Record<string, string>>;
}

/**
 * `time_sleep`: waits once after what it depends on is created (and again when a trigger changes), never on plans
 * that change nothing. Azure RBAC assignments are eventually consistent: Azure documents that a new assignment can
 * take up to 10 minutes to take effect (learn.microsoft.com/azure/role-based-access-control/troubleshooting, "Role
 * assignment changes are not being detected"), and a service that reads a customer-managed key or pulls an image
 * with a just-granted identity fails until then. Depend on this instead of on the assignments.
 */
export class PropagationWait extends TerraformResource {
  static readonly TF_TYPE = "time_sleep";

  constructor(scope: Construct, id: string, private readonly props: PropagationWaitProps) {
    super(scope, id, { terraformResourceType: PropagationWait.TF_TYPE, terraformGeneratorMetadata: TIME_GENERATOR_METADATA, dependsOn: [...props.after] });
    ensureTimeProvider(this);
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { create_duration: this.props.duration, triggers: this.props.triggers };
  }
}
