#!/usr/bin/env node
// Executable for the `inspector-gate` bin of this TypeScript-only package: registers tsx's
// CommonJS loader, then runs bin/inspectorGate.ts exactly as `node` would run a .js entry point
// (so its `require.main === module` check holds and it sets the exit code).
"use strict";
require("tsx/cjs");
const path = require("path");
const entry = path.join(__dirname, "inspectorGate.ts");
const Module = require("module");
Module.runMain(entry);
