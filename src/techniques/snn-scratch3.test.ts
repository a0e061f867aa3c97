import { it } from 'vitest';
import { initTf, tf } from '../labs/tf/backend';
import '@tensorflow/tfjs-core/dist/register_all_gradients';

function time(label: string, f: () => void, n = 200) {
  for (let i = 0; i < 20; i++) f();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f();
  console.log(label, ((performance.now() - t0) / n).toFixed(3), 'ms');
}

it('profile ops', async () => {
  const be = await initTf((process.env.BE as 'wasm' | 'cpu') ?? 'wasm');
  const a = tf.variable(tf.ones([64, 8]));
  const step = tf.customGrad((u: tf.Tensor, save: tf.GradSaveFunc) => { save([u]); return { value: tf.cast(tf.greater(u, 0.5), 'float32'), gradFunc: (dy: tf.Tensor, [x]: tf.Tensor[]) => tf.mul(dy, x) }; }) as (u: tf.Tensor) => tf.Tensor;
  time(be + ' add fwd', () => tf.tidy(() => tf.add(a, a)));
  time(be + ' 20 adds fwd', () => tf.tidy(() => { let x: tf.Tensor = a; for (let i = 0; i < 20; i++) x = tf.add(x, a); return x; }));
  time(be + ' 20 adds grads', () => tf.tidy(() => tf.variableGrads(() => { let x: tf.Tensor = a; for (let i = 0; i < 20; i++) x = tf.add(x, a); return tf.sum(x) as tf.Scalar; })));
  time(be + ' 20 customGrad fwd', () => tf.tidy(() => { let x: tf.Tensor = a; for (let i = 0; i < 20; i++) x = step(x); return x; }));
  time(be + ' 20 customGrad grads', () => tf.tidy(() => tf.variableGrads(() => { let x: tf.Tensor = a; for (let i = 0; i < 20; i++) x = step(x); return tf.sum(x) as tf.Scalar; })));
  time(be + ' 20 sigmoid grads', () => tf.tidy(() => tf.variableGrads(() => { let x: tf.Tensor = a; for (let i = 0; i < 20; i++) x = tf.sigmoid(x); return tf.sum(x) as tf.Scalar; })));
}, 600000);
