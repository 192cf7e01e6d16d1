package dk.sagsbro.outbound;

/**
 * How one claimed item of outgoing work is carried out: in the gateway, by sending it through its route (so the
 * steps and their error handling are the route's); without Camel, by the component's own steps in the same order.
 */
@FunctionalInterface
public interface Dispatcher<T> {
    /** @return 1 when the item was delivered, else 0 */
    int dispatch(T item);
}
