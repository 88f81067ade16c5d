/** Root hooks: install the recording mock runtime once, clear its records before each test. */
import { monitor, TEST_PROJECT } from "./helpers/runtime";

export const mochaHooks = {
  beforeAll(): void {
    monitor.install(TEST_PROJECT, "test");
  },
  beforeEach(): void {
    monitor.reset();
  },
};
