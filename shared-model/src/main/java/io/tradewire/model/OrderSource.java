package io.tradewire.model;

/** Who placed an order: an API client, a person in a UI, an AI agent over MCP, an algorithm, or a broker. */
public enum OrderSource {
    API,
    UI,
    MCP,
    ALGO,
    BROKER
}
