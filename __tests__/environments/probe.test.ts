import { ENVIRONMENTS } from "../../environments";
import { validateEnvironment, formatProblem } from "../../environments/schema/validate";
test("probe", () => { for (const [k, v] of Object.entries(ENVIRONMENTS)) { const r = validateEnvironment(v, k); console.log(k, r.ok ? "ok" : r.problems.map(formatProblem)); } });
