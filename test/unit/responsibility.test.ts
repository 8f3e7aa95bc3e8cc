/**
 * The responsibility decision over the shipped table (knowledge/responsibility.yaml), one case
 * per rule and the boundaries: age 17/18, every intellectual disability level for children and
 * adults, every severity pair for adults.
 */
import { expect } from 'chai';
import path from 'node:path';
import { loadKnowledge } from '../../src/domain/knowledge/load.js';
import { decide } from '../../src/domain/responsibility/decide.js';
import {
  idLevels,
  severities,
  type Facts,
  type IdLevel,
  type Severity,
  type Unit,
} from '../../src/domain/responsibility/facts.js';
import { nextQuestion } from '../../src/domain/responsibility/questions.js';
import type { ResponsibilityTable } from '../../src/domain/responsibility/table.js';

const base: Facts = {
  ageYears: 40,
  mentalDisorder: 'none',
  substanceDisorder: 'none',
  intellectualDisability: 'none',
  autism: false,
  otherNeurodevelopmental: false,
};

interface Case {
  readonly name: string;
  readonly facts: Partial<Facts>;
  readonly unit: Unit;
  readonly rule: string;
  readonly collaborate?: readonly Unit[];
}

const cases: Case[] = [
  {
    name: 'child with severe intellectual disability → HABU, may ask PHBU (000 §5.6 c)',
    facts: { ageYears: 10, intellectualDisability: 'severe', mentalDisorder: 'moderate' },
    unit: 'HABU',
    rule: 'RESP-U18-HAB-01',
    collaborate: ['PHBU'],
  },
  {
    name: 'child with profound intellectual disability → HABU',
    facts: { ageYears: 6, intellectualDisability: 'profound' },
    unit: 'HABU',
    rule: 'RESP-U18-HAB-01',
  },
  {
    name: 'child with moderate intellectual disability and a mental disorder → UAVKLART (not in the sources)',
    facts: { ageYears: 12, intellectualDisability: 'moderate', mentalDisorder: 'moderate' },
    unit: 'UAVKLART',
    rule: 'RESP-U18-HAB-02',
  },
  {
    name: 'child with mild intellectual disability and a mental disorder → PHBU (000 §5.6 a)',
    facts: { ageYears: 12, intellectualDisability: 'mild', mentalDisorder: 'moderate' },
    unit: 'PHBU',
    rule: 'RESP-U18-NDD-01',
  },
  {
    name: 'child with autism and a mental disorder → PHBU (000 §5.6 a)',
    facts: { ageYears: 15, autism: true, mentalDisorder: 'mild' },
    unit: 'PHBU',
    rule: 'RESP-U18-NDD-01',
  },
  {
    name: 'youth, first acute intoxication → BUP first (HMN model, HSØ unsettled)',
    facts: { ageYears: 16, substanceDisorder: 'moderate', acuteIntoxicationEpisodes: 1 },
    unit: 'PHBU',
    rule: 'RESP-U18-RUS-01',
  },
  {
    name: 'youth, repeated intoxications → BUP with TSB (HMN model)',
    facts: { ageYears: 16, substanceDisorder: 'severe', acuteIntoxicationEpisodes: 3 },
    unit: 'PHBU',
    rule: 'RESP-U18-RUS-02',
    collaborate: ['TSB'],
  },
  {
    name: 'youth with ROP → the under-18 substance rule, not the ROP guideline',
    facts: { ageYears: 17, substanceDisorder: 'severe', mentalDisorder: 'severe' },
    unit: 'PHBU',
    rule: 'RESP-U18-RUS-01',
  },
  {
    name: 'child with a severe mental disorder → PHBU (000 §3.2)',
    facts: { ageYears: 9, mentalDisorder: 'severe' },
    unit: 'PHBU',
    rule: 'RESP-U18-PSYK-01',
  },
  {
    name: 'child with a mild mental disorder → kommune (000 §3.2, §4.1)',
    facts: { ageYears: 9, mentalDisorder: 'mild' },
    unit: 'KOMMUNE',
    rule: 'RESP-U18-PSYK-02',
  },
  {
    name: 'adult with moderate intellectual disability and a mental disorder → HAVO with PHV (000 §5.6 d)',
    facts: { intellectualDisability: 'moderate', mentalDisorder: 'severe' },
    unit: 'HAVO',
    rule: 'RESP-VOKSEN-HAB-01',
    collaborate: ['PHV'],
  },
  {
    name: 'adult with severe intellectual disability and a substance problem → HAVO with PHV and TSB',
    facts: { intellectualDisability: 'severe', substanceDisorder: 'mild' },
    unit: 'HAVO',
    rule: 'RESP-VOKSEN-HAB-02',
    collaborate: ['PHV', 'TSB'],
  },
  {
    name: 'adult with mild intellectual disability and a mental disorder → PHV (000 §5.6 a)',
    facts: { intellectualDisability: 'mild', mentalDisorder: 'moderate' },
    unit: 'PHV',
    rule: 'RESP-VOKSEN-NDD-01',
  },
  {
    name: 'adult with autism, a mental and a substance disorder → PHV with TSB (000 §5.6 a, b)',
    facts: { autism: true, mentalDisorder: 'moderate', substanceDisorder: 'moderate' },
    unit: 'PHV',
    rule: 'RESP-VOKSEN-NDD-03',
    collaborate: ['TSB'],
  },
  {
    name: 'adult with ADHD and a substance problem only → TSB (000 §5.6 b)',
    facts: { otherNeurodevelopmental: true, substanceDisorder: 'severe' },
    unit: 'TSB',
    rule: 'RESP-VOKSEN-NDD-02',
  },
  {
    name: 'ROP: severe mental disorder and a mild substance disorder → PHV (ROP guideline 8.1, 8.4.1)',
    facts: { mentalDisorder: 'severe', substanceDisorder: 'mild' },
    unit: 'PHV',
    rule: 'RESP-ROP-01',
    collaborate: ['TSB'],
  },
  {
    name: 'ROP: less severe mental and severe substance disorder → TSB (ROP guideline 8.1)',
    facts: { mentalDisorder: 'moderate', substanceDisorder: 'severe' },
    unit: 'TSB',
    rule: 'RESP-ROP-02',
    collaborate: ['PHV'],
  },
  {
    name: 'ROP: both less severe, substance dominates → TSB (8.4.3)',
    facts: { mentalDisorder: 'mild', substanceDisorder: 'moderate', dominantDisorder: 'substance' },
    unit: 'TSB',
    rule: 'RESP-ROP-03',
  },
  {
    name: 'ROP: both less severe, mental disorder dominates → PHV (8.4.3)',
    facts: { mentalDisorder: 'moderate', substanceDisorder: 'mild', dominantDisorder: 'mental' },
    unit: 'PHV',
    rule: 'RESP-ROP-04',
  },
  {
    name: 'ROP: both less severe, dominance not given → UAVKLART, asks for it',
    facts: { mentalDisorder: 'mild', substanceDisorder: 'mild' },
    unit: 'UAVKLART',
    rule: 'RESP-ROP-05',
  },
  {
    name: 'adult with a severe mental disorder only → PHV',
    facts: { mentalDisorder: 'severe' },
    unit: 'PHV',
    rule: 'RESP-VOKSEN-PSYK-01',
  },
  {
    name: 'adult with a moderate mental disorder only → kommune (NHSP aim in 000 §4.1)',
    facts: { mentalDisorder: 'moderate' },
    unit: 'KOMMUNE',
    rule: 'RESP-VOKSEN-PSYK-02',
  },
  {
    name: 'adult with a severe substance disorder only → TSB',
    facts: { substanceDisorder: 'severe' },
    unit: 'TSB',
    rule: 'RESP-VOKSEN-RUS-01',
  },
  {
    name: 'adult with a mild substance disorder only → UAVKLART (the sources do not decide)',
    facts: { substanceDisorder: 'mild' },
    unit: 'UAVKLART',
    rule: 'RESP-DEFAULT',
  },
  { name: 'no disorder at all → UAVKLART', facts: {}, unit: 'UAVKLART', rule: 'RESP-DEFAULT' },
];

