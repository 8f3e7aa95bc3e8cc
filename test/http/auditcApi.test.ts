import { expect } from 'chai';
import { fhirProblems } from '../support/fhir.js';
import { postJson, startTestServer, type TestServer } from '../support/server.js';

interface AuditcBody {
  score: number;
  positive: boolean;
  cutoff: number;
  interpretation: string;
  followUp: string[];
  sources: { document: string; section: string; external: boolean }[];
  questionnaireResponse: Record<string, unknown>;
}

describe('POST /api/v1/audit-c (real server)', function () {
  let server: TestServer;

  before(async function () {
    server = await startTestServer();
  });

  after(async function () {
    await server.close();
  });

  const post = (body: unknown): Promise<{ status: number; json: unknown }> =>
    postJson(server, '/api/v1/audit-c', body);

  it('scores a screening and returns follow-up, sources and a valid FHIR QuestionnaireResponse', async function () {
    const { status, json } = await post({ answers: [2, 1, 1], sex: 'male' });
    expect(status).to.equal(200);
    const b = json as AuditcBody;
    expect(b).to.include.keys([
      'score',
      'positive',
      'cutoff',
      'interpretation',
      'followUp',
      'sources',
      'questionnaireResponse',
    ]);
    expect(b.score).to.equal(4);
    expect(b.positive).to.equal(true);
    expect(b.cutoff).to.equal(4);
    expect(b.followUp.join(' ')).to.match(/videre oppfølging/);
    expect(b.sources.some((s) => s.external && /AUDIT/.test(s.document))).to.equal(true);
    expect(b.sources.some((s) => !s.external && s.section === '5.5')).to.equal(true);
    expect(fhirProblems(b.questionnaireResponse)).to.deep.equal([]);
  });

  it('scores questions 2 and 3 as 0 when question 1 is 0 («Aldri»), and says so', async function () {
    const { status, json } = await post({ answers: [0, 4, 4], sex: 'male' });
    expect(status).to.equal(200);
    const b = json as AuditcBody & { neverDrinks: boolean };
    expect(b.score).to.equal(0);
    expect(b.neverDrinks).to.equal(true);
    expect(b.positive).to.equal(false);
  });

  it('uses the lower cut-off when sex is missing or unknown', async function () {
    expect(((await post({ answers: [1, 1, 1] })).json as AuditcBody).cutoff).to.equal(3);
    const b = (await post({ answers: [1, 0, 1], sex: 'unknown' })).json as AuditcBody;
    expect(b.positive).to.equal(false);
  });

  for (const [body, field] of [
    [{ answers: [1, 2] }, 'answers'],
    [{ answers: [1, 2, 5] }, 'answers.2'],
    [{ answers: [1, 2, 'x'] }, 'answers.2'],
    [{ answers: 'many' }, 'answers'],
    [{ answers: [0, 0, 0], sex: 'other' }, 'sex'],
    [{ answers: [0, 0, 0], name: 'Kari' }, 'name'],
    [{}, 'answers'],
  ] as const) {
    it(`answers 400 naming ${field} for ${JSON.stringify(body)}`, async function () {
      const { status, json } = await post(body);
      expect(status).to.equal(400);
      expect((json as { error: { message: string } }).error.message).to.match(
        new RegExp(`^${field.replace('.', '\\.')}: `),
      );
    });
  }
});
