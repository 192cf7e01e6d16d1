package dk.sagsbro.registry;

/** How a municipality receives packets: it pulls them from its inbox, or the gateway pushes them to it. */
public enum DeliveryMode {
    PULL, PUSH
}
