import { Lazy, Token } from "cdktf";
import { withoutTokenCreationTraces } from "../../stacks/synth";

test("while synthesizing, cdktf's token holders record no creation trace, and real errors keep theirs", () => {
  const { holder, error } = withoutTokenCreationTraces(() => {
    const lazy = Lazy.stringValue({ produce: () => "x" });
    return { holder: Token.asAny(lazy) as unknown as { creationStack?: string[] }, error: new Error("real") };
  });
  expect(holder.creationStack).toEqual([]);
  expect(error.stack).toMatch(/^Error: real\n\s+at /);
  const outside = { stack: "" };
  Error.captureStackTrace(outside);
  expect(outside.stack).toMatch(/\n\s+at /); // put back afterwards
});
