// The `bedrock-native/testing` entry: hooks for tests of code built on this package, kept out of
// the main entry. `setDiscoveryClock` moves the discovery cache's clock; `clearDiscoveryCache`
// empties the discovery cache (and the credential reports cached with it).
export { clearDiscoveryCache, setDiscoveryClock } from "./discovery/discovery.js";
