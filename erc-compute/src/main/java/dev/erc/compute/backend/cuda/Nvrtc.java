package dev.erc.compute.backend.cuda;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * NVRTC, bound by hand: {@code nvrtc.h} is not installed on these machines, so jextract cannot generate it. The
 * signatures are those NVIDIA documents for NVRTC 12 and 13 ({@code nvrtcResult} is an {@code int},
 * {@code nvrtcProgram} a pointer); keep them in step when {@code erc-compute/src/jextract/regenerate} is rerun.
 */
final class Nvrtc {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong SIZE = ValueLayout.JAVA_LONG;
    private static final AddressLayout ADDR = ValueLayout.ADDRESS;

    private final MethodHandle version;
    private final MethodHandle createProgram;
    private final MethodHandle compileProgram;
    private final MethodHandle destroyProgram;
    private final MethodHandle getCubinSize;
    private final MethodHandle getCubin;
    private final MethodHandle getLogSize;
    private final MethodHandle getLog;
    private final MethodHandle errorString;

    Nvrtc() {
        CudaLibraries.require();
        SymbolLookup lookup = SymbolLookup.loaderLookup();
        // nvrtcResult nvrtcVersion(int *major, int *minor)
        version = bind(lookup, "nvrtcVersion", FunctionDescriptor.of(INT, ADDR, ADDR));
        // nvrtcResult nvrtcCreateProgram(nvrtcProgram *prog, const char *src, const char *name, int numHeaders,
        //                                const char * const *headers, const char * const *includeNames)
        createProgram = bind(lookup, "nvrtcCreateProgram", FunctionDescriptor.of(INT, ADDR, ADDR, ADDR, INT, ADDR, ADDR));
        // nvrtcResult nvrtcCompileProgram(nvrtcProgram prog, int numOptions, const char * const *options)
        compileProgram = bind(lookup, "nvrtcCompileProgram", FunctionDescriptor.of(INT, ADDR, INT, ADDR));
        // nvrtcResult nvrtcDestroyProgram(nvrtcProgram *prog)
        destroyProgram = bind(lookup, "nvrtcDestroyProgram", FunctionDescriptor.of(INT, ADDR));
        // nvrtcResult nvrtcGetCUBINSize(nvrtcProgram prog, size_t *cubinSizeRet); nvrtcGetCUBIN(prog, char *cubin)
        getCubinSize = bind(lookup, "nvrtcGetCUBINSize", FunctionDescriptor.of(INT, ADDR, ADDR));
        getCubin = bind(lookup, "nvrtcGetCUBIN", FunctionDescriptor.of(INT, ADDR, ADDR));
        // nvrtcResult nvrtcGetProgramLogSize(nvrtcProgram prog, size_t *logSizeRet); nvrtcGetProgramLog(prog, char *log)
        getLogSize = bind(lookup, "nvrtcGetProgramLogSize", FunctionDescriptor.of(INT, ADDR, ADDR));
        getLog = bind(lookup, "nvrtcGetProgramLog", FunctionDescriptor.of(INT, ADDR, ADDR));
        // const char *nvrtcGetErrorString(nvrtcResult result)
        errorString = bind(lookup, "nvrtcGetErrorString", FunctionDescriptor.of(ADDR, INT));
    }

    private static MethodHandle bind(SymbolLookup lookup, String name, FunctionDescriptor fd) {
        MemorySegment symbol = lookup.find(name).orElseThrow(
                () -> new IllegalStateException("the loaded NVRTC library has no symbol " + name));
        return LINKER.downcallHandle(symbol, fd);
    }

    /** NVRTC's version as {@code major.minor}. */
    String version() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment major = arena.allocate(INT);
            MemorySegment minor = arena.allocate(INT);
            check("nvrtcVersion", (int) version.invokeExact(major, minor));
            return major.get(INT, 0) + "." + minor.get(INT, 0);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Compiles CUDA C {@code source} to a CUBIN for {@code architecture} (e.g. {@code sm_90}); a compile error
     * throws with NVRTC's log, which names the line.
     */
    byte[] compileToCubin(String source, String name, String architecture, List<String> extraOptions) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment progSlot = arena.allocate(ADDR);
            check("nvrtcCreateProgram(" + name + ")", (int) createProgram.invokeExact(progSlot,
                    arena.allocateFrom(source), arena.allocateFrom(name), 0, MemorySegment.NULL, MemorySegment.NULL));
            MemorySegment prog = progSlot.get(ADDR, 0);
            try {
                List<String> options = new java.util.ArrayList<>();
                options.add("--gpu-architecture=" + architecture);
                options.addAll(extraOptions);
                MemorySegment argv = arena.allocate(ADDR, options.size());
                for (int i = 0; i < options.size(); i++) {
                    argv.setAtIndex(ADDR, i, arena.allocateFrom(options.get(i)));
                }
                int status = (int) compileProgram.invokeExact(prog, options.size(), argv);
                if (status != 0) {
                    throw new CudaException("nvrtcCompileProgram(" + name + ", " + options + ")", status,
                            message(status) + System.lineSeparator() + log(arena, prog));
                }
                MemorySegment size = arena.allocate(SIZE);
                check("nvrtcGetCUBINSize", (int) getCubinSize.invokeExact(prog, size));
                MemorySegment cubin = arena.allocate(size.get(SIZE, 0));
                check("nvrtcGetCUBIN", (int) getCubin.invokeExact(prog, cubin));
                return cubin.toArray(ValueLayout.JAVA_BYTE);
            } finally {
                int ignored = (int) destroyProgram.invokeExact(progSlot);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private String log(Arena arena, MemorySegment prog) throws Throwable {
        MemorySegment size = arena.allocate(SIZE);
        if ((int) getLogSize.invokeExact(prog, size) != 0 || size.get(SIZE, 0) <= 1) {
            return "(no log)";
        }
        MemorySegment text = arena.allocate(size.get(SIZE, 0));
        int ignored = (int) getLog.invokeExact(prog, text);
        return text.getString(0);
    }

    private void check(String call, int status) throws Throwable {
        if (status != 0) {
            throw new CudaException(call, status, message(status));
        }
    }

    private String message(int status) throws Throwable {
        MemorySegment s = (MemorySegment) errorString.invokeExact(status);
        return s.equals(MemorySegment.NULL) ? "NVRTC status " + status : s.reinterpret(256).getString(0);
    }
}
