/**
 * One Lambda execution environment, as a child process: loads the deployed bundle's handler
 * module at start-up (the init phase, with the environment the parent gives: the plan's variables
 * plus Lambda's own), then runs one invocation per IPC message, with a context object shaped as
 * Lambda's (request id, function name, remaining time from the configured timeout).
 *
 * argv: <code directory> <handler, e.g. index.handler> <timeout seconds> <function ARN>
 * Messages in: { id, event, requestId }. Out: { ready, initMs } | { initError } | { id, result } |
 * { id, error: { name, message, stack } }.
 */
"use strict";
const path = require("path");

const [codeDir, handlerSpec, timeoutSeconds, functionArn] = process.argv.slice(2);
const [moduleName, exportName] = handlerSpec.split(".");
const timeoutMs = Number(timeoutSeconds) * 1000;

let handler;
const started = process.hrtime.bigint();
try {
  handler = require(path.join(codeDir, moduleName))[exportName];
  if (typeof handler !== "function") {
    throw new Error(`${handlerSpec} is not a function in ${codeDir}`);
  }
  process.send({ ready: true, initMs: Number(process.hrtime.bigint() - started) / 1e6 });
} catch (err) {
  process.send({ initError: { name: err.name, message: err.message, stack: err.stack } });
  process.exit(1);
}

process.on("message", async (msg) => {
  const deadline = Date.now() + timeoutMs;
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: functionArn,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: msg.requestId,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  process.env._X_AMZN_TRACE_ID = `Root=1-${msg.requestId.slice(0, 8)}-${msg.requestId.replace(/-/g, "").slice(0, 24)}`;
  try {
    const result = await handler(msg.event, context);
    process.send({ id: msg.id, result: result === undefined ? null : result });
  } catch (err) {
    process.send({
      id: msg.id,
      error: {
        name: err && err.name,
        message: err && err.message,
        stack: err && err.stack,
      },
    });
  }
});
