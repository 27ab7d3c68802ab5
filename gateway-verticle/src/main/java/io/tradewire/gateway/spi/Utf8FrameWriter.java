package io.tradewire.gateway.spi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes outbound JSON frames straight to UTF-8 bytes with Jackson's streaming generator, as {@link ClientJson#write}
 * would write the same fields as a tree (same factory settings: decimals plain, the same escaping), without building
 * the tree. One generator and one buffer are reused for every frame of a thread ({@link #current()}): a frame costs
 * its bytes and nothing else.
 *
 * <p>Use: {@code JsonGenerator g = writer.begin();} write exactly one JSON value, then {@code byte[] frame = writer.end();}.
 * A frame abandoned half-way (an exception while writing it) is dropped: the next {@link #begin()} starts on a fresh
 * generator.
 */
public final class Utf8FrameWriter {
    private static final ThreadLocal<Utf8FrameWriter> CURRENT = ThreadLocal.withInitial(Utf8FrameWriter::new);
    /** First block of the reused buffer: larger than most frames, so that one block holds them. */
    private static final int FIRST_BLOCK = 2048;
    /**
     * {@link ClientJson#MAPPER}'s factory, writing a character beyond the BMP as its 4 UTF-8 bytes (as the UTF-8 of the
     * text {@link ClientJson#write} produces), not as an escaped surrogate pair.
     */
    private static final JsonFactory FACTORY = ClientJson.MAPPER.getFactory().rebuild()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private final ByteArrayBuilder buffer = new ByteArrayBuilder(FIRST_BLOCK);
    private JsonGenerator generator;
    private boolean writing;

    private Utf8FrameWriter() {
    }

    /** This thread's writer (an event loop renders one frame at a time). */
    public static Utf8FrameWriter current() {
        return CURRENT.get();
    }

    /** Starts a frame: the generator to write its one JSON value with. */
    public JsonGenerator begin() {
        if (writing || generator == null) {
            // First use, or the previous frame was abandoned half-way: its generator's state is unknown.
            generator = newGenerator();
        }
        buffer.reset();
        writing = true;
        return generator;
    }

    /** Ends the frame begun last: its UTF-8 bytes. */
    public byte[] end() {
        if (!writing) {
            throw new IllegalStateException("no frame begun");
        }
        try {
            generator.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayBuilder does not fail
        }
        writing = false;
        byte[] frame = buffer.toByteArray();
        buffer.reset();
        return frame;
    }

    private JsonGenerator newGenerator() {
        buffer.reset();
        try {
            JsonGenerator created = FACTORY.createGenerator(buffer);
            // Frames follow one another in the same generator: nothing between two root values.
            created.setRootValueSeparator(null);
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
