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
import io.tradewire.model.command.AmendOrder;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.Deposit;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.command.Withdraw;

/**
 * The payload of a journal record: a one-byte command type, then the command's fields in declaration
 * order ({@link ByteOut} encodings; enums by name, decimals exact). Every field is written as the
 * venue received it, nulls included, so replay sees exactly the command the venue accepted.
 *
 * <p>Versioning: a type byte is never reused. A changed command gets a new type; a reader that meets
 * a type it does not know refuses to start ({@link IncompatibleDataException}) instead of skipping it.
 *
 * <pre>
 * 1 SubmitOrder (read only: written before post-only existed; read as not post-only)
 *     user, client order id, instrument, side, offset, type, time in force, price, quantity, source
 * 2 CancelOrder   user, order id
 * 3 SubmitOrder   the fields of type 1, then post-only (bool)
 * 4 AmendOrder    user, order id, price, quantity
 * 5 Deposit       user, amount
 * 6 Withdraw      user, amount
 * 7 CancelOrder   user, order id, client order id
 * 8 AmendOrder    user, order id, client order id, price, quantity
 * </pre>
 *
 * A cancel or an amend without a client order id is still written as type 2 or 4, so a journal that never names an
 * order by its client order id stays readable by a version that predates types 7 and 8.
 */
public final class CommandCodec {
    /** SubmitOrder without post-only: only read (older journals); {@link #SUBMIT_ORDER_V2} is written. */
    public static final int SUBMIT_ORDER = 1;
    public static final int CANCEL_ORDER = 2;
    public static final int SUBMIT_ORDER_V2 = 3;
    public static final int AMEND_ORDER = 4;
    public static final int DEPOSIT = 5;
    public static final int WITHDRAW = 6;
    /** CancelOrder naming the order by its client order id (type {@link #CANCEL_ORDER} cannot carry it). */
    public static final int CANCEL_ORDER_V2 = 7;
    /** AmendOrder naming the order by its client order id (type {@link #AMEND_ORDER} cannot carry it). */
    public static final int AMEND_ORDER_V2 = 8;

    private CommandCodec() {
    }

    /** Appends a state-changing command; anything else is a programming error. */
    public static void encode(Command command, ByteOut out) {
        if (command instanceof SubmitOrder submit) {
            out.u8(SUBMIT_ORDER_V2).string(submit.userId()).string(submit.clientOrderId()).string(submit.instrument())
                    .name(submit.side()).name(submit.offset()).name(submit.type()).name(submit.timeInForce())
                    .decimal(submit.price()).decimal(submit.quantity()).name(submit.source()).bool(submit.postOnly());
        } else if (command instanceof CancelOrder cancel) {
            if (cancel.clientOrderId() == null) {
                out.u8(CANCEL_ORDER).string(cancel.userId()).string(cancel.orderId());
            } else {
                out.u8(CANCEL_ORDER_V2).string(cancel.userId()).string(cancel.orderId()).string(cancel.clientOrderId());
            }
        } else if (command instanceof AmendOrder amend) {
            if (amend.clientOrderId() == null) {
                out.u8(AMEND_ORDER).string(amend.userId()).string(amend.orderId());
            } else {
                out.u8(AMEND_ORDER_V2).string(amend.userId()).string(amend.orderId()).string(amend.clientOrderId());
            }
            out.decimal(amend.price()).decimal(amend.quantity());
        } else if (command instanceof Deposit deposit) {
            out.u8(DEPOSIT).string(deposit.userId()).decimal(deposit.amount());
        } else if (command instanceof Withdraw withdraw) {
            out.u8(WITHDRAW).string(withdraw.userId()).decimal(withdraw.amount());
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
            case SUBMIT_ORDER_V2 -> command = new SubmitOrder(in.string(), in.string(), in.string(), in.name(Side.class),
                    in.name(Offset.class), in.name(OrderType.class), in.name(TimeInForce.class), in.decimal(), in.decimal(),
                    in.name(OrderSource.class), in.bool());
            case CANCEL_ORDER -> command = new CancelOrder(in.string(), in.string());
            case AMEND_ORDER -> command = new AmendOrder(in.string(), in.string(), in.decimal(), in.decimal());
            case CANCEL_ORDER_V2 -> command = new CancelOrder(in.string(), in.string(), in.string());
            case AMEND_ORDER_V2 -> command = new AmendOrder(in.string(), in.string(), in.string(), in.decimal(), in.decimal());
            case DEPOSIT -> command = new Deposit(in.string(), in.decimal());
            case WITHDRAW -> command = new Withdraw(in.string(), in.decimal());
            default -> throw new IncompatibleDataException("journal record of unknown command type " + type
                    + " (written by a newer version?)");
        }
        in.expectEnd("command type " + type);
        return command;
    }
}
