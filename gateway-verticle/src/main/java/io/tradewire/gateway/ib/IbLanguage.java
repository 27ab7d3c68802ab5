package io.tradewire.gateway.ib;

import io.tradewire.model.OrderType;
import java.util.Locale;
import java.util.Optional;

/**
 * The language of the human-facing values of the ib dialect: {@code order_notification.action} and
 * {@code message}, {@code mcp_order.action} and {@code message}, and the summary that starts an
 * {@code error.message}. Chinese ({@code zh}) is the seed's; English ({@code en}) is offered per
 * connection ({@code ?lang=en}) or by configuration ({@code gateway.ib.language}).
 */
enum IbLanguage {
    ZH,
    EN;

    /** {@code zh}, {@code en}, or a tag starting with either ({@code zh-CN}, {@code en_US}), in any letter case. */
    static Optional<IbLanguage> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String tag = text.trim().toLowerCase(Locale.ROOT);
        if (tag.equals("zh") || tag.startsWith("zh-") || tag.startsWith("zh_")) {
            return Optional.of(ZH);
        }
        if (tag.equals("en") || tag.startsWith("en-") || tag.startsWith("en_")) {
            return Optional.of(EN);
        }
        return Optional.empty();
    }

    /** {@code order_notification.action}: 创建 / 修改 / 取消 or created / modified / cancelled. */
    String notificationAction(OrderChange change) {
        return switch (this) {
            case ZH -> switch (change) {
                case CREATED -> "创建";
                case MODIFIED -> "修改";
                case CANCELLED -> "取消";
            };
            case EN -> switch (change) {
                case CREATED -> "created";
                case MODIFIED -> "modified";
                case CANCELLED -> "cancelled";
            };
        };
    }

    /** {@code order_notification.message}, e.g. 订单创建成功. */
    String notificationMessage(OrderChange change) {
        return switch (this) {
            case ZH -> "订单" + notificationAction(change) + "成功";
            case EN -> "Order " + notificationAction(change) + " successfully";
        };
    }

    /** {@code mcp_order.action}, e.g. MCP创建限价单 / MCP create limit order. */
    String mcpAction(OrderChange change, OrderType type) {
        return switch (this) {
            case ZH -> "MCP" + notificationAction(change) + zhOrderType(type);
            case EN -> "MCP " + enVerb(change) + " " + enOrderType(type) + " order";
        };
    }

    /** {@code mcp_order.message}, e.g. MCP 创建限价单 / MCP created a limit order. */
    String mcpMessage(OrderChange change, OrderType type) {
        return switch (this) {
            case ZH -> "MCP " + notificationAction(change) + zhOrderType(type);
            case EN -> "MCP " + notificationAction(change) + " a " + enOrderType(type) + " order";
        };
    }

    /** The summary an {@code error.message} starts with in Chinese; null in English (the detail alone is shown). */
    String errorSummary(String errorCode) {
        if (this == EN) {
            return null;
        }
        return switch (errorCode) {
            case IbErrors.INVALID_MESSAGE -> "消息格式错误";
            case IbErrors.UNKNOWN_MESSAGE_TYPE -> "未知的消息类型";
            case IbErrors.AUTH_REQUIRED -> "需要认证";
            case IbErrors.AUTH_FAILED -> "认证失败";
            case IbErrors.FORBIDDEN -> "无权访问";
            case IbErrors.MESSAGE_TOO_LARGE -> "消息过大";
            case IbErrors.UNKNOWN_SYMBOL -> "未知的合约代码";
            case IbErrors.RATE_LIMITED -> "请求过于频繁";
            case IbErrors.TOKEN_EXPIRED -> "令牌已过期";
            case IbErrors.TOO_MANY_SESSIONS -> "连接数过多";
            case IbErrors.TOO_MANY_SUBSCRIPTIONS -> "订阅过多";
            case "INSUFFICIENT_FUNDS" -> "余额不足";
            case "ORDER_NOT_FOUND" -> "订单不存在";
            case "ACCOUNT_NOT_FOUND" -> "账户不存在";
            case "INVALID_PRICE" -> "价格无效";
            case "INVALID_QUANTITY" -> "数量无效";
            case "INSUFFICIENT_POSITION" -> "持仓不足";
            case "ORDER_NOT_ACTIVE" -> "订单已失效";
            case "NOT_FILLABLE" -> "订单无法全部成交";
            case "WOULD_TAKE_LIQUIDITY" -> "只做挂单会立即成交";
            case "DUPLICATE_CLIENT_ORDER_ID" -> "客户订单号重复";
            case "PRICE_OUT_OF_BAND" -> "价格超出涨跌幅限制";
            case IbErrors.INTERNAL_ERROR -> "服务器内部错误";
            case IbErrors.SERVICE_UNAVAILABLE -> "服务不可用";
            case IbErrors.TIMEOUT -> "请求超时";
            default -> "错误";
        };
    }

    private static String zhOrderType(OrderType type) {
        return type == OrderType.MARKET ? "市价单" : "限价单";
    }

    private static String enOrderType(OrderType type) {
        return type == OrderType.MARKET ? "market" : "limit";
    }

    private static String enVerb(OrderChange change) {
        return switch (change) {
            case CREATED -> "create";
            case MODIFIED -> "modify";
            case CANCELLED -> "cancel";
        };
    }
}
