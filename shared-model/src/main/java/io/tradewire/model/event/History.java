package io.tradewire.model.event;

import java.util.List;

/**
 * The notifier's answer to a {@link HistoryRequest}: the stream's current epoch and latest sequence number, and
 * either every asked-for message in order ({@code recovered}) or none, when they cannot all be given — the epoch
 * changed (the notifier restarted), or some of them are no longer kept ({@code notifier.history.*}). Whoever cannot
 * recover a stream must start it again from a snapshot.
 */
public record History(String stream, long epoch, long lastSeq, boolean recovered, List<Push> pushes) {
    public History {
        pushes = List.copyOf(pushes);
    }
}
