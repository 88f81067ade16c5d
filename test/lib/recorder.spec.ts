import { expect } from "chai";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { monitor, promiseOf, resourceNamed } from "../helpers/runtime";

describe("RecordingMonitor", () => {
  it("records inputs and the options a policy needs", async () => {
    // Prepare
    const parent = new pulumi.ComponentResource("inspector:test:Parent", "parent", {});
    // Act
    const filter = new aws.inspector2.Filter(
      "f",
      { action: "SUPPRESS", filterCriterias: [], name: "f", region: "eu-west-1" },
      { parent, retainOnDelete: true, protect: true, customTimeouts: { create: "45m" } },
    );
    await promiseOf(filter.arn);
    // Assess
    const rec = resourceNamed("aws:inspector2/filter:Filter", "f");
    expect({
      inputs: rec.inputs,
      protect: rec.protect,
      retainOnDelete: rec.retainOnDelete,
      customTimeouts: rec.customTimeouts,
      parent: rec.parent,
    }).to.deep.equal({
      inputs: { action: "SUPPRESS", filterCriterias: [], name: "f", region: "eu-west-1" },
      protect: true,
      retainOnDelete: true,
      customTimeouts: { create: "45m" },
      parent: resourceNamed("inspector:test:Parent", "parent").urn,
    });
    expect(monitor.calls).to.deep.equal([]);
  });
});
