/**
 * The `require` entry of the package (package.json `exports`). kubepkg is an ES module; Node
 * 20.19+ and 22.12+ can require() ES modules that have no top-level await, so this re-exports
 * the ES module itself. Older Node versions cannot, and get a message that says what to do
 * instead of a bare ERR_REQUIRE_ESM.
 */
function load(): unknown {
  try {
    return require('./index.js');
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_REQUIRE_ESM') {
      throw new Error(
        `require('kubepkg') needs Node 20.19+ or 22.12+ (this is Node ${process.versions.node}), which can require() ES modules; ` +
          "on this Node use `const kubepkg = await import('kubepkg')`, or upgrade Node.",
        { cause: err },
      );
    }
    throw err;
  }
}
module.exports = load();
