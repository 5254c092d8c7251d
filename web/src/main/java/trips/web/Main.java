package trips.web;

import java.io.IOException;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trips.TripsConfig;
import trips.TripsEngine;
import trips.sftp.HashPasswordCommand;
import trips.web.cluster.ClusterSettings;

/**
 * {@code java -jar trips.jar [command]}. Without a command it serves: everything starts with the
 * settings of config/application.properties and the environment, and stops cleanly on SIGTERM.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    private static final String USAGE = "usage: java -jar trips.jar [serve | hash-password]";

    private Main() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "serve" : args[0];
        switch (command) {
            case "serve" -> serve();
            // the line to put in config/sftp-users/<user>.password
            case "hash-password" -> hashPassword(Arrays.copyOfRange(args, 1, args.length));
            default -> {
                System.err.println("unknown command '" + command + "'; " + USAGE);
                System.exit(2);
            }
        }
    }

    private static void hashPassword(String[] args) {
        try {
            HashPasswordCommand.main(args);
        } catch (IOException e) {
            System.err.println("trips: cannot read the password: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void serve() {
        TripsConfig config;
        try {
            config = TripsConfig.load();
            // checked here too, so that a bad one exits like any bad setting, before anything starts
            ClusterSettings.of(config);
            TripsEngine.checkDoors(config);
        } catch (IllegalStateException e) {
            System.err.println("trips: " + e.getMessage());
            System.exit(2);
            return;
        }
        TripsApp app;
        try {
            app = TripsApp.start(config);
        } catch (RuntimeException e) {
            // a start-up refusal (IllegalStateException) says all in its message; anything else is a bug: trace it
            LOG.error("cannot start: {}", e.getMessage(), e instanceof IllegalStateException ? null : e);
            System.err.println("trips: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping");
            app.close();
            LOG.info("stopped");
        }, "trips-shutdown"));
    }
}
