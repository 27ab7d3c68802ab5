package io.tradewire.model.command;

/** The user's account. Reply: {@link io.tradewire.model.view.AccountView}. */
public record QueryAccount(String userId) implements Command {
}
