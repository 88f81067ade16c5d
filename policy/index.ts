// The CrossGuard pack: only the PolicyPack (STYLE.md rule 5). Mandatory by default so a stack
// without policy config fails closed; config/<stack>.json relaxes it per stack (issue 6).
import { PolicyPack } from "@pulumi/policy";
import { allPolicies } from "./policies";

new PolicyPack("inspector-rollout", { policies: allPolicies, enforcementLevel: "mandatory" });
