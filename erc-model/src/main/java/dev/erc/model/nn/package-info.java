/**
 * Neural layers with PyTorch's semantics and parameter names: {@link dev.erc.model.nn.Linear},
 * {@link dev.erc.model.nn.Embedding}, {@link dev.erc.model.nn.Lstm}, {@link dev.erc.model.nn.Gru},
 * {@link dev.erc.model.nn.GraphConvolution}, {@link dev.erc.model.nn.MultiheadAttention},
 * {@link dev.erc.model.nn.TransformerEncoderLayer}, {@link dev.erc.model.nn.LayerNorm},
 * {@link dev.erc.model.nn.Dropout}. Every layer is a {@link dev.erc.model.nn.Module}.
 */
package dev.erc.model.nn;
