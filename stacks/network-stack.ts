import type { Construct } from "constructs";
import { RegionStack, type RegionStackProps } from "./region-stacks";

/** Spoke network, DNS: changes rarely, everything else depends on it. */
export class NetworkStack extends RegionStack {
  constructor(scope: Construct, props: RegionStackProps) {
    super(scope, props, "network");
  }
}
