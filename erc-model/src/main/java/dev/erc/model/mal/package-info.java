/** Stage 2, second half: multimodal attention learning (§3.3, eqs. 13-15). */
package dev.erc.model.mal;
