/**
 * Loaders for the IEMOCAP and MELD feature pickles and a deterministic synthetic dataset. Filled in by the data issue.
 */
package dev.erc.data;
