package io.esdmon.dashboard.http;

import io.vertx.ext.web.handler.StaticHandler;
import java.nio.charset.StandardCharsets;

/**
 * The content types esdmon's HTTP surface sends. Every text type names UTF-8: left to itself, Vert.x's
 * static handler declares the platform charset, which is US-ASCII in a container without a locale, and
 * the browser then garbles every α, λ and em dash of the page.
 */
public final class MediaTypes {

    public static final String JSON = "application/json; charset=utf-8";
    public static final String EVENT_STREAM = "text/event-stream; charset=utf-8";

    private MediaTypes() {
    }

    /** Serves the files under {@code root} (a classpath or file-system directory) as UTF-8 text. */
    public static StaticHandler staticFiles(String root) {
        return StaticHandler.create(root).setDefaultContentEncoding(StandardCharsets.UTF_8.name());
    }
}
