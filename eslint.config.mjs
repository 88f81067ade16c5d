// typescript-eslint flat config (STYLE.md rule 21).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";
import mocha from "eslint-plugin-mocha";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "**/node_modules/**",
      "functions/dist/**",
      "packages/*/dist/**",
      "policy/**",
      "eslint.config.mjs",
      "reports/**",
      ".stryker-tmp/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: [
          "./tsconfig.json",
          "./functions/tsconfig.json",
          "./packages/inspector-gate/tsconfig.json",
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { "@pulumi": pulumi },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@pulumi/no-output-in-template-literal": "error",
      "@pulumi/no-output-instance-in-template-literal": "error",
      curly: "error",
      eqeqeq: "error",
      "prefer-const": "error",
    },
  },
  {
    // Plain CommonJS: the Lambda container stand-in of the deployed-functions tests, the postinstall.
    files: ["test/deployed/**/*.cjs", "scripts/*.cjs"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: "commonjs",
      globals: { require: "readonly", __dirname: "readonly", process: "readonly" },
    },
    rules: {
      ...tseslint.configs.disableTypeChecked.rules,
      "@typescript-eslint/no-require-imports": "off",
      "@pulumi/no-output-in-template-literal": "off",
      "@pulumi/no-output-instance-in-template-literal": "off",
    },
  },
  {
    files: ["test/**/*.ts", "packages/*/test/**/*.ts"],
    plugins: { mocha },
    rules: {
      "mocha/no-exclusive-tests": "error",
      "@typescript-eslint/no-unused-expressions": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
    },
  },
);
