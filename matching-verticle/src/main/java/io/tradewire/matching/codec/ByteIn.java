package io.tradewire.matching.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * Reads what {@link ByteOut} wrote, with every bound checked: running past the end or meeting an
 * impossible value throws {@link CorruptDataException}, never an unchecked index error.
 */
public final class ByteIn {
    /** Longest string or decimal accepted: far above anything the venue writes, far below a corrupt length. */
    private static final int MAX_FIELD_BYTES = 1 << 20;

    private final byte[] bytes;
    private final int limit;
    private int position;

    public ByteIn(byte[] bytes, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > bytes.length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " outside " + bytes.length + " bytes");
        }
        this.bytes = bytes;
        this.position = offset;
        this.limit = offset + length;
    }

    public ByteIn(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    public int remaining() {
        return limit - position;
    }

    public int position() {
        return position;
    }

    public int u8() throws CorruptDataException {
        need(1);
        return bytes[position++] & 0xFF;
    }

    public boolean bool() throws CorruptDataException {
        int value = u8();
        if (value > 1) {
            throw new CorruptDataException("boolean byte " + value);
        }
        return value == 1;
    }

    public int i32() throws CorruptDataException {
        need(4);
        int value = ((bytes[position] & 0xFF) << 24) | ((bytes[position + 1] & 0xFF) << 16)
                | ((bytes[position + 2] & 0xFF) << 8) | (bytes[position + 3] & 0xFF);
        position += 4;
        return value;
    }

    public long i64() throws CorruptDataException {
        need(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[position++] & 0xFF);
        }
        return value;
    }

    public long varint() throws CorruptDataException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = u8();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new CorruptDataException("varint longer than 10 bytes");
    }

    /** A varint used as a count or length: non-negative and at most {@code max}. */
    public int count(int max) throws CorruptDataException {
        long value = varint();
        if (value < 0 || value > max) {
            throw new CorruptDataException("count " + value + " outside 0.." + max);
        }
        return (int) value;
    }

    public String string() throws CorruptDataException {
        long encoded = varint();
        if (encoded == 0) {
            return null;
        }
        if (encoded < 0 || encoded - 1 > MAX_FIELD_BYTES) {
            throw new CorruptDataException("string of " + (encoded - 1) + " bytes");
        }
        int length = (int) (encoded - 1);
        need(length);
        try {
            String value = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, position, length)).toString();
            position += length;
            return value;
        } catch (CharacterCodingException e) {
            throw new CorruptDataException("string is not UTF-8");
        }
    }

    /** A string that must be present. */
    public String requiredString(String what) throws CorruptDataException {
        String value = string();
        if (value == null) {
            throw new CorruptDataException(what + " is missing");
        }
        return value;
    }

    /** An enum constant written with {@link ByteOut#name}; null stays null, an unknown name is corrupt. */
    public <E extends Enum<E>> E name(Class<E> type) throws CorruptDataException {
        String value = string();
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new CorruptDataException("unknown " + type.getSimpleName() + " '" + value + "'");
        }
    }

    public <E extends Enum<E>> E requiredName(Class<E> type) throws CorruptDataException {
        E value = name(type);
        if (value == null) {
            throw new CorruptDataException(type.getSimpleName() + " is missing");
        }
        return value;
    }

    public BigDecimal decimal() throws CorruptDataException {
        int flag = u8();
        if (flag == 0) {
            return null;
        }
        if (flag != 1) {
            throw new CorruptDataException("decimal flag " + flag);
        }
        long zigzag = varint();
        long scale = (zigzag >>> 1) ^ -(zigzag & 1);
        if (scale < Integer.MIN_VALUE || scale > Integer.MAX_VALUE) {
            throw new CorruptDataException("decimal scale " + scale);
        }
        int length = count(MAX_FIELD_BYTES);
        if (length == 0) {
            throw new CorruptDataException("decimal without digits");
        }
        need(length);
        BigInteger unscaled = new BigInteger(bytes, position, length);
        position += length;
        return new BigDecimal(unscaled, (int) scale);
    }

    public BigDecimal requiredDecimal(String what) throws CorruptDataException {
        BigDecimal value = decimal();
        if (value == null) {
            throw new CorruptDataException(what + " is missing");
        }
        return value;
    }

    /** Fails unless every byte was read: trailing bytes mean the layout is not what the reader expects. */
    public void expectEnd(String what) throws CorruptDataException {
        if (position != limit) {
            throw new CorruptDataException(what + ": " + (limit - position) + " unexpected trailing bytes");
        }
    }

    private void need(int count) throws CorruptDataException {
        if (count < 0 || limit - position < count) {
            throw new CorruptDataException("needs " + count + " bytes at offset " + position + ", " + (limit - position) + " left");
        }
    }
}
