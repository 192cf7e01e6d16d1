package dk.sagsbro.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes whose outcome nobody reads inside their transaction (an insert, a delete by key), sent together: on
 * PostgreSQL a transaction's connection holds them until it is next used, then sends them as one statement of
 * several, and at the commit sends the commit with them. Each write cost a round trip to the database of its own,
 * and the round trips, not the writes, were where the database's and the gateway's time went.
 *
 * <p>A held write's error (a unique key, a check) is thrown when the writes are sent: by the next call on the
 * connection or by the commit, still inside the transaction, which then rolls back as it would have. A rollback or
 * a close drops what is held. Elsewhere (H2, a connection outside {@link Transactions}) a write runs at once.
 */
public final class HeldWrites {
    private HeldWrites() {
    }

    /** A connection that holds writes; only {@link #holding} makes one. */
    private interface Holder {
        void hold(String sql, Queries.Binder binder);
    }

    /**
     * Writes {@code sql} with the parameters {@code binder} sets (numbered from 1, as for the statement alone), now
     * or with the next use of the connection. {@code sql} may hold no question mark other than its parameters'.
     */
    public static void write(Connection connection, String sql, Queries.Binder binder) throws SQLException {
        if (connection instanceof Holder holder) {
            holder.hold(sql, binder);
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            statement.executeUpdate();
        }
    }

    /**
     * Whether {@code connection} holds its writes (then PostgreSQL's), without using it: any other call on it sends
     * what it holds.
     */
    public static boolean holds(Connection connection) {
        return connection instanceof Holder;
    }

    /** Writes {@code sql} once per item, as {@link #write} does, or as one batch where writes are not held. */
    public static <T> void writeEach(Connection connection, String sql, List<T> items, Queries.ItemBinder<T> binder)
            throws SQLException {
        if (!holds(connection)) {
            Queries.batch(connection, sql, items, binder);
            return;
        }
        for (T item : items) {
            write(connection, sql, statement -> binder.bind(statement, item));
        }
    }

    /**
     * The connection a transaction's work is given: one that holds writes where the database runs several
     * statements in one round trip (PostgreSQL), otherwise {@code connection} itself.
     */
    static Connection holding(Connection connection) throws SQLException {
        if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
            return connection;
        }
        return (Connection) Proxy.newProxyInstance(HeldWrites.class.getClassLoader(),
                new Class<?>[] {Connection.class, Holder.class}, new Holding(connection));
    }

    private record Held(String sql, Queries.Binder binder) {
        int parameters() {
            return (int) sql.chars().filter(c -> c == '?').count();
        }
    }

    private static final class Holding implements InvocationHandler {
        private final Connection connection;
        private final List<Held> held = new ArrayList<>();

        Holding(Connection connection) {
            this.connection = connection;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Holder.class) {
                held.add(new Held((String) args[0], (Queries.Binder) args[1]));
                return null;
            }
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "held writes on " + connection;
                };
            }
            boolean plainRollbackOrClose = (method.getName().equals("rollback") || method.getName().equals("close"))
                    && method.getParameterCount() == 0;
            if (plainRollbackOrClose) {
                held.clear();
            } else if (!held.isEmpty()) {
                send(method.getName().equals("commit") && method.getParameterCount() == 0);
            }
            return callThrough(connection, method, args);
        }

        /**
         * Sends what is held as one statement, and the commit with it when {@code commit}: the transaction is then
         * over, and the driver's own commit that follows finds nothing to do.
         */
        private void send(boolean commit) throws SQLException {
            List<Held> sending = List.copyOf(held);
            held.clear();
            String sql = sending.stream().map(Held::sql).collect(Collectors.joining(";\n"))
                    + (commit ? ";\ncommit" : "");
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int before = 0;
                for (Held write : sending) {
                    write.binder().bind(numberedFrom(statement, before));
                    before += write.parameters();
                }
                statement.execute();
            }
        }
    }

    /** {@code statement} as one of its parts sees it: that part's parameter n is the whole's {@code before + n}. */
    private static PreparedStatement numberedFrom(PreparedStatement statement, int before) {
        if (before == 0) {
            return statement;
        }
        return (PreparedStatement) Proxy.newProxyInstance(HeldWrites.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    // The parameter setters (setString(int, String), setNull(int, int), ...) all take the index
                    // first and something more; the statement's own settings (setFetchSize(int)) take one argument.
                    boolean parameterSetter = method.getName().startsWith("set") && args != null && args.length >= 2
                            && method.getParameterTypes()[0] == int.class;
                    if (parameterSetter) {
                        args[0] = before + (int) args[0];
                    }
                    return callThrough(statement, method, args);
                });
    }

    /** Calls {@code method} on the object a proxy stands for, throwing what it throws. */
    private static Object callThrough(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
