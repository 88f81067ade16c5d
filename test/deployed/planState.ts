/**
 * Realistic outputs for the offline plan's resources, so that what the program passes on (table
 * names, queue URLs, topic and key ARNs) is what AWS would give: the functions' environment is
 * then read from the plan with the values a deployment would have, instead of mock ARNs.
 *
 * Names follow Pulumi's auto-naming (`<logical name>-<7 hex>`) when the program sets none; ARNs
 * and URLs follow the formats of the Service Authorization Reference.
 */
import { createHash } from "crypto";
import type { MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import type { StateHandler } from "../../lib/offline/recorder";

function hex(seed: string, length: number): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

function uuidOf(seed: string): string {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A state handler for resources of `accountId` (the delegated administrator's). */
export function realisticState(accountId: string, defaultRegion: string): StateHandler {
  return (args: MockResourceArgs) => {
    const inputs = args.inputs as Record<string, unknown>;
    const region = typeof inputs.region === "string" ? inputs.region : defaultRegion;
    const name =
      typeof inputs.name === "string" ? inputs.name : `${args.name}-${hex(args.name, 7)}`;
    const arn = (service: string, resource: string, regional = true) =>
      `arn:aws:${service}:${regional ? region : ""}:${accountId}:${resource}`;
    switch (args.type) {
      case "aws:sqs/queue:Queue":
        return {
          ...inputs,
          name,
          arn: arn("sqs", name),
          url: `https://sqs.${region}.amazonaws.com/${accountId}/${name}`,
        };
      case "aws:sns/topic:Topic":
        return { ...inputs, name, arn: arn("sns", name) };
      case "aws:dynamodb/table:Table":
        return { ...inputs, name, arn: arn("dynamodb", `table/${name}`) };
      case "aws:kms/key:Key": {
        const keyId = uuidOf(args.name);
        return { ...inputs, keyId, arn: arn("kms", `key/${keyId}`) };
      }
      case "aws:s3/bucket:Bucket": {
        const bucket = typeof inputs.bucket === "string" ? inputs.bucket : name;
        return { ...inputs, bucket, arn: `arn:aws:s3:::${bucket}` };
      }
      case "aws:iam/role:Role": {
        const path = typeof inputs.path === "string" ? inputs.path : "/";
        return { ...inputs, name, arn: `arn:aws:iam::${accountId}:role${path}${name}` };
      }
      case "aws:lambda/function:Function":
        return { ...inputs, name, arn: arn("lambda", `function:${name}`) };
      case "aws:cloudwatch/logGroup:LogGroup":
        return { ...inputs, name, arn: arn("logs", `log-group:${name}`) };
      default:
        return { ...inputs, arn: arn(args.type.split(":")[1]?.split("/")[0] ?? "mock", name) };
    }
  };
}
