package org.jfsac.core.backend.conformance;

import org.jfsac.core.backend.Backend;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The whole conformance suite for one backend, as JUnit dynamic tests: one container per op family, one test per
 * {@link Check} method. A backend joins with one test class and one method,
 * <pre>{@code
 * class CpuConformanceTest {
 *     @TestFactory Stream<DynamicContainer> conformance() { return ConformanceSuite.of(CpuConformanceTest.class, CpuBackend::get); }
 * }
 * }</pre>
 * so a new family is one line in {@link #FAMILIES} and every backend runs it. Reports and failures carry the test
 * class's name ({@code OpenClGpuLaunchConformanceTest}), which also keeps name filters such as {@code .*Cuda.*} working.
 */
public final class ConformanceSuite {
    private ConformanceSuite() {}

    private record Family(String name, Supplier<BackendConformance> make) {}

    /** The families in report order; the names seed each test's random data (as the {@code @Nested} classes did). */
    private static final List<Family> FAMILIES = List.of(
            new Family("Elementwise", ElementwiseConformance::new),
            new Family("Reductions", ReductionConformance::new),
            new Family("Rows", RowsConformance::new),
            new Family("Gemm", GemmConformance::new),
            new Family("Attention", AttentionConformance::new),
            new Family("Indexing", IndexingConformance::new),
            new Family("Adam", AdamConformance::new),
            new Family("Contract", ContractConformance::new));

    /**
     * Every family's checks on one backend.
     *
     * @param testClass the backend's test class (named in failures)
     * @param backend   opens the backend; may abort the test through a JUnit assumption where the device is absent
     * @return one container per family
     */
    public static Stream<DynamicContainer> of(Class<?> testClass, Supplier<Backend> backend) {
        return FAMILIES.stream().map(f -> DynamicContainer.dynamicContainer(f.name(), checks(f, testClass.getSimpleName(), backend)));
    }

    private static Stream<DynamicTest> checks(Family family, String label, Supplier<Backend> backend) {
        List<Method> methods = new ArrayList<>();
        for (Class<?> c = family.make().get().getClass(); c != BackendConformance.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) if (m.isAnnotationPresent(Check.class)) methods.add(m);
        }
        methods.sort(Comparator.comparing(Method::getName));
        return methods.stream().map(m -> {
            String name = m.getName() + "()";
            return DynamicTest.dynamicTest(name, () -> family.make().get().run(m, family.name(), name, label, backend));
        });
    }
}
