// Child process of the benchmark: synthesizes every environment with N regions into OUTDIR.
import { synthesizeValidated } from "../stacks/synth";
import { generatedEnvironments } from "./generated-estate";

const [count, outdir] = process.argv.slice(2);
const stacks = synthesizeValidated(generatedEnvironments(Number(count)), outdir);
process.stdout.write(`${stacks.length} stacks, ${stacks.reduce((sum, stack) => sum + stack.resources, 0)} resources\n`);
