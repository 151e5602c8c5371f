/** The paper's dialogue graphs (eqs. 3-5) and the spectral GCN over them. */
package dev.erc.model.graph;
