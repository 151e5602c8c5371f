/**
 * Tensors and reverse-mode automatic differentiation: {@link dev.erc.compute.autograd.Tensor} holds the data and
 * its place in the graph, each op in {@code dev.erc.compute.ops} writes its backward closure right under its forward,
 * and {@link dev.erc.compute.autograd.GradMode} turns recording off for inference.
 */
package dev.erc.compute.autograd;
