/**
 * The API an application codes against: dialogues, utterances, modalities, labels, predictions, transcripts and the
 * {@code fit}/{@code predict}/{@code evaluate} contract of {@link dev.erc.api.ErcModel}.
 */
@SuppressWarnings("module") // the qualified export names modules built after this one
module dev.erc.api {
    exports dev.erc.api;
    // Shared plumbing for the library's own modules only.
    exports dev.erc.api.internal to dev.erc.model, dev.erc.data, dev.erc.eval, dev.erc.text;
}
