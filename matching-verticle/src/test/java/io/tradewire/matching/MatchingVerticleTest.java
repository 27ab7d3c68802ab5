package io.tradewire.matching;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.model.Addresses;
import io.tradewire.model.HealthRegistry;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.bus.BusCodecs;
import io.tradewire.model.command.AmendOrder;
import io.tradewire.model.command.Deposit;
import io.tradewire.model.command.QueryAccount;
import io.tradewire.model.command.QueryBar;
import io.tradewire.model.command.QuerySummary;
import io.tradewire.model.command.QueryPositions;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.command.Withdraw;
import io.tradewire.model.config.ConfigException;
import io.tradewire.model.event.AccountChanged;
import io.tradewire.model.event.BarUpdated;
import io.tradewire.model.event.BookChanged;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.EventBatch;
import io.tradewire.model.event.MarketSummary;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.OrderView;
import io.tradewire.model.view.PositionList;
import io.tradewire.model.view.SummaryItem;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS) // a hang guard, not a measurement
class MatchingVerticleTest {
    private static final String ADDRESS = Addresses.matching(TestConfig.VENUE);
    private String deploymentId;

    @BeforeEach
    void deploy(Vertx vertx, VertxTestContext testContext) {
        BusCodecs.ensureRegistered(vertx);
        vertx.deployVerticle(MatchingVerticle.class.getName(), new DeploymentOptions().setConfig(TestConfig.root()))
                .onComplete(testContext.succeeding(id -> {
                    deploymentId = id;
                    testContext.completeNow();
                }));
    }

    private static SubmitOrder limit(String user, Side side, String price, String quantity) {
        return new SubmitOrder(user, "c-1", "IX2301", side, Offset.OPEN, OrderType.LIMIT, null, new BigDecimal(price),
                new BigDecimal(quantity), OrderSource.API);
    }

    private static <T> Future<T> request(Vertx vertx, Object command) {
        return vertx.eventBus().<T>request(ADDRESS, command).map(message -> message.body());
    }

    @Test
    @DisplayName("A submitted order is answered with its OrderView")
    void submitReplies(Vertx vertx, VertxTestContext testContext) {
        Future<OrderView> reply = request(vertx, limit("user001", Side.BUY, "120", "1"));
        reply.onComplete(testContext.succeeding(order -> testContext.verify(() -> {
            assertThat(order.orderId()).matches("O\\d{20}");
            assertThat(order.userId()).isEqualTo("user001");
            assertThat(order.clientOrderId()).isEqualTo("c-1");
            assertThat(order.status()).isEqualTo(OrderStatus.SUBMITTED);
            assertThat(order.price()).hasToString("120.0");
            testContext.completeNow();
        })));
    }

