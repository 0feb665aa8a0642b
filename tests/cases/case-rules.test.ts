import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseByReference, caseMutation, openCaseAs, organizationIds } from '../support/cases.js';
import { ENGINES, startHub, type TestHub } from '../support/hub.js';

describe.each(ENGINES)('case rules on %s', (engine) => {
  let hub: TestHub;
  let mad: string;
  beforeAll(async () => {
    hub = await startHub(engine);
    mad = await hub.login('mad.agent@demo.test');
  });
  afterAll(() => hub?.close());

  async function caseVersion(reference: string) {
    return (await caseByReference(hub, 'hq.admin@demo.test', reference))?.version;
  }

  describe('status machine', () => {
    const allowed: [string, string[]][] = [
      ['NEW', ['OPEN']],
      ['NEW', ['WAITING_ON_CUSTOMER']],
      ['NEW', ['RESOLVED']],
      ['NEW', ['OPEN', 'WAITING_ON_CUSTOMER', 'OPEN', 'RESOLVED', 'OPEN', 'RESOLVED', 'CLOSED']],
      ['NEW', ['WAITING_ON_CUSTOMER', 'RESOLVED']],
    ];
    it.each(allowed)('from %s the path %j is allowed', async (_from, path) => {
      const opened = await openCaseAs(hub, 'mad.agent@demo.test');
      for (const status of path) {
        const result = await caseMutation(hub, mad, 'changeCaseStatus', { caseId: opened.id, status });
        expect(result.__typename).toBe('ChangeCaseStatusPayload');
        expect(result.case?.status).toBe(status);
      }
    });

    /** The table of api-contract.md ("Case status"), written out here rather than read from the code. */
    const CONTRACT: Record<string, string[]> = {
      NEW: ['OPEN', 'WAITING_ON_CUSTOMER', 'RESOLVED'],
      OPEN: ['WAITING_ON_CUSTOMER', 'RESOLVED'],
      WAITING_ON_CUSTOMER: ['OPEN', 'RESOLVED'],
      RESOLVED: ['CLOSED', 'OPEN'],
      CLOSED: [],
    };
    /** How a new case reaches each status through staff moves. */
    const REACH: Record<string, string[]> = {
      NEW: [],
      OPEN: ['OPEN'],
      WAITING_ON_CUSTOMER: ['WAITING_ON_CUSTOMER'],
      RESOLVED: ['RESOLVED'],
      CLOSED: ['RESOLVED', 'CLOSED'],
    };
    const STATUSES = Object.keys(CONTRACT);
    const everyMove = STATUSES.flatMap((from) =>
      STATUSES.map((to) => [from, to, CONTRACT[from]?.includes(to) ?? false] as const),
    );
    it.each(everyMove)('a move from %s to %s is allowed: %s', async (from, to, allowed) => {
      // given a case in status `from`
      const opened = await openCaseAs(hub, 'mad.agent@demo.test');
      for (const step of REACH[from] ?? []) {
        const reached = await caseMutation(hub, mad, 'changeCaseStatus', { caseId: opened.id, status: step });
        expect(reached.case?.status).toBe(step);
      }
      const before = await caseByReference(hub, 'hq.admin@demo.test', opened.reference);
      expect(before?.status).toBe(from);
      // when the agent moves it to `to`
      const result = await caseMutation(hub, mad, 'changeCaseStatus', { caseId: opened.id, status: to });
      // then it moves, one version up, or is refused and stays exactly as it was
      const after = await caseByReference(hub, 'hq.admin@demo.test', opened.reference);
      if (allowed) {
        expect(result.__typename).toBe('ChangeCaseStatusPayload');
        expect(after).toMatchObject({ status: to, version: (before?.version ?? 0) + 1 });
      } else {
        expect(result.__typename).toBe('InvalidTransitionError');
        expect(result.message).toContain(`from ${from} to ${to}`);
        expect(after).toEqual(before);
      }
    });

    it('waiting on the customer pauses the SLA clock', async () => {
      const opened = await openCaseAs(hub, 'mad.agent@demo.test');
      const waiting = await caseMutation(hub, mad, 'changeCaseStatus', {
        caseId: opened.id,
        status: 'WAITING_ON_CUSTOMER',
      });
      expect(waiting.case?.sla.paused).toBe(true);
      expect(waiting.case?.sla.firstRespondedAt).not.toBeNull();
    });

    it('an internal note given with a status change stays off the customer’s page', async () => {
      const opened = await openCaseAs(hub, 'mad.agent@demo.test');
      await caseMutation(hub, mad, 'changeCaseStatus', {
        caseId: opened.id,
        status: 'OPEN',
        note: 'Customer seemed annoyed',
      });
      const page = await hub.gql(
        'query ($r: String!, $c: String!) { publicCaseStatus(reference: $r, accessCode: $c) { status events { type body } } }',
        {
          r: opened.reference,
          c: opened.accessCode,
        },
      );
      expect(JSON.stringify(page.data)).toContain('"status":"OPEN"');
      expect(JSON.stringify(page.data)).not.toContain('annoyed');
    });
  });

  describe('first response', () => {
    const firstRespondedAt = async (reference: string) =>
      (await caseByReference(hub, 'hq.admin@demo.test', reference))?.sla.firstRespondedAt ?? null;

    it('internal work, a logged call, an assignment, an escalation or a customer message is not a first response', async () => {
      // given a new case that staff work on without answering the customer
      const opened = await openCaseAs(hub, 'mad.agent@demo.test');
      const steps: [string, Record<string, unknown>][] = [
        ['addCaseNote', { body: 'Checked the logbook', visibility: 'INTERNAL' }],
        ['logCaseContact', { channel: 'PHONE', summary: 'Left a voicemail' }],
        ['assignCase', { userId: await viewerId(mad) }],
        ['escalateCase', { reason: 'Needs the country' }],
      ];
      for (const [name, input] of steps) {
        const result = await caseMutation(hub, mad, name, { caseId: opened.id, ...input });
        expect(result.__typename).toMatch(/Payload$/);
      }
      await hub.gql('mutation ($input: AddPublicMessageInput!) { addPublicMessage(input: $input) { status } }', {
        input: { reference: opened.reference, accessCode: opened.accessCode, body: 'Any news?' },
      });
      // then the case still waits for its first response
      expect(await firstRespondedAt(opened.reference)).toBeNull();
    });

    it('the first public answer is the first response, and later answers or moves do not move it', async () => {
      const opened = await openCaseAs(hub, 'mad.agent@demo.test');
      // when the agent answers the customer publicly
      const answered = await caseMutation(hub, mad, 'addCaseNote', {
        caseId: opened.id,
        body: 'We have ordered the part.',
        visibility: 'PUBLIC',
      });
      const first = answered.case?.sla.firstRespondedAt;
      expect(first).toBeTruthy();
      // and then answers again and moves the status
      await caseMutation(hub, mad, 'addCaseNote', { caseId: opened.id, body: 'It arrived.', visibility: 'PUBLIC' });
      await caseMutation(hub, mad, 'changeCaseStatus', { caseId: opened.id, status: 'RESOLVED' });
      // then the first response stays the first answer
      expect(await firstRespondedAt(opened.reference)).toBe(first);
    });

    it('a status move by staff is the first response', async () => {
      const opened = await openCaseAs(hub, 'mad.agent@demo.test');
      const moved = await caseMutation(hub, mad, 'changeCaseStatus', { caseId: opened.id, status: 'OPEN' });
      expect(moved.case?.sla.firstRespondedAt).toBeTruthy();
      expect(await firstRespondedAt(opened.reference)).toBe(moved.case?.sla.firstRespondedAt);
    });
  });

  describe('concurrency', () => {
    it('a stale expectedVersion is a ConflictError with the current version, and nothing is stored', async () => {
      // given two agents who loaded the case at version 1
      const opened = await openCaseAs(hub, 'mad.agent@demo.test');
      const es = await hub.login('es.agent@demo.test');
      const first = await caseMutation(hub, mad, 'addCaseNote', {
        caseId: opened.id,
        body: 'First',
        visibility: 'INTERNAL',
        expectedVersion: opened.version,
      });
      expect(first.__typename).toBe('AddCaseNotePayload');
      // when the second one writes with the version it saw
      const second = await caseMutation(hub, es, 'changeCaseStatus', {
        caseId: opened.id,
        status: 'RESOLVED',
        expectedVersion: opened.version,
      });
      // then it is told, and the case did not move
      expect(second).toMatchObject({ __typename: 'ConflictError', currentVersion: opened.version + 1 });
      expect((await caseByReference(hub, 'es.agent@demo.test', opened.reference))?.status).toBe('NEW');
    });

    it('a stale expectedVersion on a case one may not see is NotFoundError, never a ConflictError telling its version', async () => {
      const opened = await openCaseAs(hub, 'mad.agent@demo.test');
      const bcn = await hub.login('bcn.agent@demo.test');
      for (const expectedVersion of [opened.version, opened.version + 5]) {
        const result = await caseMutation(hub, bcn, 'changeCaseStatus', {
          caseId: opened.id,
          status: 'OPEN',
          expectedVersion,
        });
        expect(result).toMatchObject({ __typename: 'NotFoundError' });
        expect(result.currentVersion).toBeUndefined();
      }
      expect(await caseVersion(opened.reference)).toBe(opened.version);
    });

    it('concurrent writers each get their own version: none is lost', async () => {
      const opened = await openCaseAs(hub, 'mad.agent@demo.test');
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          caseMutation(hub, mad, 'addCaseNote', { caseId: opened.id, body: `note ${i}`, visibility: 'INTERNAL' }),
        ),
      );
      const versions = results.map((r) => r.case?.version).sort((a, b) => (a ?? 0) - (b ?? 0));
      expect(versions).toEqual(Array.from({ length: 10 }, (_, i) => opened.version + i + 1));
    });
  });

  describe('idempotency', () => {
    it('the same key from the same user returns the same case, 100 concurrent duplicates make one', async () => {
      const input = {
        channel: 'WALK_IN',
        customer: { name: 'Double Click', phone: '+34 699 000 111' },
        subject: 'Tyre pressure warning',
        description: 'Warning light stays on.',
        idempotencyKey: `walk-in-${engine}-1`,
      };
      const results = await Promise.all(Array.from({ length: 100 }, () => caseMutation(hub, mad, 'openCase', input)));
      const references = new Set(results.map((r) => r.case?.reference));
      expect(results.every((r) => r.__typename === 'OpenCasePayload')).toBe(true);
      expect(references.size).toBe(1);
      const listed = await hub.gql<{ cases: { totalCount: number } }>(
        'query ($p: String!) { cases(filter: { customerPhone: $p }) { totalCount } }',
        { p: '+34699000111' },
        mad,
      );
      expect(listed.data?.cases.totalCount).toBe(1);
    });

    it('the same key with a different input is a ValidationError on idempotencyKey', async () => {
      const base = {
        channel: 'PHONE',
        customer: { name: 'Key Reuser' },
        subject: 'One',
        description: 'First',
        idempotencyKey: `reuse-${engine}`,
      };
      const first = await caseMutation(hub, mad, 'openCase', base);
      expect(first.__typename).toBe('OpenCasePayload');
      const countOpened = async () =>
        (
          await hub.gql<{ cases: { totalCount: number } }>(
            '{ cases(filter: { text: "Key Reuser" }) { totalCount } }',
            {},
            mad,
          )
        ).data?.cases.totalCount;
      expect(await countOpened()).toBe(1);
      const reused = await caseMutation(hub, mad, 'openCase', { ...base, subject: 'Two' });
      expect(reused.__typename).toBe('ValidationError');
      expect(reused.fieldErrors?.[0]?.path).toEqual(['idempotencyKey']);
      // nothing was stored, and the key still answers its first request with the first case
      expect(await countOpened()).toBe(1);
      expect((await caseMutation(hub, mad, 'openCase', base)).case?.reference).toBe(first.case?.reference);
    });

    it('the same key from another user is another case', async () => {
      const base = {
        channel: 'PHONE',
        customer: { name: 'Shared Key' },
        subject: 'Same',
        description: 'Same',
        idempotencyKey: `shared-${engine}`,
      };
      const a = await caseMutation(hub, mad, 'openCase', base);
      const b = await caseMutation(hub, await hub.login('es.agent@demo.test'), 'openCase', base);
      expect(a.case?.reference).not.toBe(b.case?.reference);
    });
  });

  describe('references and access codes', () => {
    it('20 concurrent walk-ins in Spain get 20 consecutive ES references; Paris counts on its own as FR', async () => {
      const year = new Date().getUTCFullYear();
      const number = (reference: string) => Number(reference.split('-').at(-1));
      // given France's next number before Spain's rush
      const parisBefore = await openCaseAs(hub, 'par.agent@demo.test');
      expect(parisBefore.reference).toMatch(new RegExp(`^FR-${year}-\\d{6}$`));
      // when Madrid and Barcelona open 20 cases at once
      const spanish = await Promise.all(
        Array.from({ length: 20 }, (_, i) => openCaseAs(hub, i % 2 ? 'bcn.agent@demo.test' : 'mad.agent@demo.test')),
      );
      // then each has its own ES number, without gaps, and France's counter did not move
      for (const opened of spanish) expect(opened.reference).toMatch(new RegExp(`^ES-${year}-\\d{6}$`));
      const numbers = spanish.map((c) => number(c.reference)).sort((a, b) => a - b);
      const lowest = numbers[0] ?? 0;
      expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => lowest + i));
      const parisAfter = await openCaseAs(hub, 'par.agent@demo.test');
      expect(number(parisAfter.reference)).toBe(number(parisBefore.reference) + 1);
    });

    it('access codes are at least 8 characters of an alphabet without 0, O, 1, I or L, and differ per case', async () => {
      const codes = await Promise.all(
        Array.from({ length: 30 }, async () => (await openCaseAs(hub, 'mad.agent@demo.test')).accessCode),
      );
      for (const code of codes) expect(code).toMatch(/^[A-HJKMNP-Z2-9]{8,}$/);
      expect(new Set(codes).size).toBe(codes.length);
    });

    it('a code typed with a wrong character, one too many or too few, or in another script opens nothing', async () => {
      const opened = await openCaseAs(hub, 'mad.agent@demo.test');
      const code = opened.accessCode;
      const swapped = `${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`;
      for (const typed of [swapped, code.slice(0, -1), `${code}A`, `А${code.slice(1)}`, `${code} OR 1=1`]) {
        const page = await hub.gql(
          'query ($r: String!, $c: String!) { publicCaseStatus(reference: $r, accessCode: $c) { status } }',
          { r: opened.reference, c: typed },
        );
        expect(page.errors, typed).toBeUndefined();
        expect(page.data, typed).toEqual({ publicCaseStatus: null });
      }
    });
  });

  describe('customers', () => {
    it('a known phone in another format, or a known e-mail in another case, attaches the case to the same customer', async () => {
      const first = await openCaseAs(hub, 'mad.agent@demo.test', {
        customer: { name: 'Luis', phone: '+34 655 12 34 56', email: 'luis@example.com' },
      });
      const byPhone = await openCaseAs(hub, 'mad.agent@demo.test', {
        customer: { name: 'Luis P.', phone: '655123456' },
      });
      const byEmail = await openCaseAs(hub, 'mad.agent@demo.test', {
        customer: { name: 'L.', email: 'LUIS@example.com ' },
      });
      expect(byPhone.customer).toEqual(first.customer);
      expect(byEmail.customer).toEqual(first.customer);
    });

    it('reads a French number in France’s region', async () => {
      const opened = await openCaseAs(hub, 'par.agent@demo.test', {
        customer: { name: 'Chloé', phone: '06 12 34 56 78' },
      });
      expect(opened.customer.phone).toBe('+33612345678');
    });

    it.each([
      [{ name: 'Bad Phone', phone: '12' }, ['customer', 'phone']],
      [{ name: 'Bad Mail', email: 'not-an-email' }, ['customer', 'email']],
      [{ name: '   ' }, ['customer', 'name']],
    ])('refuses customer %j with a ValidationError on %j, storing nothing', async (customer, path) => {
      const before = await hub.database.db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const result = await caseMutation(hub, mad, 'openCase', {
        channel: 'WALK_IN',
        customer,
        subject: 'x',
        description: 'y',
      });
      expect(result.__typename).toBe('ValidationError');
      expect(result.fieldErrors?.map((e) => e.path)).toContainEqual(path);
      const after = await hub.database.db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    });
  });

  describe('hostile and oversized input', () => {
    it.each([
      ['subject', 'x'.repeat(201)],
      ['subject', ''],
      ['subject', ' \n\t '],
      ['description', 'x'.repeat(20_001)],
    ])('refuses %s of length %#', async (field, value) => {
      const result = await caseMutation(hub, mad, 'openCase', {
        channel: 'WALK_IN',
        customer: { name: 'Limits' },
        subject: 'ok',
        description: 'ok',
        [field]: value,
      });
      expect(result.__typename).toBe('ValidationError');
      expect(result.fieldErrors?.[0]?.path).toEqual([field]);
    });

    it('takes a subject of exactly 200 and a description of exactly 20,000 characters, and refuses one more, naming the field and storing nothing', async () => {
      const storedCases = async () =>
        Number(
          (
            await hub.database.db
              .selectFrom('cases')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const input = {
        channel: 'WALK_IN',
        customer: { name: 'N'.repeat(200) },
        subject: 'S'.repeat(200),
        description: 'D'.repeat(20_000),
      };
      const before = await storedCases();
      const atLimit = await caseMutation(hub, mad, 'openCase', input);
      expect(atLimit.__typename).toBe('OpenCasePayload');
      expect(atLimit.case?.subject).toHaveLength(200);
      expect(await storedCases()).toBe(before + 1);
      const over: [Record<string, unknown>, string[]][] = [
        [{ subject: 'S'.repeat(201) }, ['subject']],
        [{ description: 'D'.repeat(20_001) }, ['description']],
        [{ customer: { name: 'N'.repeat(201) } }, ['customer', 'name']],
      ];
      for (const [change, path] of over) {
        const result = await caseMutation(hub, mad, 'openCase', { ...input, ...change });
        expect(result.__typename).toBe('ValidationError');
        expect(result.fieldErrors?.map((e) => e.path)).toEqual([path]);
        expect(result.fieldErrors?.[0]?.message).toMatch(/At most/);
      }
      expect(await storedCases()).toBe(before + 1);
    });

    it('refuses an escalation reason over 10,000 characters or blank, naming the field, and the case stays put', async () => {
      const opened = await openCaseAs(hub, 'mad.agent@demo.test');
      for (const reason of ['x'.repeat(10_001), ' ']) {
        const result = await caseMutation(hub, mad, 'escalateCase', { caseId: opened.id, reason });
        expect(result.__typename).toBe('ValidationError');
        expect(result.fieldErrors?.[0]?.path).toEqual(['reason']);
      }
      expect(await caseByReference(hub, 'hq.admin@demo.test', opened.reference)).toEqual(opened);
    });

    it('opening a case at an organization that does not exist is NotFoundError and stores nothing', async () => {
      const before = await hub.gql<{ cases: { totalCount: number } }>('{ cases { totalCount } }', {}, mad);
      for (const organizationId of [
        Buffer.from('Organization:00000000-0000-4000-8000-000000000000').toString('base64'),
        'not-an-id',
      ]) {
        const result = await caseMutation(hub, mad, 'openCase', {
          organizationId,
          channel: 'WALK_IN',
          customer: { name: 'Nobody' },
          subject: 'Lost',
          description: 'Where?',
        });
        expect(result.__typename).toBe('NotFoundError');
      }
      const after = await hub.gql<{ cases: { totalCount: number } }>('{ cases { totalCount } }', {}, mad);
      expect(after.data?.cases.totalCount).toBe(before.data?.cases.totalCount);
    });

    it('refuses text with a NUL character in every case mutation as a ValidationError naming the field, storing nothing', async () => {
      // PostgreSQL text cannot hold U+0000: the request must be refused before it reaches the database
      const opened = await openCaseAs(hub, 'mad.agent@demo.test');
      const nul = 'before\u0000after';
      const open = { channel: 'WALK_IN', customer: { name: 'Nul' }, subject: 'ok', description: 'ok' };
      const attempts: [string, Record<string, unknown>, string[]][] = [
        ['openCase', { ...open, subject: nul }, ['subject']],
        ['openCase', { ...open, description: nul }, ['description']],
        ['openCase', { ...open, customer: { name: nul } }, ['customer', 'name']],
        ['openCase', { ...open, customer: { name: 'Nul', email: `a${nul}@example.com` } }, ['customer', 'email']],
        ['openCase', { ...open, customer: { name: 'Nul', phone: `612${nul}` } }, ['customer', 'phone']],
        ['openCase', { ...open, idempotencyKey: nul }, ['idempotencyKey']],
        ['addCaseNote', { caseId: opened.id, body: nul, visibility: 'INTERNAL' }, ['body']],
        ['logCaseContact', { caseId: opened.id, channel: 'PHONE', summary: nul }, ['summary']],
        ['changeCaseStatus', { caseId: opened.id, status: 'OPEN', note: nul }, ['note']],
        ['escalateCase', { caseId: opened.id, reason: nul }, ['reason']],
      ];
      const storedCases = async () =>
        (await hub.gql<{ cases: { totalCount: number } }>('{ cases { totalCount } }', {}, mad)).data?.cases.totalCount;
      const before = await storedCases();
      for (const [name, input, path] of attempts) {
        const result = await caseMutation(hub, mad, name, input);
        expect(result.__typename, `${name} ${path.join('.')}`).toBe('ValidationError');
        expect(result.fieldErrors?.map((e) => e.path)).toEqual([path]);
      }
      expect(await storedCases()).toBe(before);
      expect(await caseByReference(hub, 'hq.admin@demo.test', opened.reference)).toEqual(opened);
    });

    it('answers a NUL character in a lookup or on the customer page with VALIDATION_FAILED, never a server error', async () => {
      const opened = await openCaseAs(hub, 'mad.agent@demo.test');
      const nul = 'x\u0000';
      const codes = (result: { errors?: { extensions?: Record<string, unknown> }[] }) =>
        (result.errors ?? []).map((e) => e.extensions?.code);
      const lookups: [string, Record<string, unknown>, string | undefined][] = [
        ['query ($r: String!) { case(reference: $r) { id } }', { r: nul }, mad],
        ['query ($f: CaseFilter) { cases(filter: $f) { totalCount } }', { f: { text: nul } }, mad],
        ['query ($f: CaseFilter) { cases(filter: $f) { totalCount } }', { f: { customerEmail: nul } }, mad],
        ['query ($f: CaseFilter) { cases(filter: $f) { totalCount } }', { f: { customerPhone: nul } }, mad],
        [
          'query ($r: String!, $c: String!) { publicCaseStatus(reference: $r, accessCode: $c) { status } }',
          { r: nul, c: opened.accessCode },
          undefined,
        ],
        [
          'query ($r: String!, $c: String!) { publicCaseStatus(reference: $r, accessCode: $c) { status } }',
          { r: opened.reference, c: nul },
          undefined,
        ],
        [
          'mutation ($input: AddPublicMessageInput!) { addPublicMessage(input: $input) { status } }',
          { input: { reference: opened.reference, accessCode: opened.accessCode, body: nul } },
          undefined,
        ],
      ];
      for (const [query, variables, token] of lookups) {
        const result = await hub.gql(query, variables, token);
        expect(codes(result), JSON.stringify(variables)).toEqual(['VALIDATION_FAILED']);
      }
      expect(await caseByReference(hub, 'hq.admin@demo.test', opened.reference)).toEqual(opened);
    });

    it('keeps markup and SQL-looking text as plain text', async () => {
      const hostile = `<script>alert(1)</script>'; drop table cases; --`;
      const opened = await openCaseAs(hub, 'mad.agent@demo.test', {
        subject: hostile,
        customer: { name: `Robert'); DROP TABLE customers;--` },
      });
      expect(opened.subject).toBe(hostile);
      const found = await hub.gql<{ cases: { totalCount: number } }>(
        'query ($t: String!) { cases(filter: { text: $t }) { totalCount } }',
        { t: "'; drop" },
        mad,
      );
      expect(found.data?.cases.totalCount).toBe(1);
      const wildcard = await hub.gql<{ cases: { totalCount: number } }>(
        '{ cases(filter: { text: "%" }) { totalCount } }',
        {},
        mad,
      );
      expect(wildcard.data?.cases.totalCount).toBe(0);
    });

    it('refuses a note over 10,000 characters and a blank one', async () => {
      const opened = await openCaseAs(hub, 'mad.agent@demo.test');
      for (const body of ['x'.repeat(10_001), '   ']) {
        const result = await caseMutation(hub, mad, 'addCaseNote', { caseId: opened.id, body, visibility: 'PUBLIC' });
        expect(result.__typename).toBe('ValidationError');
      }
      expect(await caseVersion(opened.reference)).toBe(opened.version);
    });

    it('treats a malformed or foreign id as not found, never a server error', async () => {
      for (const caseId of [
        'nope',
        'Q2FzZTpub3QtYS11dWlk',
        Buffer.from('Organization:00000000-0000-0000-0000-000000000000').toString('base64'),
      ]) {
        const result = await caseMutation(hub, mad, 'addCaseNote', { caseId, body: 'x', visibility: 'INTERNAL' });
        expect(result.__typename).toBe('NotFoundError');
      }
    });

    it('refuses `first` above 100 and a forged cursor', async () => {
      const tooMany = await hub.gql('{ cases(first: 101) { totalCount } }', {}, mad);
      expect(tooMany.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
      const forged = await hub.gql('{ cases(after: "bm90LWEtY3Vyc29y") { totalCount } }', {}, mad);
      expect(forged.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('lists', () => {
    it('pages through the outlet’s cases newest activity first, without gaps or repeats', async () => {
      const bcn = await hub.login('bcn.agent@demo.test');
      const opened = [];
      for (let i = 0; i < 5; i++) opened.push(await openCaseAs(hub, 'bcn.agent@demo.test', { subject: `Paging ${i}` }));
      // touching the first makes it the newest (the outlet has other cases too: the list is narrowed to these)
      await caseMutation(hub, bcn, 'addCaseNote', { caseId: opened[0]?.id, body: 'bump', visibility: 'INTERNAL' });
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: {
          data?: {
            cases: {
              totalCount: number;
              pageInfo: { hasNextPage: boolean; endCursor: string };
              edges: { node: { subject: string } }[];
            };
          };
        } = await hub.gql(
          'query ($after: String) { cases(first: 2, after: $after, filter: { text: "Paging" }) { totalCount pageInfo { hasNextPage endCursor } edges { node { subject } } } }',
          { after },
          bcn,
        );
        expect(page.data?.cases.totalCount).toBe(5);
        seen.push(...(page.data?.cases.edges.map((e) => e.node.subject) ?? []));
        if (!page.data?.cases.pageInfo.hasNextPage) break;
        after = page.data.cases.pageInfo.endCursor;
      }
      expect(seen).toEqual(['Paging 0', 'Paging 4', 'Paging 3', 'Paging 2', 'Paging 1']);
    });

    it('filters by status, channel and "assigned to me"', async () => {
      const fr = await hub.login('fr.agent@demo.test');
      const a = await openCaseAs(hub, 'fr.agent@demo.test', { channel: 'EMAIL', customer: { name: 'Filter A' } });
      await openCaseAs(hub, 'fr.agent@demo.test', { channel: 'PHONE', customer: { name: 'Filter B' } });
      await caseMutation(hub, fr, 'assignCase', { caseId: a.id, userId: await viewerId(fr) });
      // (France also sees the cases of Paris Nord: narrow to this test's customers)
      const q = async (filter: Record<string, unknown>) =>
        (
          await hub.gql<{ cases: { totalCount: number } }>(
            'query ($f: CaseFilter) { cases(filter: $f) { totalCount } }',
            { f: { text: 'Filter', ...filter } },
            fr,
          )
        ).data?.cases.totalCount;
      expect(await q({ channel: ['EMAIL'] })).toBe(1);
      expect(await q({ channel: ['EMAIL', 'PHONE'] })).toBe(2);
      expect(await q({ assignedToMe: true })).toBe(1);
      expect(await q({ status: ['RESOLVED'] })).toBe(0);
      expect(await q({ open: true })).toBe(2);
      expect(await q({ text: 'Filter B' })).toBe(1);
    });
  });

  describe('list filters', () => {
    it('filters by priority, holder subtree, customer e-mail in any case, and recent activity', async () => {
      // given Spanish cases: an urgent one at Madrid, a low one escalated to Spain, one at Barcelona
      const es = await hub.login('es.agent@demo.test');
      const tag = `Filters ${Date.now()}`;
      const urgent = await openCaseAs(hub, 'mad.agent@demo.test', {
        subject: `${tag} urgent`,
        priority: 'URGENT',
        customer: { name: 'Filter Urgent', email: 'urgent.filter@example.com' },
      });
      const low = await openCaseAs(hub, 'mad.agent@demo.test', { subject: `${tag} low`, priority: 'LOW' });
      await caseMutation(hub, mad, 'escalateCase', { caseId: low.id, reason: 'Country' });
      const barcelona = await openCaseAs(hub, 'bcn.agent@demo.test', { subject: `${tag} barcelona` });
      const ids = await organizationIds(hub);
      const subjects = async (filter: Record<string, unknown>) =>
        (
          await hub.gql<{ cases: { totalCount: number; edges: { node: { subject: string } }[] } }>(
            'query ($f: CaseFilter) { cases(filter: $f) { totalCount edges { node { subject } } } }',
            { f: { text: tag, ...filter } },
            es,
          )
        ).data?.cases.edges
          .map((e) => e.node.subject.replace(`${tag} `, ''))
          .sort();
      // when the country agent filters, then
      expect(await subjects({ priority: ['URGENT'] })).toEqual(['urgent']);
      expect(await subjects({ priority: ['LOW', 'URGENT'] })).toEqual(['low', 'urgent']);
      expect(await subjects({ ownerId: ids.get('ES') })).toEqual(['barcelona', 'low', 'urgent']);
      expect(await subjects({ ownerId: ids.get('ES-MAD') })).toEqual(['urgent']);
      expect(await subjects({ ownerId: ids.get('ES-BCN') })).toEqual(['barcelona']);
      expect(await subjects({ customerEmail: 'Urgent.Filter@EXAMPLE.com' })).toEqual(['urgent']);
      // and only what changed since a moment is listed as recent
      const since = new Date().toISOString();
      await caseMutation(hub, es, 'addCaseNote', { caseId: barcelona.id, body: 'Touched', visibility: 'INTERNAL' });
      expect(await subjects({ updatedSince: since })).toEqual(['barcelona']);
      expect(urgent.priority).toBe('URGENT');
    });
  });

  describe('assignment', () => {
    it('an agent may give back their own case but not unassign a colleague', async () => {
      // given a Madrid case that the country manager assigned to the country agent
      const opened = await openCaseAs(hub, 'mad.agent@demo.test');
      const manager = await hub.login('es.manager@demo.test');
      const esAgentId = await viewerId(await hub.login('es.agent@demo.test'));
      expect(
        (await caseMutation(hub, manager, 'assignCase', { caseId: opened.id, userId: esAgentId })).case?.assignee,
      ).toEqual({
        email: 'es.agent@demo.test',
      });
      // when the dealer agent tries to clear it, then it is refused
      expect((await caseMutation(hub, mad, 'assignCase', { caseId: opened.id, userId: null })).__typename).toBe(
        'ForbiddenError',
      );
      // and the country agent may give it back
      const es = await hub.login('es.agent@demo.test');
      expect(
        (await caseMutation(hub, es, 'assignCase', { caseId: opened.id, userId: null })).case?.assignee,
      ).toBeNull();
    });
  });

  async function viewerId(token: string) {
    return (await hub.gql<{ viewer: { id: string } }>('{ viewer { id } }', {}, token)).data?.viewer.id;
  }
});
