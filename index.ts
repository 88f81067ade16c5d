/**
 * inspector-rollout: Amazon Inspector across an AWS Organization.
 *
 * The composition root (STYLE.md rule 1): the program is asynchronous because the number of
 * resources depends on the organization's accounts, which are read before anything is registered.
 * Everything else lives in stacks/ and components/.
 */
import { runProgram } from "./stacks/program";

export = runProgram;
