package io.tradewire.model.event;

import io.tradewire.model.view.AccountView;

/** An account's balances changed (order frozen or released, fill, PnL). */
public record AccountChanged(AccountView account) implements Event {
}
