// Usage cost as pi-ai 1.6's `calculateCost` computes it: the model's prices are per million
// tokens; a cost tier applies once the input (fresh, cache reads and cache writes) exceeds its
// threshold, the highest such tier winning; 1h cache writes cost twice the input price.
import type { Model, ModelCostRates, Usage } from "../protocol/types.js";

const ONE_HOUR_WRITE_PRICE_FACTOR = 2;

function ratesFor(model: Pick<Model, "cost">, inputTokens: number): ModelCostRates {
	let rates: ModelCostRates = model.cost;
	let threshold = -1;
	for (const tier of model.cost.tiers ?? []) {
		if (inputTokens > tier.inputTokensAbove && tier.inputTokensAbove > threshold) {
			rates = tier;
			threshold = tier.inputTokensAbove;
		}
	}
	return rates;
}

export function priceUsage(model: Pick<Model, "cost">, usage: Usage): void {
	const rates = ratesFor(model, usage.input + usage.cacheRead + usage.cacheWrite);
	const longWrites = usage.cacheWrite1h ?? 0;
	const shortWrites = usage.cacheWrite - longWrites;
	usage.cost.input = (rates.input / 1_000_000) * usage.input;
	usage.cost.output = (rates.output / 1_000_000) * usage.output;
	usage.cost.cacheRead = (rates.cacheRead / 1_000_000) * usage.cacheRead;
	usage.cost.cacheWrite = (rates.cacheWrite * shortWrites + rates.input * ONE_HOUR_WRITE_PRICE_FACTOR * longWrites) / 1_000_000;
	usage.cost.total = usage.cost.input + usage.cost.output + usage.cost.cacheRead + usage.cost.cacheWrite;
	usage.cost.totalFromProvider = false;
}
