/**
 * The attention lab (LABS.md §5): toy attention models trained in the browser on synthetic
 * sequence tasks, with the normalisation function pluggable, for lessons that compare softmax
 * with a replacement (softpick; sa-softmax and adaptive-temperature next).
 *
 * Import from the module you need rather than from this index when writing a widget spec: the
 * modules marked "no tfjs" are safe in page bundles, the others pull in tfjs and belong in
 * techniques and workers.
 *
 * normaliser.ts (tfjs)
 *   type Normaliser = (scores, mask) => weights            scores [..., queries, keys]; mask broadcasts,
 *                                                           1 = readable key, 0 = masked (a constant)
 *   interface NamedNormaliser { id, normalise }             what the training loop carries
 *   softmaxNormaliser, SOFTMAX                              the only method the lab ships
 *   fillMasked(scores, mask)                                masked scores → −1e9 (for max/softmax)
 *   causalMask(L) → [1,1,L,L]
 *   Paper methods live in src/techniques/<slug>*.ts and are passed in; the lab never imports them.
 *
 * tasks.ts (no tfjs)
 *   markerBatch(rng, {length T, markerProb p, numValues V}, size, forceMarkerAt?)
 *     → { feats [B, T+1, V+3], targets [B, T+1] (−1 at BOS, V = "none"), markerAt, numClasses }
 *   isNoOp(batch, b, t)                                     target is "none"
 *   retrievalBatch(rng, {items n, colours C}, size)
 *     → { feats [B, n, 1+C] (priority, one-hot colour), labels, argmax, numClasses }
 *
 * params.ts (tfjs): plain weights (PlainParams) ↔ variables (VarSet): createVars, readVars,
 *   disposeVars, varList; normalParam, glorotParam, constParam. Same PlainParams → identical models.
 *
 * transformer.ts (tfjs): one causal pre-LN layer, H heads, learned positions, per-position classes.
 *   initTransformer(rng, shape) → PlainParams; transformerForward(vars, shape, feats, mask, norm)
 *   → { logits [B,L,C], attn [B,H,L,L], hidden [B,L,d] }; positionLoss(logits, oneHot, count).
 *
 * retriever.ts (tfjs): max retrieval, one head with a learned query over an MLP-encoded set.
 *   initRetriever(rng, shape) → PlainParams; retrieverForward(vars, shape, feats [B,n,F], mask [.,1,n], norm)
 *   → { logits [B,C], attn [B,n], scores [B,n] }; retrievalLoss(logits, oneHot). Any n at eval
 *   time; swap the normaliser at inference for inference-only methods (adaptive temperature).
 *
 * stats.ts (no tfjs; none assumes rows sum to 1): bosMassPerHead, sinkRate(bos, ε = 0.3),
 *   sparsity(a, dims, 1e-5) over causal entries, rowSums, querySetStats(a, dims, select) (BOS
 *   mass and row sums over chosen queries, e.g. no-op ones), kurtosis (Pearson, 3 = Gaussian),
 *   maxAbs, rowEntropy(w, mask?, renormalise?) over unmasked keys.
 *
 * marker-run.ts (no tfjs): MarkerRunConfig, MARKER_DEFAULTS (T 12, p 0.7, d 32, 2 heads, MLP 64,
 *   Adam 5e-3, batch 16), message types MarkerEval / MarkerExample / MarkerDelta, markerShape,
 *   markerEvalBatch(c, seed) (the fixed evaluation batch, for build-time figures), sequenceValues.
 *
 * marker-train.ts (tfjs): trainMarkerLockstep(config, normalisers[], seed, prefer) — an async
 *   generator of Progress<MarkerDelta>: N models, one per normaliser, same initial weights (fork
 *   'init'), same batches (fork 'data'), same evaluation batch (fork 'eval'); train losses every
 *   `reportEvery` steps, full statistics every `evalEvery`, the example's maps at the end; all
 *   tensors freed when it ends or is abandoned. evaluateMarker(...) evaluates one model.
 *
 * retrieval-train.ts (tfjs; its types are safe anywhere): RetrievalRunConfig, RETRIEVAL_DEFAULTS
 *   (n 16, 4 colours, d 32, Adam 3e-3, batch 32, 300 steps), trainRetrievalLockstep(config,
 *   normalisers[], seed, prefer, evalNormalisers?) — the same lockstep pattern on max retrieval
 *   (forks 'init', 'data', 'eval'); deltas carry train losses and RetrievalEval (accuracy, loss,
 *   weight on the max item, row sum) per model and evaluated set size.
 */
export * from './normaliser';
export * from './tasks';
export * from './params';
export * from './transformer';
export * from './retriever';
export * from './stats';
export * from './marker-run';
export * from './marker-train';
export * from './retrieval-train';
