package trips.parse;

/** The file as a whole cannot be read as trips: it ends FAILED with this message. */
public final class BadFileException extends RuntimeException {
    public BadFileException(String message) {
        super(message);
    }

    public BadFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
