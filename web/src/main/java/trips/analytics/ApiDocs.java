package trips.analytics;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import trips.web.Replies;
import trips.web.WebRouter;

/**
 * GET /openapi.yaml and GET /docs: the API document and Swagger UI, both served by the app from
 * the class path (the swagger-ui webjar), so the docs work offline and call nothing outside.
 */
final class ApiDocs {

    static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/5.32.6";

    private static final String INDEX = """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>Trips API</title>
              <!-- no favicon request, hence no 404 in the console -->
              <link rel="icon" href="data:,">
              <link rel="stylesheet" href="/docs/swagger-ui.css">
            </head>
            <body>
              <div id="swagger-ui"></div>
              <script src="/docs/swagger-ui-bundle.js"></script>
              <script src="/docs/trips-docs.js"></script>
            </body>
            </html>
            """;

    // validatorUrl null: the default sends the document to validator.swagger.io
    private static final String INIT = """
            window.ui = SwaggerUIBundle({
              url: "/openapi.yaml",
              dom_id: "#swagger-ui",
              presets: [SwaggerUIBundle.presets.apis],
              layout: "BaseLayout",
              validatorUrl: null
            });
            """;

    private final Buffer openapi;

    ApiDocs() {
        try (InputStream in = ApiDocs.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the class path");
            }
            openapi = Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read openapi.yaml", e);
        }
    }

    void mount(Router router) {
        WebRouter.getOrHead(router, "/openapi.yaml").handler(ctx -> Replies.body(ctx, 200,
                "application/yaml; charset=utf-8", openapi));
        // the webjar's own index.html and initializer point at the Petstore demo: ours take their place
        Buffer index = Buffer.buffer(INDEX, "UTF-8");
        for (String path : new String[] {"/docs", "/docs/", "/docs/index.html"}) {
            WebRouter.getOrHead(router, path).handler(ctx -> text(ctx, "text/html", index));
        }
        Buffer init = Buffer.buffer(INIT, "UTF-8");
        WebRouter.getOrHead(router, "/docs/trips-docs.js").handler(ctx -> text(ctx, "text/javascript", init));
        WebRouter.getOrHead(router, "/docs/*").handler(StaticHandler.create(SWAGGER_UI));
    }

    private static void text(RoutingContext ctx, String type, Buffer body) {
        Replies.body(ctx, 200, type + "; charset=utf-8", body);
    }
}
