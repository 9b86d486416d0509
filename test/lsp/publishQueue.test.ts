// The push of what a pass announced, file by file: nothing is sent in the
// turn that ended the pass, one file's message is written before the next is
// sent, and each file's diagnostics are read at its turn (what changed while
// it waited is sent, never what the pass saw).
import * as assert from 'assert';
import { PublishQueue } from '../../server/src/features/publishQueue';
import { timingStats } from '../../server/src/lsp/timingStats';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('publish queue (push after a pass)', () => {
  it('sends nothing in the turn of the announcement, then one file at a time, each after the previous was written', async () => {
    const events: string[] = [];
    const writes: (() => void)[] = [];
    const queue = new PublishQueue((uri) => {
      events.push(`send ${uri}`);
      return new Promise<void>((resolve) => writes.push(() => (events.push(`written ${uri}`), resolve())));
    });
    queue.add(['a', 'b', 'c']);
    assert.strictEqual(events.length, 0);
    assert.ok(timingStats.diagnostics.publishing > 0);
    for (let i = 0; i < 3; i++) {
      while (writes.length === 0) await tick();
      // Not yet written: the next file waits.
      await tick();
      assert.strictEqual(events.filter((e) => e.startsWith('send')).length, i + 1);
      writes.shift()!();
    }
    await queue.idle();
    assert.deepStrictEqual(events, ['send a', 'written a', 'send b', 'written b', 'send c', 'written c']);
    assert.strictEqual(timingStats.diagnostics.publishing, 0);
  });

  it('reads a file when its turn comes: a newer result is what gets sent, once, and a removed file is not sent', async () => {
    const current = new Map([
      ['a', 'pass'],
      ['b', 'pass'],
      ['c', 'pass'],
    ]);
    const sent: string[] = [];
    const queue = new PublishQueue((uri) => {
      sent.push(`${uri}=${current.get(uri)}`);
      return tick() as Promise<void>;
    });
    queue.add(['a', 'b', 'c']);
    // Announced again by a later pass while waiting: keeps its place, sent once.
    queue.add(['b']);
    current.set('b', 'newer');
    queue.remove('c');
    await queue.idle();
    assert.deepStrictEqual(sent, ['a=pass', 'b=newer']);
  });

  it('goes on with the next file when one has nothing to send', async () => {
    const asked: string[] = [];
    const queue = new PublishQueue((uri) => {
      asked.push(uri);
      return uri === 'b' ? tick() as Promise<void> : undefined;
    });
    queue.add(['a', 'b', 'c', 'd']);
    await queue.idle();
    assert.deepStrictEqual(asked, ['a', 'b', 'c', 'd']);
  });
});
