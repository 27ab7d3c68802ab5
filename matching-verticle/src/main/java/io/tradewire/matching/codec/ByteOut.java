package io.tradewire.matching.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable big-endian byte buffer for the journal and snapshot formats (see docs/DURABILITY.md for
 * the layouts). Not thread-safe; reuse one with {@link #reset()}.
 *
 * <p>Encodings: fixed {@code int} / {@code long} big-endian; {@code varint} is an unsigned LEB128; a
 * string is {@code varint(length + 1)} then UTF-8 bytes, {@code 0} meaning null; a decimal is one byte
 * {@code 0} for null, else {@code 1}, {@code zigzag varint} scale, {@code varint} byte count and the
 * unscaled value's two's-complement bytes ({@link BigInteger#toByteArray()}), so value and scale round-trip exactly.
 */
public final class ByteOut {
    private byte[] bytes;
    private int size;

    public ByteOut(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    public ByteOut() {
        this(256);
    }

    public int size() {
        return size;
    }

    public void reset() {
        size = 0;
    }

    /** The written bytes; valid until the next write (no copy). */
    public byte[] array() {
        return bytes;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    public ByteOut u8(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
        return this;
    }

    public ByteOut bool(boolean value) {
        return u8(value ? 1 : 0);
    }

    public ByteOut i32(int value) {
        ensure(4);
        bytes[size++] = (byte) (value >>> 24);
        bytes[size++] = (byte) (value >>> 16);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
        return this;
    }

    public ByteOut i64(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    /** Overwrites 4 bytes at {@code position} (a length or checksum written after its content). */
    public void i32At(int position, int value) {
        bytes[position] = (byte) (value >>> 24);
        bytes[position + 1] = (byte) (value >>> 16);
        bytes[position + 2] = (byte) (value >>> 8);
        bytes[position + 3] = (byte) value;
    }

    public ByteOut varint(long value) {
        ensure(10);
        long v = value;
        while ((v & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[size++] = (byte) v;
        return this;
    }

    public ByteOut string(String value) {
        if (value == null) {
            return varint(0);
        }
        int length = value.length();
        if (length < 127) {
            // Short ASCII (ids, names, symbols: nearly every string here): one length byte and the chars as they are,
            // exactly the bytes of the UTF-8 path below, without encoding into a temporary array.
            ensure(1 + length);
            int start = size;
            bytes[start] = (byte) (length + 1);
            for (int i = 0; i < length; i++) {
                char c = value.charAt(i);
                if (c >= 0x80) {
                    size = start;
                    return utf8(value);
                }
                bytes[start + 1 + i] = (byte) c;
            }
            size = start + 1 + length;
            return this;
        }
        return utf8(value);
    }

    private ByteOut utf8(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        varint(utf8.length + 1L);
        return raw(utf8, 0, utf8.length);
    }

    /** An enum constant by name (stable when constants are reordered or added); null allowed. */
    public ByteOut name(Enum<?> value) {
        return string(value == null ? null : value.name());
    }

    public ByteOut decimal(BigDecimal value) {
        if (value == null) {
            return u8(0);
        }
        u8(1);
        varint(zigzag(value.scale()));
        if (value.precision() <= 18) {
            // The unscaled value fits a long: its minimal two's-complement bytes, as BigInteger.toByteArray() gives them.
            long unscaled = value.scaleByPowerOfTen(value.scale()).longValue();
            int length = (64 - Long.numberOfLeadingZeros(unscaled < 0 ? ~unscaled : unscaled)) / 8 + 1;
            varint(length);
            ensure(length);
            for (int i = length - 1; i >= 0; i--) {
                bytes[size++] = (byte) (unscaled >> (8 * i));
            }
            return this;
        }
        byte[] unscaled = value.unscaledValue().toByteArray();
        varint(unscaled.length);
        return raw(unscaled, 0, unscaled.length);
    }

    public ByteOut raw(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
        return this;
    }

    private static long zigzag(int value) {
        return ((long) value << 1) ^ (value >> 31);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            long wanted = Math.max((long) bytes.length * 2, (long) size + more);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("encoded state larger than 2 GiB");
            }
            bytes = Arrays.copyOf(bytes, (int) wanted);
        }
    }
}
