package io.tradewire.gateway.socketio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tradewire.gateway.spi.ClientJson;
import io.tradewire.gateway.spi.DecodeException;
import io.tradewire.model.ErrorCode;

/**
 * One Socket.IO 5 packet, as carried in an Engine.IO message:
 * {@code <type>[<attachments>-][<namespace>,][<ack id>][<JSON data>]}, e.g. {@code 0}, {@code 0{"token":"T"}},
 * {@code 0/,{"token":"T"}}, {@code 2["subscribe_trading",{"types":["balance"]}]}, {@code 21["ev"]},
 * {@code 31[{"ok":true}]}, {@code 4{"message":"..."}}.
 *
 * @param namespace {@code "/"} unless the packet names another one
 * @param ackId     the acknowledgement id, or null when the packet asks for none
 * @param data      the JSON payload, or null when there is none
 */
public record SocketIoPacket(int type, String namespace, Long ackId, JsonNode data) {
    public static final int CONNECT = 0;
    public static final int DISCONNECT = 1;
    public static final int EVENT = 2;
    public static final int ACK = 3;
    public static final int CONNECT_ERROR = 4;
    public static final int BINARY_EVENT = 5;
    public static final int BINARY_ACK = 6;

    public static final String DEFAULT_NAMESPACE = "/";
    /** Longest namespace accepted (it is only ever compared and echoed). */
    static final int MAX_NAMESPACE_LENGTH = 128;
    /** An ack id is a JavaScript safe integer in practice: at most 15 digits here. */
    static final int MAX_ACK_DIGITS = 15;

    /** Parses one packet; anything that is not a well-formed Socket.IO 5 text packet is a {@link DecodeException}. */
    public static SocketIoPacket parse(String text) throws DecodeException {
        if (text == null || text.isEmpty()) {
            throw malformed("Empty Socket.IO packet");
        }
        char first = text.charAt(0);
        if (first < '0' || first > '6') {
            throw malformed("Unknown Socket.IO packet type");
        }
        int type = first - '0';
        if (type == BINARY_EVENT || type == BINARY_ACK) {
            throw new DecodeException(ErrorCode.UNSUPPORTED, "Binary attachments are not supported: send JSON", null);
        }
        int at = 1;
        String namespace = DEFAULT_NAMESPACE;
        if (at < text.length() && text.charAt(at) == '/') {
            int comma = text.indexOf(',', at);
            int end = comma < 0 ? text.length() : comma;
            if (end - at > MAX_NAMESPACE_LENGTH) {
                throw malformed("Namespace too long");
            }
            namespace = text.substring(at, end);
            at = comma < 0 ? end : comma + 1;
        }
        int digits = at;
        while (digits < text.length() && text.charAt(digits) >= '0' && text.charAt(digits) <= '9') {
            digits++;
        }
        Long ackId = null;
        if (digits > at) {
            if (digits - at > MAX_ACK_DIGITS) {
                throw malformed("Acknowledgement id too long");
            }
            ackId = Long.parseLong(text.substring(at, digits));
        }
        String json = text.substring(digits);
        JsonNode data = json.isEmpty() ? null : parseJson(json);
        SocketIoPacket packet = new SocketIoPacket(type, namespace, ackId, data);
        packet.validate();
        return packet;
    }

    /** The packet as text (the namespace is written out only when it is not {@code "/"}). */
    public String encode() {
        StringBuilder text = new StringBuilder().append((char) ('0' + type));
        if (!DEFAULT_NAMESPACE.equals(namespace)) {
            text.append(namespace).append(',');
        }
        if (ackId != null) {
            text.append(ackId);
        }
        if (data != null) {
            text.append(ClientJson.write(data));
        }
        return text.toString();
    }

    public static SocketIoPacket event(JsonNode arguments) {
        return new SocketIoPacket(EVENT, DEFAULT_NAMESPACE, null, arguments);
    }

    /** For an EVENT: its name (the first argument). */
    public String eventName() {
        return data.get(0).textValue();
    }

    private void validate() throws DecodeException {
        switch (type) {
            case CONNECT -> {
                if (data != null && !data.isObject()) {
                    throw malformed("CONNECT payload must be an object");
                }
                if (ackId != null) {
                    throw malformed("CONNECT takes no acknowledgement id");
                }
            }
            case DISCONNECT -> {
                if (data != null || ackId != null) {
                    throw malformed("DISCONNECT takes no payload");
                }
            }
            case EVENT -> {
                if (data == null || !data.isArray() || data.isEmpty() || !data.get(0).isTextual()) {
                    throw malformed("EVENT payload must be an array starting with the event name");
                }
            }
            case ACK -> {
                if (ackId == null || data == null || !data.isArray()) {
                    throw malformed("ACK needs an id and an array payload");
                }
            }
            default -> throw new DecodeException(ErrorCode.UNSUPPORTED, "Clients do not send CONNECT_ERROR", null);
        }
    }

    private static JsonNode parseJson(String json) throws DecodeException {
        try {
            JsonNode node = ClientJson.readTree(json);
            if (node == null) {
                throw malformed("Invalid JSON in Socket.IO packet");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw malformed("Invalid JSON in Socket.IO packet");
        }
    }

    private static DecodeException malformed(String message) {
        return new DecodeException(ErrorCode.MALFORMED, message, null);
    }
}
