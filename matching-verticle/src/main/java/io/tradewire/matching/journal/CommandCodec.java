package io.tradewire.matching.journal;

import io.tradewire.matching.codec.ByteIn;
import io.tradewire.matching.codec.ByteOut;
import io.tradewire.matching.codec.CorruptDataException;
import io.tradewire.matching.codec.IncompatibleDataException;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.SubmitOrder;

/**
 * The payload of a journal record: a one-byte command type, then the command's fields in declaration
 * order ({@link ByteOut} encodings; enums by name, decimals exact). Every field is written as the
 * venue received it, nulls included, so replay sees exactly the command the venue accepted.
 *
 * <p>Versioning: a type byte is never reused. A changed command gets a new type; a reader that meets
 * a type it does not know refuses to start ({@link IncompatibleDataException}) instead of skipping it.
 */
public final class CommandCodec {
    public static final int SUBMIT_ORDER = 1;
    public static final int CANCEL_ORDER = 2;

    private CommandCodec() {
    }

    /** Appends a state-changing command; anything else is a programming error. */
    public static void encode(Command command, ByteOut out) {
        if (command instanceof SubmitOrder submit) {
            out.u8(SUBMIT_ORDER).string(submit.userId()).string(submit.clientOrderId()).string(submit.instrument())
                    .name(submit.side()).name(submit.offset()).name(submit.type()).name(submit.timeInForce())
                    .decimal(submit.price()).decimal(submit.quantity()).name(submit.source());
        } else if (command instanceof CancelOrder cancel) {
            out.u8(CANCEL_ORDER).string(cancel.userId()).string(cancel.orderId());
        } else {
            throw new IllegalArgumentException("not a journaled command: " + command.getClass().getSimpleName());
        }
    }

    /**
     * Reads one command and requires that it used every byte of the payload.
     *
     * @throws CorruptDataException      the payload does not decode
     * @throws IncompatibleDataException a command type this version does not know
     */
    public static Command decode(ByteIn in) throws CorruptDataException, IncompatibleDataException {
        int type = in.u8();
        Command command;
        switch (type) {
            case SUBMIT_ORDER -> command = new SubmitOrder(in.string(), in.string(), in.string(), in.name(Side.class),
                    in.name(Offset.class), in.name(OrderType.class), in.name(TimeInForce.class), in.decimal(), in.decimal(),
                    in.name(OrderSource.class));
            case CANCEL_ORDER -> command = new CancelOrder(in.string(), in.string());
            default -> throw new IncompatibleDataException("journal record of unknown command type " + type
                    + " (written by a newer version?)");
        }
        in.expectEnd("command type " + type);
        return command;
    }
}
