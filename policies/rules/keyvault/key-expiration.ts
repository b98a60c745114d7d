import { show } from "../../engine/checks";
import { defineRule, fail, pass } from "../../engine/rule";
import { isAbsent, isUnknown, valueAt } from "../../model/value";

export const keyVaultKeyExpiration = defineRule({
  id: "FHI-KV-101",
  title: "Key Vault keys expire",
  severity: "warning",
  service: "keyvault",
  resourceTypes: ["azurerm_key_vault_key"],
  rationale: "Keys without an end of life stay usable forever if leaked; an expiry (or a rotation policy that sets one) bounds the exposure.",
  remediation: "Set expiration_date, or rotation_policy.expire_after.",
  references: { checkov: ["CKV_AZURE_40"], trivy: ["AVD-AZU-0014"], azurePolicy: ["152b15f7-8e1f-4c1f-ab71-8c010ba5dbc0"], hipaa: ["164.312(a)(2)(iv)"] },
  check: (resource) => {
    const expiration = valueAt(resource.values, "expiration_date");
    const expireAfter = valueAt(resource.values, "rotation_policy.expire_after");
    if (!isAbsent(expiration) && !isUnknown(expiration)) return pass(`expiration_date is ${show(expiration)}`);
    if (!isAbsent(expireAfter) && !isUnknown(expireAfter)) return pass(`rotation_policy.expire_after is ${show(expireAfter)}`);
    // An expiry computed by an expression (timeadd(...)) is still an expiry.
    if (isUnknown(expiration) || isUnknown(expireAfter)) return pass("the expiry is set by an expression");
    return fail("neither expiration_date nor rotation_policy.expire_after is set");
  },
});

