/** Stage 2, first half: multiple features fusion (§3.2, eqs. 8-12). */
package dev.erc.model.mff;
