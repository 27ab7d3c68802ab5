package io.tradewire.gateway.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradewire.gateway.auth.Bearer;
import io.tradewire.gateway.auth.TokenVerifier;
import io.tradewire.gateway.auth.VerifiedToken;
import io.tradewire.gateway.spi.ClientJson;
import io.tradewire.gateway.spi.DecodeException;
import io.tradewire.model.Addresses;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.Printable;
import io.tradewire.model.StreamKeys;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.Deposit;
import io.tradewire.model.command.Withdraw;
import io.tradewire.model.view.AccountView;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' REST API on the gateway: deposits and withdrawals of user accounts at the venue.
 *
 * <pre>
 * POST /admin/accounts/{user}/deposit    {"amount":"1000.00"}   → 200 with the account
 * POST /admin/accounts/{user}/withdraw   {"amount":"250.50"}    → 200 with the account
 * </pre>
 *
 * <p>Accounts are per venue: the body's optional {@code "venue"} names the venue whose account is credited or debited
 * (e.g. {@code {"amount":"1000","venue":"crypto"}}); without it, the default venue ({@code matching.venue}).
 *
 * <p>Every request needs {@code Authorization: Bearer <JWT>}: a token the gateway accepts (signature, expiry, issuer,
 * audience: {@link TokenVerifier}) whose {@code roles} claim (a JSON array of strings) contains {@value #ADMIN_ROLE}.
 * No or an invalid token: 401; a valid token without the role: 403. The amount is a JSON number or a numeric string,
 * read exactly: positive, at most 8 decimals. Refusals carry the shared error code: {@code {"error_code":1001,
 * "error_message":"Insufficient funds: ..."}} with a matching HTTP status (400 malformed, 404 account not found, 409
 * insufficient funds, 503 venue unavailable, 504 no answer in {@code gateway.request-timeout}: then the outcome is
 * unknown, query the account). The commands are journaled by the venue like orders; each accepted one is logged with the
 * admin's user id.
 *
 * <p>The gateway wires it with one line: {@code AdminRoutes.mount(router, vertx, tokens, config.venue(),
 * config.requestTimeout())}.
 */
public final class AdminRoutes {
    public static final String ACCOUNTS = "/admin/accounts";
    public static final String ADMIN_ROLE = "admin";
    /** The claim that lists the token's roles. */
    public static final String ROLES_CLAIM = "roles";
    /** Largest request body: an amount needs a few dozen bytes. */
    static final int MAX_BODY_BYTES = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(AdminRoutes.class);

    private final Vertx vertx;
    private final TokenVerifier tokens;
    private final String defaultVenue;
    private final DeliveryOptions requestOptions;

    private AdminRoutes(Vertx vertx, TokenVerifier tokens, String venue, Duration requestTimeout) {
        this.vertx = vertx;
        this.tokens = tokens;
        this.defaultVenue = venue;
        this.requestOptions = new DeliveryOptions().setSendTimeout(requestTimeout.toMillis());
    }

    /**
     * Adds the admin routes to the gateway's router.
     *
     * @param tokens         verifies bearer tokens (the gateway's {@code TokenService})
     * @param venue          the default venue ({@code matching.venue}): whose accounts are managed when a request names none
     * @param requestTimeout how long to wait for the venue's answer ({@code gateway.request-timeout})
     */
    public static void mount(Router router, Vertx vertx, TokenVerifier tokens, String venue, Duration requestTimeout) {
        AdminRoutes routes = new AdminRoutes(vertx, tokens, venue, requestTimeout);
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
        router.post(ACCOUNTS + "/:user/deposit").handler(body).handler(ctx -> routes.handle(ctx, "deposit", Deposit::new))
                .failureHandler(AdminRoutes::failure);
        router.post(ACCOUNTS + "/:user/withdraw").handler(body).handler(ctx -> routes.handle(ctx, "withdraw", Withdraw::new))
                .failureHandler(AdminRoutes::failure);
        router.route(ACCOUNTS + "/*").handler(ctx -> error(ctx, 405, ErrorCode.UNSUPPORTED,
                "Use POST " + ACCOUNTS + "/{user}/deposit or /withdraw"));
    }

    private void handle(RoutingContext ctx, String action, BiFunction<String, BigDecimal, Command> command) {
        String token = bearer(ctx.request().getHeader("Authorization"));
        if (token == null) {
            unauthenticated(ctx);
            return;
        }
        tokens.verify(token).onComplete(verified -> {
            if (verified.failed()) {
                unauthenticated(ctx);
                return;
            }
            VerifiedToken admin = verified.result();
            if (!hasRole(token, ADMIN_ROLE)) {
                error(ctx, 403, ErrorCode.FORBIDDEN, "Forbidden: the token has no " + ADMIN_ROLE + " role");
                return;
            }
            String user = ctx.pathParam("user");
            if (!StreamKeys.isValidSegment(user)) {
                error(ctx, 400, ErrorCode.MALFORMED, "Malformed request: invalid user id " + Printable.of(user));
                return;
            }
            BigDecimal amount;
            String venue;
            try {
                ObjectNode body = ClientJson.parseObject(ctx.body() == null || ctx.body().buffer() == null ? ""
                        : ctx.body().asString(StandardCharsets.UTF_8.name()));
                amount = ClientJson.decimal(body, "amount", null);
                venue = ClientJson.optionalText(body, "venue", null);
            } catch (DecodeException e) {
                error(ctx, 400, ErrorCode.MALFORMED, "Malformed request: " + e.getMessage() + " (expected {\"amount\":\"1000.00\"})");
                return;
            }
            if (venue != null && !StreamKeys.isValidSegment(venue)) {
                error(ctx, 400, ErrorCode.MALFORMED, "Malformed request: invalid venue " + Printable.of(venue));
                return;
            }
            String target = venue == null ? defaultVenue : venue;
            execute(Addresses.matching(target), command.apply(user, amount)).onComplete(reply -> {
                if (reply.succeeded()) {
                    AccountView account = reply.result();
                    LOG.info("Admin {}: {} {} {} for {} on venue {} (balance now {})", admin.userId(), action, amount.toPlainString(),
                            account.currency(), user, target, account.balance().toPlainString());
                    ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                            .end(account(account).encode());
                } else {
                    failed(ctx, reply.cause());
                }
            });
        });
    }

    private Future<AccountView> execute(String venueAddress, Command command) {
        return vertx.eventBus().<AccountView>request(venueAddress, command, requestOptions).map(message -> message.body());
    }

    private static void failed(RoutingContext ctx, Throwable cause) {
        if (cause instanceof ReplyException reply) {
            switch (reply.failureType()) {
                case RECIPIENT_FAILURE -> {
                    ErrorCode code = ErrorCode.of(reply.failureCode());
                    error(ctx, status(code), code, reply.getMessage());
                }
                case TIMEOUT -> error(ctx, 504, ErrorCode.TIMEOUT,
                        "The venue did not answer in time: the outcome is unknown, query the account");
                default -> error(ctx, 503, ErrorCode.UNAVAILABLE, "The venue is not available");
            }
            return;
        }
        LOG.warn("Admin request failed", cause);
        error(ctx, 500, ErrorCode.INTERNAL, ErrorCode.INTERNAL.defaultMessage());
    }

    /** A failed route (a body over {@value #MAX_BODY_BYTES} bytes: 413), in the API's error shape. */
    private static void failure(RoutingContext ctx) {
        if (ctx.statusCode() == 413) {
            error(ctx, 413, ErrorCode.TOO_LARGE, "Request body larger than " + MAX_BODY_BYTES + " bytes");
        } else {
            if (ctx.failure() != null) {
                LOG.warn("Admin request failed", ctx.failure());
            }
            error(ctx, 500, ErrorCode.INTERNAL, ErrorCode.INTERNAL.defaultMessage());
        }
    }

    /** The HTTP status of a venue refusal. */
    static int status(ErrorCode code) {
        return switch (code) {
            case MALFORMED, UNSUPPORTED -> 400;
            case ACCOUNT_NOT_FOUND -> 404;
            case INSUFFICIENT_FUNDS -> 409;
            case INTERNAL -> 500;
            default -> code.code() < 1000 ? code.code() : 422;
        };
    }

    /** The token of an {@code Authorization: Bearer} header, or null. */
    static String bearer(String header) {
        return Bearer.token(header);
    }

    /**
     * Whether the claims of a token <b>that the verifier accepted</b> list {@code role} in their {@code roles} array. The
     * payload is read here because {@link VerifiedToken} carries the subject and expiry only; the signature over these very
     * bytes was checked before.
     */
    static boolean hasRole(String verifiedToken, String role) {
        String[] parts = verifiedToken.split("\\.", -1);
        if (parts.length != 3) {
            return false;
        }
        try {
            JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            return claims.getValue(ROLES_CLAIM) instanceof JsonArray roles && roles.contains(role);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static JsonObject account(AccountView account) {
        return new JsonObject()
                .put("user_id", account.userId())
                .put("currency", account.currency())
                .put("balance", account.balance().toPlainString())
                .put("available", account.available().toPlainString())
                .put("frozen", account.frozen().toPlainString())
                .put("margin", account.margin().toPlainString())
                .put("profit", account.profit().toPlainString())
                .put("fees", account.fees().toPlainString())
                .put("risk_ratio", account.riskRatio().toPlainString())
                .put("timestamp", account.timestamp());
    }

    private static void unauthenticated(RoutingContext ctx) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        error(ctx, 401, ErrorCode.UNAUTHENTICATED, "Not authenticated: an admin token is required (Authorization: Bearer)");
    }

    private static void error(RoutingContext ctx, int status, ErrorCode code, String message) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error_code", code.code()).put("error_message", message).encode());
    }
}
