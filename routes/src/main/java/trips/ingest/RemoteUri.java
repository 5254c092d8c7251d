package trips.ingest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
    /** Lower case: Camel matches option names ignoring case, so Delete=true is delete=true. */
    private static final Set<String> RESERVED = Set.of("move", "movefailed", "delete", "noop", "premove",
            "localworkdirectory", "exceptionhandler", "oncompletionexceptionhandler", "bridgeerrorhandler");
    /** A value that is one placeholder and nothing else: {{env:PW}}, {{env:PW:default}}, {{sys:x}}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[^{}]+}}");

    final String routeId;
    final String scheme;
    /**
     * scheme://user@host[:port]/folder as written, without password and options: what tells two
     * remotes on one host apart. May hold {{env:NAME}} placeholders, resolved by Camel.
     */
    final String address;
    final String uri;

    private RemoteUri(String routeId, String scheme, String address, String uri) {
        this.routeId = routeId;
        this.scheme = scheme;
        this.address = address;
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
     * @param minAgeMs how long a remote file must have stayed unchanged before it is taken
     * @param handler  registry name of the remote's {@link RemoteErrors}
     */
    static RemoteUri parse(String entry, int n, Path workDir, long delayMs, long minAgeMs, String handler) {
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
        if (path.startsWith("//")) {
            // Camel's ftp and sftp components take the folder from the login's home and fail on an
            // absolute one at every poll ("Cannot change directory to: ..."): refused at start instead
            throw bad(n, "the folder '" + path.substring(1) + "' is absolute: Camel's ftp and sftp components"
                    + " support only a folder relative to the login's home directory");
        }
        Map<String, String> options = options(q < 0 ? "" : rest.substring(q + 1), n);

        // ignoring case like Camel, so an entry's ReadLock=none replaces the default below
        Map<String, String> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (!options.containsKey("antInclude")) {
            all.put("include", "(?i).*\\.csv(\\.gz)?");
        }
        all.put("readLock", "changed");
        if (scheme.equals("sftp") && minAgeMs > 0) {
            // an upload that stalls for a moment looks finished to two listings a second apart;
            // the file's own time on the server must be minAgeMs old instead; SFTP gives it in whole
            // seconds, cut down, so a second more keeps the age from falling short of minAgeMs
            all.put("readLockMinAge", Long.toString(minAgeMs + 1000));
            all.put("readLockCheckInterval", "1000");
        } else {
            // FTP listings give times to the minute, in the server's zone: no age can be read from
            // them, so two listings minAgeMs apart must agree on size and time
            all.put("readLockCheckInterval", Long.toString(Math.max(minAgeMs, 1000)));
        }
        all.put("readLockTimeout", Long.toString(2 * minAgeMs + 10_000));
        // Camel's changed read lock never takes a file shorter than this (1 by default): an empty file
        // would stay on the remote for good, unlogged, and hold up every poll for readLockTimeout
        all.put("readLockMinLength", "0");
        all.put("delay", Long.toString(delayMs));
        // we only read from the folder; creating it would connect while the platform starts, and a
        // remote that is down or refuses the login would hold up the whole start-up
        all.put("autoCreate", "false");
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
            // commons-net reads the control connection, listings included, as ISO-8859-1 unless told
            // otherwise: été.csv would be recorded as Ã©tÃ©.csv. Camel has no option of its own for
            // it, so the FTPClient's property is set through its ftpClient. prefix
            all.put("ftpClient.controlEncoding", "UTF-8");
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
        String userInfo = authority.substring(0, authority.lastIndexOf('@') + 1);
        // user:password@ loses its password; a colon inside a {{env:...}} placeholder is not one
        String user = userInfo.replaceFirst("^((?:\\{\\{[^{}]*}}|[^:{])*):.*@$", "$1@");
        String address = scheme + "://" + user + authority.substring(userInfo.length()) + path;
        return new RemoteUri("remote-" + n, scheme, address, uri.toString());
    }

    private static Map<String, String> options(String query, int n) {
        Map<String, String> options = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String pair : pairs(query)) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            // Camel decodes the names too: no%6fp is noop
            String name = URLDecoder.decode(key.replace("+", "%2B"), StandardCharsets.UTF_8);
            if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                throw bad(n, "option '" + key + "' is the platform's own: files are moved to .done/ or "
                        + ".failed/ on the remote only after their ingestion committed");
            }
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            // Camel resolves placeholders before it reads the query, so a secret with & + or % would
            // be cut or decoded: RAW(...) makes Camel take the resolved value as it is
            options.put(key, PLACEHOLDER.matcher(value).matches() ? "RAW(" + value + ")" : value);
        }
        return options;
    }

    /** The query's key=value pairs, split at each & outside a {{...}} placeholder (its default may hold &). */
    private static List<String> pairs(String query) {
        List<String> pairs = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= query.length(); i++) {
            if (i == query.length() || query.charAt(i) == '&' && depth == 0) {
                if (i > start) {
                    pairs.add(query.substring(start, i));
                }
                start = i + 1;
            } else if (query.startsWith("{{", i)) {
                depth++;
                i++;
            } else if (query.startsWith("}}", i) && depth > 0) {
                depth--;
                i++;
            }
        }
        return pairs;
    }

    /** {{env:NAME}} and {{sys:NAME}} (or env.NAME, sys.NAME), with an optional :default. */
    private static final Pattern LOOKUP = Pattern.compile("\\{\\{(env|sys)[:.]([^:{}]+)(:[^{}]*)?}}");

    /**
     * Camel fails to create the route when a placeholder without a default names nothing, with a
     * message that names neither the setting nor the variable, and only once the database is up:
     * checked here instead, with the process's environment and system properties.
     */
    static void requireResolvable(String entry, int n, Map<String, String> env) {
        Matcher m = LOOKUP.matcher(entry);
        while (m.find()) {
            boolean fromEnv = m.group(1).equals("env");
            String name = m.group(2);
            boolean unset = fromEnv ? env.get(name) == null : System.getProperty(name) == null;
            if (unset && m.group(3) == null) {
                throw bad(n, m.group() + " names " + (fromEnv ? "an environment variable" : "a system property")
                        + " that is not set: set it, or give a default as {{" + m.group(1) + ":" + name + ":default}}");
            }
        }
    }

    private static IllegalStateException bad(int n, String why) {
        return new IllegalStateException("bad configuration: " + SETTING + " entry " + n + ": " + why);
    }

    /** For messages: a password written in clear in the URI is not repeated in logs. */
    static String masked(String uri) {
        return uri.replaceAll("(?i)(password|passphrase)=[^&]*", "$1=xxxxxx").replaceAll("//([^:/@]+):[^@/]*@", "//$1:xxxxxx@");
    }
}
