import type { IConstruct } from "constructs";
import { Annotations, TerraformStack, type IAspect } from "cdktf";
import { buildModel } from "../adapters/raw";
import { readCdktfStacks, type CdktfStackDocument } from "../adapters/cdktf-out";
import { evaluate, type PolicyResult } from "../engine/evaluate";
import { HIPAA_AZURE_PACK } from "../pack";

/** What the annotation says, so `fhi synth` and `cdktf synth` print the rule, the resource and the fix pointer. */
function annotation(result: PolicyResult): string {
  return `[${result.ruleId}] ${result.address}: ${result.message} (fhi policy rules; docs/RULES.md)`;
}

/**
 * Runs the policy pack on each stack while it is synthesized: failing error rules become error
 * annotations (so synthesis stops, in `fhi synth` and `cdktf synth` alike) and failing warnings become
 * warning annotations. Add one instance to every stack of an app: the stacks are evaluated together so that
 * cross-stack relationships (a private endpoint in one stack, its vault in another) resolve.
 */
export class PolicyAspect implements IAspect {
  /** Stack JSON by stack; a stack's own entry is refreshed when it is checked, after its other aspects ran. */
  private readonly documents = new Map<TerraformStack, unknown>();
  private readonly registered = new WeakSet<TerraformStack>();

  constructor(private readonly options: { readonly now?: Date } = {}) {}

  visit(node: IConstruct): void {
    if (!(node instanceof TerraformStack) || this.registered.has(node)) return;
    this.registered.add(node);
    // Validations run after every aspect of the stack (tags included) and before its JSON is written.
    node.node.addValidation({ validate: () => this.check(node) });
  }

  private documentOf(stack: TerraformStack): unknown {
    if (!this.documents.has(stack)) this.documents.set(stack, stack.toTerraform());
    return this.documents.get(stack);
  }

  private check(stack: TerraformStack): string[] {
    this.documents.set(stack, stack.toTerraform());
    const stacks = stack.node.root.node.children.filter((child): child is TerraformStack => child instanceof TerraformStack);
    const documents: CdktfStackDocument[] = stacks.map((each) => ({ stack: each.node.id, file: `stacks/${each.node.id}/cdk.tf.json`, document: this.documentOf(each) }));
    const model = buildModel(readCdktfStacks(documents));
    const { results } = evaluate(model, HIPAA_AZURE_PACK, { now: this.options.now });
    const constructs = new Map(stack.node.findAll().map((construct) => [construct.node.path, construct]));
    for (const result of results) {
      if (result.stack !== stack.node.id || result.status !== "fail" || result.severity === "info") continue;
      const target = (result.constructPath && constructs.get(result.constructPath)) || stack;
      if (result.severity === "error") Annotations.of(target).addError(annotation(result));
      else Annotations.of(target).addWarning(annotation(result));
    }
    return [];
  }
}
