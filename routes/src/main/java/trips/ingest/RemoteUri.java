package trips.ingest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of trips.remotes, checked at start-up and completed with the consumer options that
 * make a remote as safe as the inbox. Options written in the entry win over these defaults, except
 * those the platform's guarantees rest on (where files go, and when), which an entry may not set.
 */
final class RemoteUri {

    private static final String SETTING = "trips.remotes (TRIPS_REMOTES)";
    /** Entries are split before each scheme, so a comma inside an option (antInclude=a,b) stays. */
    private static final Pattern SPLIT = Pattern.compile(",\\s*(?=(?:sftp|ftps?)://)");
    private static final Pattern SCHEME = Pattern.compile("(sftp|ftps?)://([^/?]+)(.*)");
    private static final Set<String> RESERVED = Set.of("move", "moveFailed", "delete", "noop", "preMove",
            "localWorkDirectory", "exceptionHandler", "onCompletionExceptionHandler", "bridgeErrorHandler");

    final String routeId;
    final String scheme;
    /** As written: may be a {{env:NAME}} placeholder, resolved by Camel. */
    final String host;
    final String uri;

    private RemoteUri(String routeId, String scheme, String host, String uri) {
        this.routeId = routeId;
        this.scheme = scheme;
        this.host = host;
        this.uri = uri;
    }

    static List<String> split(String setting) {
        List<String> entries = new ArrayList<>();
        for (String e : SPLIT.split(setting.trim())) {
            if (!e.isBlank()) {
                entries.add(e.trim());
            }
        }
        return entries;
    }

    /**
     * @param n        1-based position in the setting: the route is remote-n
     * @param workDir  where this remote's files are downloaded before ingestion
     * @param delayMs  time between polls
     * @param handler  registry name of the remote's {@link RemoteErrors}
     */
    static RemoteUri parse(String entry, int n, Path workDir, long delayMs, String handler) {
        Matcher m = SCHEME.matcher(entry);
        if (!m.matches()) {
            throw bad(n, "'" + masked(entry) + "' is not an sftp://, ftp:// or ftps:// URI");
        }
        String scheme = m.group(1);
        String authority = m.group(2);
        String host = authority.substring(authority.lastIndexOf('@') + 1).replaceFirst(":\\d+$", "");
        if (host.isEmpty()) {
            throw bad(n, "no host in '" + masked(entry) + "'");
        }
        String rest = m.group(3);
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        Map<String, String> options = options(q < 0 ? "" : rest.substring(q + 1), n);

        Map<String, String> all = new LinkedHashMap<>();
        if (!options.containsKey("antInclude")) {
            all.put("include", "(?i).*\\.csv(\\.gz)?");
        }
        // changed: a file is taken once two listings a second apart agree on its size and time
        all.put("readLock", "changed");
        all.put("readLockCheckInterval", "1000");
        all.put("readLockTimeout", "20000");
        all.put("delay", Long.toString(delayMs));
        all.put("sortBy", "file:modified");
        // a failed connect is a failed poll: it reaches RemoteErrors and the back-off below
        all.put("throwExceptionOnConnectFailed", "true");
        all.put("maximumReconnectAttempts", "0");
        all.put("backoffErrorThreshold", "1");
        all.put("backoffMultiplier", "6");
        if (!scheme.equals("sftp")) {
            // ASCII mode would rewrite line ends and break .csv.gz; passive mode passes NAT and firewalls
            all.put("binary", "true");
            all.put("passiveMode", "true");
        }
        all.putAll(options);
        all.put("localWorkDirectory", workDir.toString());
        // decided per file after the ingestion committed: .done/ or .failed/; a passing fault
        // (an exception) rolls back and leaves the file where it is for the next poll
        all.put("move", "${exchangeProperty." + RemoteRoute.TARGET + "}");
        all.put("exceptionHandler", "#" + handler);
        all.put("onCompletionExceptionHandler", "#" + handler);

        StringBuilder uri = new StringBuilder(scheme).append("://").append(authority).append(path).append('?');
        all.forEach((k, v) -> uri.append(k).append('=').append(v).append('&'));
        uri.setLength(uri.length() - 1);
        return new RemoteUri("remote-" + n, scheme, host, uri.toString());
    }

    private static Map<String, String> options(String query, int n) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (RESERVED.contains(key)) {
                throw bad(n, "option '" + key + "' is the platform's own: files are moved to .done/ or "
                        + ".failed/ on the remote only after their ingestion committed");
            }
            options.put(key, eq < 0 ? "" : pair.substring(eq + 1));
        }
        return options;
    }

    private static IllegalStateException bad(int n, String why) {
        return new IllegalStateException("bad configuration: " + SETTING + " entry " + n + ": " + why);
    }

    /** For messages: a password written in clear in the URI is not repeated in logs. */
    static String masked(String uri) {
        return uri.replaceAll("(?i)(password|passphrase)=[^&]*", "$1=xxxxxx").replaceAll("//([^:/@]+):[^@/]*@", "//$1:xxxxxx@");
    }
}
