import { Construct } from "constructs";
import { AzapiTrackedResource } from "../azapi/resource";

/** GitHub's resource type for Azure private networking of hosted runners (docs.github.com, "Configuring private networking for GitHub-hosted runners"). */
export const GITHUB_NETWORK_SETTINGS_TYPE = "GitHub.Network/networkSettings@2024-04-02";

export interface GitHubHostedNetworkProps {
  readonly name: string;
  readonly location: string;
  /** ARM ID of the resource group it goes in (same subscription and region as the VNet, as GitHub requires). */
  readonly resourceGroupId: string;
  /** Subnet delegated to GitHub.Network/networkSettings. */
  readonly subnetId: string;
  /** The GitHub enterprise's or organization's database ID. */
  readonly businessId: string;
  readonly tags?: Record<string, string>;
}

/**
 * Lets GitHub place its hosted runners' network interfaces in our subnet. The resource's `tags.GitHubId` is what the
 * organization owner pastes into GitHub's network configuration; the runner group on it is GitHub-side, by hand.
 */
export class GitHubHostedNetwork extends Construct {
  readonly settings: AzapiTrackedResource<{ properties: { businessId: string; subnetId: string } }>;

  constructor(scope: Construct, id: string, props: GitHubHostedNetworkProps) {
    super(scope, id);
    this.settings = new AzapiTrackedResource(this, "network-settings", {
      type: GITHUB_NETWORK_SETTINGS_TYPE,
      name: props.name,
      parentId: props.resourceGroupId,
      location: props.location,
      tags: props.tags,
      body: { properties: { businessId: props.businessId, subnetId: props.subnetId } },
      responseExportValues: ["tags.GitHubId"],
      // azapi's embedded ARM schemas do not cover this third-party resource provider.
      schemaValidationEnabled: false,
    });
  }

  /** The ID to register in GitHub's "Add Azure Virtual Network" form. */
  get gitHubId(): string {
    return this.settings.outputString("tags.GitHubId");
  }
}
