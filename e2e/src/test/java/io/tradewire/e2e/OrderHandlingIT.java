package io.tradewire.e2e;

import static io.tradewire.e2e.ExchangeOrders.placed;
import static io.tradewire.e2e.ExchangeOrders.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.Addresses;
import io.tradewire.model.command.Deposit;
import io.tradewire.model.view.AccountView;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 3's order handling over the exchange dialect, through the whole mesh with the default configuration: post-only,
 * amend, duplicate client order ids, IF2301's price band and fees, self-trade prevention, and a deposit reaching the
 * user's account pushes.
 */
class OrderHandlingIT {
    private static TestMesh mesh;
    private static Vertx client;
    /** Referenced for the whole class: Vert.x closes a client that the garbage collector finds unreferenced. */
    private static WebSocketClient wsClient;

    @BeforeAll
    static void start() throws Exception {
        mesh = TestMesh.start();
        client = Vertx.vertx();
        wsClient = client.createWebSocketClient();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            TestMesh.await(client.close(), 10);
        }
        if (mesh != null) {
            mesh.close();
        }
    }

    private static JsonObject order(String instrument, String direction, String price, int volume) {
        return new JsonObject().put("type", "submit_order").put("instrument_id", instrument).put("direction", direction)
                .put("offset", "OPEN").put("volume", volume).put("price", price).put("order_type", "LIMIT");
    }

    @Test
    @DisplayName("Post-only is refused with 1010 when it would trade and rests otherwise; amend keeps the order id and trades when it crosses")
    void postOnlyAndAmend() throws Exception {
        JsonSocket maker = trader("oh-maker");
        JsonSocket taker = trader("oh-taker");
        String ask = placed(maker, order("AAPL", "SELL", "190.10", 5));

        JsonObject crossing = request(taker, order("AAPL", "BUY", "190.10", 1).put("post_only", true));
        assertThat(crossing.getBoolean("success")).isFalse();
        assertThat(crossing.getInteger("error_code")).isEqualTo(1010);
        String bid = placed(taker, order("AAPL", "BUY", "190.00", 2).put("post_only", true));
        taker.send(new JsonObject().put("type", "query_order").put("order_id", bid));
        assertThat(taker.await(m -> "query_response".equals(m.getString("type"))).getJsonObject("data").getJsonObject("order")
                .getBoolean("post_only")).isTrue();

        JsonObject smaller = request(maker, new JsonObject().put("type", "amend_order").put("order_id", ask).put("volume", 3));
        assertThat(smaller.getString("order_id")).isEqualTo(ask);
        maker.await(m -> "order_status".equals(m.getString("type")) && ask.equals(m.getString("order_id"))
                && m.getInteger("remaining_volume") == 3);

        // The ask moves down onto the post-only bid: it trades as the taker of that fill.
        JsonObject lower = request(maker, new JsonObject().put("type", "amend_order").put("order_id", ask).put("price", "190.00"));
        assertThat(lower.getBoolean("success")).as("%s", lower).isTrue();
        JsonObject fill = taker.await(m -> "trade".equals(m.getString("type")) && bid.equals(m.getString("order_id")));
        assertThat(fill.getInteger("volume")).isEqualTo(2);
        assertThat(new BigDecimal(fill.getValue("price").toString())).isEqualByComparingTo("190.00");
        maker.await(m -> "order_status".equals(m.getString("type")) && ask.equals(m.getString("order_id"))
                && "PartiallyFilled".equals(m.getString("status")) && m.getInteger("remaining_volume") == 1);

        JsonObject unknown = request(maker, new JsonObject().put("type", "amend_order").put("order_id", bid).put("volume", 1));
        assertThat(unknown.getInteger("error_code")).as("another user's order").isEqualTo(1002);
        maker.close();
        taker.close();
    }

    @Test
    @DisplayName("A client order id in use is refused with 1011; a price outside IF2301's band with 1012")
    void duplicatesAndBand() throws Exception {
        JsonSocket trader = trader("oh-dup");
        placed(trader, order("AAPL", "BUY", "150.00", 1).put("client_order_id", "dup-1"));
        JsonObject again = request(trader, order("AAPL", "BUY", "151.00", 1).put("client_order_id", "dup-1"));
        assertThat(again.getInteger("error_code")).isEqualTo(1011);
        assertThat(again.getString("error_message")).contains("dup-1");

        JsonObject far = request(trader, order("IF2301", "BUY", "140.0", 1));
        assertThat(far.getInteger("error_code")).isEqualTo(1012);
        assertThat(far.getString("error_message")).contains("108.0 .. 132.0");
        trader.close();
    }

    @Test
    @DisplayName("IF2301 charges 0.01 % to the maker and 0.02 % to the taker: in trade pushes and in the accounts")
    void fees() throws Exception {
        JsonSocket maker = trader("oh-fee-maker");
        JsonSocket taker = trader("oh-fee-taker");
        placed(maker, order("IF2301", "SELL", "120.0", 1));
        String taken = placed(taker, order("IF2301", "BUY", "120.0", 1));

        JsonObject fill = taker.await(m -> "trade".equals(m.getString("type")) && taken.equals(m.getString("order_id")));
        assertThat(new BigDecimal(fill.getValue("fee").toString())).isEqualByComparingTo("7.20"); // 120 × 1 × 300 × 0.0002
        taker.send(new JsonObject().put("type", "query_account"));
        JsonObject account = taker.await(m -> "query_response".equals(m.getString("type"))).getJsonObject("data").getJsonObject("account");
        assertThat(new BigDecimal(account.getValue("fees").toString())).isEqualByComparingTo("7.20");
        assertThat(new BigDecimal(account.getValue("balance").toString())).isEqualByComparingTo("999992.80");
        maker.send(new JsonObject().put("type", "query_account"));
        JsonObject makerAccount = maker.await(m -> "query_response".equals(m.getString("type"))).getJsonObject("data")
                .getJsonObject("account");
        assertThat(new BigDecimal(makerAccount.getValue("fees").toString())).isEqualByComparingTo("3.60");
        maker.close();
        taker.close();
    }

    @Test
    @DisplayName("Self-trade prevention: an order reaching the user's own resting order is accepted and cancelled in front of it")
    void selfTradePrevention() throws Exception {
        JsonSocket trader = trader("oh-self");
        // An instrument no other test of the class trades: the class shares one venue in no fixed order, and an AAPL ask
        // another test leaves below this price (postOnlyAndAmend leaves one at 190.00) would trade with the buy first.
        String ask = placed(trader, order("IX2301", "SELL", "120.0", 2));
        String buy = placed(trader, order("IX2301", "BUY", "120.0", 2));
        trader.await(m -> "order_status".equals(m.getString("type")) && buy.equals(m.getString("order_id"))
                && "Cancelled".equals(m.getString("status")));
        trader.send(new JsonObject().put("type", "query_order").put("order_id", ask));
        JsonObject resting = trader.await(m -> "query_response".equals(m.getString("type"))).getJsonObject("data").getJsonObject("order");
        assertThat(resting.getString("status")).isEqualTo("Submitted");
        assertThat(resting.getInteger("filled_volume")).isZero();
        trader.send(new JsonObject().put("type", "query_order").put("order_id", buy));
        JsonObject cancelled = trader.await(m -> "query_response".equals(m.getString("type"))).getJsonObject("data").getJsonObject("order");
        assertThat(cancelled.getInteger("filled_volume")).as("the buy traded with nobody").isZero();
        trader.close();
    }

    @Test
    @DisplayName("A deposit sent to the venue on the bus shows in the user's account_update pushes")
    void depositReachesTheUser() throws Exception {
        JsonSocket user = trader("oh-deposit");
        AccountView reply = TestMesh.await(mesh.vertx().eventBus()
                .<AccountView>request(Addresses.matching("tradewire"), new Deposit("oh-deposit", new BigDecimal("1234.56")))
                .map(message -> message.body()), 10);
        assertThat(reply.balance()).isEqualByComparingTo("1001234.56");
        user.await(m -> "account_update".equals(m.getString("type"))
                && new BigDecimal(m.getValue("balance").toString()).compareTo(new BigDecimal("1001234.56")) == 0);
        user.close();
    }

    private JsonSocket trader(String user) throws Exception {
        return ExchangeOrders.trader(wsClient, mesh, user);
    }
}
