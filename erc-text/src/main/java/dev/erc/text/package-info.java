/**
 * Text features for conversations given as text: {@link dev.erc.text.UtteranceEncoder} (a sentence model run by
 * ONNX Runtime with its Hugging Face tokenizer; two bundled, {@link dev.erc.text.BundledEncoder}, or any exported
 * model), {@link dev.erc.text.FeatureCache} (vectors on disk, keyed by encoder and text) and
 * {@link dev.erc.text.TextFeatures}, which fills the text modality of a dataset's utterances.
 */
package dev.erc.text;
