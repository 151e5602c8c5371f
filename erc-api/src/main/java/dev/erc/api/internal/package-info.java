/**
 * Helpers the library's own modules share (atomic file writes, strict UTF-8 decoding). Not API: exported only to
 * the ERC modules, so an application on the module path cannot reach it; on the class path, do not depend on it.
 */
package dev.erc.api.internal;
