package trips.perf.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What the numbers were measured on, for the report. */
final class MachineInfo {

    private MachineInfo() {
    }

    static String describe(Path work, String postgresVersion) {
        return "- cores: " + Runtime.getRuntime().availableProcessors() + "\n"
                + "- memory: " + memTotal() + "\n"
                + "- disk: " + disk(work) + "\n"
                + "- CPU: " + cpuModel() + "\n"
                + "- OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + "\n"
                + "- Java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + "\n"
                + "- PostgreSQL: " + postgresVersion + "\n";
    }

    private static String memTotal() {
        return firstLine(Path.of("/proc/meminfo"), "MemTotal:");
    }

    private static String cpuModel() {
        return firstLine(Path.of("/proc/cpuinfo"), "model name");
    }

    private static String disk(Path work) {
        try {
            var store = Files.getFileStore(work);
            return String.format("%s, %d GiB free of %d GiB", store.type(), store.getUsableSpace() >> 30,
                    store.getTotalSpace() >> 30);
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String firstLine(Path file, String prefix) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> l.startsWith(prefix)).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
