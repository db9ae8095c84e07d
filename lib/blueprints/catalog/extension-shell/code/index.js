const fs = require("node:fs");

/** Lists the installed extensions and returns what the shell extension has journaled. */
exports.handler = async (event) => {
  let journal = [];
  try {
    journal = fs.readFileSync("/tmp/shell-extension.log", "utf8").trim().split("\n");
  } catch {
    // nothing journaled yet
  }
  return { extensions: fs.readdirSync("/opt/extensions").sort(), journal, event };
};
