package io.tradewire.matching.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A real file channel with hooks before {@code write} and {@code force}: tests count fsyncs, block one
 * in flight, make one fail, or cut the file to what was synced (a power loss).
 */
class FaultyChannel extends FileChannel {
    /** Runs before each write and force; may throw to make the call fail. */
    interface Hook {
        default void beforeWrite(FaultyChannel channel, int bytes) throws IOException {
        }

        default void beforeForce(FaultyChannel channel, boolean metaData) throws IOException {
        }

        default void afterForce(FaultyChannel channel) throws IOException {
        }
    }

    private final FileChannel delegate;
    private final Hook hook;

    FaultyChannel(FileChannel delegate, Hook hook) {
        this.delegate = delegate;
        this.hook = hook;
    }

    FileChannel delegate() {
        return delegate;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return delegate.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return delegate.read(dsts, offset, length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        hook.beforeWrite(this, src.remaining());
        return delegate.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long bytes = 0;
        for (int i = offset; i < offset + length; i++) {
            bytes += srcs[i].remaining();
        }
        hook.beforeWrite(this, (int) bytes);
        return delegate.write(srcs, offset, length);
    }

    @Override
    public long position() throws IOException {
        return delegate.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        delegate.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        delegate.truncate(size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        hook.beforeForce(this, metaData);
        delegate.force(metaData);
        hook.afterForce(this);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return delegate.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        return delegate.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return delegate.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        hook.beforeWrite(this, src.remaining());
        return delegate.write(src, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return delegate.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return delegate.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return delegate.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        delegate.close();
    }
}
