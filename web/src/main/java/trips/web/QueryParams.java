package trips.web;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query parameters an endpoint reads, checked before its handler runs: a parameter it does not
 * read (a typo such as {@code mach=both} would otherwise be ignored and the answer silently be for
 * the default), one given twice (only one of the values could be used) or a value holding a NUL
 * (PostgreSQL refuses it in any text) is a 400 that names the parameter.
 */
public final class QueryParams {

    private QueryParams() {
    }

    /** A handler that passes the request on only when its query string holds no other parameters than these. */
    public static Handler<RoutingContext> only(String... names) {
        List<String> known = List.of(names);
        return ctx -> {
            String problem = problem(ctx, known);
            if (problem == null) {
                ctx.next();
            } else {
                Replies.error(ctx, 400, problem);
            }
        };
    }

    /**
     * The request's query parameters, split on {@code &} only: Netty also splits on {@code ;}, which
     * browsers' URLSearchParams and most clients send unescaped, so {@code region=A;B} was a region
     * "A" and an unknown parameter "B".
     */
    public static MultiMap of(RoutingContext ctx) {
        return ctx.request().params(true);
    }

    /**
     * Whether the bytes a raw query string's escapes stand for, with its other characters, are UTF-8:
     * Netty decodes a malformed sequence ({@code %FF}, {@code %C3%28}) to U+FFFD without a word.
     */
    public static boolean isUtf8(String rawQuery) {
        if (rawQuery == null || rawQuery.indexOf('%') < 0) {
            return true;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawQuery.length());
        for (int i = 0; i < rawQuery.length(); i++) {
            char c = rawQuery.charAt(i);
            if (c == '%' && i + 2 < rawQuery.length() && HexFormat.isHexDigit(rawQuery.charAt(i + 1))
                    && HexFormat.isHexDigit(rawQuery.charAt(i + 2))) {
                bytes.write(HexFormat.fromHexDigits(rawQuery, i + 1, i + 3));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** What is wrong with the request's query string for an endpoint that reads these parameters, or null. */
    public static String problem(RoutingContext ctx, String... names) {
        return problem(ctx, List.of(names));
    }

    private static String problem(RoutingContext ctx, List<String> known) {
        String query = ctx.request().query();
        if (query != null) {
            for (String part : query.split("&", -1)) {
                // Netty takes "=x" for a parameter named "x", and drops "=": neither is what was sent
                if (part.startsWith("=")) {
                    return "a parameter has no name: '" + Replies.clip(part) + "'";
                }
            }
        }
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, String> p : of(ctx)) {
            String name = p.getKey();
            if (!known.contains(name)) {
                return "unknown parameter '" + Replies.clip(name) + "'; " + ctx.request().path()
                        + (known.isEmpty() ? " takes none" : " takes " + String.join(", ", known));
            }
            if (!seen.add(name)) {
                return name + " is given more than once";
            }
            if (p.getValue().indexOf('\0') >= 0) {
                return name + " holds a NUL character";
            }
        }
        return null;
    }
}
