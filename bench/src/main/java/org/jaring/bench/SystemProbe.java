package org.jaring.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/** What the machine is, and how much disk and memory something takes. */
final class SystemProbe {
    private SystemProbe() {}

    /**
     * CPU time this process has used, all threads: unlike wall clock it hardly moves with the neighbours' load,
     * so it is the steadier measure of what a path costs on a shared machine.
     */
    static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** Milliseconds the JIT compiler threads have spent compiling since the JVM started, or 0 if not known. */
    static long compilerMillis() {
        var jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /** VmRSS of this process in bytes (node, benchmark client and generator share it), or -1 off Linux. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return -1;
    }

    static long heapUsedAfterGc() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    /** Bytes of the files under {@code dir} (apparent size, as {@code du -b}). */
    static long diskBytes(Path dir) {
        long[] total = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    total[0] += attrs.size();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // a file compaction just removed
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
        return total[0];
    }

    /** Waits until the folder's size has not changed for {@code quietMillis} (flushes and compactions done). */
    static long settledDiskBytes(Path dir, long quietMillis, long maxMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + maxMillis;
        long last = diskBytes(dir);
        long stableSince = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
            long now = diskBytes(dir);
            if (now != last) {
                last = now;
                stableSince = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - stableSince >= quietMillis) {
                break;
            }
        }
        return last;
    }

    static String machine() {
        StringBuilder b = new StringBuilder();
        b.append(Runtime.getRuntime().availableProcessors()).append(" cores");
        String cpu = firstMatch(Path.of("/proc/cpuinfo"), "model name");
        if (cpu != null) {
            b.append(" (").append(cpu.substring(cpu.indexOf(':') + 1).strip()).append(')');
        }
        String mem = firstMatch(Path.of("/proc/meminfo"), "MemTotal");
        if (mem != null) {
            long kb = Long.parseLong(mem.replaceAll("[^0-9]", ""));
            b.append(", ").append(String.format("%.1f GiB RAM", kb / 1048576.0));
        }
        b.append(", Java ")
                .append(System.getProperty("java.vm.version"))
                .append(" (")
                .append(System.getProperty("java.vm.name"))
                .append("), max heap ")
                .append(Runtime.getRuntime().maxMemory() >> 20)
                .append(" MiB");
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (!args.isEmpty()) {
            b.append(", JVM args ").append(String.join(" ", args));
        }
        return b.toString();
    }

    private static String firstMatch(Path file, String prefix) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return null;
    }

    static String bytes(long b) {
        if (b < 0) {
            return "n/a";
        }
        if (b >= 1L << 30) {
            return String.format("%.2f GiB", b / (double) (1L << 30));
        }
        return String.format("%.1f MiB", b / (double) (1L << 20));
    }
}
