/** On the module path this application sees only what the library's modules export. */
module dev.erc.example {
    requires dev.erc.model;
    requires dev.erc.data;
    requires dev.erc.eval;
}
