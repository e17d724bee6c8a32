// Tool-name mapping (request/tool-names.ts): Bedrock takes `^[a-zA-Z0-9_-]{1,64}$` only; other
// names are renamed deterministically and mapped back. No addon, no server.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bedrockToolName, renamedToolNames } from '../../dist/request/tool-names.js';

const BEDROCK_TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

describe('tool names sent to Bedrock', () => {
  it('valid names pass unchanged', () => {
    for (const name of ['get_weather', 'Read-File', 'a', 'x'.repeat(64)]) assert.equal(bedrockToolName(name), name);
  });

  it('invalid names become valid: characters replaced, cut, plus 8 hex of a hash', () => {
    for (const name of ['mcp.github/create_issue', 'ünïcode tool', 'x'.repeat(65), `server.${'long_'.repeat(30)}`]) {
      const sent = bedrockToolName(name);
      assert.match(sent, BEDROCK_TOOL_NAME, name);
      assert.match(sent, /_[0-9a-f]{8}$/, name);
    }
    assert.match(bedrockToolName('mcp.github/create_issue'), /^mcp_github_create_issue_[0-9a-f]{8}$/);
  });

  it('the same name always maps alike; names that sanitise alike stay distinct', () => {
    assert.equal(bedrockToolName('a.b'), bedrockToolName('a.b'));
    assert.notEqual(bedrockToolName('a.b'), bedrockToolName('a/b'));
  });
});

describe('renamed tool names mapped back', () => {
  it('holds only the tools whose name changed, Bedrock name → pi name', () => {
    const renamed = renamedToolNames([{ name: 'get_weather' }, { name: 'fs.read' }, { name: 'fs/read' }]);
    assert.deepEqual([...renamed.entries()], [[bedrockToolName('fs.read'), 'fs.read'], [bedrockToolName('fs/read'), 'fs/read']]);
  });

  it('is empty without tools', () => {
    assert.equal(renamedToolNames(undefined).size, 0);
  });
});
