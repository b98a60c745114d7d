import type { Construct } from "constructs";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import type { Environment, RegionConfig } from "../environments/schema/config";
import { RegionNames, type ResourceGroupPurpose } from "../environments/schema/naming";
import { EnvironmentStack } from "./environment-stack";

export interface RegionStackProps {
  readonly env: Environment;
  readonly region: RegionConfig;
}

/** A stack of one environment in one region, holding the resource group of its lifecycle. */
export abstract class RegionStack extends EnvironmentStack {
  readonly region: RegionConfig;
  readonly names: RegionNames;
  readonly resourceGroup: ResourceGroup;

  protected constructor(scope: Construct, props: RegionStackProps, purpose: ResourceGroupPurpose) {
    super(scope, { env: props.env, part: `${props.region.location}-${purpose}` });
    this.region = props.region;
    this.names = new RegionNames(props.env, props.region.location);
    this.resourceGroup = new ResourceGroup(this, "resource-group", {
      name: this.names.resourceGroup(purpose),
      location: props.region.location,
    });
  }
}
