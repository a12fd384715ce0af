const { snapshot } = require('./host-guard.cjs');
module.exports = async () => {
  globalThis.__kubepkgHostSnapshot = snapshot();
};
