import { atLeast, expectSetting } from "../../engine/checks";
import { fail, type Verdict } from "../../engine/rule";
import type { Resource } from "../../model/resource";
import { isAbsent, valueAt } from "../../model/value";

/**
 * A soft-delete retention block with at least `minimum` days: the number counts, not the block. An absent
 * `days` in a present block takes the provider's default, which is 7 for storage soft delete.
 */
export function expectRetention(resource: Resource, block: string, what: string, minimum = 7): Verdict {
  if (isAbsent(valueAt(resource.values, block))) return fail(`${block} is not set; ${what} cannot be recovered`);
  return expectSetting(resource, { paths: [`${block}.days`], ok: atLeast(minimum), want: `at least ${minimum} days`, whenAbsent: minimum <= 7 });
}
