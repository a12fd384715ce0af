/** Fetching upstream artifacts: verified, cached, resumable; see docs/fetch.md. */
export { fetchInputs, fetchInput, describeRef, type FetchInputsOptions } from './fetch-inputs.js';
export { fetchToMirror, type FetchToMirrorOptions } from './to-mirror.js';
export { resolveVersionMarker, isVersionMarker, type MarkerOptions } from './markers.js';
export { resolveCacheDir, cacheInfo, cleanCache, type CacheInfo } from './cache.js';
export { DEFAULT_NETWORK_OPTIONS, networkOptions, type NetworkOptions } from './options.js';
export { isHttpUrl, baseUrlsForMirror, withDefaults, parseBaseUrl, artifactUrl } from './urls.js';
export type { ProgressEvent, ProgressListener } from './progress.js';
