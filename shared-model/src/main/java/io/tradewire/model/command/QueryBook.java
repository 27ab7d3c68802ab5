package io.tradewire.model.command;

/** The current top levels of an instrument's book (public). Reply: {@link io.tradewire.model.event.BookChanged}. */
public record QueryBook(String instrument) implements Command {
    @Override
    public String userId() {
        return null;
    }
}
