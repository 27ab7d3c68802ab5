package io.tradewire.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.gateway.OnContext;
import io.tradewire.model.Addresses;
import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.InstrumentKind;
import io.tradewire.model.bus.BusCodecs;
import io.tradewire.model.command.Command;
import io.tradewire.model.event.MarketSummary;
import io.tradewire.model.command.QuerySummary;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class OpsRoutesVenuesTest {
    private static Instrument instrument(String symbol, String route, String region) {
        return new Instrument(symbol, InstrumentKind.CRYPTO, route, new BigDecimal("0.01"), BigDecimal.ONE, BigDecimal.ONE,
                BigDecimal.ONE, "USD", new BigDecimal("100"), region);
    }

    @Test
    @DisplayName("/ready probes every venue that trades an instrument, each about one of its regions, and passes once all answer")
    void probesEveryVenue(Vertx vertx, VertxTestContext testContext) {
        BusCodecs.ensureRegistered(vertx);
        Router router = Router.router(vertx);
        OpsRoutes.mount(router, vertx, "tradewire", new InstrumentDirectory(List.of(instrument("IX", "venue", "CN"),
                instrument("BTC", "venue:crypto", "CRYPTO"))));
        List<String> asked = new CopyOnWriteArrayList<>();
        HttpClient client = vertx.createHttpClient();
        vertx.eventBus().<Command>consumer(Addresses.matching("tradewire"), message -> {
            asked.add("tradewire " + ((QuerySummary) message.body()).region());
            message.reply(new MarketSummary("CN", List.of(), 1L));
        }).completion()
                .compose(v -> vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"))
                .compose(server -> ready(vertx, client, server.actualPort())
                        .compose(first -> {
                            testContext.verify(() -> {
                                assertThat(first.getString("status")).isEqualTo("NOT_READY");
                                assertThat(first.getJsonObject("checks").getJsonObject("venue").getString("detail"))
                                        .contains("matching.crypto").contains("no venue on the bus");
                            });
                            return vertx.eventBus().<Command>consumer(Addresses.matching("crypto"), message -> {
                                asked.add("crypto " + ((QuerySummary) message.body()).region());
                                message.reply(new MarketSummary("CRYPTO", List.of(), 1L));
                            }).completion();
                        })
                        .compose(v -> ready(vertx, client, server.actualPort())))
                .onComplete(testContext.succeeding(second -> testContext.verify(() -> {
                    assertThat(second.getString("status")).as("%s", second).isEqualTo("READY");
                    assertThat(asked).contains("tradewire CN", "crypto CRYPTO");
                    testContext.completeNow();
                })));
    }

    private static Future<JsonObject> ready(Vertx vertx, HttpClient client, int port) {
        return OnContext.call(vertx, () -> client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
                        .setPort(port).setURI("/ready"))
                .compose(request -> request.send())
                .compose(response -> response.body())
                .map(body -> new JsonObject(body.toString())));
    }
}
