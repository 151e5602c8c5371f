/** Reproduction reports: JSON, a Table-1-style Markdown page, and PNG plots. */
package dev.erc.eval.report;
