/** Fetching upstream artifacts: verified, cached, resumable; see docs/fetch.md. */
export { fetchInputs, type FetchInputsOptions } from './fetch-inputs.js';
export { fetchToMirror, type FetchToMirrorOptions } from './to-mirror.js';
export { resolveVersionMarker } from './markers.js';
export { resolveCacheDir, cacheInfo, cleanCache } from './cache.js';
export { DEFAULT_NETWORK_OPTIONS, type NetworkOptions } from './options.js';
export { baseUrlsForMirror } from './urls.js';
export type { ProgressEvent } from './progress.js';
