package io.tradewire.gateway.session;

import io.tradewire.model.event.History;
import io.tradewire.model.event.HistoryRequest;
import io.tradewire.model.event.Snapshot;
import io.vertx.core.Future;

/**
 * A {@link StreamReader} for tests of sessions without a notifier: every request fails at once, so that a stream
 * followed from its head is live from its first push and an authentication is answered before the call returns (as
 * when the notifier cannot be reached, only without the wait).
 */
final class NoNotifier implements StreamReader {
    static final NoNotifier INSTANCE = new NoNotifier();

    private NoNotifier() {
    }

    @Override
    public Future<Snapshot> snapshot(String stream) {
        return Future.failedFuture("no notifier in this test");
    }

    @Override
    public Future<History> history(HistoryRequest request) {
        return Future.failedFuture("no notifier in this test");
    }
}
