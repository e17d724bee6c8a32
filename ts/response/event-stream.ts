// pi-ai 0.73.1's AssistantMessageEventStream semantics (an unbounded push queue read by async
// iteration; `result()` settled by the first `done`/`error`; pushes after that ignored), defined
// here so the provider entry loads nothing from pi-ai at import time.
import type { AssistantMessageEvent, FinalAssistantMessage as AssistantMessage } from "../protocol/types.js";

export class AssistantMessageEventStream implements AsyncIterable<AssistantMessageEvent> {
	private readonly queue: AssistantMessageEvent[] = [];
	private readonly waiting: ((result: IteratorResult<AssistantMessageEvent>) => void)[] = [];
	private done = false;
	private resolveResult!: (message: AssistantMessage) => void;
	private readonly finalResult = new Promise<AssistantMessage>((resolve) => {
		this.resolveResult = resolve;
	});

	push(event: AssistantMessageEvent): void {
		if (this.done) return;
		if (event.type === "done" || event.type === "error") {
			this.done = true;
			this.resolveResult(event.type === "done" ? event.message : event.error);
		}
		const waiter = this.waiting.shift();
		if (waiter) waiter({ value: event, done: false });
		else this.queue.push(event);
	}

	end(result?: AssistantMessage): void {
		this.done = true;
		if (result !== undefined) this.resolveResult(result);
		for (const waiter of this.waiting.splice(0)) waiter({ value: undefined, done: true });
	}

	async *[Symbol.asyncIterator](): AsyncIterator<AssistantMessageEvent> {
		while (true) {
			if (this.queue.length > 0) {
				yield this.queue.shift() as AssistantMessageEvent;
			} else if (this.done) {
				return;
			} else {
				const next = await new Promise<IteratorResult<AssistantMessageEvent>>((resolve) => this.waiting.push(resolve));
				if (next.done) return;
				yield next.value;
			}
		}
	}

	result(): Promise<AssistantMessage> {
		return this.finalResult;
	}
}
