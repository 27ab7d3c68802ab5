package io.tradewire.model.command;

import java.math.BigDecimal;

/**
 * Adds money to a user's account (an operator's command: the gateway's admin API sends it). The account is opened when
 * the user has none (with {@code matching.auto-open-accounts} at the starting balance, otherwise empty). Reply: the
 * {@link io.tradewire.model.view.AccountView} after the deposit.
 *
 * @param amount positive, at most 8 decimals, in the venue's currency
 */
public record Deposit(String userId, BigDecimal amount) implements Command {
}