    @Test
    @DisplayName("Deposit, withdraw and amend travel the bus like orders: deposit and withdraw answer the account, amend the order")
    void depositWithdrawAmend(Vertx vertx, VertxTestContext testContext) {
        request(vertx, new Deposit("user002", new BigDecimal("2500.25")))
                .compose(deposited -> {
                    testContext.verify(() -> assertThat(((AccountView) deposited).balance()).hasToString("102500.25"));
                    return request(vertx, new Withdraw("user002", new BigDecimal("500.25")));
                })
                .compose(withdrawn -> {
                    testContext.verify(() -> assertThat(((AccountView) withdrawn).balance()).hasToString("102000.00"));
                    return request(vertx, limit("user002", Side.BUY, "120", "2"));
                })
                .compose(order -> request(vertx, new AmendOrder("user002", ((OrderView) order).orderId(), new BigDecimal("119.5"),
                        BigDecimal.ONE)))
                .compose(amended -> {
                    testContext.verify(() -> {
                        assertThat(((OrderView) amended).price()).hasToString("119.5");
                        assertThat(((OrderView) amended).quantity()).hasToString("1");
                    });
                    return request(vertx, new Withdraw("user002", new BigDecimal("1000000")));
                })
                .onComplete(testContext.failing(failure -> testContext.verify(() -> {
                    assertThat(((ReplyException) failure).failureCode()).isEqualTo(1001);
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("A rejection arrives as a ReplyException carrying the error code (1001 insufficient funds)")
    void rejectionIsReplyException(Vertx vertx, VertxTestContext testContext) {
        request(vertx, limit("user001", Side.BUY, "120", "100")) // 432000 needed, 100000 available
                .onComplete(testContext.failing(failure -> testContext.verify(() -> {
                    assertThat(failure).isInstanceOf(ReplyException.class);
                    ReplyException e = (ReplyException) failure;
                    assertThat(e.failureType()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
                    assertThat(e.failureCode()).isEqualTo(1001);
                    assertThat(e.getMessage()).startsWith("Insufficient funds");
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("The command's events are published on the events address, in order, after the reply")
    void eventsFollowReply(Vertx vertx, VertxTestContext testContext) {
        List<String> seen = new ArrayList<>();
        Checkpoint replied = testContext.checkpoint();
        Checkpoint threeEvents = testContext.checkpoint(3);
        // Reply handler and event consumer share one context, so what they see keeps the venue's send order.
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> vertx.eventBus().<Object>consumer(Addresses.EVENTS, message -> EventBatch.forEach(message.body(), event -> {
            seen.add(event.getClass().getSimpleName());
            testContext.verify(() -> {
                assertThat(seen.get(0)).isEqualTo("reply");
                if (event instanceof OrderUpdated update) {
                    assertThat(update.order().userId()).isEqualTo("user001");
                }
            });
            if (seen.size() == 4) {
                testContext.verify(() -> assertThat(seen).containsExactly("reply", OrderUpdated.class.getSimpleName(),
                        AccountChanged.class.getSimpleName(), BookChanged.class.getSimpleName()));
            }
            threeEvents.flag();
        })).completion().compose(registered -> request(vertx, limit("user001", Side.BUY, "120", "1")))
                .onComplete(testContext.succeeding(order -> {
                    seen.add("reply");
                    replied.flag();
                })));
    }

    @Test
    @DisplayName("A trade between two users shows in both accounts and positions through queries")
    void tradeThenQueries(Vertx vertx, VertxTestContext testContext) {
        request(vertx, limit("user001", Side.BUY, "120", "2"))
                .compose(buy -> request(vertx, limit("user002", Side.SELL, "120", "2")))
                .compose(sell -> Future.join(
                        request(vertx, new QueryAccount("user001")),
                        request(vertx, new QueryPositions("user002", "IX2301"))))
                .onComplete(testContext.succeeding(both -> testContext.verify(() -> {
                    AccountView account = both.resultAt(0);
                    PositionList positions = both.resultAt(1);
                    assertThat(account.margin()).hasToString("8640.00"); // 120 × 2 × 300 × 0.12
                    assertThat(account.available()).hasToString("91360.00");
                    assertThat(positions.positions()).singleElement()
                            .satisfies(p -> assertThat(p.shortQuantity()).hasToString("2"));
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("QueryBar and QuerySummary are answered over the bus; an unknown region gets 1004")
    void marketDataQueries(Vertx vertx, VertxTestContext testContext) {
        Future.join(request(vertx, new QueryBar("AAPL", "1m")), request(vertx, new QuerySummary("US")))
                .compose(both -> {
                    testContext.verify(() -> {
                        BarUpdated bar = both.resultAt(0);
                        assertThat(bar.instrument()).isEqualTo("AAPL");
                        assertThat(bar.interval()).isEqualTo("1m");
                        assertThat(bar.close()).hasToString("190.00");
                        assertThat(bar.volume()).hasToString("0");
                        MarketSummary summary = both.resultAt(1);
                        assertThat(summary.region()).isEqualTo("US");
                        assertThat(summary.items()).extracting(SummaryItem::symbol).containsExactly("IX2301", "AAPL");
                    });
                    return request(vertx, new QuerySummary("EU"));
                })
                .onComplete(testContext.failing(failure -> testContext.verify(() -> {
                    assertThat(((ReplyException) failure).failureCode()).isEqualTo(1004);
                    assertThat(failure.getMessage()).contains("Unknown region: EU");
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("Every summary-interval the venue publishes one MarketSummary per region; a trade shows in the next one")
    void publishesSummaries(Vertx vertx, VertxTestContext testContext) {
        JsonObject root = TestConfig.root();
        root.getJsonObject("matching").put("venue", "summaryvenue").put("summary-interval", "100ms");
        root.getJsonArray("instruments").getJsonObject(0).put("region", "CN"); // IX2301; AAPL stays in the default US
        String address = Addresses.matching("summaryvenue");
        Set<String> regions = new HashSet<>();
        Checkpoint tradeSeen = testContext.checkpoint();
        vertx.eventBus().<Object>consumer(Addresses.EVENTS, message -> EventBatch.forEach(message.body(), event -> {
            if (!(event instanceof MarketSummary summary)) {
                return;
            }
            testContext.verify(() -> {
                assertThat(summary.region()).isIn("CN", "US");
                assertThat(summary.items()).extracting(SummaryItem::symbol)
                        .containsExactly(summary.region().equals("CN") ? "IX2301" : "AAPL");
            });
            regions.add(summary.region());
            SummaryItem item = summary.items().get(0);
            // Summaries before the trade show volume 0; wait for the one after it (no timing assumed).
            if (item.symbol().equals("IX2301") && item.volume().signum() > 0 && regions.size() == 2) {
                testContext.verify(() -> {
                    assertThat(item.volume()).hasToString("2");
                    assertThat(item.last()).hasToString("121.0");
                    assertThat(item.change()).hasToString("0.0");
                });
                tradeSeen.flag();
            }
        })).completion()
                .compose(registered -> vertx.deployVerticle(MatchingVerticle.class.getName(), new DeploymentOptions().setConfig(root)))
                .compose(id -> vertx.eventBus().request(address, new SubmitOrder("user001", null, "IX2301", Side.BUY, Offset.OPEN,
                        OrderType.LIMIT, null, new BigDecimal("121"), new BigDecimal("2"), OrderSource.API)))
                .compose(buy -> vertx.eventBus().request(address, new SubmitOrder("user002", null, "IX2301", Side.SELL, Offset.OPEN,
                        OrderType.LIMIT, null, new BigDecimal("121"), new BigDecimal("2"), OrderSource.API)))
                .onComplete(testContext.succeeding(sell -> { }));
    }

    @Test
    @DisplayName("A body that is not a command gets 400 and the venue keeps serving")
    void malformedBody(Vertx vertx, VertxTestContext testContext) {
        request(vertx, "not a command")
                .recover(failure -> {
                    testContext.verify(() -> assertThat(((ReplyException) failure).failureCode()).isEqualTo(400));
                    return request(vertx, new QueryAccount("user001"));
                })
                .onComplete(testContext.succeeding(account -> testContext.verify(() -> {
                    assertThat(((AccountView) account).balance()).hasToString("100000.00");
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("Health shows the venue UP with its instruments while deployed, and nothing after undeploy")
    void health(Vertx vertx, VertxTestContext testContext) {
        JsonObject entry = HealthRegistry.snapshot(vertx).getJsonObject("matching." + TestConfig.VENUE);
        testContext.verify(() -> {
            assertThat(entry.getString("status")).isEqualTo("UP");
            assertThat(entry.getJsonArray("instruments").getList()).containsExactly("IX2301", "AAPL");
        });
        vertx.undeploy(deploymentId).onComplete(testContext.succeeding(v -> testContext.verify(() -> {
            assertThat(HealthRegistry.snapshot(vertx).containsKey("matching." + TestConfig.VENUE)).isFalse();
            testContext.completeNow();
        })));
    }

    @Test
    @DisplayName("Invalid configuration and a second instance of the same venue fail their deployment")
    void failedDeployments(Vertx vertx, VertxTestContext testContext) {
        JsonObject invalid = TestConfig.root();
        invalid.getJsonObject("matching").put("venue", "other").put("book-depth", 0);
        Checkpoint failures = testContext.checkpoint(2);
        vertx.deployVerticle(MatchingVerticle.class.getName(), new DeploymentOptions().setConfig(invalid))
                .onComplete(testContext.failing(e -> testContext.verify(() -> {
                    assertThat(e).isInstanceOf(ConfigException.class).hasMessageContaining("matching.book-depth");
                    failures.flag();
                })));
        vertx.deployVerticle(MatchingVerticle.class.getName(), new DeploymentOptions().setConfig(TestConfig.root()))
                .onComplete(testContext.failing(e -> testContext.verify(() -> {
                    assertThat(e).hasMessageContaining(TestConfig.VENUE);
                    failures.flag();
                })));
    }
}
