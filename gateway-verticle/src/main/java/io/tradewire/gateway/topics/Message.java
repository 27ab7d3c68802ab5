package io.tradewire.gateway.topics;

import io.tradewire.model.ErrorCode;

/**
 * Every {@code error_message} the topics dialect writes, in Chinese (the seed's language) and English.
 * Arguments are client text made printable ({@link io.tradewire.model.Printable}) or configured names.
 */
enum Message {
    NOT_JSON("无效的消息格式: 不是合法的 JSON", "Invalid message format: not valid JSON"),
    NOT_OBJECT("无效的消息格式: 消息必须是 JSON 对象", "Invalid message format: the message must be a JSON object"),
    MISSING_FIELD("无效的消息格式: 缺少 %s 字段", "Invalid message format: missing field %s"),
    NOT_TEXT("无效的消息格式: %s 字段必须是字符串", "Invalid message format: field %s must be a string"),
    BAD_SINCE("无效的消息格式: since 必须是 {\"epoch\": 整数, \"seq\": 整数}",
            "Invalid message format: since must be {\"epoch\": n, \"seq\": n} with whole numbers"),
    UNKNOWN_TYPE("未知的消息类型: %s", "Unknown message type: %s"),
    INVALID_TOPIC("无效的主题格式: %s", "Invalid topic format: %s"),
    UNKNOWN_DATA_TYPE("无效的主题格式: %s (不支持的数据类型 %s, 应为 stock、crypto、futures、options、commodity 或 market)",
            "Invalid topic format: %s (unsupported data type %s; expected stock, crypto, futures, options, commodity or market)"),
    UNKNOWN_INTERVAL("无效的主题格式: %s (不支持的时间间隔 %s, 应为 1m、5m、15m、30m、1h、4h、1d、1w 或 1M)",
            "Invalid topic format: %s (unsupported interval %s; expected 1m, 5m, 15m, 30m, 1h, 4h, 1d, 1w or 1M)"),
    NOT_SUMMARY("无效的主题格式: %s (市场概览主题应为 market.{地区}.summary)",
            "Invalid topic format: %s (a market overview topic is market.{REGION}.summary)"),
    UNKNOWN_SYMBOL("订阅失败: 未知的品种 %s", "Subscription failed: unknown symbol %s"),
    KIND_MISMATCH("订阅失败: %s 是 %s 品种, 不是 %s", "Subscription failed: %s is a %s instrument, not %s"),
    NO_BARS("订阅失败: %s 不在本交易所撮合, 没有 K 线数据", "Subscription failed: %s is not traded on this venue, so it has no bars"),
    UNKNOWN_REGION("订阅失败: 未知的市场地区 %s", "Subscription failed: unknown market region %s"),
    TOO_MANY("订阅失败: 每个连接最多订阅 %d 个主题", "Subscription failed: at most %d topics per connection");

    private final String zh;
    private final String en;

    Message(String zh, String en) {
        this.zh = zh;
        this.en = en;
    }

    String format(Language language, Object... args) {
        return String.format(language == Language.EN ? en : zh, args);
    }

    /**
     * The Chinese text for a failure the gateway raised itself (not this codec's decoder), e.g. a binary
     * frame; in English the gateway's own message is kept.
     */
    static String generic(ErrorCode code) {
        return switch (code) {
            case MALFORMED -> "无效的消息格式";
            case TOO_LARGE -> "消息过大";
            case RATE_LIMITED -> "请求过于频繁";
            case UNSUPPORTED -> "不支持的消息";
            case UNAUTHENTICATED -> "未认证";
            case FORBIDDEN -> "无权访问";
            case UNKNOWN_INSTRUMENT -> "未知的品种";
            case UNAVAILABLE -> "服务暂不可用";
            case TIMEOUT -> "请求超时";
            default -> "请求失败";
        };
    }
}
