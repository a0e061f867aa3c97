import { describe, expect, test } from 'vitest';
import { defaults, parseParam } from '../kit/params';
import { DEFAULT_SCENE, MAX_BOXES, decodeScene, encodeScene, parseScene, sceneEdit } from './scene-codec';
import { sceneSpec, sceneView, type SceneParams } from './scene';
import { stateAt } from './scene-charts';
import { apInitial, apReduce, apSpec, apView, type ApParams } from './ap';
import { softNmsTrace } from '../../techniques/soft-nms';
import { softNmsEval, type EvalDelta } from '../../techniques/soft-nms-eval';

const sceneDefaults = defaults(sceneSpec.params) as SceneParams;

describe('scene string', () => {
  test('round trip, clamping and garbage', () => {
    const d = decodeScene(DEFAULT_SCENE)!;
    expect(d).toHaveLength(7);
    expect(encodeScene(d)).toBe(DEFAULT_SCENE);
    expect(parseScene(DEFAULT_SCENE)).toEqual({ value: DEFAULT_SCENE });
    // Out of the frame and the score range: clamped, with a notice.
    const c = parseScene('95,60,20,20,1.7');
    expect(c.value).toBe('80,44,20,20,1');
    expect(c.notice).toMatch(/clamped/);
    for (const bad of ['<script>alert(1)</script>', '1,2,3,4', '1,2,3,4,x', Array(MAX_BOXES + 1).fill('1,1,5,5,0.5').join(';')]) {
      const r = parseScene(bad);
      expect(r.value).toBe(DEFAULT_SCENE);
      expect(r.notice).toBeTruthy();
    }
    expect(decodeScene('')).toEqual([]);
    // Through the kit's parameter parser, including its length cap.
    const p = sceneSpec.params.find((q) => q.name === 'boxes')!;
    expect(parseParam(p, 'x'.repeat(700)).value).toBe(DEFAULT_SCENE);
    expect(parseParam(p, '1,1,5,5,0.5').value).toBe('1,1,5,5,0.5');
  });

  test('edit spec: records round-trip; Add copies the last box nearby', () => {
    const items = sceneEdit.decode(DEFAULT_SCENE);
    expect(sceneEdit.encode(items)).toBe(DEFAULT_SCENE);
    const added = sceneEdit.create(items);
    expect(added.x).toBe(items[6].x + 4);
    expect(sceneEdit.label(items[0], 0)).toBe('A (score 0.95)');
  });
});

describe('step-through view', () => {
  test('default: three charts, one row per box, the claim holds', () => {
    const v = sceneSpec.compute(sceneDefaults, 1);
    expect(v.charts).toHaveLength(3);
    expect(v.table.rows).toHaveLength(7);
    expect(v.claim?.holds).toBe(true);
    // The default scene: NMS deletes the second person's boxes C and D along with the duplicates.
    expect(v.readouts?.[0].value).toBe('A, E, G (3 of 7)');
    expect(v.summary).toContain('deletes B, C, D, F');
  });

  test('an exact duplicate: linear Soft-NMS deletes it (claim fails), Gaussian keeps it', () => {
    const boxes = '10,10,20,20,0.9;10,10,20,20,0.8';
    expect(sceneView({ ...sceneDefaults, boxes, soft: 'linear' }).claim?.holds).toBe(false);
    expect(sceneView({ ...sceneDefaults, boxes, soft: 'gaussian' }).claim?.holds).toBe(true);
    // No overlap: nothing to compare.
    expect(sceneView({ ...sceneDefaults, boxes: '0,0,10,10,0.9;50,30,10,10,0.8' }).claim?.holds).toBeNull();
    // An empty scene still draws.
    expect(sceneView({ ...sceneDefaults, boxes: '' }).charts).toHaveLength(3);
  });

  test('stateAt: all in play at step 0; every box picked or dropped at the end', () => {
    const d = decodeScene(DEFAULT_SCENE)!;
    const t = softNmsTrace(d, { method: 'nms', nt: 0.3, sigma: 0.5 });
    expect(stateAt(t, 0).every((s) => s.status === 'pending')).toBe(true);
    const end = stateAt(t, t.steps.length).map((s) => s.status);
    expect(end).toEqual(['picked', 'dropped', 'dropped', 'dropped', 'picked', 'dropped', 'latest']);
    // After step 1 (A picked), B, C and D are dropped with factor 0.
    const one = stateAt(t, 1);
    expect(one[0].status).toBe('latest');
    expect(one.slice(1, 4).map((s) => [s.status, s.factor])).toEqual([
      ['dropped', 0],
      ['dropped', 0],
      ['dropped', 0],
    ]);
  });
});

describe('AP view', () => {
  test('before a run: empty charts and an unmeasured claim; after: a verdict and 12 rows', async () => {
    const p = defaults(apSpec.params) as ApParams;
    const v0 = apView(apInitial(), p);
    expect(v0.charts).toHaveLength(2);
    expect(v0.claim?.holds).toBeNull();
    expect(v0.table.rows).toHaveLength(0);
    let s = apInitial();
    const small = { ...p, scenes: 50 };
    for await (const m of softNmsEval(small, 1)) s = apReduce(s, m.delta as EvalDelta);
    const v = apView(s, small);
    expect(typeof v.claim?.holds).toBe('boolean');
    expect(v.table.rows).toHaveLength(12);
    expect(v.table.columns).toHaveLength(14);
    expect(v.readouts?.[2].value).toMatch(/^0\.\d{3} vs 0\.\d{3} \([+−]0\.\d{3}\)$/);
  });
});
