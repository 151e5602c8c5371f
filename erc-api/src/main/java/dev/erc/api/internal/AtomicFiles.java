package dev.erc.api.internal;

import dev.erc.api.UnwritablePathException;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file so that readers see either the old content or the complete new content, never a part: the bytes go
 * to a temporary sibling, are forced to disk, and the sibling is renamed over the target. Checkpoints, models and
 * reports are all written this way.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * Fails now where {@link #write} could not write {@code path} later: when it is a directory or a symbolic link
     * that leads nowhere, when its folder does not exist and cannot be created, or when no file can be created in that
     * folder (probed with a temporary file that is removed again). Creates the folder if it is missing.
     *
     * @throws UnwritablePathException naming the path and the reason
     */
    public static void checkWritable(Path path) throws UnwritablePathException {
        Path target = path.toAbsolutePath();
        if (Files.isDirectory(target)) {
            throw new UnwritablePathException(path.toString(), "is a directory, not a file");
        }
        if (Files.isSymbolicLink(target) && !Files.exists(target)) {
            throw new UnwritablePathException(path.toString(), "is a symbolic link that leads nowhere");
        }
        probe(path.toString(), target.getParent());
    }

    /**
     * Fails now where files could not be written into the folder {@code dir}: when it is a file, cannot be created,
     * or accepts no new file. Creates it if it is missing.
     *
     * @throws UnwritablePathException naming the folder and the reason
     */
    public static void checkWritableFolder(Path dir) throws UnwritablePathException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UnwritablePathException(dir.toString(), "is a file, not a folder");
        }
        probe(dir.toString(), dir.toAbsolutePath());
    }

    private static void probe(String name, Path dir) throws UnwritablePathException {
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw new UnwritablePathException(name, "cannot create the folder " + dir + " (" + reason(e) + ")");
        }
        try {
            Files.deleteIfExists(Files.createTempFile(dir, ".erc-", ".probe"));
        } catch (IOException | SecurityException e) {
            throw new UnwritablePathException(name, "cannot create files in " + dir + " (" + reason(e) + ")");
        }
    }

    private static String reason(Exception e) {
        return switch (e) {
            case java.nio.file.FileAlreadyExistsException f -> f.getFile() + " is a file";
            case java.nio.file.AccessDeniedException f -> "permission denied";
            case java.nio.file.NoSuchFileException f -> "no such file or directory";
            case java.nio.file.FileSystemException f when f.getReason() != null -> f.getReason();
            default -> e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        };
    }

    public static void write(Path path, byte[] data) throws IOException {
        write(path, data, true);
    }

    /**
     * Writes {@code data} to {@code path} through a temporary file renamed into place: a reader, or a process killed
     * midway, never sees a partial file. {@code durable} also forces the bytes to disk before the rename (a power
     * failure cannot leave an empty file either); a cache that checks its entries can do without that cost.
     */
    public static void write(Path path, byte[] data, boolean durable) throws IOException {
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            if (durable) {
                Files.write(tmp, data, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.SYNC);
            } else {
                Files.write(tmp, data, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            }
            // temporary files are created owner-only; the result should be readable as any new file would be
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(tmp, Files.exists(target) ? Files.getPosixFilePermissions(target)
                        : PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
