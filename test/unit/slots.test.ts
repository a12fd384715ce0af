/** The CPU slots extraction and nfpm share (src/build/slots.ts): bounded, highest priority first. */
import { Slots } from '../../src/build/slots.js';

/** A job the test finishes by hand, recording when it started. */
function controllable(started: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  return {
    job: async () => {
      started.push(name);
      await done;
      return name;
    },
    finish,
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('never runs more jobs than slots; a freed slot goes to the waiting job of highest priority', async () => {
  const slots = new Slots(2);
  const started: string[] = [];
  const a = controllable(started, 'a');
  const b = controllable(started, 'b');
  const small = controllable(started, 'small');
  const big = controllable(started, 'big');
  const extraction = controllable(started, 'extraction');
  const results = [
    slots.run(10, a.job),
    slots.run(10, b.job),
    slots.run(1, small.job),
    slots.run(100, big.job),
    slots.run(Number.MAX_SAFE_INTEGER, extraction.job),
  ];
  await settle();
  expect(started).toEqual(['a', 'b']);
  a.finish();
  await settle();
  expect(started).toEqual(['a', 'b', 'extraction']);
  b.finish();
  await settle();
  expect(started).toEqual(['a', 'b', 'extraction', 'big']);
  extraction.finish();
  big.finish();
  await settle();
  expect(started).toEqual(['a', 'b', 'extraction', 'big', 'small']);
  small.finish();
  expect(await Promise.all(results)).toEqual(['a', 'b', 'small', 'big', 'extraction']);
});

test('equal priorities run in the order asked; a failed job frees its slot and rejects its own promise', async () => {
  const slots = new Slots(1);
  const order: string[] = [];
  const failing = slots.run(0, async () => {
    order.push('fails');
    throw new Error('boom');
  });
  const first = slots.run(0, async () => order.push('first'));
  const second = slots.run(0, async () => order.push('second'));
  await expect(failing).rejects.toThrow('boom');
  await Promise.all([first, second]);
  expect(order).toEqual(['fails', 'first', 'second']);
});

test('a job that throws before returning a promise is a rejection, not a lost slot', async () => {
  const slots = new Slots(1);
  await expect(
    slots.run(0, () => {
      throw new Error('sync');
    }),
  ).rejects.toThrow('sync');
  expect(await slots.run(0, async () => 'next')).toBe('next');
});

test('refuses fewer than one slot', () => {
  expect(() => new Slots(0)).toThrow('at least 1');
});
