/**
 * The {@code erc} command line. Filled in by the data and CLI issues.
 */
package dev.erc.cli;