describe('Responsibility (knowledge/responsibility.yaml)', function () {
  let table: ResponsibilityTable;

  before(async function () {
    const kb = await loadKnowledge(path.resolve(import.meta.dirname, '..', '..', 'knowledge'));
    if (!kb.responsibility) throw new Error('knowledge/responsibility.yaml missing');
    table = kb.responsibility;
  });

  describe('Responsibility decision (knowledge/responsibility.yaml)', function () {
    for (const c of cases) {
      it(`${c.name} [${c.rule}]`, function () {
        const d = decide(table, { ...base, ...c.facts });
        expect(d.ruleId).to.equal(c.rule);
        expect(d.unit).to.equal(c.unit);
        if (c.collaborate) expect(d.collaborate).to.deep.equal(c.collaborate);
        expect(d.reasons.length).to.be.at.least(1);
        for (const r of d.reasons) expect(r.sources.length, r.text).to.be.at.least(1);
      });
    }

    it('covers every rule of the table with at least one case', function () {
      const covered = new Set(cases.map((c) => c.rule));
      expect(table.rules.map((r) => r.id).filter((id) => !covered.has(id))).to.deep.equal([]);
    });

    it('carries the caveat that under-18 substance responsibility is unsettled in Helse Sør-Øst', function () {
      const d = decide(table, { ...base, ageYears: 15, substanceDisorder: 'mild' });
      expect(d.caveats.join(' ')).to.match(/ikke avklart.*punkt 5\.1/);
    });

    it("adds the ROP notes: the patient's need decides, the first service follows up, consult first", function () {
      const d = decide(table, { ...base, mentalDisorder: 'severe', substanceDisorder: 'severe' });
      const text = d.reasons.map((r) => r.text).join(' ');
      expect(text).to.match(/pasientens behov/);
      expect(text).to.match(/først kommer i kontakt/);
      expect(text).to.match(/akutt psykose/);
      expect(d.caveats.join(' ')).to.match(/Konsulter det andre fagfeltet/);
    });

    it('reminds that moving between TSB and PHV needs no new rettighetsvurdering, and where HOTL §§ 10-2/10-3 admissions go', function () {
      const d = decide(table, { ...base, mentalDisorder: 'moderate', substanceDisorder: 'severe' });
      const text = d.reasons.map((r) => r.text).join(' ');
      expect(text).to.match(/ikke gjøres ny rettighetsvurdering/);
      expect(text).to.match(/§§ 10-2 og 10-3/);
      expect(d.items).to.include.members([
        'rett-ikke-ny-ved-videre-henvisning',
        'tvang-hotl-i-hovedsak-tsb',
      ]);
    });

    describe('boundary: age 17 and 18', function () {
      for (const [age, unit] of [
        [17, 'PHBU'],
        [18, 'PHV'],
      ] as const) {
        it(`age ${age} with a severe mental disorder → ${unit}`, function () {
          expect(decide(table, { ...base, ageYears: age, mentalDisorder: 'severe' }).unit).to.equal(
            unit,
          );
        });
      }

      it('age 17 with moderate intellectual disability → UAVKLART, age 18 → HAVO', function () {
        const f = {
          ...base,
          intellectualDisability: 'moderate',
          mentalDisorder: 'moderate',
        } as const;
        expect(decide(table, { ...f, ageYears: 17 }).unit).to.equal('UAVKLART');
        expect(decide(table, { ...f, ageYears: 18 }).unit).to.equal('HAVO');
      });
    });

    describe('every intellectual disability level, child and adult, with a moderate mental disorder', function () {
      const expected: Record<'child' | 'adult', Record<IdLevel, Unit>> = {
        child: {
          none: 'PHBU',
          mild: 'PHBU',
          moderate: 'UAVKLART',
          severe: 'HABU',
          profound: 'HABU',
        },
        adult: { none: 'KOMMUNE', mild: 'PHV', moderate: 'HAVO', severe: 'HAVO', profound: 'HAVO' },
      };
      for (const group of ['child', 'adult'] as const) {
        for (const level of idLevels) {
          it(`${group}, ${level} → ${expected[group][level]}`, function () {
            const facts = {
              ...base,
              ageYears: group === 'child' ? 12 : 30,
              intellectualDisability: level,
              mentalDisorder: 'moderate' as const,
            };
            expect(decide(table, facts).unit).to.equal(expected[group][level]);
          });
        }
      }
    });

    describe('every severity pair for an adult without developmental disorder', function () {
      const expected = (m: Severity, s: Severity, dominant?: 'mental' | 'substance'): Unit => {
        if (m === 'none' && s === 'none') return 'UAVKLART';
        if (s === 'none') return m === 'severe' ? 'PHV' : 'KOMMUNE';
        if (m === 'none') return s === 'severe' ? 'TSB' : 'UAVKLART';
        if (m === 'severe') return 'PHV';
        if (s === 'severe') return 'TSB';
        return dominant === 'substance' ? 'TSB' : dominant === 'mental' ? 'PHV' : 'UAVKLART';
      };
      for (const m of severities) {
        for (const s of severities) {
          for (const dominant of [undefined, 'mental', 'substance'] as const) {
            const want = expected(m, s, dominant);
            it(`mental ${m}, substance ${s}${dominant ? `, ${dominant} dominates` : ''} → ${want}`, function () {
              const facts: Facts = {
                ...base,
                mentalDisorder: m,
                substanceDisorder: s,
                ...(dominant && { dominantDisorder: dominant }),
              };
              expect(decide(table, facts).unit).to.equal(want);
            });
          }
        }
      }
    });
  });

  describe('Asking only what matters (nextQuestion)', function () {
    it('starts with the age', function () {
      expect(nextQuestion(table, {})).to.equal('ageYears');
    });

    it('asks nothing more for a child with profound intellectual disability', function () {
      expect(nextQuestion(table, { ageYears: 8, intellectualDisability: 'profound' })).to.equal(
        undefined,
      );
    });

    it('asks which disorder dominates only when both are less severe (adult)', function () {
      const known: Partial<Facts> = {
        ageYears: 30,
        intellectualDisability: 'none',
        autism: false,
        otherNeurodevelopmental: false,
      };
      expect(
        nextQuestion(table, { ...known, mentalDisorder: 'mild', substanceDisorder: 'moderate' }),
      ).to.equal('dominantDisorder');
      expect(
        nextQuestion(table, { ...known, mentalDisorder: 'severe', substanceDisorder: 'moderate' }),
      ).to.equal(undefined);
    });

    it('asks about intoxication episodes only for under-18s with a substance problem', function () {
      const known: Partial<Facts> = {
        ageYears: 16,
        intellectualDisability: 'none',
        autism: false,
        otherNeurodevelopmental: false,
        mentalDisorder: 'none',
        substanceDisorder: 'moderate',
      };
      expect(nextQuestion(table, known)).to.equal('acuteIntoxicationEpisodes');
      expect(nextQuestion(table, { ...known, ageYears: 30 })).to.equal(undefined);
    });
  });
});
