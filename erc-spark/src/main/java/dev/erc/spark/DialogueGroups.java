package dev.erc.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.apache.spark.sql.Row;

/**
 * The rows of a partition sorted by dialogue, as one group per dialogue. Rows without a dialogue id come as groups of
 * one (each is rejected on its own).
 */
final class DialogueGroups implements Iterator<DialogueGroups.Group> {

    /** The rows of one dialogue, in turn order; {@code id} is null for a row without one. */
    record Group(String id, List<Row> rows) {
    }

    private final Iterator<Row> rows;
    private final InputPlan plan;
    private Row pending;

    DialogueGroups(Iterator<Row> rows, InputPlan plan) {
        this.rows = rows;
        this.plan = plan;
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
        Row first = pending != null ? pending : rows.next();
        pending = null;
        String id = plan.dialogueOf(first);
        List<Row> group = new ArrayList<>();
        group.add(first);
        if (id == null) {
            return new Group(null, group);
        }
        while (rows.hasNext()) {
            Row r = rows.next();
            if (!Objects.equals(id, plan.dialogueOf(r))) {
                pending = r;
                break;
            }
            group.add(r);
        }
        return new Group(id, group);
    }
}
