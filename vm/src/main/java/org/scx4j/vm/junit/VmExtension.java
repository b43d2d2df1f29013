package org.scx4j.vm.junit;

import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.scx4j.vm.Vm;
import org.scx4j.vm.VmException;
import org.scx4j.vm.VmOptions;
import org.scx4j.vm.VmTopology;

/**
 * Boots one sched_ext VM per test class (when a test or lifecycle method first asks
 * for a {@link Vm} parameter) and shares it across the class, so a whole class pays
 * for one boot. Options come from
 * {@link VmConfig}. With system property {@code scx4j.vm=skip} the class is skipped
 * with a visible reason (refused in CI); otherwise a VM that cannot boot fails the tests. A VM that
 * died (a test panicked the guest) is replaced by a fresh one for the next test.
 */
public final class VmExtension implements ExecutionCondition, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(VmExtension.class);
    private static final String KEY = "vm";
    private static final String FAILURE = "boot failure";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String mode = System.getProperty("scx4j.vm", "required");
        return switch (mode) {
            case "skip" -> {
                // CI must show a VM test that cannot run as a failure, never as a skip.
                if ("true".equals(System.getenv("CI")))
                    throw new IllegalStateException("scx4j.vm=skip is refused in CI (CI=true): VM tests must run there");
                yield ConditionEvaluationResult.disabled("VM tests skipped: system property scx4j.vm=skip");
            }
            case "required" -> ConditionEvaluationResult.enabled("VM tests required (scx4j.vm=required)");
            default -> throw new IllegalArgumentException("system property scx4j.vm must be 'required' or 'skip', not '" + mode + "'");
        };
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Vm vm = context.getStore(NS).remove(KEY, Vm.class);
        if (vm != null) vm.close();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Vm.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return vm(context);
    }

    /** The class's VM, booting it (again, if the last one died) when needed. */
    private static synchronized Vm vm(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        ExtensionContext.Store store = classContext.getStore(NS);
        Vm vm = store.get(KEY, Vm.class);
        if (vm != null && vm.isAlive()) return vm;
        if (vm != null) vm.close();
        VmException failed = store.get(FAILURE, VmException.class);
        if (failed != null) {
            // One failed boot per class is enough; the remaining tests fail with its reason at once.
            throw new VmException("the VM for this test class did not boot: " + failed.getMessage(), failed);
        }
        try {
            vm = Vm.boot(options(classContext.getRequiredTestClass()));
        } catch (VmException e) {
            store.put(FAILURE, e);
            throw e;
        }
        System.out.printf("vm: %s booted linux %s (%s) in %d ms%n", classContext.getRequiredTestClass().getSimpleName(),
                vm.kernelRelease(), vm.accelerator(), vm.bootTime().toMillis());
        store.put(KEY, vm);
        return vm;
    }

    static VmOptions options(Class<?> testClass) {
        VmOptions o = VmOptions.defaults();
        VmConfig c = testClass.getAnnotation(VmConfig.class);
        if (c == null) return o;
        VmTopology t = VmTopology.of(c.topology().isEmpty() ? null : c.topology(), c.numa() > 0 ? c.numa() : null,
                c.cpus() > 0 ? c.cpus() : null);
        if (t != null) o = o.withTopology(t);
        if (c.memoryMiB() > 0) o = o.withMemoryMiB(c.memoryMiB());
        if (!c.kernel().isEmpty()) o = o.withKernel(c.kernel());
        if (c.bootTimeoutSeconds() > 0) o = o.withBootTimeout(Duration.ofSeconds(c.bootTimeoutSeconds()));
        return o;
    }
}
