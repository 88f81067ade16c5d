/**
 * Issue 13: every command as a user runs it (a child process), with bad input: the exact exit
 * code, a line naming the key, flag, file or line and the fix, stdout empty or one JSON
 * document, and no stack trace. Another package adds its table with `describeBadInput`.
 */
import { describeBadInput } from "../helpers/cli";
import { EXPLAIN_EVENT_CASES } from "./cases/explainEvent";
import { INVENTORY_CASES } from "./cases/inventory";
import { KPIS_CASES } from "./cases/kpis";
import { PLAN_CASES } from "./cases/plan";

describeBadInput("bad input, as a user runs the commands (issue 13)", [
  ...PLAN_CASES,
  ...EXPLAIN_EVENT_CASES,
  ...KPIS_CASES,
  ...INVENTORY_CASES,
]);
