package dev.erc.data.pickle;

import java.io.IOException;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * Pyrolite's unpickler, restricted for untrusted files: globals come only from {@link Globals}, opcodes that call
 * arbitrary classes or need out-of-band data are refused, and every length prefix is checked against the bytes that
 * remain before anything is allocated, so a corrupt length fails instead of exhausting the heap.
 */
final class SafeUnpickler extends Unpickler {

    private final BoundedInput in;

    SafeUnpickler(BoundedInput in) {
        this.in = in;
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        switch (key) {
            case Opcodes.GLOBAL -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(Globals.resolve(module, name));
                return NO_RETURN_VALUE;
            }
            case Opcodes.STACK_GLOBAL -> {
                Object name = stack.pop();
                Object module = stack.pop();
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw new PickleException("STACK_GLOBAL needs two strings");
                }
                stack.add(Globals.resolve(m, n));
                return NO_RETURN_VALUE;
            }
            case Opcodes.INST, Opcodes.OBJ, Opcodes.PERSID, Opcodes.BINPERSID, Opcodes.EXT1, Opcodes.EXT2,
                 Opcodes.EXT4, Opcodes.NEXT_BUFFER, Opcodes.READONLY_BUFFER ->
                    throw new PickleException("unsupported pickle opcode 0x" + Integer.toHexString(key));
            case Opcodes.BINSTRING, Opcodes.BINBYTES, Opcodes.BINUNICODE, Opcodes.LONG4 -> in.checkLength(4);
            case Opcodes.BINBYTES8, Opcodes.BINUNICODE8, Opcodes.BYTEARRAY8, Opcodes.FRAME -> in.checkLength(8);
            default -> {
            }
        }
        return super.dispatch(key);
    }
}
