import { expect } from 'chai';
import { ConversationState, TestAdapter, TurnContext, type Activity } from 'botbuilder';
import {
  BoundedMemoryStorage,
  OptimisticStorage,
  StateConflictError,
} from '../../src/channel/state.js';

const MiB = 1024 * 1024;

function contextFor(adapter: TestAdapter, conversationId: string): TurnContext {
  return new TurnContext(adapter, {
    type: 'message',
    channelId: 'msteams',
    conversation: { id: conversationId },
    from: { id: 'user' },
    recipient: { id: 'bot' },
    text: 'x',
  } as Activity);
}

describe('Conversation state storage (issue 13)', function () {
  describe('memory storage is bounded', function () {
    it('holds at most MEMORY_STORAGE_MAX_BYTES however many new conversation ids arrive', async function () {
      const storage = new BoundedMemoryStorage({ maxBytes: MiB, ttlMs: 60_000 });
      const state = { dialogState: { stack: [{ id: 'auditc', answers: 'x'.repeat(400) }] } };
      for (let i = 0; i < 20_000; i += 1) {
        await storage.write({ [`msteams/conversations/c${i}/`]: { ...state, eTag: '*' } });
      }
      expect(storage.bytes).to.be.at.most(MiB);
      expect(storage.size).to.be.below(20_000).and.above(1000);
      // The most recent conversation is kept; the oldest was evicted.
      const recent = await storage.read(['msteams/conversations/c19999/']);
      expect(recent['msteams/conversations/c19999/']).to.have.property('dialogState');
      expect(await storage.read(['msteams/conversations/c0/'])).to.deep.equal({});
    });

    it('forgets a conversation idle for longer than the time-to-live, and keeps a used one', async function () {
      let now = 1_000_000;
      const storage = new BoundedMemoryStorage({ maxBytes: MiB, ttlMs: 60_000, now: () => now });
      await storage.write({ idle: { a: 1 }, used: { b: 2 } });
      now += 40_000;
      expect(await storage.read(['used'])).to.have.property('used');
      now += 40_000;
      const after = await storage.read(['idle', 'used']);
      expect(after).not.to.have.property('idle');
      expect(after).to.have.property('used');
    });

    it('refuses a write with a stale eTag, as botbuilder MemoryStorage does', async function () {
      const storage = new BoundedMemoryStorage({ maxBytes: MiB, ttlMs: 60_000 });
      await storage.write({ k: { v: 1 } });
      const first = (await storage.read(['k'])).k as { eTag: string };
      await storage.write({ k: { v: 2, eTag: first.eTag } });
      let error: unknown;
      await storage.write({ k: { v: 3, eTag: first.eTag } }).catch((e: unknown) => (error = e));
      expect(String(error)).to.match(/eTag conflict/);
      expect(((await storage.read(['k'])).k as { v: number }).v).to.equal(2);
    });
  });

  describe('optimistic concurrency on conversation state', function () {
    it('lets the first of two turns that read the same state save, and refuses the second', async function () {
      const storage = new OptimisticStorage(
        new BoundedMemoryStorage({ maxBytes: MiB, ttlMs: 60_000 }),
      );
      const conversationState = new ConversationState(storage);
      const answer = conversationState.createProperty<string>('answer');
      const adapter = new TestAdapter();

      // An existing conversation: state already stored once.
      const setup = contextFor(adapter, 'c1');
      await answer.set(setup, 'none yet');
      await conversationState.saveChanges(setup);

      const a = contextFor(adapter, 'c1');
      const b = contextFor(adapter, 'c1');
      expect(await answer.get(a)).to.equal('none yet');
      expect(await answer.get(b)).to.equal('none yet');
      await answer.set(a, 'from A');
      await answer.set(b, 'from B');
      await conversationState.saveChanges(a);
      let error: unknown;
      await conversationState.saveChanges(b).catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(StateConflictError);

      const check = contextFor(adapter, 'c1');
      expect(await answer.get(check)).to.equal('from A');
    });

    it('never writes the remembered eTag into the stored state', async function () {
      const inner = new BoundedMemoryStorage({ maxBytes: MiB, ttlMs: 60_000 });
      const storage = new OptimisticStorage(inner);
      await storage.write({ k: { v: 1 } });
      const read = await storage.read(['k']);
      await storage.write({ k: { ...(read.k as object), v: 2 } });
      expect(Object.keys((await inner.read(['k'])).k as object).sort()).to.deep.equal([
        'eTag',
        'v',
      ]);
    });
  });
});
