/** Padding dialogues into batches: {@link dev.erc.model.batch.DialogueBatch}. */
package dev.erc.model.batch;
