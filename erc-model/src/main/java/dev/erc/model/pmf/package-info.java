/** Stage 1 of the model: pairwise modality fusion (§3.1, eqs. 1-7). */
package dev.erc.model.pmf;
