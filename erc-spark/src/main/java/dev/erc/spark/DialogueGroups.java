package dev.erc.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The rows of a partition sorted by dialogue, as one group per dialogue. Rows without a dialogue id come as groups of
 * one (each is rejected on its own). Each row is copied as it is taken: Spark reuses a row object for the next row.
 */
final class DialogueGroups implements Iterator<DialogueGroups.Group> {

    /** The rows of one dialogue, in turn order; {@code id} is null for a row without one. */
    record Group(String id, List<InternalRow> rows) {
    }

    private final Iterator<InternalRow> rows;
    private final int idColumn;
    private InternalRow pending;

    DialogueGroups(Iterator<InternalRow> rows, int idColumn) {
        this.rows = rows;
        this.idColumn = idColumn;
    }

    @Override
    public boolean hasNext() {
        return pending != null || rows.hasNext();
    }

    @Override
    public Group next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        InternalRow first = pending != null ? pending : rows.next().copy();
        pending = null;
        List<InternalRow> group = new ArrayList<>();
        group.add(first);
        if (first.isNullAt(idColumn)) {
            return new Group(null, group);
        }
        UTF8String id = first.getUTF8String(idColumn);
        while (rows.hasNext()) {
            InternalRow r = rows.next().copy();
            if (r.isNullAt(idColumn) || !id.equals(r.getUTF8String(idColumn))) {
                pending = r;
                break;
            }
            group.add(r);
        }
        return new Group(id.toString(), group);
    }
}
