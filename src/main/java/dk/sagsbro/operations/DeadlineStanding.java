package dk.sagsbro.operations;

/**
 * How a transfer stands against the deadlines its state still runs against, as the deadline watch has recorded it:
 * no notice yet, a reminder, or overdue. A transfer with nothing left to wait for is {@code CLOSED}.
 */
public enum DeadlineStanding {
    ON_TIME, REMINDED, OVERDUE, CLOSED
}
