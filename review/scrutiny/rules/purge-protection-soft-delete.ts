import { isAbsent, type Value } from "../../../policies/model";
import { settingRule, switchExposure } from "../rule";

/** Fewer retention days protect less; no retention policy at all protects nothing. */
function retentionExposure(absentDays: number | undefined): (value: Value | undefined) => number | undefined {
  return (value) => {
    const days = isAbsent(value) ? absentDays : value;
    if (days === undefined) return 1000;
    return typeof days === "number" ? -days : undefined;
  };
}

export const purgeProtectionSoftDelete = settingRule({
  id: "purge-protection-soft-delete",
  title: "Purge protection and soft delete",
  settings: [
    { types: ["azurerm_key_vault"], paths: ["purge_protection_enabled"], label: "purge protection", exposure: switchExposure(false, false), broadeningOnCreate: false },
    { types: ["azurerm_key_vault"], paths: ["soft_delete_retention_days"], label: "soft-delete retention (days)", exposure: retentionExposure(90), broadeningOnCreate: false },
    {
      types: ["azurerm_storage_account"],
      paths: ["blob_properties.delete_retention_policy.days"],
      label: "blob soft-delete retention (days)",
      exposure: retentionExposure(undefined),
      broadeningOnCreate: false,
    },
    {
      types: ["azurerm_storage_account"],
      paths: ["blob_properties.container_delete_retention_policy.days"],
      label: "container soft-delete retention (days)",
      exposure: retentionExposure(undefined),
      broadeningOnCreate: false,
    },
    { types: ["azurerm_storage_account"], paths: ["blob_properties.versioning_enabled"], label: "blob versioning", exposure: switchExposure(false, false), broadeningOnCreate: false },
  ],
});
