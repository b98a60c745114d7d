import { PrivateDnsZones } from "../../../constructs/private-dns/private-dns-zones";
import { privateLinkZoneNames } from "../../../constructs/private-dns/zone-names";
import { ofType, ref, synthResources, zoneId } from "../synth";

const VNET_ID = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-test/providers/Microsoft.Network/virtualNetworks/vnet-test";

test("the zones of every private-link service we use, with the region in the AKS zone", () => {
  expect(privateLinkZoneNames("AzureCloud", "swedencentral")).toEqual({
    keyVault: "privatelink.vaultcore.azure.net",
    acr: "privatelink.azurecr.io",
    blob: "privatelink.blob.core.windows.net",
    file: "privatelink.file.core.windows.net",
    amlApi: "privatelink.api.azureml.ms",
    amlNotebooks: "privatelink.notebooks.azure.net",
    aks: "privatelink.swedencentral.azmk8s.io",
    monitor: "privatelink.monitor.azure.com",
    omsOpinsights: "privatelink.oms.opinsights.azure.com",
    odsOpinsights: "privatelink.ods.opinsights.azure.com",
    agentService: "privatelink.agentsvc.azure-automation.net",
  });
  expect(privateLinkZoneNames("AzureUSGovernment", "usgovvirginia").keyVault).toBe("privatelink.vaultcore.usgovcloudapi.net");
});

test("each zone is created and linked to the spoke without auto-registration", () => {
  let zoneIds: Record<string, string> = {};
  const resources = synthResources((scope) => {
    zoneIds = new PrivateDnsZones(scope, "dns", {
      resourceGroupName: "rg-test",
      zoneNames: { keyVault: "privatelink.vaultcore.azure.net", blob: "privatelink.blob.core.windows.net" },
      virtualNetworkId: VNET_ID,
      linkName: "link-vnet-test",
    }).zoneIds;
  });
  const zones = ofType(resources, "azurerm_private_dns_zone");
  expect(zones.map((zone) => zone.values.name).sort()).toEqual(["privatelink.blob.core.windows.net", "privatelink.vaultcore.azure.net"]);
  const links = ofType(resources, "azurerm_private_dns_zone_virtual_network_link").map((link) => link.values);
  expect(links).toEqual(zones.map((zone) => expect.objectContaining({ private_dns_zone_name: ref(zone, "name"), virtual_network_id: VNET_ID, registration_enabled: false })));
  expect(Object.keys(zoneIds)).toEqual(["keyVault", "blob"]);
});

test("a hub's existing zone is used as given: neither created nor linked here", () => {
  let zoneIds: Record<string, string> = {};
  const hubZone = zoneId("privatelink.vaultcore.azure.net");
  const resources = synthResources((scope) => {
    zoneIds = new PrivateDnsZones(scope, "dns", {
      resourceGroupName: "rg-test",
      zoneNames: { keyVault: "privatelink.vaultcore.azure.net", blob: "privatelink.blob.core.windows.net" },
      existingZoneIds: { keyVault: hubZone },
      virtualNetworkId: VNET_ID,
      linkName: "link-vnet-test",
    }).zoneIds;
  });
  expect(ofType(resources, "azurerm_private_dns_zone").map((zone) => zone.values.name)).toEqual(["privatelink.blob.core.windows.net"]);
  expect(ofType(resources, "azurerm_private_dns_zone_virtual_network_link")).toHaveLength(1);
  expect(zoneIds.keyVault).toBe(hubZone);
});
