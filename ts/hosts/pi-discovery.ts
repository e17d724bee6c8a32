// Discovery for the pi-ai 1.x provider's `refreshModels`: the native listing with the effective
// credential's token, profile and region, bounded by the host's abort signal, and its models as
// 1.x chat models.
import { describeDiscoveryError, discoverBedrockModels } from "../discovery/discovery.js";
import type { HostCredentials } from "../provider/host-credentials.js";
import { toPiBedrockModel } from "./pi-catalogue.js";
import type { PiBedrockModel } from "./pi-provider-types.js";

export interface PiDiscoveryRequest {
	credentials: HostCredentials;
	/** The provider's configured base URL (models.json); a non-AWS host (proxy, fake) serves the listings too. */
	baseUrl?: string;
	/** Bypass the native discovery cache. */
	force: boolean;
	providerFilter?: string[];
	signal: AbortSignal;
	catalogue: ReadonlyMap<string, PiBedrockModel>;
}

export interface PiDiscovery {
	models: PiBedrockModel[];
	/** A listing failed: some models may be missing. */
	partial: boolean;
}

function isAwsHost(url: string): boolean {
	try {
		return new URL(url).hostname.endsWith(".amazonaws.com");
	} catch {
		return false;
	}
}

/** Resolves when discovery settles or rejects with the signal's reason when it aborts first. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
	if (signal.aborted) return Promise.reject(signal.reason);
	return new Promise<T>((resolve, reject) => {
		const onAbort = () => reject(signal.reason);
		signal.addEventListener("abort", onAbort, { once: true });
		work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
	});
}

export async function discoverPiBedrockModels(request: PiDiscoveryRequest): Promise<PiDiscovery> {
	const endpoint = request.baseUrl && !isAwsHost(request.baseUrl) ? request.baseUrl : undefined;
	const discovery = await untilAborted(
		discoverBedrockModels({
			...request.credentials,
			endpoint,
			providerFilter: request.providerFilter,
			refreshInterval: request.force ? 0 : undefined,
		}),
		request.signal,
	);
	if (discovery.models.length === 0 && discovery.errors.length > 0) {
		throw new Error(`Bedrock model discovery failed: ${discovery.errors.map(describeDiscoveryError).join("; ")}`);
	}
	const baseUrl = endpoint ?? discovery.baseUrl;
	return {
		models: discovery.models.map((model) => toPiBedrockModel(model, baseUrl, request.catalogue)),
		partial: discovery.partial,
	};
}
