package io.tradewire.gateway.topics;

import io.tradewire.gateway.spi.SessionView;
import io.tradewire.model.event.Push;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the topics dialect remembers per connection: the client's topics by stream key (two topics may
 * read one stream, e.g. an alias and its symbol), the last event rendered per stream (so that a topic
 * added to a stream already being read starts with its current state too), the session's language, and
 * the error the decoder just raised (rendered by the encoder right after).
 */
final class TopicsState {
    private static final String KEY = "topics";

    private final Map<String, Set<String>> topicsByStream = new LinkedHashMap<>();
    private final Map<String, String> streamByTopic = new HashMap<>();
    private final Map<String, Push> lastByStream = new HashMap<>();
    private Language language;

    static TopicsState of(SessionView session) {
        return (TopicsState) session.state().computeIfAbsent(KEY, key -> new TopicsState());
    }

    /** {@code ?lang=} when it names a language, else the configured default; decided once per session. */
    Language language(SessionView session, Language configured) {
        if (language == null) {
            language = session.queryParam("lang").flatMap(Language::parse).orElse(configured);
        }
        return language;
    }

    int topicCount() {
        return streamByTopic.size();
    }

    boolean has(String topic) {
        return streamByTopic.containsKey(topic);
    }

    String streamOf(String topic) {
        return streamByTopic.get(topic);
    }

    void add(String topic, String stream) {
        streamByTopic.put(topic, stream);
        topicsByStream.computeIfAbsent(stream, key -> new LinkedHashSet<>()).add(topic);
    }

    /** @return whether no topic reads the stream any more (so the session can leave it) */
    boolean remove(String topic) {
        String stream = streamByTopic.remove(topic);
        if (stream == null) {
            return false;
        }
        Set<String> topics = topicsByStream.get(stream);
        topics.remove(topic);
        if (topics.isEmpty()) {
            topicsByStream.remove(stream);
            lastByStream.remove(stream);
            return true;
        }
        return false;
    }

    Set<String> topicsOf(String stream) {
        return topicsByStream.getOrDefault(stream, Set.of());
    }

    void rendered(String stream, Push push) {
        lastByStream.put(stream, push);
    }

    Push last(String stream) {
        return stream == null ? null : lastByStream.get(stream);
    }
}
