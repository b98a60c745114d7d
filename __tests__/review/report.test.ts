import { renderMarkdown, REVIEW_MARKER, type ResourceChange, type Review } from "../../review";
import { NOT_EXHAUSTIVE_NOTE, summarize } from "../../review/model";

function reviewOf(changes: ResourceChange[]): Review {
  return { title: "a -> b", changes, policy: { introduced: [], resolved: [] }, summary: summarize(changes, 0), note: NOT_EXHAUSTIVE_NOTE };
}

test("a change too large for one GitHub comment keeps the summary, tables and note, and leaves the attribute details out", () => {
  const changes: ResourceChange[] = Array.from({ length: 400 }, (_, index) => ({
    stack: "prod-eastus2-platform",
    address: `azurerm_monitor_diagnostic_setting.diagnostics_${index}`,
    type: "azurerm_monitor_diagnostic_setting",
    action: "update",
    attributes: Array.from({ length: 5 }, (_, attribute) => ({ path: `enabled_log.${attribute}.category`, before: "x".repeat(60), after: "y".repeat(60) })),
    before: {},
    after: {},
    security: [],
  }));
  const markdown = renderMarkdown(reviewOf(changes));
  expect(markdown.length).toBeLessThan(65_536);
  expect(markdown.startsWith(`${REVIEW_MARKER}\n**fhi review: 0 to add, 400 to change`)).toBe(true);
  expect(markdown).toContain("_Attribute details left out: the comment would exceed GitHub's size limit.");
  expect(markdown).toContain("… and 250 more (see the JSON report)");
  expect(markdown).toContain(`> **Note:** ${NOT_EXHAUSTIVE_NOTE}`);
  expect(markdown).not.toContain("<details><summary>Attribute changes");
});

test("table cells escape pipes so a reason cannot break the table", () => {
  const change: ResourceChange = {
    stack: "dev-x",
    address: "azurerm_key_vault.kv",
    type: "azurerm_key_vault",
    action: "update",
    attributes: [],
    before: {},
    after: {},
    security: [{ kind: "broadening", rule: "public-network-access", reason: "a | b" }],
  };
  expect(renderMarkdown(reviewOf([change]))).toContain("| ⚠️ broadening | dev-x | `kv` | a \\| b |");
});
