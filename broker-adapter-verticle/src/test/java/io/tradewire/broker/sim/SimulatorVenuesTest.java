package io.tradewire.broker.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.Addresses;
import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentKind;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.VenueOrderIds;
import io.tradewire.model.bus.BusCodecs;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.QueryPositions;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.view.OrderView;
import io.tradewire.model.view.PositionList;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class SimulatorVenuesTest {
    private static Instrument instrument(String symbol, String route) {
        return new Instrument(symbol, InstrumentKind.CRYPTO, route, new BigDecimal("0.01"), BigDecimal.ONE, BigDecimal.ONE,
                BigDecimal.ONE, "USD", new BigDecimal("100"), "US");
    }

    @Test
    @DisplayName("The simulator asks every venue for positions and quotes each instrument on its own venue")
    void quotesEachInstrumentOnItsVenue(Vertx vertx, VertxTestContext testContext) {
        BusCodecs.ensureRegistered(vertx);
        Checkpoint ixOnDefault = testContext.checkpoint();
        Checkpoint btcOnCrypto = testContext.checkpoint();
        AtomicLong ids = new AtomicLong();
        Future.all(venue(vertx, testContext, "tradewire", "IX", ixOnDefault, ids), venue(vertx, testContext, "crypto", "BTC", btcOnCrypto, ids))
                .compose(v -> vertx.deployVerticle(new SimulatorVerticle(new SimulatorConfig(true, "mm", "taker", Duration.ofMillis(50),
                        1, 1, 1, 0.0, 7L), List.of(instrument("IX", "venue"), instrument("BTC", "venue:crypto")), "tradewire")))
                .onFailure(testContext::failNow);
    }

    /**
     * A venue that answers positions with none, accepts orders of its own instrument (with ids as that venue writes them)
     * and fails the test on an order of another instrument or a cancel of another venue's order.
     */
    private static Future<Void> venue(Vertx vertx, VertxTestContext testContext, String name, String symbol, Checkpoint quoted,
            AtomicLong ids) {
        boolean[] seen = {false};
        return vertx.eventBus().<Command>consumer(Addresses.matching(name), (Message<Command> message) -> {
            Command command = message.body();
            if (command instanceof QueryPositions) {
                message.reply(new PositionList(List.of()));
            } else if (command instanceof SubmitOrder submit) {
                testContext.verify(() -> assertThat(submit.instrument()).as("an order on venue %s", name).isEqualTo(symbol));
                message.reply(new OrderView(VenueOrderIds.of(name, "tradewire", String.format("O%020d", ids.incrementAndGet())), null, submit.userId(), symbol, submit.side(),
                        submit.offset(), submit.type(), submit.timeInForce(), submit.price(), submit.quantity(), BigDecimal.ZERO,
                        submit.quantity(), null, OrderStatus.SUBMITTED, OrderSource.API, 1L, 1L));
                if (!seen[0]) {
                    seen[0] = true;
                    quoted.flag();
                }
            } else if (command instanceof CancelOrder cancel) {
                // A cancel reaches the venue its order id names: the default venue's ids have no prefix.
                testContext.verify(() -> assertThat(VenueOrderIds.venueOf(cancel.orderId()))
                        .isEqualTo(name.equals("tradewire") ? null : name));
                message.fail(1002, "order not found");
            } else {
                message.fail(404, "not found");
            }
        }).completion();
    }
}
