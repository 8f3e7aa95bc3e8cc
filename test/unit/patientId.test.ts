import { expect } from 'chai';
import {
  containsPatientId,
  findPatientIds,
  maskPatientIds,
} from '../../src/domain/safety/patientId.js';
import { withControlDigits } from '../support/fnr.js';

/**
 * A number for `ddmmyy` (already shifted for D-/H-/test numbers) whose control digits follow the
 * published rule; `rest` 1–3 uses Skatteetaten's rule for numbers issued from 2032.
 */
function numberFor(ddmmyy: string, rest: 0 | 1 | 2 | 3 = 0, fromIndividual = 100): string {
  for (let i = fromIndividual; i < 1000; i++) {
    const n = withControlDigits(`${ddmmyy}${i}`, rest);
    if (n) return n;
  }
  throw new Error(`no number with valid control digits for ${ddmmyy}`);
}

/** The same number with its last control digit changed. */
function withWrongLastDigit(n: string): string {
  return n.slice(0, 10) + String((Number(n[10]) + 1) % 10);
}

const MASK = '[fødselsnummer fjernet]';

describe('Patient identifiers: findPatientIds / containsPatientId / maskPatientIds', function () {
  describe('what counts as an identity number', function () {
    it('detects a fødselsnummer built with control digits by the published rule', function () {
      const n = numberFor('150385');
      expect(findPatientIds(n)).to.deep.equal([{ start: 0, end: 11, kind: 'fnr' }]);
      expect(containsPatientId(n)).to.equal(true);
    });

    it('detects known valid synthetic examples (fnr, leap day, control digit 11 → 0)', function () {
      for (const n of ['13097248022', '29029648784', '29020075838', '15021951940']) {
        expect(findPatientIds(n), n).to.deep.equal([{ start: 0, end: 11, kind: 'fnr' }]);
      }
    });

    it('detects a D-nummer (first digit + 4) and reports kind "dnr"', function () {
      const n = numberFor('410190');
      expect(findPatientIds(`D-nummer ${n}`)).to.deep.equal([{ start: 9, end: 20, kind: 'dnr' }]);
      expect(findPatientIds('53097248016')[0]?.kind).to.equal('dnr');
    });

    it('detects H-numbers (month + 40) and synthetic test numbers (month + 80)', function () {
      expect(findPatientIds(numberFor('014190'))[0]?.kind).to.equal('hnr');
      expect(findPatientIds(numberFor('018190'))[0]?.kind).to.equal('tnr');
      expect(findPatientIds('13527248013')[0]?.kind).to.equal('hnr');
      expect(findPatientIds('10915596784')[0]?.kind).to.equal('tnr');
    });

    it('detects numbers valid only under the 2032 rule (first control digit with remainder 1, 2 or 3)', function () {
      for (const rest of [1, 2, 3] as const) {
        const n = numberFor('241299', rest);
        const classic = withControlDigits(n.slice(0, 9), 0);
        expect(n[9], `rest ${rest}`).to.not.equal(classic?.[9]);
        expect(containsPatientId(`ny ${n} fra 2032`), `rest ${rest}: ${n}`).to.equal(true);
      }
    });

    it('ignores 11 digits with a wrong control digit', function () {
      const n = numberFor('150385');
      expect(containsPatientId(withWrongLastDigit(n))).to.equal(false);
      expect(containsPatientId('13097248023')).to.equal(false);
      expect(containsPatientId('pasienten 01019912345 har time i dag')).to.equal(false);
    });

    it('ignores numbers with correct control digits but an impossible birth date', function () {
      for (const date of ['320190', '311190', '290290', '011390', '720190']) {
        const n = numberFor(date);
        expect(containsPatientId(n), `${date}: ${n}`).to.equal(false);
      }
    });

    it('ignores all-zero and other short or long digit strings', function () {
      expect(containsPatientId('00000000000')).to.equal(false);
      expect(containsPatientId('1309724802')).to.equal(false);
      expect(containsPatientId('AUDIT-C score 7, versjon 1.2.3')).to.equal(false);
      expect(containsPatientId('')).to.equal(false);
    });
  });

  describe('how it may be written', function () {
    it('detects 6 + 5 digits separated by one space, dot or hyphen, covering the separator', function () {
      const n = numberFor('150385');
      for (const sep of [' ', '.', '-', '\u00A0']) {
        const written = `${n.slice(0, 6)}${sep}${n.slice(6)}`;
        expect(findPatientIds(`fnr: ${written}.`), JSON.stringify(sep)).to.deep.equal([
          { start: 5, end: 17, kind: 'fnr' },
        ]);
      }
    });

    it('detects a number written with any separators people use or paste (issue 13)', function () {
      const n = numberFor('150385');
      const full = [...n].map((d) => String.fromCodePoint(0xff10 + Number(d))).join('');
      const arabic = [...n].map((d) => String.fromCodePoint(0x0660 + Number(d))).join('');
      for (const written of [
        `${n.slice(0, 6)}/${n.slice(6)}`,
        `${n.slice(0, 6)} - ${n.slice(6)}`,
        `${n.slice(0, 6)}  ${n.slice(6)}`,
        `${n.slice(0, 6)}\t${n.slice(6)}`,
        `${n.slice(0, 6)}\n${n.slice(6)}`,
        `${n.slice(0, 6)}\u200B${n.slice(6)}`,
        `${n.slice(0, 4)}\u200B${n.slice(4)}`,
        `${n.slice(0, 2)} ${n.slice(2, 4)} ${n.slice(4, 6)} ${n.slice(6)}`,
        `${n.slice(0, 4)} ${n.slice(4)}`,
        full,
        arabic,
      ]) {
        expect(containsPatientId(`pas ${written} innlagt`), JSON.stringify(written)).to.equal(true);
        expect(maskPatientIds(`pas ${written} innlagt`)).to.equal(`pas ${MASK} innlagt`);
      }
    });

    it('still ignores digits that are only near each other in running text', function () {
      const n = numberFor('150385');
      expect(containsPatientId(`${n.slice(0, 6)} og ${n.slice(6)}`)).to.equal(false);
      expect(containsPatientId(`${n.slice(0, 6)} ....   ${n.slice(6)}`)).to.equal(false);
    });

    it('detects a number embedded in a sentence, next to punctuation and letters', function () {
      const n = numberFor('010199');
      const text = `pasienten ${n} har time i morgen`;
      expect(findPatientIds(text)).to.deep.equal([{ start: 10, end: 21, kind: 'fnr' }]);
      expect(containsPatientId(`(${n})`)).to.equal(true);
      expect(containsPatientId(`fnr:${n},`)).to.equal(true);
      expect(containsPatientId(`pas${n}`)).to.equal(true);
    });

    it('ignores a valid number that is part of a longer digit run', function () {
      const n = numberFor('150385');
      expect(containsPatientId(`1${n}`)).to.equal(false);
      expect(containsPatientId(`${n}0`)).to.equal(false);
      expect(containsPatientId(`konto 12${n}34`)).to.equal(false);
      expect(containsPatientId(`1${n.slice(0, 6)} ${n.slice(6)}`)).to.equal(false);
      expect(containsPatientId(`${n.slice(0, 6)} ${n.slice(6)}9`)).to.equal(false);
    });

    it('finds a valid number right after an invalid candidate', function () {
      const n = numberFor('150385');
      const text = `13097248023 ${n}`;
      expect(findPatientIds(text)).to.deep.equal([{ start: 12, end: 23, kind: 'fnr' }]);
    });
  });

  describe('masking', function () {
    it('replaces the number and leaves the rest of the text exactly as it was', function () {
      const n = numberFor('010199');
      expect(maskPatientIds(`Pasienten ${n} har time kl. 10.30 (rom 12).`)).to.equal(
        `Pasienten ${MASK} har time kl. 10.30 (rom 12).`,
      );
    });

    it('replaces a 6 + 5 number including its separator', function () {
      const n = numberFor('010199');
      expect(maskPatientIds(`nr. ${n.slice(0, 6)} ${n.slice(6)}!`)).to.equal(`nr. ${MASK}!`);
    });

    it('accepts a custom replacement', function () {
      expect(maskPatientIds('fnr 13097248022', '***')).to.equal('fnr ***');
    });

    it('returns text without valid numbers unchanged', function () {
      const text = 'Ring 22 33 44 55 eller skriv 13097248023 – AUDIT-C 7, 2026-11-23.';
      expect(maskPatientIds(text)).to.equal(text);
    });

    it('finds and masks several numbers in one text, in order', function () {
      const a = numberFor('010199');
      const b = numberFor('410190');
      const c = numberFor('311285', 2);
      const text = `${a} og ${b.slice(0, 6)}-${b.slice(6)}, så ${c}; ugyldig ${withWrongLastDigit(a)}`;
      const found = findPatientIds(text);
      expect(found.map((m) => m.kind)).to.deep.equal(['fnr', 'dnr', 'fnr']);
      expect(found.map((m) => text.slice(m.start, m.end))).to.deep.equal([
        a,
        `${b.slice(0, 6)}-${b.slice(6)}`,
        c,
      ]);
      expect(maskPatientIds(text)).to.equal(
        `${MASK} og ${MASK}, så ${MASK}; ugyldig ${withWrongLastDigit(a)}`,
      );
    });
  });
});
