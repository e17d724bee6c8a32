// The package entry: the pi-ai provider, its registration, discovery, and the low-level native call.
export { BedrockError, converseStream, type ConverseEvent, type NativeStreamOptions } from "./native.js";
