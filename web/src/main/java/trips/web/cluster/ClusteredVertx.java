package trips.web.cluster;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import trips.TripsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Vert.x whose event bus spans the nodes (TRIPS_CLUSTER=true), with Hazelcast as its cluster
 * manager: members found on the configured addresses over TCP, never by multicast, so a node joins
 * exactly the cluster it is told to. Vert.x carries the event bus itself, node to node over TCP.
 */
public final class ClusteredVertx {

    private static final Logger LOG = LoggerFactory.getLogger(ClusteredVertx.class);

    private ClusteredVertx() {
    }

    /**
     * Joins the cluster (or starts it, when no other member answers); fails if this node's port is
     * taken. {@code trips_cluster_members} in {@code registry} follows the members this node sees.
     */
    public static Future<Vertx> start(ClusterSettings settings, MeterRegistry registry) {
        AtomicInteger members = new AtomicInteger();
        Gauge.builder("trips.cluster.members", members, AtomicInteger::get)
                .description("members of the cluster this node sees, itself included").register(registry);
        HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast(settings));
        VertxOptions options = new VertxOptions();
        options.getEventBusOptions().setPort(settings.busPort());
        if (!settings.host().isEmpty()) {
            // else Vert.x takes the host Hazelcast picked
            options.getEventBusOptions().setHost(settings.host());
        }
        return Vertx.builder().with(options).withClusterManager(manager).buildClustered()
                .onSuccess(vertx -> logMembers(settings, manager.getHazelcastInstance().getCluster(), members));
    }

    /**
     * This node's host and event-bus port, checked before Hazelcast and Vert.x try them: they would
     * say "Port [5701] is already in use" for a host that is not this machine's, and "Address already
     * in use" for a taken bus port, naming neither the setting nor the port that is wrong. Call it
     * before {@link #start}.
     */
    public static void checkOwnAddresses(ClusterSettings settings) {
        InetAddress host = null;
        if (!settings.host().isEmpty()) {
            String what = describe("trips.cluster.host") + " is '" + settings.host() + "'";
            try {
                host = InetAddress.getByName(settings.host());
            } catch (UnknownHostException e) {
                throw new IllegalStateException("bad configuration: " + what + ", a name that does not resolve", e);
            }
            if (!isOwn(host)) {
                throw new IllegalStateException("bad configuration: " + what + ", which is not an address of this"
                        + " machine: set one of its own addresses that the other nodes reach, or leave it empty"
                        + " for the first non-loopback interface");
            }
        }
        // Hazelcast's own words for a taken port come after some sixty lines of stack traces, naming no setting
        requireFree(settings, host, settings.port(), "port", "trips.cluster.port", "");
        if (settings.busPort() != 0) {
            requireFree(settings, host, settings.busPort(), "event-bus port", "trips.cluster.bus-port", ", or 0 for any");
        }
    }

    /** Binds the port and lets it go at once: Hazelcast or Vert.x binds it a moment later. */
    private static void requireFree(ClusterSettings settings, InetAddress host, int port, String what, String key,
                                    String orElse) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            throw new IllegalStateException("cannot join the cluster '" + settings.name() + "': its " + what + " "
                    + port + " is taken (" + e.getMessage() + "): set " + describe(key) + " to a free one" + orElse, e);
        } catch (IOException e) {
            // not a verdict on the port: Hazelcast or Vert.x will tell
            LOG.debug("could not try the {} {}: {}", what, port, e.toString());
        }
    }

    private static boolean isOwn(InetAddress address) {
        try {
            return address.isLoopbackAddress() || address.isAnyLocalAddress()
                    || NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return true; // cannot tell: let Hazelcast try it
        }
    }

    /**
     * The listed members that are not this node: a member is this node when it has this node's port
     * and a host that is an address of this machine (127.0.0.1:5701 and localhost:5701 alike).
     */
    static List<String> otherListedMembers(ClusterSettings settings) {
        List<String> others = new ArrayList<>();
        for (String member : settings.members()) {
            int colon = member.lastIndexOf(':');
            String host = member.substring(0, colon);
            boolean self = false;
            if (Integer.parseInt(member.substring(colon + 1).trim()) == settings.port()) {
                try {
                    self = isOwn(InetAddress.getByName(host));
                } catch (UnknownHostException e) {
                    self = false; // no address at all: not this node, and not reachable either
                }
            }
            if (!self) {
                others.add(member);
            }
        }
        return others;
    }

    static Config hazelcast(ClusterSettings settings) {
        // Vert.x's own default: the maps and multimap its cluster manager relies on, with their backups
        Config config = ConfigUtil.loadConfig();
        config.setClusterName(settings.name());
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        // the JVM's figures are at /metrics; Hazelcast's own monitor would log them again on every busy minute
        config.setProperty("hazelcast.health.monitoring.level", "OFF");
        // the app's own shutdown hook closes Vert.x, which leaves the cluster: Hazelcast must not go first
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.port()).setPortAutoIncrement(false);
        if (!settings.host().isEmpty()) {
            config.setProperty("hazelcast.local.localAddress", settings.host());
            config.setProperty("hazelcast.socket.bind.any", "false");
        }
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
        return config;
    }

    private static void logMembers(ClusterSettings settings, Cluster cluster, AtomicInteger members) {
        cluster.addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                members.set(event.getMembers().size());
                LOG.info("cluster member joined: {}; {} members", event.getMember().getAddress(),
                        event.getMembers().size());
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                members.set(event.getMembers().size());
                LOG.info("cluster member left: {}; {} members", event.getMember().getAddress(),
                        event.getMembers().size());
            }
        });
        int size = cluster.getMembers().size();
        members.set(size);
        Address self = cluster.getLocalMember().getAddress();
        LOG.info("joined cluster '{}' as {}: {} members", settings.name(), self, size);
        List<String> others = otherListedMembers(settings);
        if (size == 1 && !others.isEmpty()) {
            // not an error: the first node to start is alone until the next one joins it; but a node
            // that stays alone takes files from the shared inbox while its events reach only its own
            // browsers, so it must not look like a healthy start
            LOG.warn("alone in cluster '{}': no other listed member answered ({}): the events of the files this"
                    + " node takes reach only the browsers connected to it. Expected on the first node to start"
                    + " (a member that joins later is logged); otherwise check that they run, that this node"
                    + " reaches them on their port, and that they have the same {}", settings.name(),
                    String.join(", ", others), describe("trips.cluster.name") + " '" + settings.name() + "'");
        }
    }

    private static String describe(String key) {
        return key + " (" + TripsConfig.envName(key) + ")";
    }
}
