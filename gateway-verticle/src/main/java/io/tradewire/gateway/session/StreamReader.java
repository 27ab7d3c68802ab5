package io.tradewire.gateway.session;

import io.tradewire.model.event.History;
import io.tradewire.model.event.HistoryRequest;
import io.tradewire.model.event.Snapshot;
import io.vertx.core.Future;

/** Where a session catches a stream up from: the notifier's snapshots and history. */
interface StreamReader {
    /** The stream's current state at its latest sequence number. */
    Future<Snapshot> snapshot(String stream);

    /** Messages of a stream after a position ({@link History#recovered()} false when they are not all kept). */
    Future<History> history(HistoryRequest request);
}
