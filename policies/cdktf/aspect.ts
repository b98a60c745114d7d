import type { IConstruct } from "constructs";
import { Annotations, TerraformStack, type IAspect } from "cdktf";
import { buildModel, type RawResource } from "../adapters/raw";
import { readCdktfStack, type CdktfStackDocument } from "../adapters/cdktf-out";
import { evaluate, type PolicyResult } from "../engine/evaluate";
import { HIPAA_AZURE_PACK } from "../pack";

/** What the annotation says, so `fhi synth` and `cdktf synth` print the rule, the resource and the fix pointer. */
function annotation(result: PolicyResult): string {
  return `[${result.ruleId}] ${result.address}: ${result.message} (fhi policy rules; docs/RULES.md)`;
}

/**
 * cdktf resolves a stack's JSON again to write it, right after the stack's validations, this one among them, and
 * nothing in between changes it (cdktf/lib/synthesize/synthesizer.js: validations, custom synthesis of assets,
 * annotations, then `stack.toTerraform()`). Resolving every token of a stack is the most expensive step of synth:
 * the next `toTerraform()` of the stack returns the document just judged, so the JSON written is exactly the one
 * the pack judged, and is resolved once.
 */
function writeWhatWasJudged(stack: TerraformStack, document: ReturnType<TerraformStack["toTerraform"]>): void {
  const judged = stack as { toTerraform: () => typeof document };
  judged.toTerraform = () => {
    delete (judged as Partial<typeof judged>).toTerraform;
    return document;
  };
}

/**
 * Runs the policy pack on each stack while it is synthesized: failing error rules become error
 * annotations (so synthesis stops, in `fhi synth` and `cdktf synth` alike) and failing warnings become
 * warning annotations. Add one instance to every stack of an app: the stacks are evaluated together so that
 * cross-stack relationships (a private endpoint in one stack, its vault in another) resolve.
 */
export class PolicyAspect implements IAspect {
  private readonly registered = new WeakSet<TerraformStack>();
  /**
   * Each stack's JSON and resources. A stack not yet synthesized is read before its own aspects ran (its tags
   * may be missing), which is good enough for the relationships other stacks ask about; a stack's entry is
   * read again when the stack itself is checked.
   */
  private readonly documents = new Map<string, CdktfStackDocument>();
  private readonly resources = new Map<string, RawResource[]>();

  constructor(private readonly options: { readonly now?: Date } = {}) {}

  visit(node: IConstruct): void {
    if (!(node instanceof TerraformStack) || this.registered.has(node)) return;
    this.registered.add(node);
    // Validations run after every aspect of the stack (tags included) and before its JSON is written.
    node.node.addValidation({ validate: () => this.check(node) });
  }

  private read(stack: TerraformStack, own: boolean): void {
    const id = stack.node.id;
    const document = stack.toTerraform();
    this.documents.set(id, { stack: id, file: `stacks/${id}/cdk.tf.json`, document });
    this.resources.delete(id);
    if (own) writeWhatWasJudged(stack, document);
  }

  private check(stack: TerraformStack): string[] {
    // Resources of other stacks can only be related through cross-stack references, which cdktf turns into
    // stack dependencies: the stacks this one depends on and those depending on it are all the model needs.
    const stacks = stack.node.root.node.children.filter(
      (child): child is TerraformStack => child instanceof TerraformStack && (child === stack || stack.dependencies.includes(child) || child.dependencies.includes(stack)),
    );
    for (const each of stacks) if (each === stack || !this.documents.has(each.node.id)) this.read(each, each === stack);
    const raws = stacks.flatMap((each) => {
      const id = each.node.id;
      if (!this.resources.has(id)) this.resources.set(id, readCdktfStack(this.documents.get(id)!, this.documents));
      return this.resources.get(id)!;
    });
    const { results } = evaluate(buildModel(raws), HIPAA_AZURE_PACK, { now: this.options.now, only: (resource) => resource.source.stack === stack.node.id });
    const constructs = new Map(stack.node.findAll().map((construct) => [construct.node.path, construct]));
    for (const result of results) {
      if (result.status !== "fail" || result.severity === "info") continue;
      const target = (result.constructPath && constructs.get(result.constructPath)) || stack;
      if (result.severity === "error") Annotations.of(target).addError(annotation(result));
      else Annotations.of(target).addWarning(annotation(result));
    }
    return [];
  }
}
