import { expect } from 'chai';
import { postJson, startTestServer, type TestServer } from '../support/server.js';

const adult = {
  ageYears: 35,
  mentalDisorder: 'severe',
  substanceDisorder: 'moderate',
  intellectualDisability: 'none',
  autism: false,
  otherNeurodevelopmental: false,
};

interface DecisionBody {
  unit: string;
  collaborate: string[];
  reasons: string[];
  sources: { document: string; section: string; external: boolean }[];
  caveats: string[];
  nextStep?: string;
  ruleId: string;
  noteIds: string[];
}

describe('POST /api/v1/responsibility (real server)', function () {
  let server: TestServer;

  before(async function () {
    server = await startTestServer();
  });

  after(async function () {
    await server.close();
  });

  const post = (body: unknown): Promise<{ status: number; json: unknown }> =>
    postJson(server, '/api/v1/responsibility', body);

  it('answers PHV with TSB for severe mental disorder and a substance disorder, citing the ROP guideline as external', async function () {
    const { status, json } = await post(adult);
    expect(status).to.equal(200);
    const d = json as DecisionBody;
    expect(d).to.include.keys(['unit', 'collaborate', 'reasons', 'sources', 'caveats']);
    expect(d.unit).to.equal('PHV');
    expect(d.collaborate).to.deep.equal(['TSB']);
    expect(d.reasons.length).to.be.at.least(1);
    const rop = d.sources.find((s) => /ROP-lidelser/.test(s.document));
    expect(rop?.external).to.equal(true);
    expect(rop?.section).to.equal('8.1');
    expect(d.sources.some((s) => s.external === false && s.section === '5.4')).to.equal(true);
  });

  it('answers UAVKLART with what to do for a child with moderate intellectual disability', async function () {
    const { json } = await post({
      ...adult,
      ageYears: 11,
      intellectualDisability: 'moderate',
      substanceDisorder: 'none',
    });
    const d = json as DecisionBody;
    expect(d.unit).to.equal('UAVKLART');
    expect(d.collaborate).to.have.members(['PHBU', 'HABU']);
    expect(d.nextStep).to.match(/lokal rutine/);
  });

  it('under 18 with a substance problem: unsettled in Helse Sør-Øst, PHBU and TSB both, the other region only as an example', async function () {
    const { json } = await post({
      ...adult,
      ageYears: 16,
      mentalDisorder: 'none',
      substanceDisorder: 'severe',
      acuteIntoxicationEpisodes: 2,
    });
    const d = json as DecisionBody;
    expect(d.unit).to.equal('UAVKLART');
    expect(d.collaborate).to.deep.equal(['PHBU', 'TSB']);
    expect(d.reasons.join(' ')).to.match(/ikke avklart/);
    expect(d.reasons.join(' ')).to.match(/Eksempel fra Helse Midt-Norges modell/);
    expect(d.noteIds).to.include('RESP-NOTE-U18-FLERE-EPISODER');
    expect(d.nextStep).to.match(/BUP .* og TSB/);
  });

  it('takes the optional inputs: pregnancy with a substance problem → TSB and the § 10-3 reason', async function () {
    const { status, json } = await post({
      ...adult,
      ageYears: 29,
      mentalDisorder: 'none',
      pregnant: true,
      withdrawalRisk: true,
    });
    expect(status).to.equal(200);
    const d = json as DecisionBody;
    expect(d.unit).to.equal('TSB');
    expect(d.reasons.join(' ')).to.match(/øyeblikkelig hjelp-situasjon/);
    expect(d.reasons.join(' ')).to.match(/barneverns- og helsenemnda/);
    expect(d.reasons.join(' ')).to.match(/døgninstitusjon/);
  });

  for (const [body, field] of [
    [{ ...adult, ageYears: undefined }, 'ageYears'],
    [{ ...adult, ageYears: 121 }, 'ageYears'],
    [{ ...adult, ageYears: 'tretti' }, 'ageYears'],
    [{ ...adult, mentalDisorder: 'high' }, 'mentalDisorder'],
    [{ ...adult, intellectualDisability: 'light' }, 'intellectualDisability'],
    [{ ...adult, autism: 'yes' }, 'autism'],
    [{ ...adult, dominantDisorder: 'both' }, 'dominantDisorder'],
    [{ ...adult, acuteIntoxicationEpisodes: -1 }, 'acuteIntoxicationEpisodes'],
    [{ ...adult, pregnant: 'ja' }, 'pregnant'],
    [{ ...adult, organicOrDementia: 1 }, 'organicOrDementia'],
    [{ ...adult, inPhbuTreatment: 'yes' }, 'inPhbuTreatment'],
    [{ ...adult, withdrawalRisk: null }, 'withdrawalRisk'],
    [{ ...adult, name: 'Ola' }, 'name'],
    [[1, 2], 'body'],
  ] as const) {
    it(`answers 400 naming ${field} for ${JSON.stringify(body).slice(0, 60)}`, async function () {
      const { status, json } = await post(body);
      expect(status).to.equal(400);
      expect((json as { error: { message: string } }).error.message).to.match(
        new RegExp(`^${field}: `),
      );
    });
  }
});
