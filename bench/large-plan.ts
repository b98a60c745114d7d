import * as fs from "node:fs";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface TemplateResource {
  readonly type: string;
  readonly values: { [key: string]: Json };
}

/** Resources of our own synthesized stacks: the shapes real plans of this estate carry. */
export function templatesFrom(stackFiles: readonly string[]): TemplateResource[] {
  return stackFiles.flatMap((file) => {
    const json = JSON.parse(fs.readFileSync(file, "utf8")) as { resource?: Record<string, Record<string, { [key: string]: Json }>> };
    return Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
      Object.values(byName).map((block) => {
        const values = Object.fromEntries(Object.entries(block).filter(([key]) => key !== "//" && key !== "lifecycle" && key !== "depends_on" && key !== "provider"));
        return { type, values };
      }),
    );
  });
}

/** A plan value: cdktf tokens and Terraform expressions are not known until apply. */
function planned(value: Json): { after: Json; unknown: Json } {
  if (typeof value === "string" && value.includes("${")) return { after: null, unknown: true };
  if (Array.isArray(value)) {
    const items = value.map(planned);
    return { after: items.map((item) => item.after), unknown: items.map((item) => item.unknown) };
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([key, item]) => [key, planned(item)] as const);
    return {
      after: Object.fromEntries(entries.map(([key, item]) => [key, item.after])),
      unknown: Object.fromEntries(entries.filter(([, item]) => item.unknown !== false).map(([key, item]) => [key, item.unknown])),
    };
  }
  return { after: value, unknown: false };
}

const ACTION_CYCLE: readonly (readonly string[])[] = [
  ["update"], ["update"], ["update"], ["create"], ["no-op"], ["update"], ["create"], ["update"], ["delete", "create"], ["delete"],
];

/**
 * A `terraform show -json` plan with `count` resource changes, cycling through the templates and through a mix
 * of actions; updates change tags and, for one resource in ten, widen public network access.
 */
export function largePlan(templates: readonly TemplateResource[], count: number): object {
  const changes = [];
  for (let index = 0; index < count; index += 1) {
    const template = templates[index % templates.length];
    const actions = ACTION_CYCLE[index % ACTION_CYCLE.length];
    const name = `r${index}`;
    const { after, unknown } = planned(template.values);
    const afterObject = { ...(after as Record<string, Json>) };
    if (actions[0] === "update" && "tags" in afterObject) afterObject.tags = { ...(afterObject.tags as Record<string, Json>), revision: String(index) };
    if (actions[0] === "update" && index % 10 === 5 && "public_network_access_enabled" in afterObject) afterObject.public_network_access_enabled = true;
    changes.push({
      address: `${template.type}.${name}`,
      mode: "managed",
      type: template.type,
      name,
      provider_name: template.type.startsWith("azapi_") ? "registry.terraform.io/azure/azapi" : "registry.terraform.io/hashicorp/azurerm",
      change: {
        actions,
        before: actions[0] === "create" ? null : after,
        after: actions[0] === "delete" && actions.length === 1 ? null : afterObject,
        after_unknown: actions[0] === "delete" && actions.length === 1 ? {} : unknown,
        ...(actions.length === 2 ? { replace_paths: [["name"]] } : {}),
      },
    });
  }
  return { format_version: "1.2", terraform_version: "1.9.8", resource_changes: changes, planned_values: { root_module: {} } };
}
