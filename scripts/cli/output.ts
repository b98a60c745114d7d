import * as fs from "node:fs";
import { UserError } from "./errors";

/** Writes a command's report to its `--output` file; a path that cannot be written is a usage error (exit 2), never a failed gate. */
export function writeOutputFile(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UserError(`--output ${file}: cannot be written (${reason}). Fix: name a file in an existing, writable directory`);
  }
}
