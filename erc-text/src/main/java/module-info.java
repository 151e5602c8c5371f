/**
 * Utterance encoders that turn text into the text modality on the JVM (sentence models run by ONNX Runtime with
 * their Hugging Face tokenizers), the feature cache, and {@link dev.erc.text.TextEmotionRecognizer}.
 */
@SuppressWarnings("requires-automatic")
module dev.erc.text {
    requires transitive dev.erc.api;
    requires com.microsoft.onnxruntime;
    requires ai.djl.tokenizers;
    // The bundled models' jars hold only resources (the .onnx files and tokenizers) and have no module name of their
    // own: these are the names derived from the jar files. Required so that they are resolved on the module path.
    requires langchain4j.embeddings.all.minilm.l6.v2.q;
    requires langchain4j.embeddings.bge.small.en.v15.q;

    exports dev.erc.text;
}
