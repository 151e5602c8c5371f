/**
 * IEMOCAP and MELD loaders for the pickled feature and transcript files the field distributes, JSON Lines dialogue
 * files, and the deterministic synthetic datasets. The pickle reader is internal.
 */
@SuppressWarnings("requires-automatic")
module dev.erc.data {
    requires transitive dev.erc.api;
    requires com.fasterxml.jackson.databind;
    // Pyrolite's jar has no module name of its own: this is the name the module system derives from pickle-1.5.jar.
    requires pickle;

    exports dev.erc.data;
    // Pyrolite restores numpy arrays by calling __setstate__ on our objects reflectively.
    opens dev.erc.data.pickle to pickle;
}
