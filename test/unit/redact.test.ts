import { expect } from 'chai';
import { redact, redactDeep } from '../../src/shared/redact.js';

describe('Log redaction: redact', function () {
  describe('fødselsnummer-like numbers → [fnr]', function () {
    it('replaces any run of exactly 11 digits, valid or not', function () {
      expect(redact('13097248022')).to.equal('[fnr]');
      expect(redact('pasienten 01019912345 har time')).to.equal('pasienten [fnr] har time');
      expect(redact('fnr=12345678901&x=1')).to.equal('fnr=[fnr]&x=1');
    });

    it('replaces 6 + 5 digits with one space, dot or hyphen between', function () {
      expect(redact('fnr 010199 12345.')).to.equal('fnr [fnr].');
      expect(redact('010199.12345')).to.equal('[fnr]');
      expect(redact('(010199-12345)')).to.equal('([fnr])');
    });

    it('leaves digit runs longer or shorter than 11 alone', function () {
      expect(redact('ordre 123456789012')).to.equal('ordre 123456789012');
      expect(redact('f:1234567890')).to.equal('f:1234567890');
    });

    it('replaces several numbers in one string', function () {
      expect(redact('13097248022, 010199 12345 og 53097248016')).to.equal('[fnr], [fnr] og [fnr]');
    });
  });

  describe('e-mail addresses → [e-post]', function () {
    it('replaces ordinary and Norwegian e-mail addresses', function () {
      expect(redact('Kontakt ola.nordmann@helse-nord.no i dag')).to.equal('Kontakt [e-post] i dag');
      expect(redact('<kari+test@sykehus.example.com>')).to.equal('<[e-post]>');
      expect(redact('kåre@bø.no, KARI@SYKEHUS.NO')).to.equal('[e-post], [e-post]');
    });

    it('leaves a lone @ or a handle without a domain alone', function () {
      expect(redact('møte @ 10:00 med @kari')).to.equal('møte @ 10:00 med @kari');
    });
  });

  describe('phone numbers → [telefon]', function () {
    it('replaces a Norwegian 8-digit number written together', function () {
      expect(redact('ring 22334455.')).to.equal('ring [telefon].');
      expect(redact('tlf:91234567')).to.equal('tlf:[telefon]');
    });

    it('replaces Norwegian numbers grouped 2-2-2-2, 3-2-3 and 4-4', function () {
      expect(redact('ring 22 33 44 55 nå')).to.equal('ring [telefon] nå');
      expect(redact('ring 800 12 345 nå')).to.equal('ring [telefon] nå');
      expect(redact('ring 2233 4455 nå')).to.equal('ring [telefon] nå');
    });

    it('replaces Norwegian numbers with +47 or 0047 in front', function () {
      expect(redact('+4722334455')).to.equal('[telefon]');
      expect(redact('+47 22 33 44 55')).to.equal('[telefon]');
      expect(redact('0047 22334455')).to.equal('[telefon]');
      expect(redact('004722334455')).to.equal('[telefon]');
    });

    it('replaces international + numbers of 8 to 15 digits', function () {
      expect(redact('Sverige: +46812345678')).to.equal('Sverige: [telefon]');
      expect(redact('+46 8 123 456 78')).to.equal('[telefon]');
      expect(redact('+1-202-555-0143')).to.equal('[telefon]');
      expect(redact('+123456789012345')).to.equal('[telefon]');
    });

    it('leaves + numbers that are too short or too long alone', function () {
      expect(redact('+1234567')).to.equal('+1234567');
      expect(redact('+1234567890123456')).to.equal('+1234567890123456');
    });
  });

  describe('what must survive untouched', function () {
    const untouched = [
      ['an ISO timestamp', '2026-11-23T09:55:00.000Z'],
      ['an ISO timestamp with offset', '2026-11-23T09:55:00+01:00'],
      ['a compact timestamp', '20261123T095500Z'],
      ['a UUID', '11111111-2222-3333-4444-555555555555'],
      ['a UUID with an 11-digit run', '00000000-0000-0000-0000-00000000000a'],
      ['a 40-hex id containing an 11-digit run', '4bf92f3577b34da6a3ce929d12345678901a4736'],
      ['semantic versions', 'botbuilder 4.23.3, node 20.19.43, 1.0.0-rc.12345678'],
      ['HTTP status codes', 'POST /api/messages 200 in 12 ms, then 401 and 503'],
      ['short numbers', 'AUDIT-C score 7 av 12, poeng 3'],
      ['decimals', 'pi er 3.14159265 og 2,71828182'],
      ['Teams ids', '29:1a2b3c a:1xyz f:1234567890'],
      ['plain text', 'Hvem har ansvaret? Barn som pårørende.'],
      ['an empty string', ''],
    ] as const;

    for (const [what, text] of untouched) {
      it(`does not change ${what}`, function () {
        expect(redact(text)).to.equal(text);
      });
    }

    it('redacts around a UUID without touching it', function () {
      const id = '00000000-0000-0000-0000-00000000000a';
      expect(redact(`${id} 13097248022 ${id}`)).to.equal(`${id} [fnr] ${id}`);
    });
  });
});

