/**
 * Differentiable operations on {@link dev.erc.compute.autograd.Tensor}s, grouped by concept ({@link
 * dev.erc.compute.ops.MatMul}, {@link dev.erc.compute.ops.Arithmetic}, {@link dev.erc.compute.ops.Reduce}, ...).
 * Each op computes its forward with the current {@link dev.erc.compute.backend.Backend} and writes its backward
 * closure right under it.
 */
package dev.erc.compute.ops;
