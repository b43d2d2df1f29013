package org.scx4j.bpf;

import java.util.Map;

/**
 * Names of Linux errno values and libbpf's own error codes, so an exception says
 * "ENOENT" rather than "-2": people search for names, not numbers.
 */
final class Errno {
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"), Map.entry(3, "ESRCH"), Map.entry(4, "EINTR"),
            Map.entry(5, "EIO"), Map.entry(6, "ENXIO"), Map.entry(7, "E2BIG"), Map.entry(8, "ENOEXEC"),
            Map.entry(9, "EBADF"), Map.entry(11, "EAGAIN"), Map.entry(12, "ENOMEM"), Map.entry(13, "EACCES"),
            Map.entry(14, "EFAULT"), Map.entry(16, "EBUSY"), Map.entry(17, "EEXIST"), Map.entry(19, "ENODEV"),
            Map.entry(20, "ENOTDIR"), Map.entry(21, "EISDIR"), Map.entry(22, "EINVAL"), Map.entry(24, "EMFILE"),
            Map.entry(25, "ENOTTY"), Map.entry(27, "EFBIG"), Map.entry(28, "ENOSPC"), Map.entry(34, "ERANGE"),
            Map.entry(36, "ENAMETOOLONG"), Map.entry(38, "ENOSYS"), Map.entry(40, "ELOOP"), Map.entry(61, "ENODATA"),
            Map.entry(62, "ETIME"), Map.entry(71, "EPROTO"), Map.entry(75, "EOVERFLOW"), Map.entry(77, "EBADFD"),
            Map.entry(95, "EOPNOTSUPP"), Map.entry(110, "ETIMEDOUT"), Map.entry(114, "EALREADY"),
            Map.entry(524, "ENOTSUPP"),
            Map.entry(4000, "LIBBPF_ERRNO__LIBELF"), Map.entry(4001, "LIBBPF_ERRNO__FORMAT"),
            Map.entry(4002, "LIBBPF_ERRNO__KVERSION"), Map.entry(4003, "LIBBPF_ERRNO__ENDIAN"),
            Map.entry(4004, "LIBBPF_ERRNO__INTERNAL"), Map.entry(4005, "LIBBPF_ERRNO__RELOC"),
            Map.entry(4006, "LIBBPF_ERRNO__LOAD"), Map.entry(4007, "LIBBPF_ERRNO__VERIFY"),
            Map.entry(4008, "LIBBPF_ERRNO__PROG2BIG"), Map.entry(4009, "LIBBPF_ERRNO__KVER"),
            Map.entry(4010, "LIBBPF_ERRNO__PROGTYPE"));

    private Errno() {}

    /** The symbolic name of a positive or negative errno, e.g. "ENOENT", or "errno N". */
    static String name(int errno) {
        int e = Math.abs(errno);
        return NAMES.getOrDefault(e, "errno " + e);
    }
}
