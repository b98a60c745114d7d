import type { Construct } from "constructs";
import { Token, TerraformResource } from "cdktf";
import { ensureTimeProvider, TIME_GENERATOR_METADATA } from "./provider";

export interface TimeOffsetProps {
  readonly offsetDays: number;
}

/** `time_offset`: a moment fixed when it is created (now + offset), which later plans do not move. */
export class TimeOffset extends TerraformResource {
  static readonly TF_TYPE = "time_offset";

  constructor(scope: Construct, id: string, private readonly props: TimeOffsetProps) {
    super(scope, id, { terraformResourceType: TimeOffset.TF_TYPE, terraformGeneratorMetadata: TIME_GENERATOR_METADATA });
    ensureTimeProvider(this);
  }

  /** Seconds since the epoch, as Key Vault's `exp` attribute takes it. */
  get unix(): number {
    return Token.asNumber(this.interpolationForAttribute("unix"));
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { offset_days: this.props.offsetDays };
  }
}
