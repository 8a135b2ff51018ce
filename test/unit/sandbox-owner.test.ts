// Telling a local sandbox that still runs in another window from one that ended with its window.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { ownerState, processIsAlive, type ThisProcess } from '../../src/sandbox/owner';

const here: ThisProcess = { pid: 100, host: 'machine-a', isAlive: (pid) => pid === 200 };

describe('the owner of an in-editor sandbox', () => {
  it('runs while its extension host process lives on this machine', () => {
    assert.equal(ownerState({ pid: 200, host: 'machine-a' }, here), 'running');
  });

  it('has ended when that process is gone, or when it is this very process (which holds no sandbox)', () => {
    assert.equal(ownerState({ pid: 300, host: 'machine-a' }, here), 'ended');
    assert.equal(ownerState({ pid: 100, host: 'machine-a' }, here), 'ended');
  });

  it('is unknown on another machine, or when nothing usable was recorded (an earlier version)', () => {
    for (const owner of [undefined, null, {}, { pid: 300 }, { pid: '300', host: 'machine-a' }, { pid: -1, host: 'machine-a' }, { pid: 1.5, host: 'machine-a' }, 'x']) {
      assert.equal(ownerState(owner, here), 'unknown', JSON.stringify(owner));
    }
    assert.equal(ownerState({ pid: 300, host: 'machine-b' }, here), 'unknown');
  });

  it('asks the operating system whether a process lives, without signalling it', async () => {
    assert.equal(processIsAlive(process.pid), true);
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    await once(child, 'spawn');
    assert.equal(processIsAlive(child.pid!), true);
    child.kill();
    await once(child, 'exit');
    assert.equal(processIsAlive(child.pid!), false);
  });
});
