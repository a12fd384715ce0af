const { snapshot } = require('./host-guard.cjs');
module.exports = async () => {
  const before = globalThis.__kubepkgHostSnapshot;
  const after = snapshot();
  const changed = Object.keys(after).filter((p) => before && before[p] !== after[p]);
  if (changed.length > 0) {
    throw new Error(
      `tests changed package paths on the host itself (they must stay inside temporary roots): ${changed.join(', ')}`,
    );
  }
};
