package trips.web.cluster;

import java.util.ArrayList;
import java.util.List;
import trips.TripsConfig;

/**
 * The trips.cluster.* settings, checked once at start-up: a bad one stops the start with a message
 * naming the setting and its variable, like every other setting.
 *
 * @param port this node's Hazelcast port
 * @param busPort this node's event-bus port, 0 for a free one
 * @param members {@code host:port} of the members to join, as given (blank entries dropped)
 * @param host the address other members reach this node at; empty lets Hazelcast pick an interface
 */
public record ClusterSettings(boolean enabled, String name, String host, int port, int busPort,
                              List<String> members) {

    public static ClusterSettings of(TripsConfig config) {
        List<String> problems = new ArrayList<>();
        String flag = config.get("trips.cluster");
        if (!flag.equalsIgnoreCase("true") && !flag.equalsIgnoreCase("false")) {
            problems.add(describe("trips.cluster") + " is '" + flag + "', expected true or false");
        }
        int port = port(config.get("trips.cluster.port"), describe("trips.cluster.port"), problems);
        String rawBusPort = config.get("trips.cluster.bus-port");
        int busPort = "0".equals(rawBusPort.trim()) ? 0
                : port(rawBusPort, describe("trips.cluster.bus-port") + " (0 for a free one)", problems);
        List<String> members = new ArrayList<>();
        for (String member : config.get("trips.cluster.members").split(",")) {
            String m = member.trim();
            if (m.isEmpty()) {
                continue;
            }
            int colon = m.lastIndexOf(':');
            if (colon <= 0) {
                problems.add(describe("trips.cluster.members") + " has '" + m + "', expected host:port");
                continue;
            }
            port(m.substring(colon + 1), describe("trips.cluster.members") + " has '" + m + "' whose port", problems);
            members.add(m);
        }
        String name = config.get("trips.cluster.name");
        if (name.isEmpty()) {
            problems.add(describe("trips.cluster.name") + " is empty");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("bad configuration: " + String.join("; ", problems));
        }
        return new ClusterSettings(Boolean.parseBoolean(flag), name, config.get("trips.cluster.host"), port, busPort,
                List.copyOf(members));
    }

    private static int port(String raw, String what, List<String> problems) {
        try {
            int p = Integer.parseInt(raw.trim());
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(what + " is '" + raw + "', expected a port 1..65535");
        return 0;
    }

    private static String describe(String key) {
        return key + " (" + TripsConfig.envName(key) + ")";
    }
}
