package io.tradewire.gateway.session;

import io.tradewire.gateway.spi.Inbound;
import io.tradewire.gateway.spi.Outbound;
import io.tradewire.model.StreamKeys;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.History;
import io.tradewire.model.event.HistoryRequest;
import io.tradewire.model.event.Push;
import io.tradewire.model.event.Snapshot;
import io.tradewire.model.event.StreamHead;
import io.tradewire.model.event.StreamPosition;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order in which one session receives its streams: never a gap, never a duplicate, a user's streams in causal
 * order. Plain Java, on the session's event loop.
 *
 * <p>Each subscribed stream has a cursor: the position (epoch, sequence) delivered last. A live push that is the
 * next one goes straight out; otherwise it waits in the stream's queue while the stream catches up:
 * <ul>
 *   <li>a <b>gap</b> (a number skipped: a message lost on the bus, or published before this gateway listened) is
 *       healed from the notifier's history, or, when the history no longer has it, the stream is <b>resynced</b>:
 *       {@link Outbound.Resync}, then its snapshot, then live;</li>
 *   <li>a new <b>epoch</b> (the notifier restarted: what came between is lost) resyncs the stream;</li>
 *   <li>a private push carries where the user's other streams stood ({@code Push.clock()}): it waits until those
 *       messages were delivered, and one missing there is healed too, so order accepted → fill → position →
 *       account arrive in the order they happened whichever messages were lost;</li>
 *   <li>a stream's head ({@link StreamHead}, published after a quiet moment) ahead of the cursor means its last
 *       messages were lost: healed the same way.</li>
 * </ul>
 * A stream starts from a snapshot (a subscription asking for one), from the notifier's head (no snapshot: live from
 * there on, with gaps detected from the first message), or from a client's position (a resume: the missed messages
 * from history, else a snapshot). Streams started together from their heads are <b>positioned</b> together
 * ({@link #followFromHeads}): the caller answers the client (authenticated, subscribed) only once every head is known,
 * and nothing of those streams goes out before that answer. So "live from the head" means live from the answer on:
 * an event the client causes after the answer is never taken for one from before (on a cluster, the first request to
 * a notifier on another node may take far longer than the events it should not miss). While a stream waits for any of these, its live pushes are held, at most
 * {@link #MAX_QUEUED}; past that the session is closed as a slow consumer.
 */
final class Sequencing {
    /** Pushes held per stream while it catches up, at most. */
    static final int MAX_QUEUED = 10_000;
    /** Close code when lost messages can be neither replayed nor replaced by a snapshot (the notifier is unreachable). */
    static final short CLOSE_UNRECOVERABLE = 1011;

    /** What a session does with what comes out in order. */
    interface Output {
        /** A message of its stream, next in order; {@code frames} renders a live push once per dialect, null for a replay. */
        void deliver(Push push, FanOut frames);

        void send(Outbound message);

        void close(short code, String reason);

        /** Too many pushes of a stream held while it caught up: the session is closed as a slow consumer. */
        void overflow(String stream, int held);

        boolean isClosed();
    }

    /** How a newly followed stream starts. */
    enum Start {
        /** With the stream's current state (a subscription that asked for a snapshot). */
        SNAPSHOT,
        /** Live from the notifier's current head: nothing before, every gap after it healed. */
        HEAD
    }

    private enum Phase { LIVE, HEAD, SNAPSHOT, RESUMING, HEALING }

    /** One subscribed stream of the session. */
    private static final class Cursor {
        final String stream;
        /** Index in {@link StreamKeys#USER_KINDS} for the principal's private streams, -1 otherwise. */
        final int kind;
        Phase phase = Phase.LIVE;
        /** Whether {@code epoch} and {@code seq} are known (not before the first push of a stream followed blind). */
        boolean known;
        long epoch;
        long seq;
        /** Where this connection started delivering the stream from, and whether it delivered anything since. */
        long baseline;
        boolean delivered;
        /** Changes with every request, so that an answer to an older one is ignored. */
        int generation;
        /** A snapshot of a new subscription: no Resync before it, and live without it when it cannot be had. */
        boolean initial;
        /** A resync waiting for its resume to be answered first. */
        boolean deferred;
        Resume resume;
        /** The streams positioned with this one, while any of their heads is still on its way. */
        Positioning positioning;
        final ArrayDeque<Push> queue = new ArrayDeque<>();
        final ArrayDeque<Push> backlog = new ArrayDeque<>();

        Cursor(String stream) {
            this.stream = stream;
            this.kind = StreamKeys.userKindIndex(stream);
        }

        boolean idle() {
            return queue.isEmpty() && backlog.isEmpty();
        }
    }

    /** A resuming subscription, answered once each of its streams is recovered (and replayed) or not. */
    private static final class Resume {
        final Inbound.Subscribe request;
        final Map<String, Boolean> results = new LinkedHashMap<>();
        int pending;

        Resume(Inbound.Subscribe request) {
            this.request = request;
        }
    }

    /** Streams started from their heads together: {@code whenPositioned} runs once every head is in. */
    private static final class Positioning {
        final List<Cursor> cursors = new ArrayList<>();
        final Runnable whenPositioned;
        int pending;

        Positioning(Runnable whenPositioned) {
            this.whenPositioned = whenPositioned;
        }
    }

    private static final int OK = 0;
    private static final int DROP = 1;
    private static final int WAIT = 2;
    private static final int GAP = 3;
    private static final int EPOCH = 4;
    private static final int BLOCKED = 5;

    private final Output output;
    private final StreamReader reader;
    private final Map<String, Cursor> cursors = new HashMap<>();
    /** The principal's private streams by kind (a session's private streams are all its principal's). */
    private final Cursor[] user = new Cursor[StreamKeys.USER_KINDS.size()];
    private final List<Resume> resumes = new ArrayList<>();
    /** Pushes held or fetched and not delivered yet, all streams together. */
    private int waiting;
    private boolean draining;
    private boolean again;
    /** Set by {@link #verdict} when it answers BLOCKED. */
    private Cursor blocker;
    private long blockerNeeds;

    Sequencing(Output output, StreamReader reader) {
        this.output = output;
        this.reader = reader;
    }

    /** The sequencing of a session's streams, delivering through the session. */
    static Sequencing of(Session session, StreamReader reader) {
        return new Sequencing(new Output() {
            @Override
            public void deliver(Push push, FanOut frames) {
                session.deliver(push, frames);
            }

            @Override
            public void send(Outbound message) {
                session.send(message);
            }

            @Override
            public void close(short code, String reason) {
                session.close(code, reason);
            }

            @Override
            public void overflow(String stream, int held) {
                session.overflow(stream, held);
            }

            @Override
            public boolean isClosed() {
                return session.isClosed();
            }
        }, reader);
    }

    /** Starts following a newly subscribed stream. */
    void follow(String stream, Start start) {
        Cursor cursor = cursor(stream);
        if (start == Start.SNAPSHOT) {
            cursor.initial = true;
            requestSnapshot(cursor);
        } else {
            requestHead(cursor);
        }
    }

    /**
     * Starts following newly subscribed streams from their heads, together: {@code whenPositioned} runs once every
     * head is known (or could not be had: then the stream is live from its first push, as with {@link #follow}), and
     * before anything of these streams is delivered. It runs at once when there is no stream; it does not run if the
     * session closes first.
     */
    void followFromHeads(List<String> streams, Runnable whenPositioned) {
        if (streams.isEmpty()) {
            whenPositioned.run();
            return;
        }
        Positioning positioning = new Positioning(whenPositioned);
        for (String stream : streams) {
            Cursor cursor = cursor(stream);
            cursor.phase = Phase.HEAD;
            cursor.positioning = positioning;
            positioning.cursors.add(cursor);
        }
        positioning.pending = positioning.cursors.size();
        for (Cursor cursor : List.copyOf(positioning.cursors)) {
            requestHead(cursor);
        }
    }

    /**
     * Resumes streams from the client's positions (subscribed already, by the caller); answers with
     * {@link Outbound.Resumed} once all are settled.
     */
    void resume(Inbound.Subscribe request, List<StreamPosition> positions) {
        Resume resume = new Resume(request);
        resumes.add(resume);
        resume.pending++; // not answered before every stream is set up
        List<Cursor> asking = new ArrayList<>();
        for (StreamPosition position : positions) {
            if (resume.results.containsKey(position.stream())) {
                continue;
            }
            Cursor cursor = cursors.get(position.stream());
            if (cursor == null) {
                cursor = cursor(position.stream());
            } else if (resumedAlready(cursor, position)) {
                resume.results.put(position.stream(), true);
                continue;
            } else if (cursor.delivered || cursor.phase == Phase.SNAPSHOT || cursor.phase == Phase.RESUMING) {
                // This connection already gave the client something else of the stream: start it over.
                resume.results.put(position.stream(), false);
                cursor.resume = resume;
                resync(cursor);
                continue;
            }
            resume.results.put(position.stream(), null);
            resume.pending++;
            cursor.resume = resume;
            cursor.phase = Phase.RESUMING;
            cursor.known = true;
            cursor.epoch = position.epoch();
            cursor.seq = position.seq();
            cursor.baseline = position.seq();
            asking.add(cursor);
        }
        // Every resumed stream is in place before any answer is applied, so that each waits for its siblings.
        for (Cursor cursor : asking) {
            int generation = ++cursor.generation;
            reader.history(new HistoryRequest(cursor.stream, cursor.epoch, cursor.seq, Long.MAX_VALUE)).onComplete(reply -> {
                if (current(cursor, generation)) {
                    resumed(cursor, reply.succeeded() ? reply.result() : null);
                }
            });
        }
        resume.pending--;
        drain();
    }

    /** The stream is no longer subscribed. */
    void forget(String stream) {
        Cursor cursor = cursors.remove(stream);
        if (cursor == null) {
            return;
        }
        waiting -= cursor.queue.size() + cursor.backlog.size();
        if (cursor.positioning != null) {
            positioned(cursor);
        }
        if (cursor.kind >= 0 && user[cursor.kind] == cursor) {
            user[cursor.kind] = null;
        }
        if (cursor.resume != null && cursor.resume.results.get(stream) == null && cursor.resume.results.containsKey(stream)) {
            cursor.resume.results.put(stream, false);
            cursor.resume.pending--;
        }
        drain();
    }

    /** Whether a stream's state is not complete yet (its snapshot, head or resume is on its way). */
    boolean pending(String stream) {
        Cursor cursor = cursors.get(stream);
        return cursor != null && (cursor.phase == Phase.SNAPSHOT || cursor.phase == Phase.HEAD || cursor.phase == Phase.RESUMING);
    }

    /** A live push of a subscribed stream; {@code frames} renders it once for every session that encodes it alike. */
    void offer(Push push, FanOut frames) {
        Cursor cursor = cursors.get(push.stream());
        if (cursor == null || output.isClosed()) {
            return;
        }
        if (cursor.phase == Phase.LIVE && cursor.idle()) {
            int verdict = verdict(cursor, push);
            if (verdict == OK) {
                deliver(cursor, push, frames);
                if (waiting > 0) {
                    drain();
                }
                return;
            }
            if (verdict == DROP) {
                return;
            }
        }
        if (cursor.queue.size() >= MAX_QUEUED) {
            output.overflow(push.stream(), cursor.queue.size() + 1);
            return;
        }
        cursor.queue.add(push);
        waiting++;
        drain();
    }

    /** A stream's head: a live stream behind it lost its last messages. */
    void offer(StreamHead head) {
        Cursor cursor = cursors.get(head.stream());
        if (cursor == null || output.isClosed() || cursor.phase != Phase.LIVE || !cursor.known || !cursor.idle()) {
            return;
        }
        if (head.epoch() != cursor.epoch) {
            resync(cursor);
        } else if (head.seq() > cursor.seq) {
            heal(cursor, head.seq());
        }
        drain();
    }

    /**
     * The stream's partition is in {@code epoch} now (a notifier announced it): a live stream delivered in another
     * epoch resyncs, as when a push or a head of the new epoch arrives. A stream catching up meets the new owner on its
     * own; one not positioned yet takes its position from the new owner anyway.
     */
    void epochMoved(String stream, long epoch) {
        Cursor cursor = cursors.get(stream);
        if (cursor == null || output.isClosed() || cursor.phase != Phase.LIVE || !cursor.known || !cursor.idle()
                || cursor.epoch == epoch) {
            return;
        }
        resync(cursor);
        drain();
    }

    // ---------------------------------------------------------------- ordering

    private Cursor cursor(String stream) {
        Cursor cursor = new Cursor(stream);
        cursors.put(stream, cursor);
        if (cursor.kind >= 0) {
            user[cursor.kind] = cursor;
        }
        return cursor;
    }

    /** Whether {@code push} may go out next on its stream now, and if not, why. */
    private int verdict(Cursor cursor, Push push) {
        if (cursor.phase != Phase.LIVE) {
            return WAIT;
        }
        if (cursor.known) {
            if (push.epoch() != cursor.epoch) {
                return EPOCH;
            }
            if (push.seq() <= cursor.seq) {
                return DROP;
            }
            if (push.seq() > cursor.seq + 1) {
                return GAP;
            }
        }
        if (push.clock() != null && cursor.kind >= 0) {
            for (int kind = 0; kind < user.length; kind++) {
                Cursor other = user[kind];
                if (kind == cursor.kind || other == null || !other.known || other.epoch != push.epoch()) {
                    continue;
                }
                long needs = push.clock().seq(kind);
                boolean catchingUp = other.phase == Phase.LIVE || other.phase == Phase.HEALING || other.phase == Phase.RESUMING;
                if (catchingUp && other.seq < needs) {
                    blocker = other;
                    blockerNeeds = needs;
                    return BLOCKED;
                }
            }
        }
        return OK;
    }

    /** Delivers whatever can go out, in order, and starts what the rest waits for. */
    private void drain() {
        if (draining) {
            again = true;
            return;
        }
        draining = true;
        try {
            boolean progress = true;
            while ((progress || again) && !output.isClosed()) {
                again = false;
                progress = false;
                if (waiting > 0) {
                    for (Cursor cursor : new ArrayList<>(cursors.values())) {
                        progress |= step(cursor);
                    }
                }
            }
        } finally {
            draining = false;
        }
        answerResumes();
    }

    /** Moves one stream forward as far as it goes; true when something was delivered or dropped. */
    private boolean step(Cursor cursor) {
        boolean progress = false;
        while (cursors.get(cursor.stream) == cursor && !output.isClosed()) {
            boolean replay = !cursor.backlog.isEmpty();
            Push push = replay ? cursor.backlog.peek() : cursor.queue.peek();
            if (push == null) {
                return progress;
            }
            switch (verdict(cursor, push)) {
                case OK -> {
                    take(cursor, replay);
                    deliver(cursor, push, null);
                    progress = true;
                }
                case DROP -> {
                    take(cursor, replay);
                    progress = true;
                }
                case GAP -> {
                    heal(cursor, push.seq() - 1);
                    return progress;
                }
                case EPOCH -> {
                    resync(cursor);
                    return progress;
                }
                case BLOCKED -> {
                    Cursor other = blocker;
                    if (other.phase == Phase.LIVE && other.idle()) {
                        heal(other, blockerNeeds);
                    }
                    return progress;
                }
                default -> {
                    return progress;
                }
            }
        }
        return progress;
    }

    private void take(Cursor cursor, boolean replay) {
        (replay ? cursor.backlog : cursor.queue).poll();
        waiting--;
    }

    private void deliver(Cursor cursor, Push push, FanOut frames) {
        if (!cursor.known) {
            cursor.known = true;
            cursor.baseline = push.seq() - 1;
        }
        cursor.epoch = push.epoch();
        cursor.seq = push.seq();
        cursor.delivered = true;
        output.deliver(push, frames);
    }

    // ---------------------------------------------------------------- catching up

    /** Fetches the stream's missing messages up to {@code upTo} from history; a stream it cannot have is resynced. */
    private void heal(Cursor cursor, long upTo) {
        cursor.phase = Phase.HEALING;
        int generation = ++cursor.generation;
        reader.history(new HistoryRequest(cursor.stream, cursor.epoch, cursor.seq, upTo)).onComplete(reply -> {
            if (!current(cursor, generation)) {
                return;
            }
            if (reply.succeeded() && reply.result().recovered() && backlog(cursor, reply.result()) > 0) {
                cursor.phase = Phase.LIVE;
            } else {
                resync(cursor);
            }
            drain();
        });
    }

    private void resumed(Cursor cursor, History history) {
        Resume resume = cursor.resume;
        boolean recovered = history != null && history.recovered();
        resume.results.put(cursor.stream, recovered);
        resume.pending--;
        if (recovered) {
            cursor.phase = Phase.LIVE;
            backlog(cursor, history);
        } else {
            resync(cursor);
        }
        drain();
    }

    /** Queues the fetched messages the stream lacks, in order; returns how many. */
    private int backlog(Cursor cursor, History history) {
        int added = 0;
        for (Push push : history.pushes()) {
            if (push.seq() > cursor.seq + added) {
                cursor.backlog.add(push);
                added++;
            }
        }
        waiting += added;
        return added;
    }

    /**
     * Starts the stream over from a snapshot: what it held from the epoch the snapshot brings stays (the newer part
     * goes out after it). While the stream's resume is not answered yet, the snapshot waits for that answer.
     */
    private void resync(Cursor cursor) {
        cursor.phase = Phase.SNAPSHOT;
        cursor.initial = false;
        waiting -= cursor.backlog.size();
        cursor.backlog.clear();
        ++cursor.generation;
        if (cursor.resume != null) {
            cursor.deferred = true;
            return;
        }
        requestSnapshot(cursor);
    }

    private void requestSnapshot(Cursor cursor) {
        cursor.phase = Phase.SNAPSHOT;
        int generation = ++cursor.generation;
        Future<Snapshot> snapshot = reader.snapshot(cursor.stream);
        snapshot.onComplete(reply -> {
            if (!current(cursor, generation)) {
                return;
            }
            if (reply.succeeded()) {
                snapshotArrived(cursor, reply.result());
            } else if (cursor.initial) {
                // As before sequencing: live without the state rather than nothing; gaps are detected from the first push.
                cursor.initial = false;
                cursor.phase = Phase.LIVE;
                cursor.known = false;
            } else {
                output.close(CLOSE_UNRECOVERABLE, "Messages of " + cursor.stream + " were lost and cannot be recovered now: "
                        + "reconnect and resume");
                return;
            }
            drain();
        });
    }

    private void snapshotArrived(Cursor cursor, Snapshot snapshot) {
        if (!cursor.initial) {
            output.send(new Outbound.Resync(cursor.stream, snapshot.epoch(), snapshot.seq()));
        }
        for (Event event : snapshot.events()) {
            output.send(new Outbound.Delivery(new Push(cursor.stream, snapshot.epoch(), snapshot.seq(), event), true));
        }
        cursor.initial = false;
        cursor.phase = Phase.LIVE;
        cursor.known = true;
        cursor.epoch = snapshot.epoch();
        cursor.seq = snapshot.seq();
        cursor.baseline = snapshot.seq();
        cursor.delivered = true;
        // What was held from another epoch came before the state the snapshot describes.
        int before = cursor.queue.size();
        cursor.queue.removeIf(push -> push.epoch() != snapshot.epoch());
        waiting -= before - cursor.queue.size();
    }

    private void requestHead(Cursor cursor) {
        cursor.phase = Phase.HEAD;
        int generation = ++cursor.generation;
        reader.history(HistoryRequest.head(cursor.stream)).onComplete(reply -> {
            if (!current(cursor, generation)) {
                return;
            }
            if (reply.succeeded()) {
                cursor.known = true;
                cursor.epoch = reply.result().epoch();
                cursor.seq = reply.result().lastSeq();
                cursor.baseline = cursor.seq;
            }
            if (cursor.positioning == null) {
                cursor.phase = Phase.LIVE;
            } else {
                positioned(cursor); // stays in HEAD (its pushes held) until its siblings' heads are in too
            }
            drain();
        });
    }

    /** One stream of a {@link Positioning} is in (or gone): the last one answers the client, then all go live. */
    private void positioned(Cursor cursor) {
        Positioning positioning = cursor.positioning;
        cursor.positioning = null;
        if (--positioning.pending > 0 || output.isClosed()) {
            return;
        }
        positioning.whenPositioned.run();
        for (Cursor sibling : positioning.cursors) {
            if (cursors.get(sibling.stream) == sibling && sibling.phase == Phase.HEAD) {
                sibling.phase = Phase.LIVE;
            }
        }
    }

    /** A resume of a stream this connection already follows: recovered when the client lacks nothing delivered here. */
    private static boolean resumedAlready(Cursor cursor, StreamPosition position) {
        return cursor.phase == Phase.LIVE && cursor.known && cursor.delivered && position.epoch() == cursor.epoch
                && position.seq() >= cursor.baseline && position.seq() <= cursor.seq;
    }

    /** Sends each resume whose streams are all settled and replayed, then starts the snapshots it held back. */
    private void answerResumes() {
        while (!resumes.isEmpty() && !output.isClosed()) {
            Resume resume = resumes.get(0);
            if (resume.pending > 0 || !replayed(resume)) {
                return;
            }
            resumes.remove(0);
            List<Outbound.Resumed.Result> results = new ArrayList<>();
            resume.results.forEach((stream, recovered) -> results.add(new Outbound.Resumed.Result(stream, Boolean.TRUE.equals(recovered))));
            output.send(new Outbound.Resumed(resume.request, results));
            for (String stream : resume.results.keySet()) {
                Cursor cursor = cursors.get(stream);
                if (cursor != null && cursor.resume == resume) {
                    cursor.resume = null;
                    if (cursor.deferred) {
                        cursor.deferred = false;
                        requestSnapshot(cursor);
                    }
                }
            }
        }
    }

    private boolean replayed(Resume resume) {
        for (Map.Entry<String, Boolean> result : resume.results.entrySet()) {
            Cursor cursor = cursors.get(result.getKey());
            if (Boolean.TRUE.equals(result.getValue()) && cursor != null && !cursor.backlog.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private boolean current(Cursor cursor, int generation) {
        return cursors.get(cursor.stream) == cursor && cursor.generation == generation && !output.isClosed();
    }
}
