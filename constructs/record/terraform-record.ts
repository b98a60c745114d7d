import type { Construct } from "constructs";
import { TerraformResource } from "cdktf";

export interface TerraformRecordProps {
  /** What the record holds: any JSON value. Terraform keeps it in state and shows its changes in every plan. */
  readonly input: Readonly<Record<string, unknown>>;
}

/**
 * `terraform_data`, Terraform's built-in resource that only keeps a value (Terraform 1.4+; no provider to install, no
 * call to any API): a record in the plan and the state of a decision taken in config that no Azure resource carries,
 * so reviewers and `fhi review` see it change like any resource. Changing `input` updates it in place.
 */
export class TerraformRecord extends TerraformResource {
  static readonly TF_TYPE = "terraform_data";

  constructor(scope: Construct, id: string, private readonly props: TerraformRecordProps) {
    super(scope, id, { terraformResourceType: TerraformRecord.TF_TYPE });
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { input: this.props.input };
  }
}
