package dev.erc.api;

/** The partitions of a dataset. */
public enum Split {
    TRAIN, VALID, TEST
}
