/**
 * Neural layers and the PMF-ERC model (pairwise modality fusion, multimodal feature fusion, multimodal attention
 * layers). Filled in by the layers and model issues.
 */
package dev.erc.model;
