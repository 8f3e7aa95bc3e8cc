/**
 * Property-based privacy test (issue 13), with fast-check: valid fødselsnumre and D-numre (current
 * control-digit rule and the 2032 rule) written in random formats — separators of every kind,
 * full-width digits, groups of any size — at random places in a message. The guard must find and
 * mask every one; and through a real server (Direct Line with the bot, the search and safety
 * APIs, a 404 path) no response, stored Direct Line activity or log line may contain one.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { containsPatientId, maskPatientIds } from '../../src/domain/safety/patientId.js';
import { writtenNumberArb } from '../support/fuzz.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** The number cut into groups at random places, joined by random separators, maybe full-width. */
const written = writtenNumberArb;

const message = fc
  .record({
    before: fc.constantFrom('', 'pas ', 'Pasient med fnr ', 'hei, ', '(', 'fødselsnr: '),
    id: written,
    after: fc.constantFrom('', ' er innlagt', ').', ', hva gjør vi?', ' – ring meg'),
  })
  .map(({ before, id, after }) => `${before}${id}${after}`);

/** Every string in a JSON value, checked for a patient id. */
function leaks(value: unknown): string[] {
  const found: string[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (containsPatientId(v)) found.push(v);
    } else if (v && typeof v === 'object') stack.push(...(Object.values(v) as unknown[]));
  }
  return found;
}

describe('Privacy, property-based (fast-check)', function () {
  it('finds and masks every valid number in any format and position (1,000 cases)', function () {
    fc.assert(
      fc.property(message, (text) => {
        expect(containsPatientId(text), JSON.stringify(text)).to.equal(true);
        expect(containsPatientId(maskPatientIds(text)), JSON.stringify(text)).to.equal(false);
      }),
      { numRuns: 1000, seed: 20261129 },
    );
  });

  describe('through a real server', function () {
    let server: TestServer;

    before(async function () {
      server = await startTestServer();
    });

    after(async function () {
      await server.close();
    });

    const json = async (path: string, init?: RequestInit): Promise<unknown> => {
      const res = await fetch(`${server.url}${path}`, init);
      return res.json();
    };

    it('never repeats a number in any response, stored Direct Line activity or log line (40 generated messages)', async function () {
      this.timeout(120_000);
      const samples = fc.sample(message, { numRuns: 40, seed: 20261129 });
      const conv = (await json('/v3/directline/conversations', { method: 'POST' })) as {
        conversationId: string;
        token: string;
      };
      const auth = { authorization: `Bearer ${conv.token}`, 'content-type': 'application/json' };
      const responses: unknown[] = [];
      for (const text of samples) {
        responses.push(
          await json(`/v3/directline/conversations/${conv.conversationId}/activities`, {
            method: 'POST',
            headers: auth,
            body: JSON.stringify({
              type: 'message',
              text,
              from: { id: 'u1', name: text },
              value: { note: text },
            }),
          }),
        );
        responses.push(await json(`/api/v1/knowledge/search?q=${encodeURIComponent(text)}`));
        responses.push(
          await json('/api/v1/safety/check', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ text }),
          }),
        );
        const digits = text.replace(/\D/g, '');
        if (digits.length === 11) responses.push(await json(`/api/v1/knowledge/${digits}`));
      }
      // Wait for the bot's replies, then read everything the conversation holds.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const stored = await json(`/v3/directline/conversations/${conv.conversationId}/activities`, {
        headers: auth,
      });
      expect(leaks(responses)).to.deep.equal([]);
      expect(leaks(stored)).to.deep.equal([]);
      expect(JSON.stringify(stored)).to.match(/fødselsnummer fjernet/);
      expect(leaks(server.logLines())).to.deep.equal([]);
    });
  });
});