describe('Log redaction: redactDeep', function () {
  it('redacts every string in nested objects and arrays and keeps other values', function () {
    const input = {
      text: 'fnr 13097248022',
      count: 3,
      ok: true,
      none: null,
      missing: undefined,
      nested: {
        list: ['ola@sykehus.no', 22334455, ['+47 22 33 44 55']],
        deeper: { x: 'AUDIT-C 7' },
      },
    };
    expect(redactDeep(input)).to.deep.equal({
      text: 'fnr [fnr]',
      count: 3,
      ok: true,
      none: null,
      missing: undefined,
      nested: { list: ['[e-post]', 22334455, ['[telefon]']], deeper: { x: 'AUDIT-C 7' } },
    });
  });

  it('replaces an 11-digit integer (a fødselsnummer stored as a number) with [fnr]', function () {
    expect(
      redactDeep({ fnr: 13097248022, big: 13097248022n, ms: 1763891700000, n: 7 }),
    ).to.deep.equal({
      fnr: '[fnr]',
      big: '[fnr]',
      ms: 1763891700000,
      n: 7,
    });
  });

  it('leaves object keys alone', function () {
    expect(redactDeep({ '13097248022': 'x', 'ola@sykehus.no': '13097248022' })).to.deep.equal({
      '13097248022': 'x',
      'ola@sykehus.no': '[fnr]',
    });
  });

  it('redacts a top-level string and returns primitives as they are', function () {
    expect(redactDeep('13097248022')).to.equal('[fnr]');
    expect(redactDeep(42)).to.equal(42);
    expect(redactDeep(null)).to.equal(null);
    expect(redactDeep(undefined)).to.equal(undefined);
  });

  it('does not modify its input', function () {
    const input = { a: ['13097248022'], b: { c: 'ola@sykehus.no' } };
    const copy = structuredClone(input);
    redactDeep(input);
    expect(input).to.deep.equal(copy);
  });

  it('replaces references back to an ancestor with "[circular]" but keeps shared references', function () {
    const shared = { s: 'ola@sykehus.no' };
    const root: Record<string, unknown> = { name: '13097248022', a: shared, b: shared };
    root.self = root;
    const list: unknown[] = ['22334455'];
    list.push(list);
    root.list = list;
    expect(redactDeep(root)).to.deep.equal({
      name: '[fnr]',
      a: { s: '[e-post]' },
      b: { s: '[e-post]' },
      self: '[circular]',
      list: ['[telefon]', '[circular]'],
    });
  });

  it('stops at the depth limit', function () {
    const deep = { a: { b: { c: { d: '13097248022' } } } };
    expect(redactDeep(deep, { maxDepth: 2 })).to.deep.equal({ a: { b: '[depth limit]' } });
    expect(redactDeep(deep)).to.deep.equal({ a: { b: { c: { d: '[fnr]' } } } });
  });

  it('turns an Error into { name, message, stack, ...fields }, all redacted', function () {
    const err = Object.assign(new TypeError('feil for 13097248022 (ola@sykehus.no)'), {
      code: 'E_FNR',
      detail: '22334455',
    });
    const out = redactDeep({ error: err }) as { error: Record<string, unknown> };
    expect(out.error.name).to.equal('TypeError');
    expect(out.error.message).to.equal('feil for [fnr] ([e-post])');
    expect(out.error.stack)
      .to.be.a('string')
      .and.match(/^TypeError: feil for \[fnr\] \(\[e-post\]\)/);
    expect(out.error.code).to.equal('E_FNR');
    expect(out.error.detail).to.equal('[telefon]');
  });

  it('follows an Error cause', function () {
    const err = new Error('ytre', { cause: new Error('indre 13097248022') });
    const out = redactDeep(err) as { cause: { message: string } };
    expect(out.cause.message).to.equal('indre [fnr]');
  });

  it('handles Dates, Maps, Sets and binary data', function () {
    const out = redactDeep({
      when: new Date('2026-11-23T09:55:00.000Z'),
      map: new Map([['k', '13097248022']]),
      set: new Set(['ola@sykehus.no']),
      bytes: Buffer.from('13097248022'),
    });
    expect(out).to.deep.equal({
      when: '2026-11-23T09:55:00.000Z',
      map: { k: '[fnr]' },
      set: ['[e-post]'],
      bytes: '[binary 11 bytes]',
    });
  });
});
