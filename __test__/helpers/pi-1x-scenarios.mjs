// Scenarios and tools the pi-ai 1.6 suites on Node 24 (fixtures/pi/suites) share.
import * as scenarios from '../../fake-bedrock/scenarios.mjs';

/** `count` tool calls in one assistant turn, each with its arguments in two fragments. */
export function toolCalls(count) {
  const { events } = scenarios;
  const steps = [events.messageStart()];
  for (let index = 0; index < count; index += 1) {
    steps.push(
      events.toolUseStart(index, `tooluse_${index}`, 'get_weather'),
      events.toolUseDelta(index, '{"city":'),
      events.toolUseDelta(index, ` "City ${index}"}`),
      events.contentBlockStop(index),
    );
  }
  steps.push(events.messageStop('tool_use'), events.metadata());
  return { steps };
}

export const weatherTool = {
  name: 'get_weather',
  description: 'Current weather of a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
