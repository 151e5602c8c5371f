/** Optimisers ({@link dev.erc.model.optim.Adam}, AdamW), gradient clipping and learning-rate schedules. */
package dev.erc.model.optim;
