package io.esdmon.dashboard.events;

/**
 * One live event as it goes out on Server-Sent Events.
 *
 * @param stream  the stream the event belongs to: a new one each time the dashboard starts, so an id
 *                from before a restart is never mistaken for one of the new stream
 * @param id      position in the stream: 1, 2, 3, ... without gaps
 * @param type    the SSE event name ({@code analysis} or {@code transition})
 * @param json    the payload, already serialized
 */
public record DashboardEvent(String stream, long id, String type, String json) {

    /** The SSE id: {@code <stream>-<id>}. */
    public String sseId() {
        return stream + "-" + id;
    }

    /** The event in the SSE wire format, terminated by a blank line. */
    public String toSse() {
        return "id: " + sseId() + "\nevent: " + type + "\ndata: " + json + "\n\n";
    }
}
