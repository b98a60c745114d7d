import { Construct } from "constructs";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import type { ResourceInterfaceProps, ResourcePlacement } from "./interfaces";
import { assertLeastPrivilegeRole } from "./roles";

/** What a resource can send to diagnostics: some have no metrics, some keep their logs on a child resource. */
export interface DiagnosticTarget {
  /** Suffix of the diagnostic setting's construct id and name, e.g. `blob`; the resource itself when absent. */
  readonly key?: string;
  readonly resourceId: string;
  readonly logs: boolean;
  readonly metrics: boolean;
}

export interface ResourceInterfacesOptions<Subresource extends string> {
  /** The resource the interfaces attach to. */
  readonly resourceId: string;
  readonly placement: ResourcePlacement;
  readonly props: ResourceInterfaceProps<Subresource>;
  /** The Private Link sub-resources the service offers; one endpoint is made per sub-resource. */
  readonly subresources?: readonly Subresource[];
  /** Default: the resource itself, with logs and metrics. */
  readonly diagnosticTargets?: readonly DiagnosticTarget[];
}

export const DEFAULT_LOCK_NOTES = "Holds state. Remove this lock in code, through review, before deleting.";

/**
 * The one implementation of the interface family: diagnostic settings, private endpoints with DNS zone groups,
 * role assignments and a lock, attached to a resource a construct has just declared.
 */
export class ResourceInterfaces<Subresource extends string = string> extends Construct {
  readonly diagnosticSettings: MonitorDiagnosticSetting[] = [];
  readonly privateEndpoints: Partial<Record<Subresource, PrivateEndpoint>> = {};
  readonly roleAssignments: Record<string, RoleAssignment> = {};
  readonly lock?: ManagementLock;

  constructor(scope: Construct, id: string, options: ResourceInterfacesOptions<Subresource>) {
    super(scope, id);
    const { props, placement, resourceId } = options;

    if (props.diagnostics) {
      const diagnostics = props.diagnostics;
      if (diagnostics.categories && diagnostics.categoryGroups) {
        throw new Error(`${this.node.path}: diagnostics.categories and diagnostics.categoryGroups are both set. Fix: pass one of them; categories when a group would send a category that must not leave the resource`);
      }
      const enabledLog = diagnostics.categories
        ? diagnostics.categories.map((category) => ({ category }))
        : (diagnostics.categoryGroups ?? ["allLogs"]).map((categoryGroup) => ({ categoryGroup }));
      const targets = options.diagnosticTargets ?? [{ resourceId, logs: true, metrics: true }];
      for (const target of targets) {
        const suffix = target.key ? `-${target.key}` : "";
        const metrics = target.metrics && diagnostics.metrics !== false;
        this.diagnosticSettings.push(
          new MonitorDiagnosticSetting(this, `diagnostics${suffix}`, {
            name: `diag-${placement.name}${suffix}`,
            targetResourceId: target.resourceId,
            logAnalyticsWorkspaceId: diagnostics.workspaceId,
            enabledLog: target.logs ? enabledLog : undefined,
            enabledMetric: metrics ? [{ category: "AllMetrics" }] : undefined,
          }),
        );
      }
    }

    if (props.privateEndpoint) {
      const endpoint = props.privateEndpoint;
      for (const subresource of options.subresources ?? []) {
        const zones = endpoint.privateDnsZoneIds[subresource];
        if (zones === undefined || (Array.isArray(zones) && zones.length === 0)) {
          throw new Error(`${this.node.path}: privateEndpoint.privateDnsZoneIds has no zone for "${subresource}". Fix: pass the private DNS zone ID for ${subresource}`);
        }
        const name = `pep-${placement.name}-${subresource}`;
        this.privateEndpoints[subresource] = new PrivateEndpoint(this, `private-endpoint-${subresource}`, {
          name,
          location: placement.location,
          resourceGroupName: endpoint.resourceGroupName ?? placement.resourceGroupName,
          subnetId: endpoint.subnetId,
          customNetworkInterfaceName: `nic-${name}`,
          privateServiceConnection: {
            name,
            privateConnectionResourceId: resourceId,
            subresourceNames: [subresource],
            isManualConnection: false,
          },
          privateDnsZoneGroup: { name: "default", privateDnsZoneIds: typeof zones === "string" ? [zones] : [...(zones as readonly string[])] },
          tags: props.tags,
        });
      }
    }

    for (const [key, assignment] of Object.entries(props.roleAssignments ?? {})) {
      assertLeastPrivilegeRole(assignment.roleDefinitionName, `${this.node.path}: roleAssignments.${key}`);
      const principalType = assignment.principalType ?? "ServicePrincipal";
      this.roleAssignments[key] = new RoleAssignment(this, `role-${key}`, {
        scope: resourceId,
        principalId: assignment.principalId,
        principalType,
        roleDefinitionName: assignment.roleDefinitionName,
        description: assignment.description,
        // A managed identity made in the same apply may not have replicated in Entra ID yet.
        skipServicePrincipalAadCheck: principalType === "ServicePrincipal" ? true : undefined,
      });
    }

    if (props.lock) {
      this.lock = new ManagementLock(this, "lock", {
        name: `lock-${placement.name}`,
        scope: resourceId,
        lockLevel: props.lock.level ?? "CanNotDelete",
        notes: props.lock.notes ?? DEFAULT_LOCK_NOTES,
      });
    }
  }
}
