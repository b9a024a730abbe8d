import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { awaitUploadTurn, UploadTurns } from './upload-turns.js';

const live = () => new AbortController().signal;

describe('UploadTurns', () => {
  it('lets max uploads stream at once and the others go in the order they asked, each told its place as it moves up', async () => {
    const turns = new UploadTurns(2);
    const places: Record<string, number[]> = { c: [], d: [] };
    const a = await turns.take(live(), () => {});
    await turns.take(live(), () => {});
    const order: string[] = [];
    const c = turns.take(live(), (place) => places.c!.push(place)).then((release) => (order.push('c'), release));
    const d = turns.take(live(), (place) => places.d!.push(place)).then((release) => (order.push('d'), release));
    expect(turns.counts).toEqual({ streaming: 2, waiting: 2 });

    a();
    a(); // a second release gives nothing back twice
    const releaseC = await c;
    expect(turns.counts).toEqual({ streaming: 2, waiting: 1 });
    releaseC();
    await d;
    expect(order).toEqual(['c', 'd']);
    expect(places).toEqual({ c: [1], d: [2, 1] });
  });

  it('takes a cancelled upload out of the line, rejects with why, and moves the ones behind it up', async () => {
    const turns = new UploadTurns(1);
    const first = await turns.take(live(), () => {});
    const cancel = new AbortController();
    const places: number[] = [];
    const cancelled = turns.take(cancel.signal, () => {});
    const behind = turns.take(live(), (place) => places.push(place));
    cancel.abort(new Error('cancelled by U0CANCEL'));
    await expect(cancelled).rejects.toThrow('cancelled by U0CANCEL');
    expect(places).toEqual([2, 1]);
    first();
    await expect(behind).resolves.toBeTypeOf('function');
    expect(turns.counts).toEqual({ streaming: 1, waiting: 0 });
  });
});

describe('awaitUploadTurn', () => {
  it('says the first place at once, then only the latest, at most once per interval, and drops an unsaid place when the turn comes', async () => {
    const turns = new UploadTurns(1);
    const ahead = [await turns.take(live(), () => {})];
    for (let i = 0; i < 3; i++) void turns.take(live(), () => {}).then((release) => ahead.push(release));
    const said: number[] = [];
    const waiting = awaitUploadTurn(turns, live(), async (place) => void said.push(place), 200);
    expect(said).toEqual([4]);

    ahead.shift()!();
    await sleep(0);
    ahead.shift()!();
    await sleep(0);
    expect(said).toEqual([4]); // 3 and 2 came within the interval: only 2, the latest, is said after it
    await sleep(300);
    expect(said).toEqual([4, 2]);

    ahead.shift()!();
    await sleep(0);
    ahead.shift()!();
    await expect(waiting).resolves.toBeTypeOf('function');
    expect(said).toEqual([4, 2]); // "next in line" was not said yet when the turn came: the upload is what it sees
  });

  it('gives the turn only once the place being said is said, so the status after it is not overtaken', async () => {
    const turns = new UploadTurns(1);
    const first = await turns.take(live(), () => {});
    let finishSaying = () => {};
    const waiting = awaitUploadTurn(turns, live(), () => new Promise<void>((resolve) => (finishSaying = resolve)));
    let granted = false;
    void waiting.then(() => (granted = true));

    first();
    await sleep(20);
    expect(granted).toBe(false);
    finishSaying();
    await expect(waiting).resolves.toBeTypeOf('function');
  });
});
