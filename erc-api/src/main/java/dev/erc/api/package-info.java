/**
 * The public API of the library: dialogues, utterances, modalities, emotion labels, predictions and the
 * {@code fit}/{@code predict}/{@code evaluate} contract.
 */
package dev.erc.api;
