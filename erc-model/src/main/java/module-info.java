/**
 * The PMF-ERC model (paper §3: {@link dev.erc.model.PmfErc}, its presets and settings), the neural layers and
 * optimisers it is built from, parameter files, input standardisation and the per-utterance baseline. The model's
 * parts (the pairwise fusion, the context graphs, the MFF and MAL blocks) are internal.
 */
module dev.erc.model {
    requires transitive dev.erc.api;
    requires transitive dev.erc.compute;

    exports dev.erc.model;
    exports dev.erc.model.nn;
    exports dev.erc.model.optim;
    exports dev.erc.model.io;
    exports dev.erc.model.batch;
    exports dev.erc.model.train;
    exports dev.erc.model.baseline;
}
