package io.omniretail.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time (user + system, Linux /proc) of the local stack's processes by component: the PID files of
 * tools/stack/stack.sh and tools/services.sh, and PostgreSQL's postmaster with all its backends. Where the chain's
 * CPU goes per order, without a profiler.
 */
final class CpuTime {

    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private final Path runDir;
    private final Path postmasterPid;

    CpuTime(Path runDir, Path postgresData) {
        this.runDir = runDir;
        this.postmasterPid = postgresData.resolve("postmaster.pid");
    }

    /** Seconds of CPU used so far, per component (processes that ended are gone from the figure). */
    Map<String, Double> snapshot() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(runDir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".pid")).sorted().toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.pid$", "").replaceFirst("^service-", "");
                seconds.put(name, cpu(List.of(Long.parseLong(Files.readString(file).trim()))));
            }
            long postmaster = Long.parseLong(Files.readAllLines(postmasterPid).get(0).trim());
            List<Long> pids = new ArrayList<>(List.of(postmaster));
            for (String child : Files.readString(Path.of("/proc", Long.toString(postmaster), "task", Long.toString(postmaster), "children"))
                    .trim().split("\\s+")) {
                if (!child.isBlank()) {
                    pids.add(Long.parseLong(child));
                }
            }
            seconds.put("postgresql", cpu(pids));
        } catch (IOException | RuntimeException e) {
            // not on Linux, or the stack is elsewhere: no CPU figures
        }
        return seconds;
    }

    /** Milliseconds of CPU per unit of work between two snapshots, per component, plus "all". */
    static Map<String, Double> perUnit(Map<String, Double> before, Map<String, Double> after, long units) {
        Map<String, Double> millis = new LinkedHashMap<>();
        double total = 0;
        for (Map.Entry<String, Double> entry : after.entrySet()) {
            double used = entry.getValue() - before.getOrDefault(entry.getKey(), entry.getValue());
            total += used;
            millis.put(entry.getKey(), units == 0 ? Double.NaN : used * 1000 / units);
        }
        millis.put("all", units == 0 ? Double.NaN : total * 1000 / units);
        return millis;
    }

    private static double cpu(List<Long> pids) {
        double ticks = 0;
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15)
            } catch (IOException | RuntimeException e) {
                // the process ended between listing and reading
            }
        }
        return ticks / TICKS_PER_SECOND;
    }
}
