package io.tradewire.model.command;

import java.math.BigDecimal;

/**
 * Takes money out of a user's account (an operator's command: the gateway's admin API sends it). At most what is
 * free: {@code balance − margin − frozen}, less any unrealized loss (unrealized profit cannot be withdrawn);
 * more is refused with {@link io.tradewire.model.ErrorCode#INSUFFICIENT_FUNDS}. Reply: the
 * {@link io.tradewire.model.view.AccountView} after the withdrawal.
 *
 * @param amount positive, at most 8 decimals, in the venue's currency
 */
public record Withdraw(String userId, BigDecimal amount) implements Command {
}
