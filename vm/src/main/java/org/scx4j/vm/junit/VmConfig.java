package org.scx4j.vm.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sizes the VM that {@link VmExtension} boots for a test class; zero or empty
 * values keep {@link org.scx4j.vm.VmOptions#defaults()}. Lets a test class ask for,
 * say, 1 CPU and 1 GiB to boot faster, a specific kernel line, or two sockets.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
public @interface VmConfig {

    /** Virtual CPUs; 0: the host's count. */
    int cpus() default 0;

    /**
     * CPU layout "sockets=S,cores=C,threads=T" (see {@link org.scx4j.vm.VmTopology}); empty: {@link #cpus()}
     * cores in one socket. With {@link #cpus()} set too, the two must agree.
     */
    String topology() default "";

    /** NUMA nodes, each holding whole sockets; 0: no NUMA. */
    int numa() default 0;

    /** Guest memory in MiB; 0: 4 GiB. */
    long memoryMiB() default 0;

    /** Kernel release or prefix, e.g. "7.2"; empty: the newest. */
    String kernel() default "";

    /** Boot timeout in seconds; 0: the default. */
    long bootTimeoutSeconds() default 0;
}
