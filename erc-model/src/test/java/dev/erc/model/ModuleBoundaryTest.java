package dev.erc.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.erc.api.ErcModel;
import dev.erc.compute.autograd.Tensor;
import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The build runs these tests on the module path, so the descriptors are in force here: the library's modules are
 * named, export only their API packages, and an internal package cannot be reached from outside its module. Checked
 * to fail: with {@code exports dev.erc.compute.backend.cpu;} added to erc-compute's descriptor, and with surefire's
 * {@code useModulePath=false} (the modules are then unnamed).
 */
class ModuleBoundaryTest {

    private static Set<String> exported(Class<?> type) {
        ModuleDescriptor d = type.getModule().getDescriptor();
        return d.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void testsRunAsNamedModules() {
        assertTrue(PmfErc.class.getModule().isNamed(), "erc-model's tests should run on the module path");
        assertEquals("dev.erc.model", PmfErc.class.getModule().getName());
        assertEquals("dev.erc.compute", Tensor.class.getModule().getName());
        assertEquals("dev.erc.api", ErcModel.class.getModule().getName());
    }

    @Test
    void onlyApiPackagesAreExported() {
        assertEquals(Set.of("dev.erc.api"), exported(ErcModel.class));
        assertEquals(Set.of("dev.erc.compute.autograd", "dev.erc.compute.backend", "dev.erc.compute.ops"),
                exported(Tensor.class));
        assertEquals(Set.of("dev.erc.model", "dev.erc.model.baseline", "dev.erc.model.batch", "dev.erc.model.io",
                "dev.erc.model.nn", "dev.erc.model.optim", "dev.erc.model.train"), exported(PmfErc.class));
    }

    @Test
    void internalsStayInside() throws ClassNotFoundException {
        Module compute = Tensor.class.getModule();
        Module unnamed = getClass().getClassLoader().getUnnamedModule();
        assertFalse(compute.isExported("dev.erc.compute.backend.cpu", unnamed));
        assertFalse(compute.isExported("dev.erc.compute.backend.scalar", unnamed));
        assertFalse(PmfErc.class.getModule().isExported("dev.erc.model.pmf", unnamed));
        // Shared plumbing goes to the library's own modules only.
        Module api = ErcModel.class.getModule();
        assertTrue(api.isExported("dev.erc.api.internal", PmfErc.class.getModule()));
        assertFalse(api.isExported("dev.erc.api.internal", unnamed));
        assertTrue(compute.getDescriptor().requires().stream().anyMatch(r -> r.name().equals("jdk.incubator.vector")));
    }
}
