// shared-utils is not in this package: it comes from the layer, at /opt/nodejs/node_modules,
// which Lambda puts on NODE_PATH. (require() honours NODE_PATH; ES module imports do not.)
const utils = require("shared-utils");

exports.handler = async (event) => {
  const total = utils.orderTotal(event.items ?? []);
  return {
    total: total.toFixed(2),
    formatted: utils.formatMoney(total, "USD"),
    loadedFrom: require.resolve("shared-utils"),
  };
};
