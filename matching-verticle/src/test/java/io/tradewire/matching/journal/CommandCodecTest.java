package io.tradewire.matching.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.matching.codec.ByteIn;
import io.tradewire.matching.codec.ByteOut;
import io.tradewire.matching.codec.CorruptDataException;
import io.tradewire.matching.codec.IncompatibleDataException;
import io.tradewire.matching.engine.RandomCommands;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.command.AmendOrder;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.Deposit;
import io.tradewire.model.command.Withdraw;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.QueryAccount;
import io.tradewire.model.command.SubmitOrder;
import java.math.BigDecimal;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CommandCodecTest {
    private static Command roundTrip(Command command) throws Exception {
        ByteOut out = new ByteOut();
        CommandCodec.encode(command, out);
        return CommandCodec.decode(new ByteIn(out.toByteArray()));
    }

    @Test
    @DisplayName("Submit and cancel round-trip exactly: nulls, enum values, decimal scales and non-ASCII text")
    void roundTrips() throws Exception {
        Command[] commands = {
            new SubmitOrder("user001", "c-1", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, TimeInForce.FOK,
                    new BigDecimal("120.10"), new BigDecimal("1.000"), OrderSource.API),
            new SubmitOrder("u", null, "AAPL", Side.SELL, Offset.CLOSE, OrderType.MARKET, null, null, new BigDecimal("1E+3"), null),
            new SubmitOrder(null, "ünïcødé €", null, null, null, null, null, new BigDecimal("-0.000000000000000000001"),
                    new BigDecimal("123456789012345678901234567890.5"), OrderSource.ALGO),
            new CancelOrder("user001", "O17251234567890000001"),
            new CancelOrder(null, null),
            new SubmitOrder("user001", "c-2", "IX2301", Side.SELL, Offset.OPEN, OrderType.LIMIT, TimeInForce.GTC,
                    new BigDecimal("121.0"), BigDecimal.TEN, OrderSource.UI, true),
            new AmendOrder("user001", "O17251234567890000001", new BigDecimal("119.90"), null),
            new AmendOrder("user001", "O17251234567890000001", null, new BigDecimal("3.000")),
            new AmendOrder(null, null, null, null),
            new Deposit("user001", new BigDecimal("1000.00000001")),
            new Withdraw("user001", new BigDecimal("1E+3")),
            new Deposit(null, null),
        };
        for (Command command : commands) {
            Command decoded = roundTrip(command);
            assertThat(decoded).isEqualTo(command);
            if (command instanceof SubmitOrder submit && submit.price() != null) {
                assertThat(((SubmitOrder) decoded).price().scale()).isEqualTo(submit.price().scale());
            }
        }
        RandomCommands random = new RandomCommands(7);
        for (int i = 0; i < 2_000; i++) {
            Command command = random.next();
            if (io.tradewire.matching.engine.Venue.changesState(command)) {
                assertThat(roundTrip(command)).isEqualTo(command);
            }
        }
    }

    @Test
    @DisplayName("Each journaled command has its own type byte; a submit is written as type 3, and type 1 (before post-only) still reads")
    void typeBytes() throws Exception {
        Command[] one = {
            new SubmitOrder("u", null, "AAPL", Side.BUY, Offset.OPEN, OrderType.LIMIT, null, BigDecimal.TEN, BigDecimal.ONE, null),
            new CancelOrder("u", "O1"), new AmendOrder("u", "O1", BigDecimal.ONE, null), new Deposit("u", BigDecimal.ONE),
            new Withdraw("u", BigDecimal.ONE),
        };
        int[] expected = {CommandCodec.SUBMIT_ORDER_V2, CommandCodec.CANCEL_ORDER, CommandCodec.AMEND_ORDER, CommandCodec.DEPOSIT,
                CommandCodec.WITHDRAW};
        for (int i = 0; i < one.length; i++) {
            ByteOut out = new ByteOut();
            CommandCodec.encode(one[i], out);
            assertThat(out.toByteArray()[0]).as("%s", one[i]).isEqualTo((byte) expected[i]);
        }
        assertThat(java.util.Set.of(CommandCodec.SUBMIT_ORDER, CommandCodec.CANCEL_ORDER, CommandCodec.SUBMIT_ORDER_V2,
                CommandCodec.AMEND_ORDER, CommandCodec.DEPOSIT, CommandCodec.WITHDRAW)).hasSize(6);
        // A record of the first format: the fields of type 3 without the post-only flag.
        byte[] legacy = new ByteOut().u8(CommandCodec.SUBMIT_ORDER).string("u").string("c-1").string("AAPL").string("BUY")
                .string("OPEN").string("LIMIT").string(null).decimal(new BigDecimal("190.00")).decimal(BigDecimal.ONE).string("API")
                .toByteArray();
        assertThat(CommandCodec.decode(new ByteIn(legacy))).isEqualTo(new SubmitOrder("u", "c-1", "AAPL", Side.BUY, Offset.OPEN,
                OrderType.LIMIT, null, new BigDecimal("190.00"), BigDecimal.ONE, OrderSource.API, false));
    }

    @Test
    @DisplayName("A cancel or amend by client order id is written as type 7 / 8 and round-trips; without one it stays type 2 / 4")
    void clientOrderIdTypes() throws Exception {
        Command[] commands = {
            CancelOrder.byClientOrderId("user001", "c-1"),
            new CancelOrder("user001", "O1", "c-1"),
            AmendOrder.byClientOrderId("user001", "ünïcødé", new BigDecimal("119.90"), null),
            new AmendOrder("user001", "O1", "c-1", null, new BigDecimal("3.000")),
        };
        int[] expected = {CommandCodec.CANCEL_ORDER_V2, CommandCodec.CANCEL_ORDER_V2, CommandCodec.AMEND_ORDER_V2,
                CommandCodec.AMEND_ORDER_V2};
        for (int i = 0; i < commands.length; i++) {
            ByteOut out = new ByteOut();
            CommandCodec.encode(commands[i], out);
            byte[] bytes = out.toByteArray();
            assertThat(bytes[0]).as("%s", commands[i]).isEqualTo((byte) expected[i]);
            assertThat(CommandCodec.decode(new ByteIn(bytes))).isEqualTo(commands[i]);
            for (int length = 0; length < bytes.length; length++) {
                byte[] cut = Arrays.copyOf(bytes, length);
                assertThatThrownBy(() -> CommandCodec.decode(new ByteIn(cut))).isInstanceOf(CorruptDataException.class);
            }
        }
        assertThat(java.util.Set.of(CommandCodec.SUBMIT_ORDER, CommandCodec.CANCEL_ORDER, CommandCodec.SUBMIT_ORDER_V2,
                CommandCodec.AMEND_ORDER, CommandCodec.DEPOSIT, CommandCodec.WITHDRAW, CommandCodec.CANCEL_ORDER_V2,
                CommandCodec.AMEND_ORDER_V2)).hasSize(8);
    }

    @Test
    @DisplayName("Cancel and amend records written before client order ids (types 2 and 4, bytes built by hand) still read, with no client order id")
    void oldCancelAndAmendRecordsRead() throws Exception {
        byte[] cancel = new ByteOut().u8(2).string("user001").string("O17251234567890000001").toByteArray();
        assertThat(CommandCodec.decode(new ByteIn(cancel)))
                .isEqualTo(new CancelOrder("user001", "O17251234567890000001", null));
        byte[] amend = new ByteOut().u8(4).string("user001").string("O17251234567890000001")
                .decimal(new BigDecimal("119.90")).decimal(null).toByteArray();
        AmendOrder decoded = (AmendOrder) CommandCodec.decode(new ByteIn(amend));
        assertThat(decoded).isEqualTo(new AmendOrder("user001", "O17251234567890000001", null, new BigDecimal("119.90"), null));
        assertThat(decoded.price().scale()).isEqualTo(2);
        // And a command without a client order id is still written byte for byte as before.
        ByteOut out = new ByteOut();
        CommandCodec.encode(new CancelOrder("user001", "O17251234567890000001"), out);
        assertThat(out.toByteArray()).isEqualTo(cancel);
        out = new ByteOut();
        CommandCodec.encode(new AmendOrder("user001", "O17251234567890000001", new BigDecimal("119.90"), null), out);
        assertThat(out.toByteArray()).isEqualTo(amend);
    }

    @Test
    @DisplayName("Every truncation of a payload fails to decode, as do trailing bytes; a query is not journaled")
    void damagedPayloads() {
        ByteOut out = new ByteOut();
        CommandCodec.encode(new SubmitOrder("user001", "c-1", "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, null,
                new BigDecimal("120.1"), BigDecimal.ONE, OrderSource.API), out);
        byte[] bytes = out.toByteArray();
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> CommandCodec.decode(new ByteIn(cut))).isInstanceOf(CorruptDataException.class);
        }
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> CommandCodec.decode(new ByteIn(longer))).isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("trailing");
        assertThatThrownBy(() -> CommandCodec.encode(new QueryAccount("u"), new ByteOut())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("An unknown command type is a newer version's record: incompatible, not damaged")
    void unknownType() {
        assertThatThrownBy(() -> CommandCodec.decode(new ByteIn(new byte[] {42})))
                .isInstanceOf(IncompatibleDataException.class).hasMessageContaining("unknown command type 42");
        byte[] badEnum = new ByteOut().u8(CommandCodec.SUBMIT_ORDER).string("u").string(null).string("AAPL").string("SIDEWAYS")
                .toByteArray();
        assertThatThrownBy(() -> CommandCodec.decode(new ByteIn(badEnum))).isInstanceOf(CorruptDataException.class)
                .hasMessageContaining("SIDEWAYS");
    }
}
