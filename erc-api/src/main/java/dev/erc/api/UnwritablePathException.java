package dev.erc.api;

import java.nio.file.FileSystemException;

/**
 * A file cannot be written where it was asked for: the path is a directory, its folder cannot be created, or nothing
 * can be written in that folder. The message names the path and the reason. Thrown by
 * the library's writers before work starts, so that a long run does not discover it at the end.
 */
public final class UnwritablePathException extends FileSystemException {

    private static final long serialVersionUID = 1L;

    public UnwritablePathException(String path, String reason) {
        super(path, null, reason);
    }
}
